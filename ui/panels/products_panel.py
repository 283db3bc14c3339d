"""Products: live stock, selling-cue reminders and flash sales (issue 16 points 2–4).

Reads ``session.commerce`` (console.commerce.live.ShowCommerce) on the GUI
thread — the window's tick runs there, so the core object is never read
while it changes. Text refreshes on its own slow timer
(:data:`TEXT_REFRESH_MS`), never per event.

- The reminder strip lists the open reminders, newest prompt first: "讲解
  A-1 修护精华液 · 3rd time". A new prompt (a cue, or the re-arm every
  ``every``) flashes the strip and, when **Sound** is on, rings the system
  bell (``QApplication.beep``: PySide6-Essentials has no QtMultimedia, as in
  the alarm banner). **K** acknowledges the oldest one (the card was pushed);
  the acknowledgement is recorded with who did it.
- A flash sale shows its countdown and the units left.
- The table: stock per product with a word beside the colour (低库存 / 售罄:
  readable without colour), orders, quantity, GMV, explain time, orders
  within 5 minutes of an explain cue.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.panels.base import Panel
from ui.theme import REMINDER_BACKGROUND, REMINDER_FLASH_BACKGROUND, STATUS_BAD, STATUS_WARN

#: Text refresh period (2 Hz: as fast as a figure can be read; an 8 s re-arm is seen within half a second).
TEXT_REFRESH_MS = 500
#: How long the strip stays highlighted after a prompt.
FLASH_MS = 1500
#: The one key that acknowledges the oldest reminder (free in the window: see Help → Shortcuts).
ACK_KEY = "K"
COLUMNS = ("sku", "name", "stock", "orders", "qty", "gmv", "explain", "after_explain")


def _t(text: str) -> str:
    return QCoreApplication.translate("ProductsPanel", text)


def action_label(do: str) -> str:
    return {"explain": _t("Explain"), "link_up": _t("Link up"), "lucky_bag": _t("Lucky bag"),
            "flash_sale": _t("Flash sale")}.get(do, do)


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))  # a countdown shows 0:01 until it is over
    return f"{seconds // 60}:{seconds % 60:02d}"


class ProductsPanel(Panel):
    scroll_when_short = True  # behind a tab in every workspace: scrolls rather than stretch the window
    panel_id = "products"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    def __init__(self, session: Any, clock: Any, bridge: Any | None = None) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.commerce = session.commerce
        self._seen_prompts: dict[int, int] = {}
        self.beeps = 0  # counted so tests can see the audible prompt was asked for
        self.flashing = False

        self.reminder_title = QLabel(self)
        self.reminder_label = QLabel(self)
        self.reminder_label.setObjectName("reminderStrip")
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.reminder_label.font()
        font.setPointSize(max(12, int(font.pointSize() * 1.3)))
        font.setBold(True)
        self.reminder_label.setFont(font)
        self.ack_button = QPushButton(self)
        self.ack_button.clicked.connect(self.acknowledge)
        self.sound_box = QCheckBox(self)
        self.sound_box.setChecked(True)
        self.sale_label = QLabel(self)
        self.sale_label.setObjectName("flashSale")
        self.sale_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Every column fits its text (a product name is never elided); the last one takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(self.reminder_title)
        top.addStretch(1)
        top.addWidget(self.sound_box)
        top.addWidget(self.ack_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.reminder_label)
        layout.addWidget(self.sale_label)
        layout.addWidget(self.table, 1)

        self.ack_shortcut = QShortcut(QKeySequence(ACK_KEY), self)
        self.ack_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.ack_shortcut.activated.connect(self.acknowledge)
        self.timer = QTimer(self)
        self.timer.setInterval(TEXT_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)
        self._set_strip_style(False)
        self.retranslate()
        self.refresh()

    # ------------------------------------------------------------ panel protocol
    def title(self) -> str:
        return _t("Products")

    def retranslate(self) -> None:
        self.reminder_title.setText(_t("Selling reminders"))
        self.ack_button.setText(_t("Pushed ({key})").format(key=ACK_KEY))
        self.ack_button.setToolTip(_t("Acknowledge the oldest reminder: the card was pushed"))
        self.sound_box.setText(_t("Sound"))
        self.table.setHorizontalHeaderLabels([_t("SKU"), _t("Product"), _t("Stock"), _t("Orders"), _t("Qty"),
                                              _t("GMV"), _t("Explained"), _t("After explain")])
        self.refresh()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("sound", self.sound_box.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        self.sound_box.setChecked(str(settings.value("sound", True)).lower() not in ("false", "0"))

    def stop(self) -> None:
        self.timer.stop()
        self._flash_timer.stop()

    # ------------------------------------------------------------ commands
    def acknowledge(self) -> Any:
        if not self.session.started:
            return None
        reminder = self.commerce.acknowledge(self.clock.show_ts(), who="operator")
        self.refresh()
        return reminder

    # ------------------------------------------------------------ display
    def refresh(self) -> None:
        now = self.clock.show_ts() if self.session.started else 0.0
        self._refresh_reminders(now)
        self._refresh_sales(now)
        self._refresh_table(now)

    def _refresh_reminders(self, now: float) -> None:
        active = self.commerce.board.active()
        prompted = False
        for reminder in active:
            if self._seen_prompts.get(reminder.id, 0) < reminder.prompts:
                self._seen_prompts[reminder.id] = reminder.prompts
                prompted = True
        if prompted:
            self._flash()
        names = {p.sku: p.name for p in self.session.script.products}
        lines = []
        for reminder in sorted(active, key=lambda r: r.id):
            line = _t("{action} {sku} {name} · prompt {count}").format(
                action=action_label(reminder.do), sku=reminder.sku, name=names.get(reminder.sku, ""),
                count=reminder.prompts)
            lines.append(line)
        self.reminder_label.setText("\n".join(lines) if lines else _t("No reminder open"))
        self.ack_button.setEnabled(bool(active))

    def _refresh_sales(self, now: float) -> None:
        sales = self.commerce.flash_sales(now)
        texts = []
        for sale in sales:
            left = _t("{count} left").format(count=sale.units_left) if sale.units_left is not None else ""
            countdown = clock_text(sale.remaining_s) if sale.remaining_s is not None else "—"
            texts.append(_t("Flash sale {sku}: {countdown} · {left}").format(
                sku=sale.reminder.sku, countdown=countdown, left=left))
        self.sale_label.setText("\n".join(texts))
        self.sale_label.setVisible(bool(texts))

    def _refresh_table(self, now: float) -> None:
        products = self.commerce.products(now)
        categories = [c for c in self.commerce.categories(now) if c.category]
        if self.table.rowCount() != len(products) + len(categories):
            self.table.setRowCount(len(products) + len(categories))
        for offset, category in enumerate(categories):  # per category, below the products
            after = "" if category.after_explain_share is None else f"{category.orders_after_explain}"
            values = (_t("Category"), category.category, "", f"{category.orders}", f"{category.qty}",
                      f"¥{category.gmv:,.0f}", clock_text(category.explain_s), after)
            self._set_row(len(products) + offset, values, None)
        for row, product in enumerate(products):
            stock = "—" if product.stock is None else f"{product.stock}"
            colour = None
            if product.sold_out:
                stock, colour = _t("{stock} sold out").format(stock=stock), STATUS_BAD
            elif product.low:
                stock, colour = _t("{stock} low").format(stock=stock), STATUS_WARN
            after = "" if product.after_explain_share is None else f"{product.orders_after_explain}"
            values = (product.sku, product.name, stock, f"{product.orders}", f"{product.qty}",
                      f"¥{product.gmv:,.0f}", clock_text(product.explain_s), after)
            self._set_row(row, values, colour)

    def _set_row(self, row: int, values: tuple[str, ...], stock_colour: str | None) -> None:
        for column, value in enumerate(values):
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, column, item)
            if item.text() != value:
                item.setText(value)
            if column == 2:
                item.setForeground(QColor(stock_colour) if stock_colour else self.table.palette().text())

    def _flash(self) -> None:
        self.flashing = True
        self._set_strip_style(True)
        self._flash_timer.start(FLASH_MS)
        if self.sound_box.isChecked():
            self.beeps += 1
            QApplication.beep()

    def _end_flash(self) -> None:
        self.flashing = False
        self._set_strip_style(False)

    def _set_strip_style(self, flash: bool) -> None:
        background = REMINDER_FLASH_BACKGROUND if flash else REMINDER_BACKGROUND
        self.reminder_label.setStyleSheet(f"background: {background}; padding: 4px; border-radius: 3px;")
