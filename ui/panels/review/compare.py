"""Compare the shown show with another one: timing per module, and the KPIs per module type side by side."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from console.review import compare
from ui.panels.base import Panel
from ui.panels.review.shown_review import ShownReview


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


class ComparePanel(Panel):
    panel_id = "review_compare"

    #: The operator asked to compare the shown show with another (its id); GUI thread.
    compare_requested = Signal(str)

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.compare_label = QLabel()
        row.addWidget(self.compare_label)
        self.combo = QComboBox()
        row.addWidget(self.combo, 1)
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(self._on_compare_clicked)
        row.addWidget(self.compare_button)
        layout.addLayout(row)
        self.timing_label = QLabel()
        layout.addWidget(self.timing_label)
        self.timing_table = QTableWidget(0, 6)
        self.timing_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.timing_table, 1)
        self.type_label = QLabel()
        layout.addWidget(self.type_label)
        self.type_table = QTableWidget(0, 0)
        self.type_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.type_table, 1)
        shown.shows_listed.connect(self._fill_choices)
        shown.compared.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Compare")

    def retranslate(self) -> None:
        self.compare_label.setText(_t("Compare with:"))
        self.compare_button.setText(_t("Compare"))
        if self.timing_table.rowCount() == 0:
            self.timing_table.setHorizontalHeaderLabels([_t("module"), _t("title"), _t("planned s"), "", "",
                                                         _t("difference s")])
        self.type_label.setText(_t("KPIs per module type"))

    def _fill_choices(self) -> None:
        self.combo.clear()
        for summary in self.shown.summaries:
            self.combo.addItem(f"{summary.show.title} · {summary.show.kind} · "
                               f"{dt.datetime.fromtimestamp(summary.show.started_at):%Y-%m-%d %H:%M}", summary.id)

    def _on_compare_clicked(self) -> None:
        other_id = self.combo.currentData()
        if self.shown.review is None or other_id is None:
            return
        self.compare_requested.emit(other_id)

    def refresh(self) -> None:
        """Show the last comparison (``shown.comparison``)."""
        if self.shown.comparison is None:
            return
        timing, by_type, other_title = self.shown.comparison
        self.timing_label.setText(_t("Timing per module: planned, {0}, {1} ({2})").format(
            timing.left_label, timing.right_label, other_title))
        self.timing_table.setHorizontalHeaderLabels([_t("module"), _t("title"), _t("planned s"),
                                                     f"{timing.left_label} s", f"{timing.right_label} s",
                                                     _t("difference s")])
        self.timing_table.setRowCount(len(timing.rows))
        for row_index, row in enumerate(timing.rows):
            values = (row.module_id, row.title, _seconds(row.planned_s), _seconds(row.left_s), _seconds(row.right_s),
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
