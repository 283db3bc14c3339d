"""How soon the OBS client tries again after a failed connect: capped exponential backoff.

Only the worker thread uses a :class:`ReconnectBackoff`. Attempts that must not
be retried at all (a wrong password, a kicked session, a malformed URL) never
reach it: the client holds those until the operator reconnects.
"""

from __future__ import annotations

#: Reconnect backoff: doubles from the first value up to the cap, and resets on
#: success. The cap is short because a show is on air: OBS restarted by the
#: operator must be picked up within seconds, and one connect attempt a few
#: seconds apart costs OBS nothing.
RECONNECT_BACKOFF_FIRST_S = 0.25
RECONNECT_BACKOFF_CAP_S = 3.0


class ReconnectBackoff:
    def __init__(self, first: float = RECONNECT_BACKOFF_FIRST_S, cap: float = RECONNECT_BACKOFF_CAP_S) -> None:
        self.first = first
        self.cap = cap
        self._delay = first

    def next_delay(self) -> float:
        """The wait before the next attempt; the one after it doubles, up to the cap."""
        delay = self._delay
        self._delay = min(delay * 2, self.cap)
        return delay

    def reset(self) -> None:
        """A connect succeeded: the next failure is retried quickly again."""
        self._delay = self.first
