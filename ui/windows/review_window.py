"""The post-show review window (issue 8).

Left: every recorded show and rehearsal. Right, for the selected show: the
plan against reality (planned blocks above actual ones) with the KPI table,
charts on the show's time axis (modules shaded, clickable markers for scene
switches, cues and incidents), incident timelines with response times, the
comment stream with banned-wording hits, comparisons, and export.

Threads: nothing slow runs on the GUI thread. Loading a show, listing shows,
comparing and exporting run on one worker thread (``review-worker``, a
single-thread executor, so jobs never race each other on the database); the
worker reports through :class:`_JobSignals`, whose signals are emitted on the
worker thread and delivered queued on the GUI thread.
"""

from __future__ import annotations

import math
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMainWindow,
    QProgressBar, QPushButton, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QTabWidget, QTextBrowser,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from console.review import compare, kpi_adapter
from console.review.queries import list_shows, load_review
from console.review.records import Marker, ShowReview, ShowSummary
from console.review.report import PREFERRED_SERIES, chart_lines
from console.review.svg import TYPE_COLOURS, clock_label
from ui.theme import (
    FAILED_STEP, FLAGGED_COMMENT_BACKGROUND, FLAGGED_COMMENT_TEXT, REVIEW_AUDIENCE_CURVE, REVIEW_BLOCK_OTHER,
    REVIEW_MARKER_COLOURS, REVIEW_MARKER_OTHER, REVIEW_SERIES_CURVE,
)

def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


#: Marker lanes on the marker strip (y value per kind).
MARKER_LANES = {"scene": 2.0, "cue": 1.0, "incident": 0.0}
MARKER_BRUSHES = REVIEW_MARKER_COLOURS
FLAGGED_BACKGROUND = QColor(FLAGGED_COMMENT_BACKGROUND)
FLAGGED_FOREGROUND = QColor(FLAGGED_COMMENT_TEXT)


class _JobSignals(QObject):
    """Emitted on the worker thread; connected receivers live on the GUI thread (queued delivery)."""

    progress = Signal(str, float, str)  # job name, fraction, what
    finished = Signal(str, object)  # job name, result
    failed = Signal(str, str)  # job name, one-line reason


class CommentModel(QAbstractTableModel):
    """The comment stream (100,000 rows are fine: the view asks only for visible cells)."""

    HEADERS = ("time", "module", "user", "comment", "wording")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._comments: list[Any] = []
        self._start = 0.0
        self._titles: dict[str, str] = {}

    def set_comments(self, comments: Any, start: float, titles: dict[str, str]) -> None:
        self.beginResetModel()
        # Kept as given: the review's CommentStream builds a row's object only when the view asks for it.
        self._comments, self._start, self._titles = comments, start, titles
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._comments)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def comment(self, row: int) -> Any:
        return self._comments[row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        comment = self._comments[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return clock_label(comment.ts - self._start)
            if column == 1:
                return self._titles.get(comment.module_id or "", comment.module_id or "")
            if column == 2:
                return comment.nick or comment.user
            if column == 3:
                return comment.text
            return ", ".join(f"{h.term} ({h.category})" for h in comment.hits)
        if role == Qt.ItemDataRole.BackgroundRole and comment.hits:
            return QBrush(FLAGGED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and comment.hits:
            # Set with the background: the dark theme's light text would vanish on it.
            return QBrush(FLAGGED_FOREGROUND)
        return None


class ReviewWindow(QMainWindow):
    """Review of recorded shows. ``engine`` is the SQLAlchemy engine of the show database."""

    #: The selected show finished loading (its review object); GUI thread.
    show_loaded = Signal(object)
    #: An export finished (path) or failed (reason); GUI thread.
    export_finished = Signal(str)
    export_failed = Signal(str)
    #: The list of shows was (re)loaded; GUI thread.
    shows_listed = Signal(list)
    #: A comparison is shown; GUI thread.
    compared = Signal()

    def __init__(self, engine: Any, *, show_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.review: ShowReview | None = None
        self._markers: tuple[Marker, ...] = ()
        self.summaries: list[ShowSummary] = []
        self._wanted_show = show_id
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-worker")
        self._signals = _JobSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._load_generation = 0
        self.resize(1400, 900)
        self._build()
        self.refresh_shows()

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        splitter = QSplitter(self)
        self.show_table = QTableWidget(0, 6)
        self.show_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.show_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.show_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.show_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.show_table.itemSelectionChanged.connect(self._on_show_selected)
        splitter.addWidget(self.show_table)

        right = QWidget()
        layout = QVBoxLayout(right)
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_shows)
        header.addWidget(self.refresh_button)
        self.export_buttons = {}
        for suffix in (".html", ".csv", ".pdf"):
            button = QPushButton()
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, s=suffix: self._ask_export(s))
            header.addWidget(button)
            self.export_buttons[suffix] = button
        layout.addLayout(header)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        splitter.addWidget(right)
        splitter.setSizes([380, 1020])
        self.setCentralWidget(splitter)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)

        # Overview: plan and reality + KPI table
        overview = QWidget()
        overview_layout = QVBoxLayout(overview)
        self.timeline_plot = pg.PlotWidget()
        self.timeline_plot.setMaximumHeight(170)
        self.timeline_plot.setMouseEnabled(x=True, y=False)
        overview_layout.addWidget(self.timeline_plot)
        self.kpi_table = QTableWidget(0, len(kpi_adapter.CSV_COLUMNS))
        self.kpi_table.setHorizontalHeaderLabels(list(kpi_adapter.CSV_COLUMNS))
        self.kpi_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.kpi_note = QLabel()
        overview_layout.addWidget(self.kpi_note)
        overview_layout.addWidget(self.kpi_table, 1)
        self.tabs.addTab(overview, "")

        # Charts: marker strip, audience charts, one series chosen from a list
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        chooser = QHBoxLayout()
        self.series_label = QLabel()
        chooser.addWidget(self.series_label)
        self.series_combo = QComboBox()
        self.series_combo.currentTextChanged.connect(self._show_series)
        chooser.addWidget(self.series_combo, 1)
        charts_layout.addLayout(chooser)
        self.chart_area = pg.GraphicsLayoutWidget()
        charts_layout.addWidget(self.chart_area, 1)
        self.marker_detail = QTextBrowser()
        self.marker_detail.setMaximumHeight(150)
        charts_layout.addWidget(self.marker_detail)
        self.tabs.addTab(charts, "")
        self.marker_plot = self.chart_area.addPlot(row=0, col=0)
        self.marker_plot.setMaximumHeight(90)
        self.marker_plot.setMouseEnabled(x=True, y=False)
        self.marker_plot.getAxis("left").setTicks([[(v, k) for k, v in MARKER_LANES.items()]])
        self.marker_plot.setYRange(-0.6, 2.6, padding=0)
        self.marker_scatter = pg.ScatterPlotItem(size=11, pxMode=True)
        self.marker_scatter.sigClicked.connect(self._on_marker_clicked)
        self.marker_plot.addItem(self.marker_scatter)
        self.chart_plots: list[Any] = []
        self.series_plot = None
        self.series_curve = None

        # Incidents
        self.incident_tree = QTreeWidget()
        self.incident_tree.setColumnCount(6)
        self.tabs.addTab(self.incident_tree, "")

        # Comments
        comments = QWidget()
        comments_layout = QVBoxLayout(comments)
        self.flagged_only = QCheckBox()
        self.flagged_only.toggled.connect(self._fill_comments)
        comments_layout.addWidget(self.flagged_only)
        self.comment_model = CommentModel(self)
        self.comment_view = QTableView()
        self.comment_view.setModel(self.comment_model)
        self.comment_view.horizontalHeader().setStretchLastSection(True)
        self.comment_view.verticalHeader().setDefaultSectionSize(20)
        comments_layout.addWidget(self.comment_view, 1)
        self.tabs.addTab(comments, "")

        # Compare
        comparison = QWidget()
        comparison_layout = QVBoxLayout(comparison)
        row = QHBoxLayout()
        self.compare_label = QLabel()
        row.addWidget(self.compare_label)
        self.compare_combo = QComboBox()
        row.addWidget(self.compare_combo, 1)
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(self._compare_selected)
        row.addWidget(self.compare_button)
        comparison_layout.addLayout(row)
        self.timing_label = QLabel()
        comparison_layout.addWidget(self.timing_label)
        self.timing_table = QTableWidget(0, 6)
        self.timing_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        comparison_layout.addWidget(self.timing_table, 1)
        self.type_label = QLabel()
        comparison_layout.addWidget(self.type_label)
        self.type_table = QTableWidget(0, 0)
        self.type_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        comparison_layout.addWidget(self.type_table, 1)
        self.tabs.addTab(comparison, "")
        self.retranslate()

    def retranslate(self) -> None:
        """Set every fixed text again (called on QEvent.LanguageChange: no restart to switch language)."""
        self.setWindowTitle(_t("Show review"))
        self.show_table.setHorizontalHeaderLabels([_t("date"), _t("script"), _t("kind"), _t("duration"), _t("GMV"),
                                                   _t("incidents")])
        if self.review is None:
            self.title_label.setText(_t("Select a show"))
        self.refresh_button.setText(_t("Refresh list"))
        for suffix, button in self.export_buttons.items():
            button.setText(_t("Export {0}…").format(suffix[1:].upper()))
        self.timeline_plot.getAxis("left").setTicks([[(1.5, _t("planned")), (0.5, _t("actual"))]])
        for index, text in enumerate((_t("Plan && KPIs"), _t("Charts"), _t("Incidents"), _t("Comments"),
                                      _t("Compare"))):
            self.tabs.setTabText(index, text)
        self.series_label.setText(_t("Series:"))
        self.marker_detail.setPlaceholderText(_t("Click a marker to see what happened"))
        self.incident_tree.setHeaderLabels([_t("incident / step"), _t("when"), _t("ack s"), _t("resolved s"),
                                            _t("result"), _t("who")])
        self.flagged_only.setText(_t("Only comments with banned or risky wording"))
        self.compare_label.setText(_t("Compare with:"))
        self.compare_button.setText(_t("Compare"))
        if self.timing_table.rowCount() == 0:
            self.timing_table.setHorizontalHeaderLabels([_t("module"), _t("title"), _t("planned s"), "", "",
                                                         _t("difference s")])
        self.type_label.setText(_t("KPIs per module type"))

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ jobs
    def _submit(self, name: str, work: Callable[[Callable[[float, str], None]], Any]) -> Future:
        signals = self._signals

        def run() -> Any:
            # On review-worker.
            try:
                result = work(lambda fraction, what: signals.progress.emit(name, fraction, what))
            except Exception as exc:  # noqa: BLE001 - reported to the operator, never lost
                text = str(exc).strip().splitlines()
                signals.failed.emit(name, text[0] if text else type(exc).__name__)
                raise
            signals.finished.emit(name, result)
            return result

        self.progress.setValue(0)
        self.progress.show()
        return self._executor.submit(run)

    def _on_progress(self, name: str, fraction: float, what: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status_label.setText(f"{name}: {what}")

    def _on_failed(self, name: str, reason: str) -> None:
        self.progress.hide()
        self.status_label.setText(_t("{0} failed: {1}").format(name, reason))
        if name == "export":
            self.export_failed.emit(reason)

    def _on_finished(self, name: str, result: Any) -> None:
        self.progress.hide()
        if name == "list":
            self._fill_show_list(result)
        elif name.startswith("load:"):
            generation, (review, audience), counterpart = result
            if generation == self._load_generation:
                self._show_review(review, audience)
                # The first view needs no sample: read the recorded series now, off the GUI thread.
                self._submit("series", lambda progress: review.series.load_all())
                if counterpart is not None:
                    self._fill_comparison(*counterpart)
        elif name == "series":
            self._show_series(self.series_combo.currentText())
        elif name == "compare":
            self._fill_comparison(*result)
        elif name == "export":
            self.status_label.setText(_t("Wrote {0}").format(str(result)))
            self.export_finished.emit(str(result))

    # ------------------------------------------------------------ show list
    def refresh_shows(self) -> Future:
        """Re-read the list of recorded shows on the worker (``shows_listed``); the shown show stays selected."""
        if self.review is not None:
            self._wanted_show = self.review.show.id
        return self._submit("list", lambda progress: list_shows(self.engine))

    def _fill_show_list(self, summaries: list[ShowSummary]) -> None:
        import datetime as dt

        self.summaries = summaries
        self.show_table.blockSignals(True)
        self.show_table.setRowCount(len(summaries))
        for row, summary in enumerate(summaries):
            show = summary.show
            values = (dt.datetime.fromtimestamp(show.started_at).strftime("%Y-%m-%d %H:%M"), show.title,
                      _t("rehearsal") if show.kind == "rehearsal" else _t("live"),
                      clock_label(show.duration_s), f"{summary.gmv:.2f}", str(summary.incident_count))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.show_table.setItem(row, column, item)
        self.show_table.blockSignals(False)
        self.compare_combo.clear()
        for summary in summaries:
            self.compare_combo.addItem(f"{summary.show.title} · {summary.show.kind} · "
                                       f"{dt.datetime.fromtimestamp(summary.show.started_at):%Y-%m-%d %H:%M}",
                                       summary.id)
        self.shows_listed.emit(summaries)
        wanted = self._wanted_show
        if wanted is None and summaries:
            wanted = summaries[0].id
        for row, summary in enumerate(summaries):
            if summary.id == wanted:
                self.show_table.selectRow(row)
                break

    def _on_show_selected(self) -> None:
        rows = self.show_table.selectionModel().selectedRows()
        if rows:
            self.open_show(self.summaries[rows[0].row()].id)

    def open_show(self, show_id: str) -> Future:
        """Load ``show_id`` on the worker; the view fills when it is ready (``show_loaded``)."""
        self._load_generation += 1
        generation = self._load_generation
        engine = self.engine

        def work(progress: Callable[[float, str], None]) -> Any:
            review = load_review(engine, show_id, progress)
            specs = chart_lines(review, with_series=False)  # the audience charts' data, off the GUI thread
            counterpart_id = compare.find_counterpart(engine, show_id)
            counterpart = None
            if counterpart_id is not None:
                other = load_review(engine, counterpart_id)
                timing = (compare.rehearsal_against_live(other, review) if review.show.kind == "live"
                          else compare.rehearsal_against_live(review, other))
                counterpart = (timing, compare.compare_by_type(other, review), other.show.title)
            return generation, (review, specs), counterpart

        self.status_label.setText(_t("Loading…"))
        return self._submit(f"load:{show_id}", work)

    # ------------------------------------------------------------ one show
    def _show_review(self, review: ShowReview, audience: list[Any]) -> None:
        self.review = review
        show = review.show
        self.title_label.setText(f"{show.title} — {show.kind}, {clock_label(show.duration_s)}, {show.status}")
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self._fill_timeline(review)
        self._fill_kpis(review)
        self._fill_charts(review, audience)
        self._fill_incidents(review)
        self._fill_comments()
        self.status_label.setText(_t("Loaded in {0:.2f} s").format(review.load_s))
        self.show_loaded.emit(review)

    def _fill_timeline(self, review: ShowReview) -> None:
        plot = self.timeline_plot
        plot.clear()
        start = review.start
        planned, offset = [], 0.0
        for timing in review.timings():
            module = timing.module
            planned.append((offset, module.planned_s, module.type, module.title))
            offset += module.planned_s
        types = {m.module_id: m.type for m in review.planned}
        titles = {m.module_id: m.title for m in review.planned}
        actual = [(run.started_at - start, (run.ended_at if run.ended_at is not None else review.end) - run.started_at,
                   types.get(run.module_id, ""), titles.get(run.module_id, run.module_id)) for run in review.runs]
        for y, blocks in ((1.1, planned), (0.1, actual)):
            if not blocks:
                continue
            # One bar item per lane (a 4-hour show has dozens of blocks).
            plot.addItem(pg.BarGraphItem(x0=[b[0] for b in blocks], width=[max(b[1], 0.0) for b in blocks],
                                         y0=[y] * len(blocks), height=[0.8] * len(blocks),
                                         brushes=[QColor(TYPE_COLOURS.get(b[2], REVIEW_BLOCK_OTHER)) for b in blocks],
                                         pen=pg.mkPen("w")))
            for x, _width, _kind, label in blocks:
                text = pg.TextItem(label, color="w", anchor=(0, 0.5))
                text.setPos(x, y + 0.4)
                plot.addItem(text)
        plot.setXRange(0, max(offset, review.end - start), padding=0.02)
        plot.setYRange(0, 2, padding=0)

    def _fill_kpis(self, review: ShowReview) -> None:
        rows = kpi_adapter.formatted_rows(review.kpis)
        self.kpi_note.setText(kpi_adapter.unavailable_reason(review.kpis))
        self.kpi_note.setVisible(not rows)
        columns = kpi_adapter.CSV_COLUMNS
        self.kpi_table.setRowCount(len(rows))
        for row_index, row in enumerate(rows):
            for column_index, column in enumerate(columns):
                item = QTableWidgetItem(row[column])
                if column not in ("module_id", "type", "title"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row["module_id"] == "TOTAL":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.kpi_table.setItem(row_index, column_index, item)
        self.kpi_table.resizeColumnsToContents()

    def _fill_charts(self, review: ShowReview, audience: list[Any]) -> None:
        """``audience``: the audience charts' data (report.chart_lines), computed on the worker."""
        start = review.start
        duration = max(review.end - start, 1.0)
        for plot in self.chart_plots:
            self.chart_area.removeItem(plot)
        self.chart_plots = []
        self.series_plot = self.series_curve = None
        markers = review.markers
        self._markers = markers
        spots = [{"pos": (m.ts - start, MARKER_LANES.get(m.kind, 0.0)), "data": index,
                  "brush": pg.mkBrush(MARKER_BRUSHES.get(m.kind, REVIEW_MARKER_OTHER)),
                  "symbol": "o" if m.ok else "x"} for index, m in enumerate(markers)]
        self.marker_scatter.setData(spots)
        self.marker_plot.setXRange(0, duration, padding=0.01)
        row = 1
        for title, unit, lines, step in audience:
            plot = self.chart_area.addPlot(row=row, col=0, title=title)
            plot.setXLink(self.marker_plot)
            values_seen = [v for _name, _ts, values in lines for v in values]
            self._shade_modules(plot, review, min(values_seen, default=0.0), max(values_seen, default=1.0))
            for name, ts, values in lines:
                x = np.asarray(ts, dtype=np.float64) - start
                y = np.asarray(values, dtype=np.float64)
                if step and len(x):
                    # A held value (viewers online, running GMV): each value lasts until the next one.
                    x = np.repeat(np.append(x, duration), 2)[1:-1]
                    y = np.repeat(y, 2)
                curve = pg.PlotDataItem(x, y, pen=pg.mkPen(REVIEW_AUDIENCE_CURVE, width=1.5))
                plot.addItem(curve)
                # After addItem: pyqtgraph 0.14 looks up the view box when clipping is switched on.
                curve.setDownsampling(auto=True, method="peak")
                curve.setClipToView(True)
            self.chart_plots.append(plot)
            row += 1
        self.series_plot = self.chart_area.addPlot(row=row, col=0)
        self.series_plot.setXLink(self.marker_plot)
        self._series_shading = None
        self.series_curve = pg.PlotDataItem(pen=pg.mkPen(REVIEW_SERIES_CURVE, width=1.2))
        self.series_plot.addItem(self.series_curve)
        self.series_curve.setDownsampling(auto=True, method="peak")
        self.series_curve.setClipToView(True)
        self.chart_plots.append(self.series_plot)
        self.series_combo.blockSignals(True)
        self.series_combo.clear()
        preferred = [name for name in PREFERRED_SERIES if name in review.series]
        self.series_combo.addItems(preferred + sorted(name for name in review.series if name not in preferred))
        self.series_combo.blockSignals(False)
        if review.series:
            self._show_series(self.series_combo.currentText())

    def _shade_modules(self, plot: Any, review: ShowReview, low: float, high: float) -> Any:
        """Tint each module's run on ``plot`` between ``low`` and ``high`` (one item, kept out of auto-range)."""
        start = review.start
        runs = review.runs
        if not runs or not (math.isfinite(low) and math.isfinite(high)):
            return None
        if high <= low:
            high = low + 1.0
        margin = (high - low) * 0.05
        x0 = [run.started_at - start for run in runs]
        x1 = [(run.ended_at if run.ended_at is not None else review.end) - start for run in runs]
        shading = pg.BarGraphItem(x0=x0, x1=x1, y0=[low - margin] * len(runs), y1=[high + margin] * len(runs),
                                  brushes=[pg.mkBrush(80, 120, 170, 25 if i % 2 else 55) for i in range(len(runs))],
                                  pen=pg.mkPen(None))
        shading.setZValue(-10)
        plot.addItem(shading, ignoreBounds=True)
        return shading

    def _show_series(self, name: str) -> None:
        review = self.review
        if review is None or self.series_curve is None or name not in review.series:
            return
        series = review.series.loaded(name)
        if series is None:  # still being read on the worker; "series" finishing calls this again
            return
        x = np.frombuffer(series.ts, dtype=np.float64) - review.start
        y = np.frombuffer(series.values, dtype=np.float64)
        self.series_curve.setData(x, y, connect="finite")
        self.series_plot.setTitle(name)
        if self._series_shading is not None:
            self.series_plot.removeItem(self._series_shading)
        finite = y[np.isfinite(y)]
        self._series_shading = self._shade_modules(self.series_plot, review, float(finite.min()) if finite.size else 0.0,
                                                   float(finite.max()) if finite.size else 1.0)

    def _on_marker_clicked(self, _item: Any, points: Any, *_event: Any) -> None:
        if len(points):
            self.show_marker(int(points[0].data()))

    def show_marker(self, index: int) -> Marker:
        """Show the details of marker ``index`` (what a click on it does)."""
        marker = self._markers[index]
        start = self.review.start if self.review else 0.0
        self.marker_detail.setPlainText(f"{clock_label(marker.ts - start)}  {marker.detail}")
        return marker

    def _fill_incidents(self, review: ShowReview) -> None:
        self.incident_tree.clear()
        start = review.start
        for incident in review.incidents:
            top = QTreeWidgetItem([
                f"{incident.title} [{incident.severity}]{' (drill)' if incident.drill else ''}",
                clock_label(incident.opened_at - start),
                "" if incident.ack_s is None else f"{incident.ack_s:.1f}",
                "" if incident.resolve_s is None else f"{incident.resolve_s:.1f}", incident.state, ""])
            for entry in incident.entries:
                result = "" if entry.ok is None else ("ok" if entry.ok else f"failed: {entry.error or ''}")
                child = QTreeWidgetItem([f"{entry.kind}: {entry.text}", f"+{entry.ts - incident.opened_at:.1f}s",
                                         "", "", result, entry.who or ""])
                if entry.ok is False:
                    child.setForeground(4, QBrush(QColor(FAILED_STEP)))
                top.addChild(child)
            self.incident_tree.addTopLevelItem(top)
            top.setExpanded(True)
        for column in range(6):
            self.incident_tree.resizeColumnToContents(column)

    def _fill_comments(self, *_args: Any) -> None:
        review = self.review
        if review is None:
            return
        comments = review.comments.flagged() if self.flagged_only.isChecked() else review.comments
        self.comment_model.set_comments(comments, review.start, {m.module_id: m.title for m in review.planned})

    # ------------------------------------------------------------ comparison
    def _compare_selected(self) -> None:
        other_id = self.compare_combo.currentData()
        if self.review is None or other_id is None:
            return
        self.compare_with(other_id)

    def compare_with(self, other_id: str) -> Future:
        review = self.review
        engine = self.engine

        def work(progress: Callable[[float, str], None]) -> Any:
            other = load_review(engine, other_id, progress)
            if {other.show.kind, review.show.kind} == {"rehearsal", "live"}:
                rehearsal, live = (other, review) if other.show.kind == "rehearsal" else (review, other)
                timing = compare.rehearsal_against_live(rehearsal, live)
            else:
                timing = compare.compare_timing(other, review, left_label=f"{other.show.kind} (other)",
                                                right_label=f"{review.show.kind} (this)")
            return timing, compare.compare_by_type(other, review), other.show.title

        return self._submit("compare", work)

    def _fill_comparison(self, timing: compare.TimingComparison, by_type: list[compare.TypeComparisonRow],
                         other_title: str) -> None:
        self.timing_label.setText(_t("Timing per module: planned, {0}, {1} ({2})").format(
            timing.left_label, timing.right_label, other_title))
        self.timing_table.setHorizontalHeaderLabels([_t("module"), _t("title"), _t("planned s"),
                                                     f"{timing.left_label} s", f"{timing.right_label} s",
                                                     _t("difference s")])
        self.timing_table.setRowCount(len(timing.rows))

        def fmt(value: float | None) -> str:
            return "" if value is None else f"{value:.1f}"

        for row_index, row in enumerate(timing.rows):
            values = (row.module_id, row.title, fmt(row.planned_s), fmt(row.left_s), fmt(row.right_s),
                      "" if row.difference_s is None else f"{row.difference_s:+.1f}")
            for column, value in enumerate(values):
                self.timing_table.setItem(row_index, column, QTableWidgetItem(value))
        columns = list(compare.type_comparison_columns())
        self.type_table.setColumnCount(1 + 2 * len(columns))
        headers = [_t("type")]
        for column in columns:
            headers += [f"{column} ({timing.left_label})", f"{column} ({timing.right_label})"]
        self.type_table.setHorizontalHeaderLabels(headers)
        self.type_table.setRowCount(len(by_type))
        for row_index, row in enumerate(by_type):
            self.type_table.setItem(row_index, 0, QTableWidgetItem(row.module_type))
            for column_index, column in enumerate(columns):
                left = "" if row.left is None else row.left[column]
                right = "" if row.right is None else row.right[column]
                self.type_table.setItem(row_index, 1 + 2 * column_index, QTableWidgetItem(left))
                self.type_table.setItem(row_index, 2 + 2 * column_index, QTableWidgetItem(right))
        self.compared.emit()

    # ------------------------------------------------------------ export
    def _ask_export(self, suffix: str) -> None:
        if self.review is None:
            return
        filters = {".html": "HTML (*.html)", ".csv": "CSV (*.csv)", ".pdf": "PDF (*.pdf)"}
        path, _ = QFileDialog.getSaveFileName(self, _t("Export review"), f"review-{self.review.show.id[:8]}{suffix}",
                                              filters[suffix])
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.export_to(path)

    def export_to(self, path: str) -> Future:
        """Write the report of the shown show to ``path`` on the worker (``export_finished``/``export_failed``)."""
        review = self.review
        if review is None:
            raise RuntimeError("no show is loaded")
        engine = self.engine

        def work(progress: Callable[[float, str], None]) -> Any:
            from console.review.cli import export_review

            return export_review(engine, review, path, progress)

        return self._submit("export", work)

    # ------------------------------------------------------------ lifetime
    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Wait for the running job (an export must not be cut in half) and stop the worker thread."""
        self._executor.shutdown(wait=True, cancel_futures=True)
