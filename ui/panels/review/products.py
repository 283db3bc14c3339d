"""The product table of the shown show (issue 16 point 4): per product, then per category.

The figures are :func:`console.commerce.review.csv_rows` (the product CSV's
rows), computed on the review window's worker with the show and handed over
in :attr:`ShownReview.products`; this panel only lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from console.commerce.review import CATEGORY_ROW_PREFIX
from ui.panels.base import Panel
from ui.panels.review.shown_review import ShownReview

#: (csv column, right-aligned) in display order.
COLUMNS = (("sku", False), ("name", False), ("category", False), ("orders", True), ("qty", True), ("gmv", True),
           ("refunds", True), ("explain_s", True), ("orders_after_explain", True), ("stock_start", True),
           ("stock_end", True), ("clicks", True))


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewProducts", text)


def headers() -> list[str]:
    names = {"sku": _t("SKU"), "name": _t("Product"), "category": _t("Category"), "orders": _t("Orders"),
             "qty": _t("Qty"), "gmv": _t("GMV"), "refunds": _t("Refunds"), "explain_s": _t("Explained (s)"),
             "orders_after_explain": _t("Orders after explain"), "stock_start": _t("Stock at start"),
             "stock_end": _t("Stock at end"), "clicks": _t("Clicks")}
    return [names[column] for column, _right in COLUMNS]


class ProductTablePanel(Panel):
    panel_id = "review_products"

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        self.note = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        shown.review_changed.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Products")

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(headers())
        self.refresh()

    def refresh(self) -> None:
        rows = getattr(self.shown, "products", None) or []
        self.note.setText(_t("This show's script has no products."))
        self.note.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.table.setRowCount(len(rows))
        for row_index, row in enumerate(rows):
            category_row = row["sku"].startswith(CATEGORY_ROW_PREFIX)
            for column_index, (column, right) in enumerate(COLUMNS):
                text = row[column]
                if category_row and column == "sku":
                    text = _t("Category")
                item = QTableWidgetItem(text)
                if right:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if category_row:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row_index, column_index, item)
        self.table.resizeColumnsToContents()
