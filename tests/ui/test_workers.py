"""The gate ui.workers puts around a window's superqt jobs: a thread name while they run, a close behind them.

(The show host's uses of ui.workers — a wait without an event loop, results on
the GUI thread — are tested in tests/ui/test_show_host.py.)
"""

from __future__ import annotations

import threading

from ui.workers import JobCancelled, Workers


def test_a_job_runs_under_the_workers_name_and_gives_the_thread_its_name_back(qtbot):
    workers = Workers("review-worker")
    seen: list[tuple[str, threading.Thread]] = []
    job = workers.start("list", lambda: seen.append((threading.current_thread().name, threading.current_thread())))
    assert job.wait(5)
    [(name, thread)] = seen
    assert name == "review-worker" and thread.name != "review-worker"
    assert thread is not threading.main_thread()


def test_without_a_thread_name_a_job_runs_under_its_own_name(qtbot):
    workers = Workers()
    seen: list[str] = []
    job = workers.start("show-load", lambda: seen.append(threading.current_thread().name))
    assert job.wait(5)
    assert seen == ["show-load"]


def test_close_waits_for_a_job_that_has_begun_and_refuses_one_that_has_not(qtbot):
    workers = Workers("wall-query")
    begun, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow() -> None:
        begun.set()
        release.wait(5)
        finished.set()

    first = workers.start("slow", slow)
    assert begun.wait(5)
    assert workers.close(timeout=0.05) is False and not finished.is_set()  # still running: close waits for it
    release.set()
    assert workers.close(timeout=5) is True and finished.is_set()
    assert first.wait(5)
    ran: list[int] = []
    errors: list[BaseException] = []
    refused = workers.start("late", lambda: ran.append(1), errored=errors.append)
    assert refused.wait(5)
    qtbot.waitUntil(lambda: errors != [], timeout=5000)  # the refusal reaches errored, on the GUI thread
    assert ran == [] and workers.closed
    assert len(errors) == 1 and isinstance(errors[0], JobCancelled)
    assert workers.running == []
