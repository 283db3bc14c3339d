"""A headless run names the threads it started that still run at exit (the soak asserts there are none)."""

from __future__ import annotations

import io
import threading

from console.headless import _report_threads_left


def test_a_thread_the_run_started_and_left_running_is_named_on_stderr():
    before = set(threading.enumerate())
    release = threading.Event()
    straggler = threading.Thread(target=release.wait, name="straggler", daemon=True)
    straggler.start()
    try:
        err = io.StringIO()
        _report_threads_left(before, err)
        assert err.getvalue() == "liveroom: warning: 1 threads still running at exit: straggler\n"
    finally:
        release.set()
        straggler.join()
    err = io.StringIO()
    _report_threads_left(before, err)
    assert err.getvalue() == ""


def test_threads_that_were_there_before_the_run_are_not_its_own():
    release = threading.Event()
    harness = threading.Thread(target=release.wait, name="harness", daemon=True)
    harness.start()
    try:
        err = io.StringIO()
        _report_threads_left(set(threading.enumerate()), err)
        assert err.getvalue() == ""
    finally:
        release.set()
        harness.join()
