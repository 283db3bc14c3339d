"""A full-width red alarm bar that cannot be missed.

Shown while a real (non-drill) incident is open and not yet acknowledged, or
has an overdue check; drills never raise it (a rehearsal must not look like a
fault). On escalation it flashes and beeps.

Sound: ``QSoundEffect`` lives in PySide6.QtMultimedia, which PySide6-Essentials
does not ship, so the audible alarm is ``QApplication.beep()`` (the system bell;
silent on some desktops) repeated with each flash, next to the visual flash.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy

from ui.theme import ALARM_DIM_BACKGROUND, ALARM_FLASH_BORDER, PROGRAM_RED

#: Flash period: 2.5 Hz reads as an alarm without being a strobe (well under 3 Hz).
FLASH_INTERVAL_MS = 400
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
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
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
        return [i for i in self.runner.open_incidents() if not i.drill]

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
        self.setText("   |   ".join(parts))
        if overdue:
            self._start_flash()
        else:
            self._stop_flash()
        self._set_active(True)

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
