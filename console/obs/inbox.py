"""The OBS worker's inbox: one queue for everything it must react to, timed by the client's clock.

Requests, frames, the loss of a connection and the operator's commands all
arrive here, from any thread; only the worker takes them out. Waiting for the
next item ends at a deadline on the client's clock (the next heartbeat, a
request's timeout, the end of a backoff), so a fake clock drives those timers
in tests.
"""

from __future__ import annotations

import collections
import threading
from typing import Any

from console.obs.clock import Clock


class Inbox:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._items: collections.deque[tuple[Any, ...]] = collections.deque()
        self._condition = threading.Condition()

    def put(self, item: tuple[Any, ...]) -> None:
        """Any thread."""
        with self._condition:
            self._items.append(item)
            self._condition.notify_all()

    def get(self, deadline: float | None) -> tuple[Any, ...] | None:
        """The next item, or None once ``deadline`` (on the client's clock) has passed with none."""
        with self._condition:
            if not self._clock.wait_for(self._condition, self._has_items, deadline):
                return None
            return self._items.popleft()

    def get_nowait(self) -> tuple[Any, ...] | None:
        with self._condition:
            return self._items.popleft() if self._items else None

    def _has_items(self) -> bool:
        return bool(self._items)
