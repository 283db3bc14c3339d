"""What a window's superqt workers need at shutdown: a thread name, and a gate to close behind them.

The windows run their jobs with superqt's workers (``create_worker``), on Qt's
global thread pool; results come back through the worker's own signals on the
GUI thread. Two things the pool does not give, and this gate adds:

- a name: a pool thread is ``Dummy-N`` to Python; while a job of the gate runs,
  its thread is named after the job (``wall-query``, ``review-worker``) in
  logs, tracebacks and the tests' thread checks, and gets its old name back
  afterwards (the pool keeps its threads idling; they are not the job);
- a shutdown that waits: :meth:`JobGate.close` waits for a job that has begun
  (an export must not be cut in half, a read's waits are bounded) and makes a
  job that has not begun yet return without running — superqt starts a worker
  a moment after ``start()`` and the pool may queue it behind other work, so
  a job could otherwise begin after its window closed its database.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, TypeVar

_R = TypeVar("_R")


class JobCancelled(Exception):
    """The gate was closed before the job began; the job did not run."""


class JobGate:
    """Wraps the functions a window hands to its workers; one gate per window."""

    def __init__(self, thread_name: str) -> None:
        self.thread_name = thread_name
        self._condition = threading.Condition()
        self._running = 0
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def wrap(self, work: Callable[..., _R]) -> Callable[..., _R]:
        """``work`` run under this gate: named while it runs, refused (JobCancelled) once the gate is closed."""

        def run(*args: Any, **kwargs: Any) -> _R:
            # On a pool thread.
            with self._condition:
                if self._closed:
                    raise JobCancelled(self.thread_name)
                self._running += 1
            thread = threading.current_thread()
            previous = thread.name
            thread.name = self.thread_name
            try:
                return work(*args, **kwargs)
            finally:
                thread.name = previous
                with self._condition:
                    self._running -= 1
                    self._condition.notify_all()

        return run

    def close(self, timeout: float | None = None) -> bool:
        """Refuse every job that has not begun; wait for those that have (False if ``timeout`` ran out)."""
        with self._condition:
            self._closed = True
            return self._condition.wait_for(lambda: self._running == 0, timeout)
