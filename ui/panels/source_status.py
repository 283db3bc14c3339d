"""The audience sources' pills on the connection bar: each source's state and events per minute.

Honesty (STYLE practice 15): green only while a source is ``live``; ``stale``
and ``connecting`` are amber; a source that delivers nothing (backoff, rate
limited, credentials refused, failed) is red; ended is grey. The tooltip names
the target and the reason. Hidden when the show has no sources.

The figures are read from ``ShowSession.source_health`` (a lock-guarded copy:
quick, no I/O) on a 1 s timer on the GUI thread — text, not animation.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.panels.source_reasons import reason_text

#: How often the pills are re-read. Events per minute is a one-minute figure: once a second is plenty.
REFRESH_MS = 1000

LEVELS = {"live": "ok", "connecting": "warn", "stale": "warn", "backoff": "error", "rate_limited": "error",
          "auth_expired": "error", "failed": "error", "ended": "idle"}


def _t(text: str) -> str:
    return QCoreApplication.translate("SourceStatus", text)


def state_text(state: str) -> str:
    return {
        "connecting": _t("connecting"), "live": _t("live"), "stale": _t("stale"), "backoff": _t("retrying"),
        "rate_limited": _t("rate limited"), "auth_expired": _t("sign-in expired"), "ended": _t("ended"),
        "failed": _t("failed"),
    }.get(state, state)


def pill_text(report: Any) -> str:
    return _t("{kind} {state} · {rate:.0f}/min").format(kind=report.kind, state=state_text(report.state),
                                                         rate=report.events_per_minute)


class SourceStatusStrip(QWidget):
    """One pill per audience source; :meth:`watch` a health provider (None: hide)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourceStatus")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.pills: list[QLabel] = []
        self._provider: Callable[[], list[Any]] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.hide()

    def watch(self, provider: Callable[[], list[Any]] | None) -> None:
        """Show the sources ``provider()`` reports (``ShowSession.source_health``); None clears the strip."""
        self._provider = provider
        if provider is None:
            self._timer.stop()
        else:
            self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        reports = list(self._provider()) if self._provider is not None else []
        while len(self.pills) < len(reports):
            pill = QLabel(self)
            pill.setObjectName("sourcePill")
            pill.setTextFormat(Qt.TextFormat.PlainText)
            self._layout.addWidget(pill)
            self.pills.append(pill)
        while len(self.pills) > len(reports):
            self.pills.pop().deleteLater()
        for pill, report in zip(self.pills, reports, strict=True):
            pill.setText(pill_text(report))
            level = LEVELS.get(report.state, "error")
            if pill.property("level") != level:
                pill.setProperty("level", level)
                pill.style().unpolish(pill)
                pill.style().polish(pill)
            tip = f"{report.kind}:{report.target}"
            pill.setToolTip(f"{tip}\n{reason_text(report.reason)}" if report.reason else tip)
        self.setVisible(bool(reports))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)
