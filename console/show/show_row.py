"""The show's own row in ``shows`` as the run-of-show goes: opened (pre-show), started, beating, ended.

A part of :class:`console.show.runtime.ShowRuntime` (a mixin: the runtime's state, its recorder), kept apart
because it is one responsibility — what the rooms wall, crash recovery and the review read about the show
as a whole — while the runtime drives modules and cues.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from console.liveness import process_identity
from console.show.effects import ShowEnded

log = logging.getLogger(__name__)


class ShowRowRecording:
    """Writes through ``self._write`` / ``self._update`` (the runtime's recorder calls)."""

    def record_opening(self) -> None:
        """The show's record opens before its start (pre-show audience): status ``open``, ``opened_at`` now.

        ``started_at`` holds the opening until :meth:`start` sets the real start.
        """
        if self._opened_at is not None or self._wall_start is not None:
            return
        self._opened_at = self._clock()
        self._record_show_row(self._opened_at, "open")

    def record_not_started(self) -> None:
        """An opened show closed without a start keeps its pre-show record, marked ``not_started``."""
        from sqlalchemy import update

        if self._opened_at is None or self._wall_start is not None:
            return
        table, show_id, now = self._table("shows"), self.show_id, self._clock()
        self._update(lambda connection: connection.execute(
            update(table).where(table.c.id == show_id).values(status="not_started", ended_at=now, heartbeat_at=now)))

    def _record_show_start(self) -> None:
        from sqlalchemy import update

        if self._opened_at is None:
            self._record_show_row(self.unix_start, "running")
            return
        table, show_id, start = self._table("shows"), self.show_id, self.unix_start
        state = {"beat_wall": round(start or 0.0, 3), **process_identity()}
        self._update(lambda connection: connection.execute(
            update(table).where(table.c.id == show_id)
            .values(started_at=start, status="running", heartbeat_at=start, state=state)))

    def _record_show_row(self, start: float | None, status: str) -> None:
        text = self.script.source_text
        self._write("shows", {
            "id": self.show_id, "title": self.script.show.title, "kind": self.kind, "room": self.room,
            "anchor": self.anchor, "script_path": self.script_path,
            "script_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None,
            "script_text": text or None, "obs_url": self.obs_url, "speed": self.speed,
            "started_at": start, "status": status, "heartbeat_at": start,
            "state": {"beat_wall": round(start or 0.0, 3), **process_identity()},
            # Only a pre-show opening writes the column (migration 0005): a show opened at its start writes the
            # rows an older schema knows, as before.
            **({"opened_at": self._opened_at} if self._opened_at is not None else {}),
        })
        # A module's own anchor (migration 0010) only when the script names one: a show without one writes
        # the rows an older schema knows, as before.
        anchors = any(module.anchor for module in self.script.modules)
        self._write("planned_modules", [
            {"show_id": self.show_id, "idx": index, "module_id": module.id, "type": module.type,
             "title": module.title, "planned_s": module.duration, **({"anchor": module.anchor} if anchors else {})}
            for index, module in enumerate(self.script.modules)
        ])

    def _record_show_end(self, effect: ShowEnded) -> None:
        from sqlalchemy import update

        table = self._table("shows")
        show_id = self.show_id
        ended_at = self.unix_at(effect.at)
        status = "ended_early" if effect.early else "ended"
        state = self._summary(effect.at)
        self._update(lambda connection: connection.execute(
            update(table).where(table.c.id == show_id)
            .values(ended_at=ended_at, status=status, heartbeat_at=ended_at, state=state)))

    def _record_heartbeat(self, show_now: float) -> None:
        from sqlalchemy import update

        table = self._table("shows")
        show_id = self.show_id
        beat = self.unix_at(show_now)
        state = self._summary(show_now)
        self._update(lambda connection: connection.execute(
            update(table).where(table.c.id == show_id).values(heartbeat_at=beat, state=state)))

    def _summary(self, show_now: float) -> dict[str, Any]:
        status = self.run_of_show.status(show_now)
        summary: dict[str, Any] = {
            "module_id": status.module.id if status.module else None,
            "module_title": status.module.title if status.module else None,
            "index": status.index, "modules": len(self.run_of_show.modules), "phase": status.phase,
            "remaining_s": round(status.remaining, 1), "show_over_under_s": round(status.show_over_under, 1),
            "show_t": round(show_now, 1),
            # Wall-clock Unix time of this beat: heartbeat_at is on the show clock,
            # which runs ahead of the wall at a rehearsal speed; staleness needs the wall.
            "beat_wall": round(self._clock(), 3),
            **process_identity(),
        }
        if self.summary_extra is not None:
            try:
                summary.update(self.summary_extra())
            except Exception:  # the beat matters more than its extras
                log.exception("the live summary's extras failed")
        return summary
