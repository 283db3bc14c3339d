"""The windows' jobs off the GUI thread: superqt workers, named while they run, tracked for shutdown.

The one idiom for work off the GUI thread is superqt's
(``superqt.utils.create_worker``): the job runs on Qt's global thread pool
and its ``returned`` / ``errored`` / ``finished`` signals are delivered on the
GUI thread. :class:`Workers` adds only what the windows need on top:

- a name: a pool thread is ``Dummy-N`` to Python; while a job runs, its thread
  is named after the owner's ``thread_name`` (``wall-query``,
  ``review-worker``) or else the job's own name (``show-load``,
  ``recovery-check``…) in logs, tracebacks and the tests' thread checks, and
  gets its old name back afterwards (the pool keeps its threads idling; they
  are not the job);
- a record of the jobs still running, so shutdown waits for each (up to its
  own limit) before the database closes (:meth:`Workers.wait`);
- a gate to close behind them (:meth:`Workers.close`): it waits for a job that
  has begun (an export must not be cut in half, a read's waits are bounded)
  and makes a job that has not begun return without running — the pool may
  queue a job behind other work, so it could otherwise begin after its window
  closed its database. Such a job ends in ``errored`` with
  :class:`JobCancelled`.

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


class JobCancelled(Exception):
    """The owner's workers were closed before the job began; the job did not run."""


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
        """Block until the job's function has returned, raised or been refused (its signals may still be on their way)."""
        return self._done.wait(self.wait_s if timeout is None else timeout)


class Workers:
    """The jobs one owner (the show host, a show's panels, a window) started and must see finished.

    ``thread_name``: the name every job's thread carries while it runs; None
    names the thread after each job.
    """

    def __init__(self, thread_name: str | None = None) -> None:
        pool = QThreadPool.globalInstance()
        if pool.maxThreadCount() < MIN_POOL_THREADS:
            pool.setMaxThreadCount(MIN_POOL_THREADS)
        self.thread_name = thread_name
        self._jobs: list[Job] = []
        self._condition = threading.Condition()
        self._begun = 0  # jobs whose function runs now (any thread)
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def start(self, name: str, fn: Callable[[], Any], *, returned: Callable[[Any], None] | None = None,
              errored: Callable[[BaseException], None] | None = None,
              finished: Callable[[], None] | None = None, wait_s: float = DEFAULT_WAIT_S) -> Job:
        """Run ``fn()`` on the pool; ``returned(result)``, ``errored(exception)`` and ``finished()`` on the GUI thread.

        A failure is logged here; without ``errored`` that is all that happens
        to it. Once :meth:`close` was called, ``fn`` does not run: ``errored``
        gets :class:`JobCancelled`.
        """
        done = threading.Event()
        thread_name = self.thread_name or name

        def run() -> Any:
            # On a pool thread.
            try:
                return self._run_named(name, thread_name, fn)
            except JobCancelled:
                log.debug("%s not run: its owner closed before it began", name)
                raise
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

    def _run_named(self, name: str, thread_name: str, fn: Callable[[], Any]) -> Any:
        # On a pool thread: refused once closed, counted (for close) and named while fn runs.
        with self._condition:
            if self._closed:
                raise JobCancelled(name)
            self._begun += 1
        thread = threading.current_thread()
        previous = thread.name
        thread.name = thread_name
        try:
            return fn()
        finally:
            thread.name = previous
            with self._condition:
                self._begun -= 1
                self._condition.notify_all()

    @property
    def running(self) -> list[Job]:
        return [job for job in self._jobs if job.running]

    def wait(self) -> None:
        """GUI thread, at exit: wait for every running job, each up to its ``wait_s``."""
        for job in self.running:
            if not job.wait():
                log.warning("%s still runs after %.0f s; closing without it", job.name, job.wait_s)

    def close(self, timeout: float | None = None) -> bool:
        """Refuse every job that has not begun; wait for those that have (False if ``timeout`` ran out)."""
        with self._condition:
            self._closed = True
            return self._condition.wait_for(lambda: self._begun == 0, timeout)
