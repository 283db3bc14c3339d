"""A show's panels in the console window: timeline, script, KPIs, charts, comments, the Start action.

:func:`attach_show` is the one entry point the application calls when a show
is loaded (File → Open show…, a resumed show, the demo); :meth:`ShowPanels.detach`
takes them out again when another show replaces it. It builds the :class:`SessionBridge` and the
:class:`ShowClock`, adds the timeline, script, KPI, chart and comment
panels with :meth:`MainWindow.add_panel` (restored from the saved layout), and adds two actions to the
window's toolbar: **Start show** (F5 — a show never starts by itself) and
**Teleprompter** (Ctrl+T, a window for the anchor's screen).

Closing: :meth:`ShowPanels.shutdown` stops the clock at once, then closes
the session (it waits for OBS's last answers and flushes the recorder) on a
``show-close`` worker: the GUI thread never waits for it. Shutdown of the
window waits for that worker up to :data:`CLOSE_WAIT_S`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

from ui.bridges.session_bridge import SessionBridge, ShowClock
from ui.panels.comment_feed import CommentFeed
from ui.panels.kpi_tiles import KpiTiles
from ui.panels.live_charts import LiveCharts
from ui.panels.quick_entry import QuickEntry
from ui.panels.products_panel import ProductsPanel
from ui.panels.script_panel import ScriptPanel
from ui.panels.timeline_panel import TimelinePanel
from ui.windows.anchor_screen import AnchorScreen
from ui.windows.main_window import ShortcutInfo
from ui.windows.teleprompter_window import TeleprompterWindow
from ui.workers import Job, Workers

log = logging.getLogger(__name__)

#: How long closing the window waits for the session to close (OBS answers,
#: last flush). Past that the worker finishes on its own; nothing acknowledged
#: is lost, the recorder's close still flushes.
CLOSE_WAIT_S = 3.0


def _t(text: str) -> str:
    # The translation context keeps the panels' former class name: the catalogues (resources/i18n) use it.
    return QCoreApplication.translate("ShowConsole", text)


class ShowPanels:
    """The show's part of the window (GUI thread)."""

    def __init__(self, window: Any, session: Any) -> None:
        self.window = window
        self.session = session
        self.bridge = SessionBridge(session)
        self.clock = ShowClock(session)
        self.timeline = TimelinePanel(session, self.clock, self.bridge)
        self.script = ScriptPanel(session, self.clock, self.bridge)
        self.kpis = KpiTiles(session, self.clock, self.bridge)
        self.charts = LiveCharts(session, self.clock, self.bridge, obs_bridge=getattr(window, "bridge", None))
        self.comments = CommentFeed(session, self.bridge)
        self.quick_entry = QuickEntry(session, gmv_from_orders=lambda: (  # typed online/GMV (Ctrl+M), issue 14 point 6
            self.kpis.snapshot.tiles["gmv"].value if self.kpis.snapshot is not None else None))
        self.products = ProductsPanel(session, self.clock, self.bridge)  # stock, selling reminders (issue 16)
        self.teleprompter: TeleprompterWindow | None = None
        self.anchor_screen: AnchorScreen | None = None  # open_anchor_screen()
        self.incident_ui: dict[str, Any] | None = None  # install_incidents()
        self.proposal_ui: dict[str, Any] | None = None  # install_proposals()
        self._closed = False
        self._detached = False
        self._help_actions: list[QAction] = []  # key-only rows in Help → Shortcuts
        self._toolbar_separator: QAction | None = None

        for panel, area in ((self.timeline, Qt.DockWidgetArea.TopDockWidgetArea),
                            (self.kpis, Qt.DockWidgetArea.RightDockWidgetArea),
                            (self.comments, Qt.DockWidgetArea.RightDockWidgetArea),
                            (self.quick_entry, Qt.DockWidgetArea.RightDockWidgetArea),
                            (self.script, Qt.DockWidgetArea.RightDockWidgetArea),
                            (self.products, Qt.DockWidgetArea.RightDockWidgetArea),
                            (self.charts, Qt.DockWidgetArea.BottomDockWidgetArea)):
            window.add_panel(panel, area)
        if not window.restore_docks([self.timeline, self.kpis, self.comments, self.quick_entry, self.script,
                                     self.products, self.charts]):
            self.default_arrangement()
        self.start_action = QAction(window)
        self.start_action.setObjectName("startShow")
        self.start_action.setShortcut(QKeySequence("F5"))
        self.start_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.start_action.triggered.connect(self.start_show)
        self.prompter_action = QAction(window)
        self.prompter_action.setObjectName("teleprompter")
        self.prompter_action.setShortcut(QKeySequence("Ctrl+T"))
        self.prompter_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.prompter_action.triggered.connect(self.open_teleprompter)
        self.anchor_action = QAction(window)  # the anchor's confidence monitor (ui.windows.anchor_screen)
        self.anchor_action.setObjectName("anchorScreen")
        self.anchor_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.anchor_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.anchor_action.triggered.connect(self.open_anchor_screen)
        for action in (self.start_action, self.prompter_action, self.quick_entry.focus_action, self.anchor_action):
            window.addAction(action)
        toolbar = getattr(window, "action_toolbar", None)
        if toolbar is not None:
            first = toolbar.actions()[0] if toolbar.actions() else None
            toolbar.insertAction(first, self.start_action)
            toolbar.insertAction(first, self.prompter_action)
            toolbar.insertAction(first, self.anchor_action)
            self._toolbar_separator = toolbar.insertSeparator(first)
        shortcuts = getattr(window, "shortcuts", None)
        if shortcuts is not None:
            shortcuts.append(ShortcutInfo(self.start_action, "control"))
            shortcuts.append(ShortcutInfo(self.prompter_action, "view"))
            shortcuts.append(ShortcutInfo(self.quick_entry.focus_action, "control"))
            shortcuts.append(ShortcutInfo(self.anchor_action, "view"))
            for text, key in ((_t("Next module"), "N"), (_t("Hold / resume"), "H"),
                              (_t("Extend the module by 1 min"), "E"), (_t("Shorten the module by 1 min"), "Shift+E"),
                              (_t("Acknowledge the selling reminder"), "K")):
                # The timeline's own shortcuts, listed in Help → Shortcuts through a key-only action.
                info_action = QAction(text, window)
                info_action.setShortcut(QKeySequence(key))
                info_action.setEnabled(False)
                shortcuts.append(ShortcutInfo(info_action, "control"))
                self._help_actions.append(info_action)
        self.clock.started.connect(self._on_started)
        self.retranslate()
        window.refresh_default_layout()

    def default_arrangement(self) -> None:
        """Room for the cameras: charts share a tab with the log, the script with the comments, KPIs with the mixer."""
        window, docks = self.window, self.window.docks
        if "event_log" in docks:
            window.tabifyDockWidget(docks["event_log"], docks["live_charts"])
            docks["live_charts"].raise_()
        window.tabifyDockWidget(docks["comment_feed"], docks["script"])
        window.tabifyDockWidget(docks["comment_feed"], docks["quick_entry"])
        window.tabifyDockWidget(docks["comment_feed"], docks["products"])
        docks["comment_feed"].raise_()
        if "audio_mixer" in docks:
            window.tabifyDockWidget(docks["audio_mixer"], docks["kpi_tiles"])
            docks["kpi_tiles"].raise_()

    def retranslate(self) -> None:
        self.start_action.setText(_t("Start show (F5)"))
        self.start_action.setToolTip(_t("Start the run of show: the first module goes on air"))
        self.prompter_action.setText(_t("Teleprompter"))
        self.anchor_action.setText(_t("Anchor's screen"))
        self.anchor_action.setToolTip(_t("A confidence monitor for the anchor: countdown, next cue, product, questions"))

    def _on_started(self) -> None:
        self.start_action.setEnabled(False)

    def start_show(self) -> None:
        if self.clock.start_show():
            notify = getattr(self.window, "notify", None)
            if notify is not None:
                notify(_t("Show started: {title}").format(title=self.session.script.show.title), False)

    def resume_show(self) -> bool:
        """Continue an interrupted show (a session from ``ShowSession.from_recovery``) on its recorded clock."""
        if not self.clock.resume_show():
            return False
        notify = getattr(self.window, "notify", None)
        if notify is not None:
            notify(_t("Show resumed: {title}").format(title=self.session.script.show.title), False)
        return True

    def install_incidents(self) -> dict[str, Any] | None:
        """The contingency UI (issue 7) for this show: incident panel, playbook library, alarm row."""
        from ui.panels.incident_panel import install_incident_ui

        self.incident_ui = install_incident_ui(self.window, self.session)
        return self.incident_ui

    def install_proposals(self) -> dict[str, Any] | None:
        """The adjustment rules' proposal banner (issue 15) for this show; None when it has no rules."""
        from ui.panels.proposal_banner import install_proposal_banner

        self.proposal_ui = install_proposal_banner(self.window, self.session, self.clock)
        return self.proposal_ui

    @property
    def panel_ids(self) -> list[str]:
        ids = [panel.panel_id for panel in (self.timeline, self.kpis, self.comments, self.quick_entry, self.script,
                                            self.products,
                                            self.charts)]
        if self.incident_ui is not None:
            ids += [self.incident_ui["panel"].panel_id, self.incident_ui["library"].panel_id]
        return ids

    def detach(self) -> None:
        """Take the show's panels, actions and alarm row out of the window (after :meth:`shutdown`).

        GUI thread. The window is left as it was before :func:`attach_show`:
        the docks are unregistered (their state saved for the next show), the
        Start/Teleprompter actions and their Help rows removed, the alarm row
        and its toolbar break gone. Safe to call twice.
        """
        if self._detached:
            return
        self._detached = True
        if not self._closed:
            self.shutdown()
        window = self.window
        obs_bridge = getattr(window, "bridge", None)
        if obs_bridge is not None:
            try:
                obs_bridge.obs_event.disconnect(self.charts._on_obs_event)
            except (RuntimeError, TypeError):
                pass  # never connected (no OBS bridge) or already gone with the widget
        if self.proposal_ui is not None:
            from ui.panels.proposal_banner import remove_proposal_banner

            remove_proposal_banner(window, self.proposal_ui)
            self.proposal_ui = None
        if self.incident_ui is not None:
            parts = self.incident_ui
            parts["bridge"].detach()
            parts["panel"].stop()
            parts["banner"].stop()
            toolbar = parts["toolbar"]
            if hasattr(window, "removeToolBarBreak"):
                window.removeToolBarBreak(toolbar)
                window.removeToolBar(toolbar)
            toolbar.deleteLater()
            parts["bridge"].deleteLater()
        unregister = getattr(window, "unregister_panel", None)
        if unregister is not None:
            for panel_id in self.panel_ids:
                unregister(panel_id)
        toolbar = getattr(window, "action_toolbar", None)
        removed = [self.start_action, self.prompter_action, self.quick_entry.focus_action, self.anchor_action,
                   *self._help_actions]
        for action in removed:
            window.removeAction(action)
            if toolbar is not None:
                toolbar.removeAction(action)
        if toolbar is not None and self._toolbar_separator is not None:
            toolbar.removeAction(self._toolbar_separator)
        shortcuts = getattr(window, "shortcuts", None)
        if shortcuts is not None:
            shortcuts[:] = [info for info in shortcuts if info.action not in removed]
        for action in removed:
            action.deleteLater()
        if self.teleprompter is not None:
            self.teleprompter.deleteLater()
            self.teleprompter = None
        if self.anchor_screen is not None:
            self.anchor_screen.deleteLater()
            self.anchor_screen = None
        self.bridge.deleteLater()
        self.clock.deleteLater()
        window.refresh_default_layout()

    def open_teleprompter(self) -> TeleprompterWindow:
        if self.teleprompter is None:
            self.teleprompter = TeleprompterWindow(self.session, self.clock, self.bridge,
                                                   settings=getattr(self.window, "settings", None))
        self.teleprompter.show()
        self.teleprompter.raise_()
        return self.teleprompter

    def open_anchor_screen(self) -> AnchorScreen:
        if self.anchor_screen is None:
            self.anchor_screen = AnchorScreen(self.session, self.clock, self.bridge)
        self.anchor_screen.show()
        self.anchor_screen.raise_()
        return self.anchor_screen

    def shutdown(self, workers: Workers | None = None) -> Job | None:
        """Stop the clock and timers now; close the session on a ``show-close`` worker (never waited for here).

        ``workers``: the owner's (ui.windows.show_host), so that its shutdown
        waits for the close, up to :data:`CLOSE_WAIT_S`, before the database
        closes. Returns the job (None when already shut down).
        """
        if self._closed:
            return None
        self._closed = True
        self.clock.stop()
        self.charts.stop()
        self.kpis.stop()
        self.products.stop()
        if self.incident_ui is not None:
            self.incident_ui["panel"].stop()
            self.incident_ui["banner"].stop()
        self.bridge.detach()
        if self.teleprompter is not None:
            self.teleprompter.close()
        if self.anchor_screen is not None:
            self.anchor_screen.close()
        mono = time.monotonic()

        session = self.session

        def close() -> None:
            try:
                session.close(mono)
            except Exception:
                log.exception("closing the show failed")

        return (workers or Workers()).start("show-close", close, wait_s=CLOSE_WAIT_S)


def attach_show(window: Any, session: Any) -> ShowPanels:
    """Add the show's panels and actions to ``window`` (a MainWindow); GUI thread."""
    return ShowPanels(window, session)

