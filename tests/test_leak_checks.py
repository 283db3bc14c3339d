"""The suite-wide leak check (tests/conftest.py) fails tests that leave a thread or a child process running."""

from __future__ import annotations

import os
import signal
from pathlib import Path

CONFTEST = Path(__file__).with_name("conftest.py")
#: On the path of the inner runs: the conftest loads the suite's plugins (tests.harness.hard_stop).
ROOT = CONFTEST.parent.parent

LEAKY_TESTS = '''
import subprocess
import threading
import time


def test_leaves_a_thread():
    stop = threading.Event()
    threading.Thread(target=stop.wait, args=(30,), name="leaky-worker", daemon=True).start()


def test_leaves_a_child(tmp_path_factory):
    child = subprocess.Popen(["sleep", "30"])
    (tmp_path_factory.getbasetemp().parent / "child.pid").write_text(str(child.pid))


def test_cleans_up():
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, args=(30,), name="tidy-worker")
    worker.start()
    child = subprocess.Popen(["sleep", "30"])
    stop.set()
    worker.join()
    child.terminate()
    child.wait()
'''


def test_leaking_tests_fail_and_tidy_ones_pass(pytester, monkeypatch):
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_leaky=LEAKY_TESTS)
    monkeypatch.setenv("LIVEROOM_LEAK_GRACE_S", "0.3")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    basetemp = pytester.path / "basetemp"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--basetemp={basetemp}")
    pid_file = pytester.path / "child.pid"
    try:
        result.assert_outcomes(passed=3, errors=2)
        output = result.stdout.str()
        assert "threads left running: ['leaky-worker']" in output
        assert f"child processes left running: ['{pid_file.read_text()}:sleep']" in output
    finally:
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text()), signal.SIGKILL)
            except ProcessLookupError:
                pass


QT_POOL_TESTS = '''
import threading

from PySide6.QtCore import QRunnable, QThreadPool

release = threading.Event()


class Job(QRunnable):
    """Work on Qt's global pool (where superqt's workers run) that Python sees as a Dummy-N thread."""

    def __init__(self, wait_s):
        super().__init__()
        self.wait_s = wait_s

    def run(self):
        threading.current_thread()  # what logging or superqt does: Python now lists this thread
        release.wait(self.wait_s)


def test_finished_pool_work_is_not_a_leak():
    QThreadPool.globalInstance().start(Job(0.0))


def test_pool_work_left_running_is_a_leak():
    QThreadPool.globalInstance().start(Job(30.0))


def test_zz_release_the_pool():
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10_000)
'''


def test_qt_pool_threads_count_only_while_they_work(pytester, monkeypatch):
    """A Dummy-N thread of Qt's pool is not a leak once the pool is done; one still working is, by its OS name."""
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_qt_pool=QT_POOL_TESTS)
    monkeypatch.setenv("LIVEROOM_LEAK_GRACE_S", "0.3")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--basetemp={pytester.path / 'basetemp'}")
    result.assert_outcomes(passed=3, errors=1)
    output = result.stdout.str()
    assert "ERROR at teardown of test_pool_work_left_running_is_a_leak" in output
    assert "Qt's global thread pool still runs 1 job(s)" in output
    # Once it has run Python code the job's thread is listed too: named Dummy-N by Python, by Qt "Thread (pooled)".
    # The short test summary repeats the message (cut to the terminal's width, or whole when CI is set):
    # count the teardown report's own lines.
    report = [line for line in output.splitlines() if not line.startswith("ERROR test_qt_pool.py")]
    assert sum("Qt's global thread pool still runs" in line for line in report) == 1
