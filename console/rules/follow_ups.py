"""After-show follow-ups: tasks a playbook opens (``{do: follow_up, text: …, due: 48h}``) that stay
open on the show until someone marks them done.

The complaint playbook opens two (48 h and 72 h after the wave): call back
the viewers who complained, check the refunds went through. They are rows
of ``follow_ups`` (db/schema.py); ``liveroom review`` lists the open ones
and ``liveroom review ID --follow-up-done N --by NAME`` closes one.

Threads: :func:`record_follow_up` runs on the playbook runner's thread (the
session's tick) and only queues a row for the recorder; the queries read the
database on the caller's thread (the CLI, a review worker).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select, update

from db import schema


@dataclasses.dataclass(frozen=True, slots=True)
class FollowUp:
    id: int
    show_id: str
    text: str
    created_at: float
    due_at: float
    done_at: float | None
    done_by: str | None
    playbook_id: str | None

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, now: float) -> bool:
        return not self.done and now > self.due_at


def record_follow_up(recorder: Any, show_id: str | None, incident: Any, step: Any, now: float) -> None:
    """Queue the follow-up of a playbook step (``step.params``: ``text``, ``due`` seconds) due ``due`` after ``now``."""
    if recorder is None or show_id is None:
        return
    recorder.write(schema.follow_ups, {
        "show_id": show_id, "incident_id": incident.id, "playbook_id": incident.playbook.id,
        "text": str(step.params["text"]), "created_at": now, "due_at": now + float(step.params["due"]),
        "done_at": None, "done_by": None,
    })


def follow_ups(engine: Any, show_id: str, *, open_only: bool = False) -> list[FollowUp]:
    table = schema.follow_ups
    query = select(table).where(table.c.show_id == show_id).order_by(table.c.due_at, table.c.id)
    if open_only:
        query = query.where(table.c.done_at.is_(None))
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [FollowUp(row["id"], row["show_id"], row["text"], row["created_at"], row["due_at"], row["done_at"],
                     row["done_by"], row["playbook_id"]) for row in rows]


def complete_follow_up(engine: Any, show_id: str, follow_up_id: int, who: str, now: float) -> FollowUp:
    """Mark one follow-up of ``show_id`` done; ValueError when it is not that show's or already done."""
    table = schema.follow_ups
    with engine.begin() as connection:
        row = connection.execute(select(table).where(table.c.id == follow_up_id, table.c.show_id == show_id)
                                 ).mappings().first()
        if row is None:
            raise ValueError(f"the show has no follow-up {follow_up_id}")
        if row["done_at"] is not None:
            raise ValueError(f"follow-up {follow_up_id} was already done by {row['done_by'] or '?'}")
        connection.execute(update(table).where(table.c.id == follow_up_id).values(done_at=now, done_by=who))
    return FollowUp(row["id"], show_id, row["text"], row["created_at"], row["due_at"], now, who, row["playbook_id"])


def format_follow_ups(items: list[FollowUp], now: float) -> list[str]:
    """Lines for ``liveroom review``: number, state, due time (local), text."""
    import datetime

    lines = []
    for item in items:
        due = datetime.datetime.fromtimestamp(item.due_at).strftime("%Y-%m-%d %H:%M")
        state = ("done by " + (item.done_by or "?")) if item.done else ("OVERDUE" if item.overdue(now) else "open")
        lines.append(f"  #{item.id} [{state}] due {due}: {item.text}")
    return lines


def follow_up_done_command(engine: Any, show_id: str, follow_up_id: int, who: str | None, out: Any, err: Any) -> int:
    """``liveroom review ID --follow-up-done N --by NAME``: exit 0, or 1 with the reason."""
    import time

    if not who or not who.strip():
        print("liveroom review: --follow-up-done needs --by NAME (who did it)", file=err)
        return 2
    try:
        item = complete_follow_up(engine, show_id, follow_up_id, who.strip(), time.time())
    except ValueError as exc:
        print(f"liveroom review: {exc}", file=err)
        return 1
    print(f"follow-up #{item.id} done by {item.done_by}: {item.text}", file=out)
    return 0
