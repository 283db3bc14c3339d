"""Helpers for source tests: a settable clock, a sink that records, a state log that waits."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

import pytest

from tests.sources.oba_server import FakeObaServer
from tests.audience.conftest import database  # noqa: F401 - the SQLite database fixture the oba tests write through

#: Upper bound of every real wait in these tests (a socket, a thread). Logic never waits.
WAIT_S = 10.0
#: The fake wall clock's start: 2026-12-01 20:00 +08:00.
WALL_START = 1796126400.0


def wait_until(predicate: Callable[[], bool], timeout: float = WAIT_S, what: str = "condition") -> None:
    """Poll ``predicate`` (real time, bounded): for counters another thread moves."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


class FakeClock:
    """Monotonic and wall time that move only when the test says; thread-safe."""

    def __init__(self, mono: float = 1000.0, wall: float = WALL_START) -> None:
        self._mono = mono
        self._offset = wall - mono
        self._lock = threading.Lock()

    def mono(self) -> float:
        with self._lock:
            return self._mono

    def wall(self) -> float:
        with self._lock:
            return self._mono + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._mono += seconds


class Collector:
    """A sink that keeps every batch; tests wait on it with a bound."""

    def __init__(self) -> None:
        self.batches: list[list[Any]] = []
        self._changed = threading.Condition()

    def __call__(self, events: list[Any]) -> None:
        with self._changed:
            self.batches.append(list(events))
            self._changed.notify_all()

    @property
    def events(self) -> list[Any]:
        with self._changed:
            return [e for batch in self.batches for e in batch]

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def wait_for(self, predicate: Callable[[list[Any]], bool], timeout: float = WAIT_S) -> list[Any]:
        with self._changed:
            ok = self._changed.wait_for(lambda: predicate([e for b in self.batches for e in b]), timeout)
            events = [e for b in self.batches for e in b]
        assert ok, f"timed out; got {[(e.kind, e.to_data()) for e in events][-8:]}"
        return events

    def wait_count(self, count: int, timeout: float = WAIT_S) -> list[Any]:
        return self.wait_for(lambda events: len(events) >= count, timeout)


class StateLog:
    """Records ``state_changed``; ``wait`` blocks (bounded) until a state is reached."""

    def __init__(self, source: Any) -> None:
        self.statuses: list[Any] = []
        self.threads: set[str] = set()
        self._changed = threading.Condition()
        source.state_changed.connect(self._on_change)

    def _on_change(self, _source: Any, status: Any) -> None:
        with self._changed:
            self.statuses.append(status)
            self.threads.add(threading.current_thread().name)
            self._changed.notify_all()

    @property
    def states(self) -> list[str]:
        with self._changed:
            return [s.state.value for s in self.statuses]

    def wait(self, state: str, *, after: int = 0, timeout: float = WAIT_S) -> int:
        """Index of the first ``state`` at or after index ``after``."""
        def found() -> int | None:
            for index in range(after, len(self.statuses)):
                if self.statuses[index].state.value == state:
                    return index
            return None

        with self._changed:
            ok = self._changed.wait_for(lambda: found() is not None, timeout)
            assert ok, f"never reached {state!r} after #{after}; states {[(s.state.value, s.reason) for s in self.statuses]}"
            return found()  # type: ignore[return-value]


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture()
def oba_server():
    server = FakeObaServer().start()
    yield server
    server.stop()
