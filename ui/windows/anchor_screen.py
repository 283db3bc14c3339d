"""The anchor's screen: a confidence monitor for a second display or a TV beside the camera.

Read from three metres, touched by nobody: it follows the show's clock. It
shows a huge countdown of the module on air (coloured by its phase: normal,
near its end, over, held), the current and the next module, the next cue, the
product on sale with tonight's price and the stock, the latest questions from
the comments, and — over everything else, when there is one — what an open
incident asks of the anchor. What is shown is decided by
:mod:`console.anchor_view` (Qt-free, tested alone).

Sizes follow the window's height, never fixed points: on a 1080-line TV the
smallest text is about 45 px high (≈ 2 cm on a 42" set, comfortable at 3 m),
the countdown a quarter of the screen.

Keys (for whoever sets it up): F11 full screen, Esc leaves it. Opened from the
console with View → Anchor's screen (Ctrl+Shift+A).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from console.anchor_view import QuestionFeed, anchor_instructions, product_on_sale
from ui.panels.timeline_panel import format_clock
from ui.theme import (BASE_BACKGROUND, BLACK, PHASE_COLOURS, SEVERITY_COLOURS, STATUS_WARN, TEXT,
                      TEXT_SECONDARY, WHITE)

#: Text heights as parts of the window's height (see the module docstring).
COUNTDOWN_SHARE = 0.22
TITLE_SHARE = 0.065
TEXT_SHARE = 0.045
#: The screen redraws its texts at most this often: the countdown moves by seconds.
REFRESH_EVERY_S = 0.25

_STYLE = f"""
QWidget#anchorScreen {{ background: {BLACK}; }}
QLabel {{ color: {TEXT}; }}
QLabel[role="dim"] {{ color: {TEXT_SECONDARY}; }}
QFrame#anchorCard {{ background: {BASE_BACKGROUND}; border-radius: 12px; }}
QLabel#anchorPrice {{ color: {STATUS_WARN}; font-weight: bold; }}
"""


def _t(text: str) -> str:
    return QCoreApplication.translate("AnchorScreen", text)


def _money(value: float | None) -> str:
    if value is None:
        return ""
    return f"¥{value:,.0f}" if float(value).is_integer() else f"¥{value:,.2f}"


class AnchorScreen(QWidget):
    """Top-level window; ``session`` the ShowSession, ``clock`` its ShowClock, ``bridge`` its SessionBridge."""

    def __init__(self, session: Any, clock: Any, bridge: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("anchorScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.session = session
        self.clock = clock
        self.questions = QuestionFeed()
        self._last_refresh = float("-inf")

        def label(name: str, role: str = "") -> QLabel:
            widget = QLabel(self)
            widget.setObjectName(name)
            widget.setTextFormat(Qt.TextFormat.PlainText)
            widget.setWordWrap(True)
            if role:
                widget.setProperty("role", role)
            return widget

        self.countdown = label("anchorCountdown")
        self.countdown.setWordWrap(False)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.module_label = label("anchorModule")
        self.next_module_label = label("anchorNextModule", "dim")
        self.cue_label = label("anchorCue")
        self.incident_box = QFrame(self)
        self.incident_box.setObjectName("anchorIncident")
        incident_layout = QVBoxLayout(self.incident_box)
        self.incident_label = label("anchorIncidentText")
        incident_layout.addWidget(self.incident_label)
        self.incident_box.hide()

        self.product_card = QFrame(self)
        self.product_card.setObjectName("anchorCard")
        product_layout = QVBoxLayout(self.product_card)
        self.product_heading = label("anchorProductHeading", "dim")
        self.product_name = label("anchorProductName")
        self.product_price = label("anchorPrice")
        self.product_stock = label("anchorStock")
        for widget in (self.product_heading, self.product_name, self.product_price, self.product_stock):
            product_layout.addWidget(widget)
        product_layout.addStretch(1)

        self.questions_card = QFrame(self)
        self.questions_card.setObjectName("anchorCard")
        questions_layout = QVBoxLayout(self.questions_card)
        self.questions_heading = label("anchorQuestionsHeading", "dim")
        self.questions_label = label("anchorQuestions")
        questions_layout.addWidget(self.questions_heading)
        questions_layout.addWidget(self.questions_label)
        questions_layout.addStretch(1)

        layout = QGridLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setHorizontalSpacing(32)
        layout.setVerticalSpacing(16)
        heading = QVBoxLayout()
        heading.addWidget(self.module_label)
        heading.addWidget(self.next_module_label)
        heading.addWidget(self.cue_label)
        heading.addStretch(1)
        layout.addWidget(self.countdown, 0, 0)
        layout.addLayout(heading, 0, 1)
        layout.addWidget(self.incident_box, 1, 0, 1, 2)
        layout.addWidget(self.product_card, 2, 0)
        layout.addWidget(self.questions_card, 2, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 1)
        layout.setRowStretch(2, 1)

        QShortcut(QKeySequence("F11"), self, activated=self.toggle_full_screen)
        QShortcut(QKeySequence("Esc"), self, activated=lambda: self.showNormal() if self.isFullScreen() else None)
        clock.ticked.connect(self._on_tick)
        if bridge is not None:
            bridge.comments.connect(self.add_comments)
            bridge.changed.connect(self.refresh)
        self.resize(1280, 720)
        self.retranslate()

    # ------------------------------------------------------------ inputs
    def add_comments(self, batch: list[Any]) -> None:
        if self.questions.add(batch):
            self._show_questions()

    def _on_tick(self, mono: float) -> None:
        if mono - self._last_refresh >= REFRESH_EVERY_S:
            self._last_refresh = mono
            self.refresh()

    def toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    # ------------------------------------------------------------ view
    def retranslate(self) -> None:
        self.setWindowTitle(_t("Anchor's screen"))
        self.product_heading.setText(_t("On sale"))
        self.questions_heading.setText(_t("Questions from viewers"))
        self._show_questions()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _module(self) -> Any:
        module = self.session.runtime.run_of_show.current_module
        if module is None and not self.session.started and self.session.script.modules:
            return self.session.script.modules[0]
        return module

    def _next_module(self, module: Any) -> Any:
        modules = list(self.session.script.modules)
        for index, candidate in enumerate(modules):
            if candidate is module:
                return modules[index + 1] if index + 1 < len(modules) else None
        return None

    def refresh(self) -> None:
        status = self.clock.status()
        module = self._module()
        if status.state == "running":
            remaining = status.remaining
            countdown = format_clock(remaining) if remaining >= 0 else "+" + format_clock(-remaining)
            phase = status.phase
            cue = status.next_cue
            cue_text = (_t("Next cue in {due}: {what}").format(due=format_clock(cue.due_in), what=cue.cue.describe())
                        if cue is not None else _t("No more cues in this module"))
        elif status.state == "ended":
            countdown, phase, cue_text = "00:00", "ended", _t("The show has ended")
        else:
            countdown, phase, cue_text = "--:--", "idle", _t("Waiting for the show to start")
        self.countdown.setText(countdown)
        self.countdown.setStyleSheet(f"color: {WHITE if phase in ('idle', 'ended') else PHASE_COLOURS.get(phase, TEXT)};")
        self.phase = phase
        ended = status.state == "ended"
        self.module_label.setText("" if ended or module is None else module.title)
        following = None if ended else self._next_module(module)
        self.next_module_label.setText(_t("Next: {title}").format(title=following.title) if following else
                                       ("" if ended else _t("Last module")))
        self.cue_label.setText(cue_text)
        self._show_product(None if ended else module)
        self._show_incidents()

    def _show_product(self, module: Any) -> None:
        product = product_on_sale(self.session, module)
        self.product_card.setVisible(product is not None)
        if product is None:
            return
        self.product_name.setText(product.name)
        if product.live_price is not None and product.price is not None and product.live_price != product.price:
            price = _t("{live} tonight (list {price})").format(live=_money(product.live_price),
                                                               price=_money(product.price))
        else:
            price = _money(product.live_price if product.live_price is not None else product.price)
        self.product_price.setText(price)
        self.product_stock.setText(_t("Stock: {count}").format(count=f"{product.stock:,}") if product.stock is not None
                                   else _t("Stock: unknown"))

    def _show_questions(self) -> None:
        if not self.questions.questions:
            self.questions_label.setText(_t("No questions yet"))
            self.questions_label.setProperty("role", "dim")
        else:
            self.questions_label.setText("\n".join(f"{who}: {text}" for who, text in self.questions.questions))
            self.questions_label.setProperty("role", "")
        self.questions_label.style().unpolish(self.questions_label)
        self.questions_label.style().polish(self.questions_label)

    def _show_incidents(self) -> None:
        facade = getattr(self.session, "playbooks", None)
        found = anchor_instructions(facade.runner.open_incidents()) if facade is not None else []
        self.incident_box.setVisible(bool(found))
        if not found:
            return
        severity = found[0][0]
        self.incident_box.setStyleSheet(f"QFrame#anchorIncident {{ background: {SEVERITY_COLOURS.get(severity)};"
                                        f" border-radius: 12px; }} QLabel {{ color: {BLACK}; font-weight: bold; }}")
        self.incident_label.setText("\n".join(
            f"⚠ {title}" + (f" — {' · '.join(lines)}" if lines else "") for _severity, title, lines in found[:2]))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        height = max(240, self.height())

        def sized(widget: QWidget, share: float, bold: bool = False) -> None:
            font = QFont(widget.font())
            font.setPixelSize(max(12, int(height * share)))
            font.setBold(bold)
            widget.setFont(font)

        sized(self.countdown, COUNTDOWN_SHARE, True)
        sized(self.module_label, TITLE_SHARE, True)
        for widget in (self.next_module_label, self.cue_label, self.product_heading, self.product_stock,
                       self.questions_heading, self.questions_label, self.incident_label):
            sized(widget, TEXT_SHARE)
        sized(self.product_name, TITLE_SHARE, True)
        sized(self.product_price, TITLE_SHARE, True)
