"""Replay of a recorded JSON Lines file (``liveroom run --replay FILE --speed X``).

The file is validated like an HTTP body: rejected lines are kept in
:attr:`ReplaySource.rejected` with their line numbers (and printable as
``FILE:LINE:1: error: …``); the rest is replayed. Events are ordered by
timestamp (stable) and **rebased**: the earliest event happens at offset 0,
when the show starts, and each event keeps its distance from it.

No thread, no sleep: the outer loop calls :meth:`ReplaySource.due` with the
elapsed time and submits what it returns to the pipeline.

Clock: ``due(elapsed)`` releases events whose file offset / ``speed`` ≤
``elapsed``. The show runtime already runs *show time* ``speed`` times
faster, so a caller that passes **show time** uses ``speed=1`` (the default);
a caller that passes elapsed **wall** seconds passes the rehearsal speed.
Released events carry ``ts = start_ts + file offset``: with ``start_ts`` the
show's ``unix_at(0)`` they land on the show clock the recorder uses.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from console.audience.events import AudienceEvent, Rejection, parse_lines


class ReplayError(OSError):
    """The file cannot be read (the message names it)."""


class ReplaySource:
    def __init__(self, path: str | Path, speed: float = 1.0, *, start_ts: float = 0.0) -> None:
        if not speed > 0:
            raise ValueError("speed must be positive")
        self.path = Path(path)
        self.speed = float(speed)
        self.start_ts = float(start_ts)
        try:
            body = self.path.read_bytes()
        except OSError as exc:
            raise ReplayError(f"{self.path}: cannot read the replay file: {exc.strerror or exc}") from None
        result = parse_lines(body, source=str(self.path))
        #: Every refused line of the file (line number and reason).
        self.rejected: list[Rejection] = result.rejected
        ordered = sorted(result.events, key=lambda event: event.ts)
        first = ordered[0].ts if ordered else 0.0
        #: (file offset in seconds, event) in replay order.
        self._offsets: list[tuple[float, AudienceEvent]] = [(event.ts - first, event) for event in ordered]
        self._next = 0

    def diagnostics(self) -> list[str]:
        """``FILE:LINE:1: error: REASON`` for every rejected line."""
        return [rejection.diagnostic(str(self.path)) for rejection in self.rejected]

    def rebase(self, start_ts: float) -> None:
        """Set the timestamp of offset 0 (call when the show starts, before the first :meth:`due`)."""
        self.start_ts = float(start_ts)

    def due(self, elapsed: float) -> list[AudienceEvent]:
        """Events whose time has come by ``elapsed`` (see the module docstring), each released once."""
        limit = elapsed * self.speed
        released: list[AudienceEvent] = []
        offsets = self._offsets
        while self._next < len(offsets) and offsets[self._next][0] <= limit:
            offset, event = offsets[self._next]
            released.append(dataclasses.replace(event, ts=self.start_ts + offset))
            self._next += 1
        return released

    @property
    def total(self) -> int:
        """Valid events in the file."""
        return len(self._offsets)

    @property
    def remaining(self) -> int:
        return len(self._offsets) - self._next

    @property
    def done(self) -> bool:
        return self._next >= len(self._offsets)

    @property
    def duration(self) -> float:
        """File seconds from the first to the last event."""
        return self._offsets[-1][0] if self._offsets else 0.0
