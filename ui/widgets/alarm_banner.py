"""A full-width red alarm bar that cannot be missed — for critical incidents only.

Shown while a real (non-drill) *critical* incident is open and not yet
acknowledged, or has an overdue check; drills never raise it (a rehearsal must
not look like a fault). On escalation it flashes and beeps. Warning and info
incidents go to the compact strip in the status bar
(:mod:`ui.widgets.incident_strip`), which never moves the panels: a banned
word in a comment must not look like a dead stream.

One line, whatever it says: several incidents end in "…" (all of them in the
tooltip), so the row's height is fixed and the camera tiles under it keep room
for their names.

Sound: ``QSoundEffect`` lives in PySide6.QtMultimedia, which PySide6-Essentials
does not ship, so the audible alarm is ``QApplication.beep()`` (the system bell;
silent on some desktops) repeated with each flash, next to the visual flash.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy

from ui.theme import ALARM_DIM_BACKGROUND, ALARM_FLASH_BORDER, PROGRAM_RED

#: Flash period: 2.5 Hz reads as an alarm without being a strobe (well under 3 Hz).
FLASH_INTERVAL_MS = 400
#: The only severity that takes the banner (the playbook's ``severity``).
BANNER_SEVERITY = "critical"
#: The banner's width hint: it asks for little and expands over its row (the text is elided to fit).
MIN_WIDTH_HINT = 200
#: Beep every this many flash toggles (~every 1.6 s) while escalated: insistent, not continuous.
BEEP_EVERY_TOGGLES = 4

_STYLE = ("QLabel#alarmBanner {{ background: {bg}; color: white; font-size: 14pt; font-weight: bold;"
          " padding: 2px 12px; border: 2px solid {border}; }}")


def _t(text: str) -> str:
    return QCoreApplication.translate("AlarmBanner", text)


class AlarmBanner(QLabel):
    #: True while the alarm is raised (the host shows/hides the row holding the banner).
    active_changed = Signal(bool)

    def __init__(self, runner: Any, parent=None, *, manage_visibility: bool = True) -> None:
        super().__init__(parent)
        self.runner = runner
        # In a toolbar the host hides the row instead: a QToolBar widget hidden by
        # hide() stays hidden (its action turns invisible), so the banner must not toggle itself there.
        self.manage_visibility = manage_visibility
        self.setObjectName("alarmBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(False)
        # Expanding across its row; its size hint (below) is short, so a long text never widens the window:
        # it is elided to the room there is.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._full_text = ""
        self.flashing = False
        self.active = False
        self._bright = True
        self._toggles = 0
        self.beeps = 0  # counted so tests can see the audible alarm was asked for
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_INTERVAL_MS)
        self._flash_timer.timeout.connect(self._flash)
        self._paint()
        if manage_visibility:
            self.hide()

    # --------------------------------------------------------------- state
    def _alarming(self) -> list[Any]:
        return [i for i in self.runner.open_incidents()
                if not i.drill and getattr(i.playbook, "severity", BANNER_SEVERITY) == BANNER_SEVERITY]

    @staticmethod
    def _overdue(incident: Any) -> bool:
        return any(c.escalated and c.done_at is None for c in incident.checks)

    def update_from_runner(self) -> None:
        """Show, hide, start or stop flashing from the runner's incidents (GUI thread)."""
        real = self._alarming()
        unacknowledged = [i for i in real if i.state == "open"]
        overdue = [i for i in real if self._overdue(i)]
        shown = unacknowledged or overdue
        if not shown:
            self._stop_flash()
            self._set_active(False)
            return
        parts = []
        for incident in (unacknowledged + [i for i in overdue if i not in unacknowledged]):
            label = incident.playbook.title
            if incident.state == "open":
                parts.append(_t("⚠ %1 — acknowledge in the incident panel").replace("%1", label))
            else:
                parts.append(_t("⚠ %1 — a check is overdue").replace("%1", label))
        self.set_full_text("   |   ".join(parts))
        if overdue:
            self._start_flash()
        else:
            self._stop_flash()
        self._set_active(True)

    def set_full_text(self, text: str) -> None:
        """The banner's text, elided to one line of the width it has; the whole of it in the tooltip."""
        self._full_text = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full_text

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(min(hint.width(), MIN_WIDTH_HINT), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(MIN_WIDTH_HINT, super().minimumSizeHint().height())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width() - 24  # the stylesheet's horizontal padding
        if width <= 0:
            self.setText(self._full_text)
            return
        self.setText(self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, width))

    def _set_active(self, active: bool) -> None:
        if self.manage_visibility:
            self.setVisible(active)
        if active != self.active:
            self.active = active
            self.active_changed.emit(active)

    def escalate(self) -> None:
        """An overdue check: flash and beep at once."""
        self.update_from_runner()
        if self.flashing:
            self._beep()

    # --------------------------------------------------------------- flash
    def _start_flash(self) -> None:
        if not self.flashing:
            self.flashing = True
            self._toggles = 0
            self._flash_timer.start()

    def _stop_flash(self) -> None:
        self.flashing = False
        self._flash_timer.stop()
        self._bright = True
        self._paint()

    def _flash(self) -> None:
        self._bright = not self._bright
        self._toggles += 1
        if self._toggles % BEEP_EVERY_TOGGLES == 0:
            self._beep()
        self._paint()

    def _beep(self) -> None:
        self.beeps += 1
        QApplication.beep()

    def _paint(self) -> None:
        background = PROGRAM_RED if self._bright else ALARM_DIM_BACKGROUND
        self.setStyleSheet(_STYLE.format(bg=background, border=ALARM_FLASH_BORDER if self.flashing else background))

    def stop(self) -> None:
        self._flash_timer.stop()
