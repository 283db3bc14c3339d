"""The Anchors window (issue 17): every anchor's scorecard, trends over their last shows, the tier
suggestion with its reason, and the PDCA action items of their rooms.

Left: the anchors (registered or named by a show) with tier, suggested tier, live shows and GMV per hour.
Right, for the selected one: the scorecard's figures with a status against the health targets (colour plus
a mark, readable without colour), three trend charts over their last ten live shows, and the action items.

Threads: loading runs on a superqt worker (``anchors-worker``, :mod:`ui.workers`): the first time, shows
recorded before the summaries existed are summarised (a review load each), with progress in the window;
afterwards it is one select. Nothing waits on the database on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QMainWindow, QProgressBar, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from console.anchors import actions, health, registry, scorecard, summary
from console.anchors.text import fmt
from ui import theme
from ui.workers import Workers

JOB_THREAD_NAME = "anchors-worker"

#: Scorecard figures shown, with the health indicator whose target applies (None: no target) and format.
FIGURES = (
    ("shows", None, "int"),
    ("hours", None, "hours"),
    ("gmv", None, "money"),
    ("gmv_per_hour", None, "money"),
    ("conversion_rate", "conversion_rate", "pct"),
    ("interaction_rate", "interaction_depth", "pct"),
    ("refund_rate", "refund_rate", "pct"),
    ("over_under_s", "over_under_s", "secs"),
    ("compliance_hits_per_hour", None, "num"),
    ("incident_response_s", None, "secs"),
    ("drill_response_s", "drill_response_s", "secs"),
    ("rehearsals", None, "int"),
    ("rehearsal_hours", None, "hours"),
)
STATUS_COLOURS = {"ok": theme.STATUS_OK, "warn": theme.STATUS_WARN, "bad": theme.STATUS_BAD}
STATUS_MARKS = {"ok": "✓", "warn": "!", "bad": "✗", "": ""}
TRENDS = ("gmv_per_hour", "conversion_rate", "interaction_rate")


def _t(text: str) -> str:
    return QCoreApplication.translate("AnchorsWindow", text)


def _labels() -> dict[str, str]:
    return {
        "shows": _t("Live shows"), "hours": _t("Hours on air"), "gmv": _t("GMV"), "gmv_per_hour": _t("GMV per hour"),
        "conversion_rate": _t("Conversion"), "interaction_rate": _t("Interaction"), "refund_rate": _t("Refund rate"),
        "over_under_s": _t("Over/under per module"), "compliance_hits_per_hour": _t("Compliance hits per hour"),
        "incident_response_s": _t("Incident response"), "drill_response_s": _t("Drill response"),
        "rehearsals": _t("Rehearsals"), "rehearsal_hours": _t("Rehearsal hours"),
    }


def _tier_name(tier: str | None) -> str:
    names = {"novice": _t("Novice"), "intermediate": _t("Intermediate"), "elite": _t("Elite"), "top": _t("Top")}
    return names.get(tier or "", _t("no record"))


def _format(value: Any, style: str) -> str:
    if value is None:
        return "—"
    if style == "int":
        return f"{int(value):,}"
    if style == "hours":
        return f"{float(value):.1f} h"
    return fmt(float(value), style)


@dataclasses.dataclass(frozen=True, slots=True)
class AnchorsData:
    cards: list[scorecard.Scorecard]
    checks: list[actions.ActionCheck]
    rooms: dict[str, set[str]]  # anchor → the rooms of their shows
    started: dict[str, float]  # show id → its start (to name the show that checked an item)


def load_anchors_data(engine: Any, progress: Any = None) -> AnchorsData:
    """On the worker: summarise what is missing, then the scorecards and action items."""
    summary.ensure_summaries(engine, progress=progress)
    shows = summary.load_totals(engine)
    rooms: dict[str, set[str]] = {}
    for show in shows:
        if show.anchor:
            rooms.setdefault(show.anchor, set()).add(show.room)
    return AnchorsData(scorecard.scorecards(shows, registry.load_anchors(engine)), actions.checks(engine), rooms,
                       {show.show_id: show.started_at for show in shows})


class AnchorsWindow(QMainWindow):
    #: Data loaded (AnchorsData); GUI thread.
    loaded = Signal(object)
    #: Summarising progress (done, total): emitted on the worker, delivered queued.
    progress = Signal(int, int)

    def __init__(self, engine: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.data: AnchorsData | None = None
        self._workers = Workers(JOB_THREAD_NAME)
        self.progress.connect(self._on_progress)
        self.resize(1280, 800)
        self._build()
        self.retranslate()
        self.refresh()

    # ------------------------------------------------------------ layout
    def _build(self) -> None:
        splitter = QSplitter(self)
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_selected)
        splitter.addWidget(self.table)

        right = QWidget()
        layout = QVBoxLayout(right)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold")
        header.addWidget(self.title, 1)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        header.addWidget(self.refresh_button)
        layout.addLayout(header)
        self.busy = QProgressBar()
        self.busy.setVisible(False)
        layout.addWidget(self.busy)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        layout.addWidget(self.suggestion)
        figures = QWidget()
        self.form = QFormLayout(figures)
        self.figure_labels: dict[str, QLabel] = {}
        self.figure_values: dict[str, QLabel] = {}
        for name, _indicator, _style in FIGURES:
            label, value = QLabel(), QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figure_labels[name], self.figure_values[name] = label, value
            self.form.addRow(label, value)
        body = QHBoxLayout()
        body.addWidget(figures, 0)
        self.charts = pg.GraphicsLayoutWidget()
        self.charts.setBackground(theme.CHART_BACKGROUND)
        self.trend_plots = {}
        for row, name in enumerate(TRENDS):
            plot = self.charts.addPlot(row=row, col=0)
            plot.showGrid(x=False, y=True, alpha=0.2)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            self.trend_plots[name] = (plot, plot.plot(pen=pg.mkPen(theme.SERIES_GMV if row == 0 else theme.SERIES_ONLINE,
                                                                   width=2), symbol="o", symbolSize=5))
        body.addWidget(self.charts, 1)
        layout.addLayout(body, 1)
        self.actions_title = QLabel()
        self.actions_title.setStyleSheet("font-weight: bold")
        layout.addWidget(self.actions_title)
        self.actions_table = QTableWidget(0, 4)
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_table.verticalHeader().setVisible(False)
        header_view = self.actions_table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.actions_table.setMaximumHeight(180)
        layout.addWidget(self.actions_table, 0)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        self.setCentralWidget(splitter)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_t("Anchors"))
        self.refresh_button.setText(_t("Refresh"))
        self.table.setHorizontalHeaderLabels([_t("Anchor"), _t("Tier"), _t("Suggested"), _t("Live shows"),
                                              _t("GMV per hour")])
        self.actions_table.setHorizontalHeaderLabels([_t("Outcome"), _t("Action"), _t("Aim"), _t("Checked by the show of")])
        self.actions_title.setText(_t("Action items of their rooms (PDCA)"))
        labels = _labels()
        for name, label in self.figure_labels.items():
            label.setText(labels[name])
        titles = {"gmv_per_hour": _t("GMV per hour, last 10 live shows"),
                  "conversion_rate": _t("Conversion %, last 10 live shows"),
                  "interaction_rate": _t("Interaction %, last 10 live shows")}
        for name, (plot, _curve) in self.trend_plots.items():
            plot.setTitle(titles[name], color=theme.TEXT_SECONDARY, size="9pt")
        if self.data is not None:
            self._fill(self.data)

    # ------------------------------------------------------------ data
    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.busy.setRange(0, 0)
        self.busy.setVisible(True)
        self._workers.start("anchors-load", lambda: load_anchors_data(self.engine, self.progress.emit),
                            returned=self._loaded, errored=self._failed)

    def _on_progress(self, done: int, total: int) -> None:
        self.busy.setRange(0, total)
        self.busy.setValue(done)
        self.busy.setFormat(_t("Summarising recorded shows: %v of %m"))

    def _loaded(self, data: AnchorsData) -> None:
        self.busy.setVisible(False)
        self.refresh_button.setEnabled(True)
        self.data = data
        self._fill(data)
        self.loaded.emit(data)

    def _failed(self, error: BaseException) -> None:
        self.busy.setVisible(False)
        self.refresh_button.setEnabled(True)
        self.title.setText(_t("Could not read the shows: %1").replace("%1", str(error)))

    def _fill(self, data: AnchorsData) -> None:
        selected = self.selected_name()
        self.table.setRowCount(len(data.cards))
        for row, card in enumerate(data.cards):
            cells = (card.name, _tier_name(card.tier), _tier_name(card.suggested_tier), f"{card.shows}",
                     _format(card.gmv_per_hour, "money"))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if not data.cards:
            self.title.setText(_t("No anchors yet: a show names its anchor in its script (show.anchor)"))
            return
        names = [card.name for card in data.cards]
        self.table.selectRow(names.index(selected) if selected in names else 0)
        self._show_selected()

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item is not None else None

    def _show_selected(self) -> None:
        if self.data is None:
            return
        name = self.selected_name()
        card = next((c for c in self.data.cards if c.name == name), None)
        if card is None:
            return
        self.title.setText(f"{card.name} · {_tier_name(card.tier)}")
        self.suggestion.setText(_t("Suggested tier: %1 — %2").replace("%1", _tier_name(card.suggested_tier))
                                .replace("%2", card.suggestion_reason))
        for name_, indicator, style in FIGURES:
            value = getattr(card, name_)
            state = health.status(value, health.DEFAULT_TARGETS.get(indicator)) if indicator else ""
            label = self.figure_values[name_]
            label.setText(f"{_format(value, style)}  {STATUS_MARKS[state]}".rstrip())
            label.setStyleSheet(f"color: {STATUS_COLOURS[state]}; font-weight: bold" if state else "")
        for trend, (_plot, curve) in self.trend_plots.items():
            scale = 1.0 if trend == "gmv_per_hour" else 100.0  # rates drawn in %
            values = [v * scale if v is not None else float("nan") for v in card.trend[trend]]
            curve.setData(list(range(1, len(values) + 1)), values)
        rooms = self.data.rooms.get(card.name, set())
        mine = [c for c in self.data.checks if c.item.room in rooms and (not c.item.anchor or c.item.anchor == card.name)]
        self.actions_table.setRowCount(len(mine))
        outcome_names = {"open": _t("open"), "met": _t("met"), "not_met": _t("not met"), "no_data": _t("no data")}
        for row, check in enumerate(mine):
            item = check.item
            aim = f"{item.module_type + ' ' if item.module_type else ''}{item.kpi} {'≥' if item.bound == 'min' else '≤'} {item.target:g}"
            checked = self.data.started.get(check.show_id or "")
            cells = (outcome_names[check.outcome], item.text, aim,
                     datetime.datetime.fromtimestamp(checked).strftime("%Y-%m-%d %H:%M") if checked else "—")
            for column, text in enumerate(cells):
                self.actions_table.setItem(row, column, QTableWidgetItem(text))

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._workers.close(timeout=10.0)  # a load that has begun finishes; one not begun never runs
        super().closeEvent(event)
