"""The control API's line in the status bar: where it listens, how many clients follow it, auto-arm.

Shows the operator that the console can be driven from elsewhere (a phone,
Companion) and from where; reads its figures from a callable once a second
(:data:`REFRESH_MS`), never from another thread's signal.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

#: The number of connected clients changes when a phone comes and goes: once a second is enough.
REFRESH_MS = 1000


def _t(text: str) -> str:
    return QCoreApplication.translate("ControlStatus", text)


class ControlStatus(QLabel):
    """``read()`` → (url or None, connected clients, auto-arm on, failure reason or None)."""

    def __init__(self, read: Callable[[], tuple[str | None, int, bool, str | None]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controlStatus")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._read = read
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        url, clients, auto_arm, failure = self._read()
        parts = []
        if failure:
            parts.append(_t("Control API off: {reason}").format(reason=failure))
        elif url:
            parts.append(_t("Control API {url} · {count} connected").format(url=url, count=clients))
            self.setToolTip(_t("Phone remote: {url}/remote (open it once with #token=…; "
                               "liveroom control token)").format(url=url))
        else:
            parts.append(_t("Control API starting…"))
        if auto_arm:
            parts.append(_t("auto-arm: the show follows OBS's stream"))
        self.setText(" · ".join(parts))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)
