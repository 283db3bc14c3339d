"""Crash recovery's liveness check: pid plus create time, through psutil (portable)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import psutil
import pytest

from console import liveness
from console.liveness import CREATE_TIME_TOLERANCE_S, process_alive, process_gone, process_identity


def test_our_own_pid_with_its_create_time_is_alive():
    identity = process_identity()
    assert (identity["host"], identity["pid"]) == (socket.gethostname(), os.getpid())
    assert process_alive(identity["pid"], identity["pid_started"])
    assert not process_gone(identity["host"], identity["pid"], identity["pid_started"])


def test_a_live_pid_with_another_create_time_is_a_reused_pid_so_dead():
    identity = process_identity()
    started = identity["pid_started"] - 10 * CREATE_TIME_TOLERANCE_S  # the console that had this pid before us
    assert not process_alive(identity["pid"], started)
    assert process_gone(identity["host"], identity["pid"], started)


def test_a_dead_pid_is_dead():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started = psutil.Process(child.pid).create_time()
    child.wait(10)  # reaped: the pid no longer exists
    assert not process_alive(child.pid, started)
    assert not process_alive(child.pid, None)
    assert process_gone(socket.gethostname(), child.pid, started)


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="needs waitid(WNOWAIT) to leave the child unreaped")
def test_an_exited_child_not_yet_reaped_is_dead():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started = psutil.Process(child.pid).create_time()
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # it has exited; its parent has not reaped it
        assert not process_alive(child.pid, started), "a zombie is not a running console"
    finally:
        child.wait(10)


def test_rows_without_a_create_time_keep_the_pid_only_check():
    # Rows written before the create time was recorded: the pid decides.
    assert process_alive(os.getpid(), None)
    assert not process_gone(socket.gethostname(), os.getpid(), None)


def test_another_host_or_no_pid_is_never_declared_gone():
    assert not process_gone("some-other-machine", 1, None)
    assert not process_gone(socket.gethostname(), None, None)
    assert not process_gone(socket.gethostname(), 0, None)


def test_liveness_never_signals_a_process(monkeypatch):
    # os.kill(pid, 0) terminates the process on Windows: the check must not send anything.
    def refuse(*args):
        raise AssertionError(f"os.kill{args} called")

    monkeypatch.setattr(os, "kill", refuse)
    assert process_alive(os.getpid(), process_identity()["pid_started"])
    assert liveness.process_gone(socket.gethostname(), os.getpid(), None) is False
