"""The compact strip for warning and info incidents, in the window's status bar.

The red banner (:mod:`ui.widgets.alarm_banner`) is for critical incidents
only. A slow frame rate, CPU load or a banned word in a comment is worth a look,
not a siren: it shows here, one line at the bottom of the window, coloured by
severity, with a count per severity and the titles. The status bar is there
from the window's start, so an incident arriving or going never moves a panel.
Drills are left out, as from the banner (a rehearsal must not look like a fault).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy

from ui.theme import NEUTRAL, SEVERITY_COLOURS

#: What the strip shows, in this order (critical incidents are the banner's).
STRIP_SEVERITIES = ("warning", "info")

_STYLE = "QLabel#incidentStrip {{ color: {colour}; font-weight: {weight}; padding: 0 6px; }}"


def _t(text: str) -> str:
    return QCoreApplication.translate("IncidentStrip", text)


class IncidentStrip(QLabel):
    """GUI thread. ``runner``: the show's PlaybookRunner (``open_incidents()``)."""

    def __init__(self, runner: Any, parent=None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setObjectName("incidentStrip")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full_text = ""
        # One height whatever it says (bold or not): the status bar, and so every panel, never moves.
        bold = QFont(self.font())
        bold.setBold(True)
        self.setFixedHeight(QFontMetrics(bold).height() + 4)
        #: The incidents shown, by severity (tests and the tooltip read it).
        self.shown: dict[str, list[Any]] = {}
        self.update_from_runner()

    def update_from_runner(self) -> None:
        incidents = [i for i in self.runner.open_incidents() if not i.drill]
        self.shown = {severity: [i for i in incidents if getattr(i.playbook, "severity", "") == severity]
                      for severity in STRIP_SEVERITIES}
        parts = []
        names = {"warning": _t("Warnings"), "info": _t("Notices")}
        marks = {"warning": "⚠", "info": "ⓘ"}
        for severity in STRIP_SEVERITIES:
            shown = self.shown[severity]
            if shown:
                titles = " · ".join(incident.playbook.title for incident in shown)
                parts.append(f"{marks[severity]} {names[severity]} ×{len(shown)}: {titles}")
        text = "   ".join(parts) if parts else _t("No open warnings")
        self._full_text = text
        self.setToolTip(text)
        top = next((severity for severity in STRIP_SEVERITIES if self.shown[severity]), None)
        self.setStyleSheet(_STYLE.format(colour=SEVERITY_COLOURS[top] if top else NEUTRAL,
                                         weight="bold" if top else "normal"))
        self._elide()

    def full_text(self) -> str:
        return self._full_text

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.update_from_runner()
        super().changeEvent(event)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width() - 12
        if width <= 0:
            self.setText(self._full_text)
            return
        self.setText(self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, width))
