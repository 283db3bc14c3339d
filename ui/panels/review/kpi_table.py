"""The KPI table of the shown show: one row per module run, then the total (the shared KPI code's figures).

With targets (``shown.targets``, console.targets.recorded): a targeted KPI's
cell takes its status colour, and one ``status_<kpi>`` column per targeted KPI
(as in the CSV) says it in a mark and a word, readable without colour.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from console.review import kpi_adapter
from ui.panels import targets_display as shown_status
from ui.panels.base import Panel
from ui.panels.review.column_titles import column_title
from ui.panels.review.shown_review import ShownReview


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


class KpiTablePanel(Panel):
    panel_id = "review_kpi_table"

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(kpi_adapter.CSV_COLUMNS))
        self.table.setHorizontalHeaderLabels([column_title(column) for column in kpi_adapter.CSV_COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        #: Why there is no table (the shared KPI code's reason), shown instead of an empty table.
        self.note = QLabel()
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        shown.review_changed.connect(self.refresh)

    def title(self) -> str:
        return _t("Plan && KPIs")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([column_title(column) for column in kpi_adapter.CSV_COLUMNS])

    def refresh(self) -> None:
        review = self.shown.review
        if review is None:
            return
        rows = kpi_adapter.formatted_rows(review.kpis)
        self.note.setText(kpi_adapter.unavailable_reason(review.kpis))
        self.note.setVisible(not rows)
        columns = kpi_adapter.CSV_COLUMNS
        view = getattr(self.shown, "targets", None)
        targeted = view.targets.kpi_names() if view is not None and view.targets is not None else ()
        statuses = view.statuses if targeted else ()
        self.table.setColumnCount(len(columns) + len(targeted))
        self.table.setHorizontalHeaderLabels([column_title(column) for column in columns]
                                             + [column_title(f"status_{name}") for name in targeted])
        if view is not None and view.problem:
            self.note.setText(view.problem)
            self.note.setVisible(True)
        self.table.setRowCount(len(rows))
        for row_index, row in enumerate(rows):
            status = statuses[row_index] if row_index < len(statuses) else {}
            for offset, name in enumerate(targeted):
                value = status.get(name)
                item = QTableWidgetItem(f"{shown_status.status_mark(value)} {shown_status.status_word(value)}".strip())
                if value:
                    item.setForeground(QBrush(QColor(shown_status.status_colour(value))))
                self.table.setItem(row_index, len(columns) + offset, item)
            for column_index, column in enumerate(columns):
                item = QTableWidgetItem(row[column])
                if column not in ("module_id", "type", "title"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if status.get(column):
                    item.setForeground(QBrush(QColor(shown_status.status_colour(status[column]))))
                if row["module_id"] == "TOTAL":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row_index, column_index, item)
        self.table.resizeColumnsToContents()
