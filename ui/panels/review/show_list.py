"""The list of recorded shows and rehearsals (the review window's left side)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from console.review.records import ShowSummary
from console.review.svg import clock_label
from ui.panels.base import Panel
from ui.panels.review.shown_review import ShownReview


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


class ShowListPanel(Panel):
    panel_id = "review_show_list"

    #: The operator selected a show (its id); GUI thread.
    show_chosen = Signal(str)

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 6)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selected)
        layout.addWidget(self.table)
        shown.shows_listed.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Select a show")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_t("date"), _t("script"), _t("kind"), _t("duration"), _t("GMV"),
                                              _t("incidents")])

    def refresh(self) -> None:
        summaries: list[ShowSummary] = self.shown.summaries
        self.table.blockSignals(True)
        self.table.setRowCount(len(summaries))
        for row, summary in enumerate(summaries):
            show = summary.show
            values = (dt.datetime.fromtimestamp(show.started_at).strftime("%Y-%m-%d %H:%M"), show.title,
                      _t("rehearsal") if show.kind == "rehearsal" else _t("live"),
                      clock_label(show.duration_s), f"{summary.gmv:.2f}", str(summary.incident_count))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)

    def select(self, show_id: str) -> bool:
        """Select the row of ``show_id`` (which opens it, as a click does); False when it is not listed."""
        for row, summary in enumerate(self.shown.summaries):
            if summary.id == show_id:
                self.table.selectRow(row)
                return True
        return False

    def _on_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.show_chosen.emit(self.shown.summaries[rows[0].row()].id)
