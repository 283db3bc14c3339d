"""A test stuck where pytest-timeout cannot reach it ends the run, with every thread's stack.

pytest-timeout (signal method) raises from SIGALRM's Python handler, which
runs only when the main thread comes back to Python. The alarm is sent to the
process, and the kernel hands it to any thread that does not block it: with a
dozen threads running, a main thread blocked in a system call (a read on a
child's pipe) is usually not the one interrupted, and stays blocked. A main
thread inside Qt's C++ (a wait holding the GIL) never comes back either. The
run then hangs until CI's own limit with no trace of where: CI once stopped the
suite that way after 90 minutes, at tests/ui/test_recovery_offer.py, whose test
read a headless run's stdout on the main thread (now on a thread, with a bound).

faulthandler's watchdog is a C thread: HARD_STOP_AFTER_S past the test's own
limit it prints every thread's stack to the run's real stderr and exits the
process with status 1. scripts/lib.sh then stops whatever the run started
(every process of a run carries LIVEROOM_TEST_RUN in its environment).

A plugin of the suite's (tests/conftest.py lists it) rather than conftest code
so tests/test_hard_stop.py can load it into a pytest of its own.
"""

from __future__ import annotations

import faulthandler
import os
import sys

import pytest

#: How long past its own timeout a test may run before the whole run is stopped (the
#: hard-stop test shortens it through the environment).
HARD_STOP_AFTER_S = float(os.environ.get("LIVEROOM_HARD_STOP_AFTER_S", "60"))


def _timeout_s(item: pytest.Item) -> float:
    """The test's pytest-timeout limit (its mark, ``--timeout`` or the ini's; 0: none)."""
    import pytest_timeout

    return float(pytest_timeout._get_item_settings(item).timeout or 0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item):
    """The watchdog runs for the test's setup, call and teardown (pytest-timeout's limit covers them all)."""
    limit = _timeout_s(item)
    if limit <= 0:
        return (yield)
    faulthandler.dump_traceback_later(limit + HARD_STOP_AFTER_S, exit=True, file=_real_stderr(item.config))
    try:
        return (yield)
    finally:
        faulthandler.cancel_dump_traceback_later()


def _real_stderr(config: pytest.Config) -> int:
    """The run's stderr as it was before output capture (pytest's faulthandler plugin keeps a copy)."""
    try:
        from _pytest.faulthandler import fault_handler_stderr_fd_key

        return config.stash[fault_handler_stderr_fd_key]
    except (ImportError, KeyError):
        return sys.__stderr__.fileno()
