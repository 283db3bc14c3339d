"""A short confirmation message over the bottom of the window (not a dialog: never steals focus)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

#: Long enough to read a scene name; short enough not to pile up during fast switching.
TOAST_OK_MS = 2500
#: A refusal stays longer: the operator must read OBS's reason.
TOAST_ERROR_MS = 6000


class Toast(QLabel):
    def __init__(self, host: QWidget, anchor: QWidget | None = None) -> None:
        super().__init__(host)
        # Shown over the bottom of ``anchor`` (the cameras, where the operator looks) when visible.
        self.anchor = anchor
        self.setObjectName("toast")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        host.installEventFilter(self)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.setText(text)
        self.setProperty("level", "error" if error else "ok")
        # Re-polish so the stylesheet's [level=…] selector applies.
        self.style().unpolish(self)
        self.style().polish(self)
        self._place()
        self.show()
        self.raise_()
        self._timer.start(TOAST_ERROR_MS if error else TOAST_OK_MS)

    def _place(self) -> None:
        host = self.parentWidget()
        area = host.rect()
        if self.anchor is not None and self.anchor.isVisible():
            area = self.anchor.geometry()
            area.moveTopLeft(self.anchor.mapTo(host, self.anchor.rect().topLeft()))
        width = min(720, max(320, area.width() * 2 // 3))
        self.setFixedWidth(min(width, host.width() - 16))
        self.adjustSize()
        # Over the middle of the cameras: their names and tally labels (top and bottom of each tile) stay readable.
        self.move(area.left() + (area.width() - self.width()) // 2, area.center().y() - self.height() // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
