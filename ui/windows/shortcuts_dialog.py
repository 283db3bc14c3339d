"""Help → Shortcuts (F1): every action with a key, read from the actions themselves."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget


def _t(text: str) -> str:
    # The dialog was part of the main window: the catalogues keep its texts in the MainWindow context.
    return QCoreApplication.translate("MainWindow", text)


class ShortcutsDialog(QDialog):
    """Help → Shortcuts: every action with a key, read from the actions themselves (never out of date)."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_t("Keyboard shortcuts"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([_t("Key"), _t("Action"), _t("Menu")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (key, text, group) in enumerate(rows):
            for column, value in enumerate((key, text, group)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
