"""The commerce actions of the control API (CONTRACTS.md §11; the control part owns the server).

The control server's dispatch table can be extended with :data:`CONTROL_ACTIONS`:
``{"do": "ack_reminder"}`` acknowledges the oldest open selling reminder
(``"reminder_id": N`` a given one), exactly as the window's K key does,
recorded with ``who`` = the origin (``api``). Each handler takes the session,
the show-clock ``now`` and the request body, runs on the show's tick thread,
and returns ``(status, error)``: ``(200, None)`` done, ``(400, reason)`` for a
bad body, ``(409, reason)`` when it does not apply now.
"""

from __future__ import annotations

from typing import Any, Callable

ACK_REMINDER = "ack_reminder"


def ack_reminder(session: Any, now_ts: float, body: dict[str, Any], who: str = "api") -> tuple[int, str | None]:
    if session is None or not session.started:
        return 409, "no show is running"
    reminder_id = body.get("reminder_id")
    if reminder_id is not None and (isinstance(reminder_id, bool) or not isinstance(reminder_id, int)):
        return 400, "reminder_id must be a whole number"
    if session.commerce.acknowledge(now_ts, reminder_id, who=who) is None:
        return 409, "no such open reminder" if reminder_id is not None else "no reminder is open"
    return 200, None


CONTROL_ACTIONS: dict[str, Callable[..., tuple[int, str | None]]] = {ACK_REMINDER: ack_reminder}


def reminders_state(session: Any, now_ts: float) -> list[dict[str, Any]]:
    """The open reminders for ``GET /v1/state`` (an extra key the control part may add: ``reminders``)."""
    if session is None:
        return []
    return [{"id": r.id, "do": r.do, "sku": r.sku, "prompts": r.prompts, "remaining_s": r.remaining_s(now_ts)}
            for r in session.commerce.board.active()]
