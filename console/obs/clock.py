"""Time for the OBS client: one object that reads the clock and waits on it.

The client's worker and its action queue never call :mod:`time` themselves:
they ask their clock for ``now()`` (monotonic seconds, for timers),
``wall()`` (Unix seconds, for what is recorded) and ``wait_for`` (block on a
condition until there is work or a deadline on *this* clock passes). The
program passes :data:`SYSTEM_CLOCK`; tests pass a fake clock they advance by
hand (tests/fakes/fake_clock.py), so the heartbeat, staleness and reconnect
backoff are tested without sleeping.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds: every timer of the client (heartbeat, staleness, backoff, request timeouts)."""

    def wall(self) -> float:
        """Unix seconds: the instants that are recorded (request sent, health sample)."""

    def wait_for(self, condition: threading.Condition, predicate: Callable[[], bool],
                 deadline: float | None) -> bool:
        """With ``condition`` held: wait until ``predicate()`` or until ``now() >= deadline``.

        Returns the predicate's last value (False: the deadline passed). Whoever
        makes the predicate true notifies ``condition``.
        """


class SystemClock:
    """The real clocks: ``time.monotonic`` and ``time.time``."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def wait_for(self, condition: threading.Condition, predicate: Callable[[], bool],
                 deadline: float | None) -> bool:
        while not predicate():
            if deadline is None:
                condition.wait()
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            condition.wait(remaining)
        return True


SYSTEM_CLOCK = SystemClock()
