"""Incidents: the open ones with their steps, checklist countdowns and commands; the history.

Receives the show's ``playbooks`` facade (console.contingency.session.SessionPlaybooks):
its ``runner`` holds the incidents. Commands (acknowledge, complete a check,
resolve) call the runner on the GUI thread — the thread that ticks it in the
window — with ``who = "operator"`` and the show clock's ``now``.

Refresh: the runner's events (through :class:`IncidentBridge`) rebuild the
lists; the countdown text is refreshed from a QTimer at :data:`COUNTDOWN_REFRESH_MS`
(2 Hz: a seconds countdown never looks stuck, and the table is cheap to
re-text).
"""

from __future__ import annotations

import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QScrollArea, QSplitter, QTableWidget,
                               QTableWidgetItem, QTabWidget, QToolBar, QVBoxLayout, QWidget)

from ui.bridges.incident_bridge import IncidentBridge
from ui.panels import targets_display
from ui.panels.base import Panel
from ui.panels.obs_reasons import reason_text
from ui.panels.rooms_table import severity_text
from ui.theme import PREVIEW_GREEN, PROGRAM_RED, SEVERITY_COLOURS
from ui.widgets.alarm_banner import AlarmBanner
from ui.widgets.incident_strip import IncidentStrip

#: Open incidents the list shows without scrolling. Fixed: the list must not grow when a warning opens
#: (the panels never move for one), and the details need the room below it.
OPEN_LIST_ROWS = 2
#: What an empty list measures its row with (Chinese and figures, as a real row has).
ROW_PROBE = "00:00:00  [严重] 推流中断 — 未处理"
#: Lines of details always in view (the rest scrolls).
DETAILS_LINES = 4
#: Countdown text refresh: 2 Hz (see the module docstring).
COUNTDOWN_REFRESH_MS = 500
OPERATOR = "operator"
#: The splitter's saved state (``splitter`` held the four-column layout before the tabs).
SPLITTER_KEY = "splitter2"
OVERDUE_BRUSH = QBrush(QColor(PROGRAM_RED))
OK_BRUSH = QBrush(QColor(PREVIEW_GREEN))


def _t(text: str) -> str:
    return QCoreApplication.translate("IncidentPanel", text)


def format_clock(ts: float | None) -> str:
    return "—" if ts is None else time.strftime("%H:%M:%S", time.localtime(ts))


def format_countdown(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:d}:{seconds % 60:02d}"


def format_seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def show_clock_now(session: Any) -> Callable[[], float]:
    """``now`` for operator commands: the show clock the runner is ticked with."""
    def now() -> float:
        try:
            return float(session.show_now(time.monotonic()))
        except Exception:  # noqa: BLE001 - before the show starts the runtime may have no start yet
            return time.time()
    return now


class IncidentPanel(Panel):
    panel_id = "incidents"
    default_area = Qt.DockWidgetArea.BottomDockWidgetArea

    def __init__(self, facade: Any, now: Callable[[], float], bridge: IncidentBridge | None = None,
                 parent: QWidget | None = None, *, impact: Callable[[Any, float], Any] | None = None) -> None:
        super().__init__(parent)
        self.facade = facade
        #: (incident, now) → its business impact (console.targets.impact), re-read with the countdowns.
        self.impact = impact
        self.runner = facade.runner
        self.now = now
        self.bridge = bridge or IncidentBridge(self.runner, self)
        self.selected_id: str | None = None

        self.open_list = QListWidget()
        self.open_list.setObjectName("openIncidents")
        self.open_list.currentItemChanged.connect(self._on_select)
        self.header = QLabel()
        self.header.setObjectName("incidentHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.impact_label = QLabel()
        self.impact_label.setObjectName("incidentImpact")
        self.impact_label.setWordWrap(True)

        self.steps = self._table(3)
        self.steps.setObjectName("incidentSteps")
        # The result (OBS's reason on a failure) is what matters: it gets the room, the step is elided.
        self.steps.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.steps.setColumnWidth(0, 150)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.steps.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.steps.horizontalHeader().setStretchLastSection(False)
        self.checks = self._table(3)
        self.checks.setObjectName("incidentChecks")
        self.checks.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.checks.horizontalHeader().setStretchLastSection(False)
        self.history = self._table(5)
        self.history.setObjectName("incidentHistory")

        self.ack_button = QPushButton()
        self.ack_button.setObjectName("acknowledge")
        self.ack_button.clicked.connect(self.acknowledge)
        self.check_button = QPushButton()
        self.check_button.setObjectName("completeCheck")
        self.check_button.clicked.connect(self.complete_check)
        self.resolve_button = QPushButton()
        self.resolve_button.setObjectName("resolve")
        self.resolve_button.clicked.connect(self.resolve)
        buttons = QHBoxLayout()
        for button in (self.ack_button, self.check_button, self.resolve_button):
            buttons.addWidget(button)

        # Left: which incident, what it is and its impact (the details scroll inside their own area
        # when the dock is short, never under the buttons). Right: the checklist with its deadlines
        # first, then what the playbook ran, then the history, one tab each: a 1366-pixel screen gives
        # the panel half its width or less, too little for three tables. The commands: one row under
        # both, always in view.
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.setSpacing(0)  # one block of text: every pixel of a short dock shows a line
        details_layout.addWidget(self.header)
        details_layout.addWidget(self.impact_label)
        details_layout.addStretch(1)
        self.details_area = QScrollArea()
        self.details_area.setObjectName("incidentDetails")
        self.details_area.setWidget(self.details)
        self.details_area.setWidgetResizable(True)
        self.details_area.setFrameShape(QFrame.Shape.NoFrame)
        self.details_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The title, the module and time, and the impact (two lines when the column is narrow): whole.
        self.details_area.setMinimumHeight(self.fontMetrics().lineSpacing() * DETAILS_LINES)
        self.incidents_column = incidents = QWidget()
        incidents_layout = QVBoxLayout(incidents)
        incidents_layout.setContentsMargins(0, 0, 0, 0)
        incidents_layout.addWidget(self.open_list)  # OPEN_LIST_ROWS high: _fit_open_list
        incidents_layout.addWidget(self.details_area, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("incidentTabs")
        self.tabs.setDocumentMode(True)
        for table in (self.checks, self.steps, self.history):
            self.tabs.addTab(table, "")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        for part, stretch in ((incidents, 1), (self.tabs, 1)):
            self.splitter.addWidget(part)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([360, 390])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)  # across the whole panel: the incident column stays narrow, the tabs get room

        self.bridge.opened.connect(self._on_opened)
        self.bridge.changed.connect(lambda _incident: self.refresh())
        self.bridge.escalated.connect(lambda _incident, _check: self.refresh())
        self.countdown_timer = QTimer(self)
        self.countdown_timer.setInterval(COUNTDOWN_REFRESH_MS)
        self.countdown_timer.timeout.connect(self.update_countdowns)
        self.countdown_timer.start()
        self.retranslate()
        self.refresh()

    @staticmethod
    def _table(columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(True)
        return table

    # ------------------------------------------------------------ protocol
    def title(self) -> str:
        return _t("Incidents")

    def retranslate(self) -> None:
        # No heading over the list (its rows say what they are): on a 768-line screen with the
        # critical banner up, its line is what the details need to show whole.
        self.open_list.setToolTip(_t("Open incidents"))
        self.open_list.setAccessibleName(_t("Open incidents"))
        self.steps.setHorizontalHeaderLabels([_t("Step"), _t("Result"), _t("Time")])
        self.checks.setHorizontalHeaderLabels([_t("Check"), _t("Due in"), _t("Done")])
        self.history.setHorizontalHeaderLabels([_t("Opened"), _t("Incident"), _t("First action"),
                                                _t("Acknowledged"), _t("Checks / resolved")])
        self.ack_button.setText(_t("Acknowledge"))
        self.check_button.setText(_t("Complete check"))
        self.resolve_button.setText(_t("Resolve"))
        self.tabs.setTabText(self.tabs.indexOf(self.history), _t("History"))
        self.tabs.setTabToolTip(self.tabs.indexOf(self.history), _t("History (resolved)"))
        self.refresh()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(SPLITTER_KEY)
        if state is not None:
            self.splitter.restoreState(state)

    # ------------------------------------------------------------- views
    def selected(self) -> Any | None:
        if self.selected_id is None:
            return None
        for incident in self.runner.incidents:
            if incident.id == self.selected_id:
                return incident
        return None

    def _on_opened(self, incident: Any) -> None:
        # A new real incident takes the operator's attention; a drill does not steal it from a real one.
        current = self.selected()
        if current is None or not current.open or (current.drill and not incident.drill):
            self.selected_id = incident.id
        self.refresh()

    def _on_select(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        if item is not None:
            self.selected_id = item.data(Qt.ItemDataRole.UserRole)
            self._show_detail()

    def refresh(self) -> None:
        open_incidents = self.runner.open_incidents()
        if self.selected() is None or not self.selected().open:
            self.selected_id = open_incidents[-1].id if open_incidents else None
        self.open_list.blockSignals(True)
        self.open_list.clear()
        for incident in open_incidents:
            state = {"open": _t("OPEN"), "acknowledged": _t("acknowledged")}.get(incident.state, incident.state)
            text = (f"{format_clock(incident.opened_at)}  [{severity_text(incident.playbook.severity)}] "
                    f"{incident.playbook.title} — {state}" + (f"  ({_t('DRILL')})" if incident.drill else ""))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, incident.id)
            item.setForeground(QBrush(QColor(SEVERITY_COLOURS.get(incident.playbook.severity, "white"))))
            self.open_list.addItem(item)
            if incident.id == self.selected_id:
                self.open_list.setCurrentItem(item)
        self._fit_open_list()
        self.open_list.blockSignals(False)
        self._show_detail()
        self._show_history()

    def _fit_open_list(self) -> None:
        """The list OPEN_LIST_ROWS rows high, measured as it draws them (more incidents scroll)."""
        self.open_list.setFixedHeight(OPEN_LIST_ROWS * self._row_height() + 2 * self.open_list.frameWidth())

    def _row_height(self) -> int:
        """One row's height as the list draws it (the same with and without an incident: nothing moves)."""
        if self.open_list.count():
            return self.open_list.sizeHintForRow(0)
        self.open_list.addItem(ROW_PROBE)  # signals blocked by the caller
        height = self.open_list.sizeHintForRow(0)
        self.open_list.takeItem(0)
        return height

    def _show_detail(self) -> None:
        incident = self.selected()
        if incident is None:
            self.header.setText(_t("No open incident."))
            self.steps.setRowCount(0)
            self.checks.setRowCount(0)
            for button in (self.ack_button, self.check_button, self.resolve_button):
                button.setEnabled(False)
            self.update_countdowns()
            return
        color = SEVERITY_COLOURS.get(incident.playbook.severity, "white")
        drill = f" <b>[{_t('DRILL')}]</b>" if incident.drill else ""
        self.header.setText(
            f"<span style='color:{color}; font-weight:bold'>{incident.playbook.title}</span>{drill}<br>"
            # Severity and state are on the incident's row in the list (and in its colour): not repeated here,
            # so the details fit whole on a short dock.
            + _t("module %1 · triggered %2")
            .replace("%1", self._module_title(incident.module_id)).replace("%2", format_clock(incident.opened_at)))
        self.steps.setRowCount(len(incident.steps))
        for row, state in enumerate(incident.steps):
            error = reason_text(state.error) if state.error else _t("failed")
            result = {"ok": "✓ " + _t("ok"), "failed": "✗ " + error}.get(state.status, state.status)
            items = [QTableWidgetItem(state.step.describe()), QTableWidgetItem(result),
                     QTableWidgetItem(format_clock(state.finished_at or state.started_at))]
            if state.status == "failed":
                items[1].setForeground(OVERDUE_BRUSH)
                items[1].setToolTip(error)
            elif state.status == "ok":
                items[1].setForeground(OK_BRUSH)
            for column, item in enumerate(items):
                self.steps.setItem(row, column, item)
        self.steps.resizeRowsToContents()  # OBS's reason wraps instead of being cut off
        self.checks.setRowCount(len(incident.checks))
        for row, check in enumerate(incident.checks):
            self.checks.setItem(row, 0, QTableWidgetItem(check.check.text))
            self.checks.setItem(row, 1, QTableWidgetItem())
            self.checks.setItem(row, 2, QTableWidgetItem())
        self.update_countdowns()
        open_ = incident.open
        self.ack_button.setEnabled(incident.state == "open")
        self.check_button.setEnabled(open_ and any(c.done_at is None for c in incident.checks))
        self.resolve_button.setEnabled(open_)

    def _module_title(self, module_id: str | None) -> str:
        """The module's title in the show's script (its id when the script does not know it; — for none)."""
        script = getattr(getattr(self.facade, "session", None), "script", None)
        try:
            return script.module(module_id).title if module_id and script is not None else module_id or "—"
        except KeyError:
            return module_id

    def overdue_rows(self) -> list[int]:
        incident = self.selected()
        if incident is None:
            return []
        now = self.now()
        return [row for row, check in enumerate(incident.checks) if check.done_at is None and now > check.deadline]

    def update_countdowns(self) -> None:
        """Re-text the checklist's countdowns and the impact line (2 Hz timer and after every change)."""
        incident = self.selected()
        self.impact_label.setText(
            targets_display.impact_text(self.impact(incident, self.now())) if incident and self.impact else "")
        self._title_tabs(incident)
        if incident is None or self.checks.rowCount() != len(incident.checks):
            return
        now = self.now()
        for row, check in enumerate(incident.checks):
            due, done = self.checks.item(row, 1), self.checks.item(row, 2)
            if due is None or done is None:
                continue
            overdue = check.done_at is None and now > check.deadline
            if check.done_at is not None:
                due.setText(format_countdown(check.deadline - check.done_at))
                done.setText(f"✓ {format_clock(check.done_at)} {check.done_by or ''}".strip())
                brush = OK_BRUSH if check.done_at <= check.deadline else OVERDUE_BRUSH
            else:
                due.setText((_t("OVERDUE ") if overdue else "") + format_countdown(check.remaining(now)))
                done.setText("")
                brush = OVERDUE_BRUSH if overdue else None
            for column in range(3):
                item = self.checks.item(row, column)
                if overdue:
                    item.setBackground(OVERDUE_BRUSH)
                    item.setForeground(QBrush(QColor("white")))
                else:
                    item.setBackground(QBrush())
                    item.setForeground(brush if (brush is not None and column == 1) else QBrush())

    def _title_tabs(self, incident: Any | None) -> None:
        """The checklist's and the steps' tabs say what needs the operator: overdue checks, failed steps."""
        overdue = len(self.overdue_rows())
        failed = sum(1 for state in incident.steps if state.status == "failed") if incident is not None else 0
        checks, steps = self.tabs.indexOf(self.checks), self.tabs.indexOf(self.steps)
        self.tabs.setTabText(checks, _t("Checklist") + (f" ⚠{overdue}" if overdue else ""))
        self.tabs.setTabToolTip(checks, _t("{count} checks overdue").format(count=overdue) if overdue else "")
        self.tabs.setTabText(steps, _t("Steps") + (f" ✗{failed}" if failed else ""))
        self.tabs.setTabToolTip(steps, _t("{count} steps failed").format(count=failed) if failed else "")
        for table, alarm in ((self.checks, overdue), (self.steps, failed)):
            self.tabs.tabBar().setTabTextColor(self.tabs.indexOf(table), QColor(PROGRAM_RED) if alarm else QColor())
        # Every tab's title in view: the splitter gives the incident column what the tabs do not need.
        self.tabs.setMinimumWidth(self.tabs.tabBar().sizeHint().width() + 4)

    def _show_history(self) -> None:
        resolved = [i for i in reversed(self.runner.incidents) if not i.open]
        self.history.setRowCount(len(resolved))
        for row, incident in enumerate(resolved):
            times = incident.response_times()
            checks = ", ".join(f"{text}: {format_seconds(value)}" for text, value in times["checks_s"].items())
            title = incident.playbook.title + (f" ({_t('DRILL')})" if incident.drill else "")
            cells = [format_clock(incident.opened_at), title, format_seconds(times["first_action_s"]),
                     format_seconds(times["acknowledged_s"]),
                     (checks + " · " if checks else "") + _t("resolved") + " " + format_seconds(times["resolved_s"])]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, incident.id)
                self.history.setItem(row, column, item)

    # ----------------------------------------------------------- commands
    def _run(self, command: Callable[[], Any]) -> None:
        from console.contingency.runner import RunnerError

        try:
            command()
        except RunnerError as exc:
            window = self.window()
            if hasattr(window, "notify"):
                window.notify(str(exc), True)
        self.refresh()

    def acknowledge(self) -> None:
        incident = self.selected()
        if incident is not None:
            self._run(lambda: self.runner.acknowledge(incident.id, OPERATOR, self.now()))

    def complete_check(self) -> None:
        """Tick off the selected check row, or the first one not yet done."""
        incident = self.selected()
        if incident is None:
            return
        row = self.checks.currentRow()
        if not 0 <= row < len(incident.checks) or incident.checks[row].done_at is not None:
            pending = [i for i, c in enumerate(incident.checks) if c.done_at is None]
            if not pending:
                return
            row = pending[0]
        self._run(lambda: self.runner.complete_check(incident.id, row, OPERATOR, self.now()))

    def resolve(self) -> None:
        incident = self.selected()
        if incident is not None:
            self._run(lambda: self.runner.resolve(incident.id, OPERATOR, self.now()))

    def stop(self) -> None:
        self.countdown_timer.stop()
        self.bridge.detach()


def install_incident_ui(window: Any, session: Any, now: Callable[[], float] | None = None) -> dict[str, Any] | None:
    """Incident panel, playbook library and alarm banner for ``session`` (a ShowSession with ``.playbooks``).

    GUI thread. Adds both panels with ``window.add_panel`` (MainWindow) and puts
    the banner on its own unmovable toolbar row under the connection bar (the
    window has no central widget). Returns the widgets, or None without playbooks.
    """
    from ui.panels.playbook_library import PlaybookLibrary

    facade = getattr(session, "playbooks", None)
    if facade is None:
        return None
    now = now or show_clock_now(session)
    bridge = IncidentBridge(facade.runner, window)
    targets = getattr(session, "targets", None)
    impact = (lambda incident, at: targets.impact(incident.opened_at, at, incident.resolved_at)) if targets else None
    panel = IncidentPanel(facade, now, bridge, impact=impact)
    library = PlaybookLibrary(facade, now)
    banner = AlarmBanner(facade.runner, manage_visibility=False)
    bridge.opened.connect(lambda _incident: banner.update_from_runner())
    bridge.changed.connect(lambda _incident: banner.update_from_runner())
    bridge.escalated.connect(lambda _incident, _check: banner.escalate())
    library.drilled.connect(lambda _incident: panel.refresh())
    window.add_panel(panel, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.add_panel(library, Qt.DockWidgetArea.BottomDockWidgetArea)
    docks = window.docks
    # Tabbed with the charts: wide enough for steps and checklist side by side.
    anchor = docks.get("live_charts") or docks.get("event_log")
    if anchor is not None:
        window.tabifyDockWidget(anchor, docks[panel.panel_id])
    window.tabifyDockWidget(docks[panel.panel_id], docks[library.panel_id])
    docks[panel.panel_id].raise_()

    def bring_forward(incident: Any) -> None:
        if not incident.drill:  # a real incident takes the tab the operator can see
            docks[panel.panel_id].show()
            docks[panel.panel_id].raise_()

    bridge.opened.connect(bring_forward)
    window.restore_docks([panel, library])  # a saved layout overrides the tabs above
    toolbar = QToolBar(window)
    toolbar.setObjectName("alarmToolbar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.toggleViewAction().setVisible(False)
    toolbar.setStyleSheet("QToolBar#alarmToolbar { border: 0; padding: 0; spacing: 0; }")
    toolbar.addWidget(banner)
    # Its own row under the connection bar and the action toolbar, across the whole window.
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    # The row only shows while the alarm is raised: no empty strip when all is well.
    banner.active_changed.connect(toolbar.setVisible)
    banner.update_from_runner()
    toolbar.setVisible(banner.active)
    # Warning and info incidents: the compact strip in the status bar (never moves the panels); gone with the row.
    strip = IncidentStrip(facade.runner)
    for signal in (bridge.opened, bridge.changed):
        signal.connect(lambda _incident: strip.update_from_runner())
    window.statusBar().addWidget(strip, 1)
    toolbar.destroyed.connect(strip.deleteLater)
    window.refresh_default_layout()  # "reset layout" keeps the new docks and row
    return {"panel": panel, "library": library, "banner": banner, "bridge": bridge, "toolbar": toolbar,
            "strip": strip}
