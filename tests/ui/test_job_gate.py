"""The gate the windows put around their superqt workers' jobs (ui/job_gate.py)."""

from __future__ import annotations

import threading

import pytest

from ui.job_gate import JobCancelled, JobGate


def _in_thread(function) -> threading.Thread:
    thread = threading.Thread(target=function, name="pool-like")
    thread.start()
    return thread


def test_a_job_runs_under_the_gates_name_and_gives_the_thread_its_name_back():
    gate = JobGate("review-worker")
    seen: list[str] = []
    thread = _in_thread(lambda: gate.wrap(lambda: seen.append(threading.current_thread().name))())
    thread.join(5)
    assert seen == ["review-worker"] and thread.name == "pool-like"


def test_close_waits_for_a_job_that_has_begun_and_refuses_one_that_has_not():
    gate = JobGate("wall-query")
    begun, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow() -> None:
        begun.set()
        release.wait(5)
        finished.set()

    thread = _in_thread(gate.wrap(slow))
    assert begun.wait(5)
    assert gate.close(timeout=0.05) is False and not finished.is_set()  # still running: close waits for it
    release.set()
    assert gate.close(timeout=5) is True and finished.is_set()
    thread.join(5)
    ran: list[int] = []
    with pytest.raises(JobCancelled):
        gate.wrap(lambda: ran.append(1))()
    assert ran == [] and gate.closed
