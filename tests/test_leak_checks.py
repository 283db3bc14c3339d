"""The suite-wide leak check (tests/conftest.py) fails tests that leave a thread or a child process running."""

from __future__ import annotations

import os
import signal
from pathlib import Path

CONFTEST = Path(__file__).with_name("conftest.py")

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
