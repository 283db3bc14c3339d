"""The current module's script: talking points with banned wording marked, and its products with prices.

The talking points are checked with the compliance matcher when the module
changes (not per tick): a hit is underlined on a red background and its
category shows in the tooltip-free legend below, so the anchor's producer sees
at a glance what must not be read out as written.
"""

from __future__ import annotations

import html
from typing import Any, Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget

from ui.panels.base import Panel
from ui.theme import BANNED_WORDING_BACKGROUND, RISKY_WORDING_BACKGROUND, STATUS_WARN


def _t(text: str) -> str:
    return QCoreApplication.translate("ScriptPanel", text)


def highlight_html(text: str, hits: Iterable[Any]) -> str:
    """``text`` as HTML with every hit (``start``/``end`` offsets in ``text``) marked; line breaks kept."""
    parts: list[str] = []
    position = 0
    for hit in sorted(hits, key=lambda hit: hit.start):
        if hit.start < position:
            continue  # overlapping hits: the first one wins
        parts.append(html.escape(text[position:hit.start]))
        background = (BANNED_WORDING_BACKGROUND if getattr(hit, "severity", "banned") in ("banned", "error")
                      else RISKY_WORDING_BACKGROUND)
        parts.append(f'<span style="background-color:{background}; text-decoration: underline;">'
                     f"{html.escape(text[hit.start:hit.end])}</span>")
        position = hit.end
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\n", "<br>")


def find_hits(matcher: Any, text: str) -> list[Any]:
    if matcher is None or not text:
        return []
    return list(matcher.find(text))


def format_price(value: float | None) -> str:
    if value is None:
        return "—"
    return f"¥{value:,.0f}" if float(value).is_integer() else f"¥{value:,.2f}"


class ScriptPanel(Panel):
    panel_id = "script"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    def __init__(self, session: Any, clock: Any, bridge: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.script = session.script
        self.matcher = session.matcher
        self.module_id: str | None = None
        self.hits: list[Any] = []

        self.heading = QLabel(self)
        self.heading.setObjectName("scriptHeading")
        self.heading.setWordWrap(True)
        self.points = QTextBrowser(self)
        self.points.setObjectName("scriptTalkingPoints")
        self.points.setOpenLinks(False)
        self.wording = QLabel(self)
        self.wording.setObjectName("scriptWording")
        self.wording.setWordWrap(True)
        self.products = QTableWidget(0, 4, self)
        self.products.setObjectName("scriptProducts")
        self.products.verticalHeader().hide()
        self.products.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.products.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.products.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.points, 1)
        layout.addWidget(self.wording)
        layout.addWidget(self.products)

        clock.ticked.connect(self._on_tick)
        if bridge is not None:
            bridge.changed.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Script")

    def retranslate(self) -> None:
        self.products.setHorizontalHeaderLabels([_t("SKU"), _t("Product"), _t("Price"), _t("Live price")])
        self.module_id = None
        self.refresh()

    def _on_tick(self, _mono: float) -> None:
        module = self._module()
        if (module.id if module is not None else None) != self.module_id:
            self.refresh()

    def _module(self) -> Any:
        module = self.session.runtime.run_of_show.current_module
        if module is None and not self.session.started and self.script.modules:
            return self.script.modules[0]  # before the start: the opening, to rehearse from
        return module

    def refresh(self) -> None:
        module = self._module()
        self.module_id = module.id if module is not None else None
        if module is None:
            self.heading.setText(_t("No module on"))
            self.points.setHtml("")
            self.wording.setText("")
            self.products.setRowCount(0)
            return
        prefix = "" if self.session.started else _t("(not started) ")
        self.heading.setText(f"<b>{prefix}{html.escape(module.title)}</b> · {html.escape(module.type)}")
        self.hits = find_hits(self.matcher, module.talking_points)
        self.points.setHtml(f'<div style="font-size: 13pt; line-height: 140%;">'
                            f"{highlight_html(module.talking_points.rstrip(), self.hits)}</div>")
        if self.hits:
            terms = "、".join(dict.fromkeys(f"{hit.term} ({hit.category})" for hit in self.hits))
            self.wording.setText(_t("⚠ Wording to avoid: {terms}").format(terms=terms))
            self.wording.setStyleSheet(f"color: {STATUS_WARN};")
        else:
            self.wording.setText("")
        products = self.script.products_of(module)
        self.products.setRowCount(len(products))
        for row, product in enumerate(products):
            values = (product.sku, product.name, format_price(product.price), format_price(product.live_price))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3 and product.live_price is not None:
                    item.setForeground(Qt.GlobalColor.green)
                self.products.setItem(row, column, item)
        self.products.setVisible(bool(products))
        self.products.resizeColumnToContents(0)
