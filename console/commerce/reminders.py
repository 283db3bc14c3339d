"""Selling-cue reminders (issue 16 point 2): re-armed every ``every`` until acknowledged.

A selling cue (``explain``, ``link_up``, ``lucky_bag``, ``flash_sale``) that
fires opens a :class:`Reminder` on the :class:`ReminderBoard`: a prompt for
the controller ("push the 讲解 card for A-1 again": the platform's card lasts
about 8 seconds). With ``every`` it prompts again every ``every`` seconds
until the controller acknowledges it (one key) or it ends: at ``until`` after
the cue, or when its module run ends. Without ``every`` it prompts once and
stays on the board until acknowledged or ended.

Time is an argument: :meth:`ReminderBoard.tick` takes the show clock's
``now``; a late tick prompts once and re-arms from the planned instants
(it does not replay every missed prompt). Every prompt, acknowledgement and
end is handed to ``record`` (the live session writes it to
``operator_commands``: ``reminder``, ``ack_reminder``, ``reminder_end``).
Not thread-safe: the show's tick thread drives it (the window's GUI thread).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from console.events import Signal
from console.show.model import SELLING_LABELS, Cue

ACTIVE = "active"
ACKNOWLEDGED = "acknowledged"
ENDED = "ended"


@dataclasses.dataclass(slots=True)
class Reminder:
    id: int
    do: str  # explain | link_up | lucky_bag | flash_sale
    sku: str
    module_id: str
    cue_index: int
    opened_at: float
    every: float | None
    ends_at: float | None  # the cue's until, as an instant
    stock_offered: int | None = None  # flash_sale
    prompts: int = 1
    next_at: float | None = None
    state: str = ACTIVE
    closed_at: float | None = None
    who: str | None = None

    @property
    def label(self) -> str:
        return SELLING_LABELS.get(self.do, self.do)

    def remaining_s(self, now: float) -> float | None:
        """Seconds left of a reminder with an end (a flash sale's countdown), else None."""
        return None if self.ends_at is None else max(0.0, self.ends_at - now)


class ReminderBoard:
    """The open reminders of a show and their re-arming (see the module docstring)."""

    def __init__(self, record: Callable[[str, float, dict[str, Any], str], None] | None = None) -> None:
        self._record = record or (lambda command, ts, args, who: None)
        self.reminders: list[Reminder] = []
        self._next_id = 1
        self.prompted = Signal("ReminderBoard.prompted")
        """(Reminder) — a reminder prompts (opened or re-armed); on the show's tick thread."""
        self.changed = Signal("ReminderBoard.changed")
        """() — a reminder opened, was acknowledged or ended; on the thread of the call."""

    # ------------------------------------------------------------ the show
    def cue_fired(self, module_id: str, cue_index: int, cue: Cue, ts: float) -> Reminder:
        reminder = Reminder(self._next_id, cue.do, cue.sku or "", module_id, cue_index, ts, cue.every,
                            ts + cue.until if cue.until is not None else None, cue.stock,
                            next_at=ts + cue.every if cue.every else None)
        self._next_id += 1
        self.reminders.append(reminder)
        self._prompt(reminder, ts)
        self.changed.emit()
        return reminder

    def tick(self, now: float) -> list[Reminder]:
        """Re-arm and end by ``now``; returns the reminders that prompted."""
        prompted = []
        ended = False
        for reminder in self.active():
            if reminder.ends_at is not None and now >= reminder.ends_at:
                self._end(reminder, reminder.ends_at, "until")
                ended = True
                continue
            if reminder.next_at is not None and reminder.every and now >= reminder.next_at:
                reminder.prompts += 1
                while reminder.next_at <= now:  # a late tick prompts once, the rhythm stays
                    reminder.next_at += reminder.every
                self._prompt(reminder, now)
                prompted.append(reminder)
        if ended:
            self.changed.emit()
        return prompted

    def module_ended(self, module_id: str, ts: float) -> None:
        """A module run ended: its reminders end with it."""
        closed = [r for r in self.active() if r.module_id == module_id]
        for reminder in closed:
            self._end(reminder, ts, "module_end")
        if closed:
            self.changed.emit()

    # ------------------------------------------------------------ the operator
    def acknowledge(self, now: float, reminder_id: int | None = None, who: str = "operator") -> Reminder | None:
        """Acknowledge one reminder (the oldest active one when no id is given); None if none applies."""
        candidates = [r for r in self.active() if reminder_id is None or r.id == reminder_id]
        if not candidates:
            return None
        reminder = candidates[0]
        reminder.state = ACKNOWLEDGED
        reminder.closed_at = now
        reminder.who = who
        self._record("ack_reminder", now, self._args(reminder), who)
        self.changed.emit()
        return reminder

    # ------------------------------------------------------------ reading
    def active(self) -> list[Reminder]:
        return [r for r in self.reminders if r.state == ACTIVE]

    # ------------------------------------------------------------ internals
    def _prompt(self, reminder: Reminder, ts: float) -> None:
        self._record("reminder", ts, self._args(reminder), "system")
        self.prompted.emit(reminder)

    def _end(self, reminder: Reminder, ts: float, reason: str) -> None:
        reminder.state = ENDED
        reminder.closed_at = ts
        self._record("reminder_end", ts, {**self._args(reminder), "reason": reason}, "system")

    @staticmethod
    def _args(reminder: Reminder) -> dict[str, Any]:
        return {"reminder_id": reminder.id, "do": reminder.do, "sku": reminder.sku, "module_id": reminder.module_id,
                "cue_index": reminder.cue_index, "prompt": reminder.prompts}
