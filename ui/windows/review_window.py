"""The post-show review window (issue 8).

Left: every recorded show and rehearsal. Right, for the selected show: the
plan against reality (planned blocks above actual ones) with the KPI table,
charts on the show's time axis (modules shaded, clickable markers for scene
switches, cues and incidents), incident timelines with response times, the
comment stream with banned-wording hits, comparisons, and export. Each
section is a panel of ui/panels/review/ showing the window's
:class:`~ui.panels.review.shown_review.ShownReview`; the window composes them
and runs the jobs that fill it.

Threads: nothing slow runs on the GUI thread. Listing shows, loading one,
reading its series, comparing and exporting are jobs run one after the other
(never racing each other on the database) by superqt workers on Qt's thread
pool, named ``review-worker`` while they run (:mod:`ui.workers`). A job
reports progress through :attr:`ReviewWindow.job_progress` (emitted on the
worker, delivered queued) and its result through the worker's ``returned`` /
``errored`` signals, on the GUI thread.
"""

from __future__ import annotations

from collections import deque
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QMainWindow, QProgressBar, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from console.review import compare
from console.review.queries import list_shows, load_review
from console.targets.recorded import review_targets
from console.review.records import ShowReview, ShowSummary
from console.review.report import chart_lines
from console.review.svg import clock_label
from ui.panels.review.charts import ChartsPanel
from ui.panels.review.comments import CommentsPanel
from ui.panels.review.compare import ComparePanel
from ui.panels.review.export import ExportPanel
from ui.panels.review.incidents import IncidentsPanel
from ui.panels.review.kpi_table import KpiTablePanel
from ui.panels.review.products import ProductTablePanel
from ui.panels.review.show_list import ShowListPanel
from ui.panels.review.shown_review import ShownReview
from ui.panels.review.timeline import PlanTimelinePanel
from ui.workers import JobCancelled, Workers

#: The name of the pool thread while it runs a review job (logs, tracebacks).
JOB_THREAD_NAME = "review-worker"
#: A job's work: called on the worker with ``progress(fraction, what)``, returns the job's result.
Job = Callable[[Callable[[float, str], None]], Any]


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


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
    #: The running job's progress (job name, fraction 0..1, what): emitted on the worker, delivered queued.
    job_progress = Signal(str, float, str)

    def __init__(self, engine: Any, *, show_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.shown = ShownReview(self)
        self._wanted_show = show_id
        self._workers = Workers(JOB_THREAD_NAME)
        #: Jobs waiting for the running one (name, work); the running job's name, None when idle.
        self._pending: deque[tuple[str, Job]] = deque()
        self._running_job: str | None = None
        self._load_generation = 0
        self.job_progress.connect(self._on_progress)
        self.resize(1400, 900)
        self._build()
        self.refresh_shows()

    @property
    def review(self) -> ShowReview | None:
        return self.shown.review

    @property
    def summaries(self) -> list[ShowSummary]:
        return self.shown.summaries

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        shown = self.shown
        self.show_list = ShowListPanel(shown)
        self.timeline = PlanTimelinePanel(shown)
        self.kpi_panel = KpiTablePanel(shown)
        self.products_panel = ProductTablePanel(shown)  # per product and category (issue 16)
        self.charts = ChartsPanel(shown)
        self.incidents = IncidentsPanel(shown)
        self.comments = CommentsPanel(shown)
        self.comparison = ComparePanel(shown)
        self.export_panel = ExportPanel(shown)
        self.show_list.show_chosen.connect(self.open_show)
        self.comparison.compare_requested.connect(self.compare_with)
        self.export_panel.export_requested.connect(self.export_to)

        splitter = QSplitter(self)
        splitter.addWidget(self.show_list)
        right = QWidget()
        layout = QVBoxLayout(right)
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh_shows)
        header.addWidget(self.refresh_button)
        header.addWidget(self.export_panel)
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

        overview = QWidget()  # plan and reality above the KPI table
        overview_layout = QVBoxLayout(overview)
        overview_layout.addWidget(self.timeline)
        overview_layout.addWidget(self.kpi_panel, 1)
        overview_layout.addWidget(self.products_panel, 1)
        for page in (overview, self.charts, self.incidents, self.comments, self.comparison):
            self.tabs.addTab(page, "")
        self.retranslate()

    def retranslate(self) -> None:
        """Set the window's own texts again (the panels set theirs on the same QEvent.LanguageChange)."""
        self.setWindowTitle(_t("Show review"))
        if self.review is None:
            self.title_label.setText(_t("Select a show"))
        self.refresh_button.setText(_t("Refresh list"))
        for index, panel in enumerate((self.timeline, self.charts, self.incidents, self.comments, self.comparison)):
            self.tabs.setTabText(index, panel.title())

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ jobs
    def _submit(self, name: str, work: Job) -> None:
        """Run ``work`` on a worker after the jobs before it (one at a time: they share the database)."""
        self._pending.append((name, work))
        self.progress.setValue(0)
        self.progress.show()
        if self._running_job is None:
            self._start_next_job()

    def _start_next_job(self) -> None:
        if self._workers.closed or not self._pending:
            return
        name, work = self._pending.popleft()
        self._running_job = name
        report = self.job_progress

        def run() -> Any:
            # On the worker (review-worker).
            return work(lambda fraction, what: report.emit(name, fraction, what))

        self._workers.start(name, run, returned=self._on_job_returned, errored=self._on_job_failed,
                            finished=self._on_job_done)

    def _on_job_done(self) -> None:
        self._running_job = None
        self._start_next_job()

    def _on_progress(self, name: str, fraction: float, what: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.status_label.setText(f"{name}: {what}")

    def _on_job_failed(self, error: Exception) -> None:
        name = self._running_job or ""
        if isinstance(error, JobCancelled):
            return
        text = str(error).strip().splitlines()
        reason = text[0] if text else type(error).__name__
        self.progress.hide()
        self.status_label.setText(_t("{0} failed: {1}").format(name, reason))
        if name == "export":
            self.export_failed.emit(reason)

    def _on_job_returned(self, result: Any) -> None:
        name = self._running_job or ""
        self.progress.hide()
        if name == "list":
            self._show_list(result)
        elif name.startswith("load:"):
            generation, (review, audience, products), counterpart, targets = result
            if generation == self._load_generation:
                self.shown.targets = targets  # statuses and incident impacts (console.targets.recorded)
                self.shown.products = products
                self._show_review(review, audience)
                # The first view needs no sample: read the recorded series now, off the GUI thread.
                self._submit("series", lambda progress: review.series.load_all())
                if counterpart is not None:
                    self._show_comparison(*counterpart)
        elif name == "series":
            self.shown.set_series_loaded()
        elif name == "compare":
            self._show_comparison(*result)
        elif name == "export":
            self.status_label.setText(_t("Wrote {0}").format(str(result)))
            self.export_finished.emit(str(result))

    # ------------------------------------------------------------ show list
    def refresh_shows(self) -> None:
        """Re-read the list of recorded shows on the worker (``shows_listed``); the shown show stays selected."""
        if self.review is not None:
            self._wanted_show = self.review.show.id
        engine = self.engine
        self._submit("list", lambda progress: list_shows(engine))

    def _show_list(self, summaries: list[ShowSummary]) -> None:
        self.shown.set_shows(summaries)
        self.shows_listed.emit(summaries)
        wanted = self._wanted_show
        if wanted is None and summaries:
            wanted = summaries[0].id
        if wanted is not None:
            self.show_list.select(wanted)

    def show_review_of(self, show_id: str) -> None:
        """Re-read the list and select ``show_id`` (the console asks for a show that just ended)."""
        self._wanted_show = show_id
        engine = self.engine
        self._submit("list", lambda progress: list_shows(engine))

    def open_show(self, show_id: str) -> None:
        """Load ``show_id`` on the worker; the view fills when it is ready (``show_loaded``)."""
        self._load_generation += 1
        generation = self._load_generation
        engine = self.engine

        def work(progress: Callable[[float, str], None]) -> Any:
            review = load_review(engine, show_id, progress)
            specs = chart_lines(review, with_series=False)  # the audience charts' data, off the GUI thread
            from console.commerce.review import table_rows

            products = table_rows(engine, show_id)
            counterpart_id = compare.find_counterpart(engine, show_id)
            counterpart = None
            if counterpart_id is not None:
                other = load_review(engine, counterpart_id)
                timing = (compare.rehearsal_against_live(other, review) if review.show.kind == "live"
                          else compare.rehearsal_against_live(review, other))
                counterpart = (timing, compare.compare_by_type(other, review), other.show.title)
            return generation, (review, specs, products), counterpart, review_targets(engine, review)

        self.status_label.setText(_t("Loading…"))
        self._submit(f"load:{show_id}", work)

    def _show_review(self, review: ShowReview, audience: list[Any]) -> None:
        show = review.show
        self.title_label.setText(f"{show.title} — {show.kind}, {clock_label(show.duration_s)}, {show.status}")
        self.shown.set_review(review, audience)  # every panel redraws
        self.status_label.setText(_t("Loaded in {0:.2f} s").format(review.load_s))
        self.show_loaded.emit(review)

    # ------------------------------------------------------------ comparison
    def compare_with(self, other_id: str) -> None:
        """Compare the shown show with ``other_id`` on the worker (``compared``)."""
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

        self._submit("compare", work)

    def _show_comparison(self, timing: compare.TimingComparison, by_type: list[compare.TypeComparisonRow],
                         other_title: str) -> None:
        self.shown.set_comparison(timing, by_type, other_title)
        self.compared.emit()

    # ------------------------------------------------------------ export
    def export_to(self, path: str) -> None:
        """Write the report of the shown show to ``path`` on the worker (``export_finished``/``export_failed``)."""
        review = self.review
        if review is None:
            raise RuntimeError("no show is loaded")
        engine = self.engine

        def work(progress: Callable[[float, str], None]) -> Any:
            from console.review.cli import export_review

            return export_review(engine, review, path, progress)

        self._submit("export", work)

    # ------------------------------------------------------------ lifetime
    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Drop the jobs not begun and wait for the running one (an export must not be cut in half)."""
        self._pending.clear()
        self._workers.close()
