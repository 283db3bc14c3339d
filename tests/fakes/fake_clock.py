"""A clock for the OBS client that moves only when the test says so (console/obs/clock.py's protocol).

``advance(seconds)`` moves it and wakes every thread waiting on it;
``settle()`` blocks (in real time, bounded) until every thread that waits on
this clock is back to waiting with nothing due: its inbox empty and its
deadline, if any, still ahead. So a test can say "1.6 s pass", settle, and
look at what the client did, with no sleep.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Callable

#: Unix time of the fake clock's zero, for the instants the client records.
WALL_EPOCH = 1_800_000_000.0
#: A waiting thread re-checks this often in real time even if no one wakes it:
#: a safety net only (advance() and the inbox notify), so a bug shows as a
#: failed assertion, not a hung test run.
REAL_RECHECK_S = 0.5


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self._lock = threading.Condition()
        self._now = start
        self._conditions: weakref.WeakSet[threading.Condition] = weakref.WeakSet()
        self._users: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
        # thread -> (predicate, deadline) while it waits
        self._waiting: dict[threading.Thread, tuple[Callable[[], bool], float | None]] = {}

    # -- the clock protocol ------------------------------------------------
    def now(self) -> float:
        with self._lock:
            return self._now

    def wall(self) -> float:
        return WALL_EPOCH + self.now()

    def wait_for(self, condition: threading.Condition, predicate: Callable[[], bool],
                 deadline: float | None) -> bool:
        me = threading.current_thread()
        while not predicate():
            with self._lock:
                if deadline is not None and self._now >= deadline:
                    return False
                self._users.add(me)
                self._conditions.add(condition)
                self._waiting[me] = (predicate, deadline)
                self._lock.notify_all()
            try:
                condition.wait(REAL_RECHECK_S)
            finally:
                with self._lock:
                    self._waiting.pop(me, None)
                    self._lock.notify_all()
        return True

    # -- the test's controls -------------------------------------------------
    def advance(self, seconds: float) -> None:
        """Move time on and wake every waiter (they re-check their deadline)."""
        with self._lock:
            self._now += seconds
            conditions = list(self._conditions)
        for condition in conditions:
            with condition:
                condition.notify_all()

    def settle(self, threads: int = 1, timeout: float = 5.0, until: Callable[[], bool] | None = None) -> None:
        """Real-time wait until ``threads`` threads have waited on this clock and every live one waits with
        nothing due, and ``until()`` if given (AssertionError if not within ``timeout``). An ObsClient has
        two: its worker and its action queue. Answers still on the wire are not seen: wait for those
        with ``until``."""
        give_up = time.monotonic() + timeout
        with self._lock:
            while not (self._settled(threads) and (until is None or until())):
                remaining = give_up - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"the clock's threads did not settle within {timeout:g} s")
                self._lock.wait(min(remaining, 0.05))

    def deadline_of(self, thread_name: str) -> float | None:
        """The deadline the thread of that name waits for (None: not waiting, or without a deadline)."""
        with self._lock:
            for thread, (_predicate, deadline) in self._waiting.items():
                if thread.name == thread_name:
                    return deadline
            return None

    def next_deadline(self) -> float | None:
        """The earliest deadline a settled thread waits for (None: all wait without one)."""
        with self._lock:
            deadlines = [deadline for _predicate, deadline in self._waiting.values() if deadline is not None]
            return min(deadlines) if deadlines else None

    def _settled(self, threads: int) -> bool:
        users = [thread for thread in self._users if thread.is_alive()]
        if len(users) < threads:
            return False
        for thread in users:
            waiting = self._waiting.get(thread)
            if waiting is None:
                return False  # busy
            predicate, deadline = waiting
            if predicate() or (deadline is not None and deadline <= self._now):
                return False  # about to wake
        return True
