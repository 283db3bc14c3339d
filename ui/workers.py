"""The window's jobs off the GUI thread: superqt workers, tracked so shutdown can wait for them.

The one idiom for work off the GUI thread is superqt's
(``superqt.utils.create_worker``): the job runs on Qt's global thread pool
and its ``returned`` / ``errored`` / ``finished`` signals are delivered on the
GUI thread. :class:`Workers` adds only what the window needs on top:

- a name per job (``show-load``, ``recovery-check``, ``intake-open``…), used in
  the log — pool threads are not renamed: a renamed pool thread would outlive
  the job under that name;
- a record of the jobs still running, so shutdown waits for each (up to its
  own limit) before the database closes (:meth:`Workers.wait`).

A job is started on the pool at once. superqt's ``worker.start()`` defers the
start to the next turn of the event loop when one runs, and a shutdown that
follows straight away (the loop has ended) would wait for a job that never
starts.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QThreadPool
from superqt.utils import create_worker

log = logging.getLogger(__name__)

#: How long shutdown waits for a job by default (a script load, a recovery look-up).
DEFAULT_WAIT_S = 10.0
#: The pool's threads mostly wait (disk, database, keyring, OBS starting): on a
#: 2-core machine Qt's default (one per core) would queue a recovery look-up
#: behind a sandbox start that takes seconds.
MIN_POOL_THREADS = 8


#: Every job until its ``finished`` signal has been delivered: a worker collected
#: earlier would take its signals (and their queued deliveries) with it.
_unfinished: set[Any] = set()


def failure_text(error: BaseException) -> str:
    """The one line the operator sees for a failed job."""
    return str(error) or type(error).__name__


class Job:
    """One job on the pool: its superqt ``worker`` (connect more to its signals) and a wait for its end."""

    def __init__(self, name: str, worker: Any, done: threading.Event, wait_s: float) -> None:
        self.name = name
        self.worker = worker
        self.wait_s = wait_s
        self._done = done

    @property
    def running(self) -> bool:
        return not self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job's function has returned or raised (its signals may still be on their way)."""
        return self._done.wait(self.wait_s if timeout is None else timeout)


class Workers:
    """The jobs one owner (the window's show host, a show's panels) started and must see finished."""

    def __init__(self) -> None:
        pool = QThreadPool.globalInstance()
        if pool.maxThreadCount() < MIN_POOL_THREADS:
            pool.setMaxThreadCount(MIN_POOL_THREADS)
        self._jobs: list[Job] = []

    def start(self, name: str, fn: Callable[[], Any], *, returned: Callable[[Any], None] | None = None,
              errored: Callable[[BaseException], None] | None = None,
              finished: Callable[[], None] | None = None, wait_s: float = DEFAULT_WAIT_S) -> Job:
        """Run ``fn()`` on the pool; ``returned(result)``, ``errored(exception)`` and ``finished()`` on the GUI thread.

        A failure is logged here; without ``errored`` that is all that happens to it.
        """
        done = threading.Event()

        def run() -> Any:
            try:
                return fn()
            except Exception as exc:
                log.warning("%s failed: %s", name, exc, exc_info=not str(exc))
                raise
            finally:
                done.set()

        worker = create_worker(run, _start_thread=False, _ignore_errors=True)
        if returned is not None:
            worker.returned.connect(returned)
        if errored is not None:
            worker.errored.connect(errored)
        if finished is not None:
            worker.finished.connect(finished)
        job = Job(name, worker, done, wait_s)
        _unfinished.add(worker)
        worker.finished.connect(lambda: _unfinished.discard(worker))
        self._jobs = [j for j in self._jobs if j.running] + [job]
        QThreadPool.globalInstance().start(worker)
        return job

    @property
    def running(self) -> list[Job]:
        return [job for job in self._jobs if job.running]

    def wait(self) -> None:
        """GUI thread, at exit: wait for every running job, each up to its ``wait_s``."""
        for job in self.running:
            if not job.wait():
                log.warning("%s still runs after %.0f s; closing without it", job.name, job.wait_s)
