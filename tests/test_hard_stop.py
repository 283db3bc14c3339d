"""The run's last resort (tests/harness/hard_stop.py): a test pytest-timeout cannot stop ends the run, with its stack."""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(pytester, monkeypatch, source: str):
    monkeypatch.setenv("LIVEROOM_HARD_STOP_AFTER_S", "1")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(test_inner=source)
    started = time.monotonic()
    result = pytester.runpytest_subprocess("-p", "tests.harness.hard_stop", "-p", "no:randomly", "--timeout", "1",
                                           timeout=60)
    return result, time.monotonic() - started


def test_a_test_that_pytest_timeout_cannot_reach_ends_the_run_with_every_stack(pytester, monkeypatch):
    result, took = _run(pytester, monkeypatch, """
import signal
import time


def test_stuck():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # pytest-timeout's alarm never arrives
    time.sleep(30)


def test_never_reached():
    pass
""")
    assert result.ret == 1
    assert took < 20  # 1 s limit + 1 s grace, not the 30 s sleep
    stderr = result.stderr.str()
    assert "Timeout (0:00:02)!" in stderr  # faulthandler's watchdog: limit + grace
    assert "in test_stuck" in stderr and "test_inner.py" in stderr
    assert "test_never_reached" not in result.stdout.str() and "passed" not in result.stdout.str()


def test_the_watchdog_starts_again_for_every_test_and_leaves_pytest_timeout_its_work(pytester, monkeypatch):
    result, _ = _run(pytester, monkeypatch, """
import time


def test_one():
    time.sleep(0.8)


def test_two():
    time.sleep(0.8)


def test_three():
    time.sleep(0.8)


def test_timed_out():
    time.sleep(30)  # pytest-timeout stops this one itself, and the run goes on


def test_after():
    pass
""")
    # Together past limit + grace (2 s): the watchdog is re-armed per test, not once for the run.
    result.assert_outcomes(passed=4, failed=1)
    assert "Timeout (0:00:" not in result.stderr.str()
    assert "Failed: Timeout" in result.stdout.str()
