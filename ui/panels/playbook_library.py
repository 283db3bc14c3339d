"""The loaded playbooks (id, title, detector, severity) with a Drill button.

Receives the show's ``playbooks`` facade (SessionPlaybooks). A drill runs the
playbook's real steps through the runner, marked as a drill (the alarm banner
ignores it; the review keeps it apart), on the GUI thread with the show
clock's ``now``.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ui.panels.base import Panel

OPERATOR = "operator"


def _t(text: str) -> str:
    return QCoreApplication.translate("PlaybookLibrary", text)


class PlaybookLibrary(Panel):
    panel_id = "playbooks"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    drilled = Signal(object)  # the drill Incident

    def __init__(self, facade: Any, now: Callable[[], float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facade = facade
        self.now = now
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("playbookTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("playbookDiagnostics")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)
        layout.addWidget(self.problems)
        self.drill_buttons: dict[str, QPushButton] = {}
        self.retranslate()

    def title(self) -> str:
        return _t("Playbooks")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_t("Id"), _t("Title"), _t("Detector"), _t("Severity"), ""])
        self.refresh()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)

    def refresh(self) -> None:
        playbooks = list(self.facade.playbooks)
        self.table.setRowCount(len(playbooks))
        self.drill_buttons = {}
        for row, playbook in enumerate(playbooks):
            for column, text in enumerate((playbook.id, playbook.title, playbook.trigger.detector, playbook.severity)):
                item = QTableWidgetItem(text)
                item.setToolTip(playbook.file)
                self.table.setItem(row, column, item)
            button = QPushButton(_t("Drill"))
            button.setObjectName(f"drill_{playbook.id}")
            button.clicked.connect(lambda _checked=False, pid=playbook.id: self.drill(pid))
            self.table.setCellWidget(row, 4, button)
            self.drill_buttons[playbook.id] = button
        if self.drill_buttons:  # rows as tall as a button: a taller button laid over the next row's
            rows = self.table.verticalHeader()
            rows.setDefaultSectionSize(max(rows.defaultSectionSize(), next(iter(self.drill_buttons.values()))
                                           .sizeHint().height() + 2))
        diagnostics = [str(d) for d in getattr(self.facade, "diagnostics", [])]
        self.problems.setText("\n".join(diagnostics))
        self.problems.setVisible(bool(diagnostics))

    def drill(self, playbook_id: str) -> Any:
        from console.contingency.runner import RunnerError

        try:
            incident = self.facade.drill(playbook_id, self.now(), who=OPERATOR)
        except RunnerError as exc:
            window = self.window()
            if hasattr(window, "notify"):
                window.notify(str(exc), True)
            return None
        self.drilled.emit(incident)
        return incident
