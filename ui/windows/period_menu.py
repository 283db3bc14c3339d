"""Issue 17 in the console window: File → Anchors… (Ctrl+Shift+K), File → Run a drill… for a rehearsal
that has not started, and the room's open action items told when a show opens.

Everything that reads a file or the database runs on the host's workers (:mod:`ui.workers`); the GUI
thread only builds windows and shows what came back.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.windows.anchors_window import AnchorsWindow

#: How often the menu looks for a newly opened show (to tell its action items once).
SHOW_CHECK_INTERVAL_MS = 1000


def _t(text: str) -> str:
    return QCoreApplication.translate("PeriodMenu", text)


class PeriodMenu(QObject):
    """GUI thread. ``window``: the MainWindow; ``host``: its ShowHost (engine, station, the open show)."""

    def __init__(self, window: Any, host: Any, *, choose_file: Callable[[], str] | None = None,
                 inform: Callable[[str, str], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.choose_file = choose_file or self._choose_file
        self.inform = inform or (lambda title, text: QMessageBox.information(self.window, title, text))
        self.anchors_window: AnchorsWindow | None = None
        self.anchors_action = QAction(window)
        self.anchors_action.setObjectName("anchorsWindow")
        self.anchors_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.anchors_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.anchors_action.triggered.connect(lambda _checked=False: self.open_anchors())
        self.drill_action = QAction(window)
        self.drill_action.setObjectName("runDrill")
        self.drill_action.triggered.connect(lambda _checked=False: self.choose_drill())
        window.addAction(self.anchors_action)
        window.file_menu.insertAction(window.settings_action, self.anchors_action)
        window.file_menu.insertAction(window.settings_action, self.drill_action)
        window.installEventFilter(self)
        self._told_for: Any = None
        self._check = QTimer(self)
        self._check.setInterval(SHOW_CHECK_INTERVAL_MS)
        self._check.timeout.connect(self.check_new_show)
        self._check.start()
        self.retranslate()

    def retranslate(self) -> None:
        self.anchors_action.setText(_t("&Anchors…"))
        self.anchors_action.setToolTip(_t("Anchors' scorecards, trends, tier suggestions and action items"))
        self.drill_action.setText(_t("Run a &drill…"))
        self.drill_action.setToolTip(_t("Faults injected into this rehearsal on a schedule; scored afterwards"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    # ------------------------------------------------------------ anchors
    def open_anchors(self) -> AnchorsWindow:
        if self.anchors_window is None:
            self.anchors_window = AnchorsWindow(self.host.engine)
            self.anchors_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.anchors_window.destroyed.connect(self._forget)
        else:
            self.anchors_window.refresh()
        self.anchors_window.show()
        self.anchors_window.raise_()
        return self.anchors_window

    def _forget(self, *_args: Any) -> None:
        self.anchors_window = None

    # ------------------------------------------------------------ drills
    def _choose_file(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(self.window, _t("Run a drill"), "", _t("Drill files (*.yaml *.yml)"))
        return path

    def choose_drill(self) -> None:
        panels = self.host.panels
        session = panels.session if panels is not None else None
        if session is None or session.kind != "rehearsal" or session.started:
            self.inform(_t("Run a drill"), _t("A drill runs in a rehearsal, set up before its start: open a "
                                              "rehearsal first, then choose the drill, then start."))
            return
        path = self.choose_file()
        if not path:
            return
        from console.drills.loader import load_drill_file

        self.host.workers.start("drill-load", lambda: load_drill_file(path),
                                returned=lambda result: self._drill_loaded(session, path, result),
                                errored=lambda error: self.window.notify(str(error), True))

    def _drill_loaded(self, session: Any, path: str, result: tuple[Any, list[Any]]) -> None:
        from console.drills.trainer import FaultTrainer

        drill, diagnostics = result
        if drill is None:
            self.window.notify(_t("The drill has errors: %1").replace("%1", "; ".join(map(str, diagnostics[:3]))), True)
            return
        if session.started or self.host.panels is None or self.host.panels.session is not session:
            self.window.notify(_t("The rehearsal started or closed before the drill was read; not armed"), True)
            return
        session.drill = FaultTrainer(drill)
        self.window.notify(_t("Drill %1 armed: %2 faults; they start with the rehearsal")
                           .replace("%1", drill.title).replace("%2", str(len(drill.faults))), False)

    # ------------------------------------------------------------ action items
    def check_new_show(self) -> None:
        panels = self.host.panels
        session = panels.session if panels is not None else None
        if session is None or session is self._told_for:
            return
        self._told_for = session
        from console.anchors.actions import open_for

        room, anchor = session.runtime.room, session.runtime.anchor
        self.host.workers.start("action-items", lambda: open_for(self.host.engine, room=room, anchor=anchor),
                                returned=self._tell_items)

    def _tell_items(self, items: list[Any]) -> None:
        for item in items:
            scope = f"{item.module_type} " if item.module_type else ""
            bound = "≥" if item.bound == "min" else "≤"
            self.window.notify(_t("To act on this show: %1 (%2)").replace("%1", item.text)
                               .replace("%2", f"{scope}{item.kpi} {bound} {item.target:g}"), False)

    def close(self) -> None:
        self._check.stop()
        if self.anchors_window is not None:
            self.anchors_window.close()
