"""The anchor's teleprompter, meant for a second screen.

Very large text of the current module's talking points (banned wording
marked), the countdown and the next cue. Mirror mode flips everything
horizontally for a beam-splitter glass. The text scrolls at the pace of the
module: the scroll position is the module's progress (elapsed / planned), so
the last line arrives as the countdown reaches zero, whatever the length of the
text; an extend or a hold slows or stops it by itself.

Drawing: the page is painted into an image, then the image is put on screen
(mirrored when asked). A flipped page is therefore exactly the mirror image of
the normal one, pixel for pixel (drawing text through a flipped transform
would place glyphs slightly differently).

Keys: M mirror, Ctrl++ / Ctrl+− font size, F11 full screen, Esc leaves full screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QPainter, QPaintEvent, QShortcut, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.panels.script_panel import find_hits, highlight_html
from ui.panels.timeline_panel import format_clock
from ui.theme import BLACK, PHASE_COLOURS, PROMPTER_TRACK, TEXT, TEXT_SECONDARY, WHITE

DEFAULT_POINT_SIZE = 48
MIN_POINT_SIZE = 16
MAX_POINT_SIZE = 160
FONT_STEP = 4
#: Share of the page height the header (countdown, next cue) takes.
HEADER_SHARE = 0.16


def _t(text: str) -> str:
    return QCoreApplication.translate("Teleprompter", text)


class PrompterView(QWidget):
    """The page: header (countdown, next cue) and the scrolling talking points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prompterView")
        self.mirrored = False
        self.point_size = DEFAULT_POINT_SIZE
        self.countdown = "--:--"
        self.phase = "idle"
        self.next_cue = ""
        self.body_html = ""
        self.progress = 0.0  # 0..1 of the module: the scroll position
        self.document = QTextDocument(self)
        self.document.setDocumentMargin(0)
        self._layout_key: tuple = ()
        self.setMinimumSize(320, 200)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1280, 720)

    def set_page(self, *, countdown: str, phase: str, next_cue: str, body_html: str, progress: float) -> None:
        changed = (countdown, phase, next_cue, body_html, round(progress, 4)) != (
            self.countdown, self.phase, self.next_cue, self.body_html, round(self.progress, 4))
        self.countdown, self.phase, self.next_cue, self.body_html = countdown, phase, next_cue, body_html
        self.progress = min(1.0, max(0.0, progress))
        if changed:
            self.update()

    def set_mirrored(self, mirrored: bool) -> None:
        self.mirrored = mirrored
        self.update()

    def set_point_size(self, size: int) -> None:
        self.point_size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, size))
        self.update()

    def body_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSize(self.point_size)
        return font

    def scroll_offset(self, body_height: float, document_height: float) -> float:
        """How far the text has moved up: the module's progress through the overflow."""
        return max(0.0, document_height - body_height) * self.progress

    def render_page(self) -> QImage:
        """The unmirrored page as an image (what paintEvent puts on screen)."""
        ratio = self.devicePixelRatioF()
        image = QImage(QSize(max(1, int(self.width() * ratio)), max(1, int(self.height() * ratio))),
                       QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor(BLACK))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        width, height = float(self.width()), float(self.height())
        margin = max(12.0, width * 0.04)
        header_h = max(40.0, height * HEADER_SHARE)
        header_font = QFont(self.font())
        header_font.setPixelSize(int(header_h * 0.6))
        header_font.setBold(True)
        painter.setFont(header_font)
        painter.setPen(QColor(PHASE_COLOURS.get(self.phase, TEXT) if self.phase not in ("idle", "ended")
                              else TEXT_SECONDARY))
        header = QRectF(margin, 0, width - 2 * margin, header_h)
        painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.countdown)
        cue_font = QFont(self.font())
        cue_font.setPixelSize(int(header_h * 0.28))
        painter.setFont(cue_font)
        painter.setPen(QColor(TEXT_SECONDARY))
        cue_rect = header.adjusted(width * 0.3, 0, 0, 0)
        cue = painter.fontMetrics().elidedText(self.next_cue, Qt.TextElideMode.ElideRight, int(cue_rect.width()))
        painter.drawText(cue_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, cue)
        painter.setPen(QColor(PROMPTER_TRACK))
        painter.drawLine(QPointF(margin, header_h), QPointF(width - margin, header_h))

        body = QRectF(margin, header_h + margin / 2, width - 2 * margin, height - header_h - margin)
        layout_key = (self.body_html, self.point_size, body.width())
        if layout_key != self._layout_key:
            # Laying out the text is the costly part of a frame: only when text, size or width change,
            # not at every tick of the scroll (a 1920x1080 page then renders in about 4 ms).
            self._layout_key = layout_key
            self.document.setDefaultFont(self.body_font())
            self.document.setHtml(f'<body style="color:{WHITE};">{self.body_html}</body>')
            self.document.setTextWidth(body.width())
        offset = self.scroll_offset(body.height(), self.document.size().height())
        painter.save()
        painter.setClipRect(body)
        painter.translate(body.left(), body.top() - offset)
        self.document.drawContents(painter)
        painter.restore()
        painter.end()
        return image

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        image = self.render_page()
        if self.mirrored:
            image = image.flipped(Qt.Orientation.Horizontal)
        painter = QPainter(self)
        painter.drawImage(QPointF(0, 0), image)
        painter.end()


class TeleprompterWindow(QWidget):
    """Top-level window (a second screen). Follows the ShowClock's ticks."""

    def __init__(self, session: Any, clock: Any, bridge: Any = None, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("teleprompterWindow")
        self.session = session
        self.clock = clock
        self.settings = settings
        self.matcher = session.matcher
        self._module_id: object = object()
        self._body = ""

        self.view = PrompterView(self)
        self.mirror_box = QCheckBox(self)
        self.mirror_box.toggled.connect(self.view.set_mirrored)
        self.smaller_button = QPushButton("A−", self)
        self.larger_button = QPushButton("A+", self)
        self.smaller_button.clicked.connect(lambda: self.change_font(-FONT_STEP))
        self.larger_button.clicked.connect(lambda: self.change_font(FONT_STEP))
        self.size_label = QLabel(self)
        controls = QHBoxLayout()
        controls.setContentsMargins(8, 4, 8, 4)
        controls.addWidget(self.mirror_box)
        controls.addStretch(1)
        controls.addWidget(self.size_label)
        controls.addWidget(self.smaller_button)
        controls.addWidget(self.larger_button)
        for widget in (self.mirror_box, self.smaller_button, self.larger_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(controls)
        layout.addWidget(self.view, 1)

        for key, slot in (("M", self.mirror_box.toggle), ("Ctrl++", lambda: self.change_font(FONT_STEP)),
                          ("Ctrl+=", lambda: self.change_font(FONT_STEP)),
                          ("Ctrl+-", lambda: self.change_font(-FONT_STEP)), ("F11", self.toggle_full_screen),
                          ("Esc", self.leave_full_screen)):
            QShortcut(QKeySequence(key), self, activated=slot)

        if settings is not None:
            self.view.set_point_size(int(settings.value("teleprompter/point_size", DEFAULT_POINT_SIZE)))
            self.mirror_box.setChecked(str(settings.value("teleprompter/mirrored", "false")).lower() == "true")
        clock.ticked.connect(self._on_tick)
        if bridge is not None:
            bridge.changed.connect(self.refresh)
        self.resize(1024, 640)
        self.retranslate()

    @property
    def mirrored(self) -> bool:
        return self.view.mirrored

    def set_mirrored(self, mirrored: bool) -> None:
        self.mirror_box.setChecked(mirrored)

    def change_font(self, step: int) -> None:
        self.view.set_point_size(self.view.point_size + step)
        self.size_label.setText(f"{self.view.point_size} pt")
        if self.settings is not None:
            self.settings.setValue("teleprompter/point_size", self.view.point_size)

    def toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def leave_full_screen(self) -> None:
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowFullScreen)

    def retranslate(self) -> None:
        self.setWindowTitle(_t("Teleprompter"))
        self.mirror_box.setText(_t("Mirror (M)"))
        self.size_label.setText(f"{self.view.point_size} pt")
        self.refresh()

    def _on_tick(self, _mono: float) -> None:
        self.refresh()

    def talking_points(self) -> str:
        from console.commerce.onair import selling_points_text

        module = self._module()
        if module is None:
            return ""
        points = selling_points_text(self.session.script, module)  # the products' selling points (issue 16)
        return module.talking_points.rstrip() + ("\n\n" + points if points else "")

    def _module(self) -> Any:
        module = self.session.runtime.run_of_show.current_module
        if module is None and not self.session.started and self.session.script.modules:
            return self.session.script.modules[0]
        return module

    def refresh(self) -> None:
        module = self._module()
        if module is not self._module_id:
            # Matching once per module, not per tick.
            self._module_id = module
            text = self.talking_points()
            self._body = highlight_html(text, find_hits(self.matcher, text))
        status = self.clock.status()
        if status.state == "running":
            remaining = status.remaining
            countdown = format_clock(remaining) if remaining >= 0 else "+" + format_clock(-remaining)
            progress = status.elapsed / status.planned_duration if status.planned_duration > 0 else 1.0
            cue = status.next_cue
            next_cue = _t("Next {due}: {what}").format(due=format_clock(cue.due_in), what=cue.cue.describe()) \
                if cue is not None else ""
            phase = status.phase
        else:
            countdown = "--:--" if status.state == "idle" else "00:00"
            progress, next_cue, phase = 0.0, "", status.phase
        self.view.set_page(countdown=countdown, phase=phase, next_cue=next_cue, body_html=self._body,
                           progress=progress)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.settings is not None:
            self.settings.setValue("teleprompter/mirrored", self.view.mirrored)
        super().closeEvent(event)
