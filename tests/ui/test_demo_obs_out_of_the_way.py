"""`liveroom demo` keeps the sandbox OBS's own window off the console's screen (issue 19 point 5).

A real demo process on the test command's display: once its sandbox OBS
runs, that OBS draws on a virtual display of its own (its DISPLAY is another
one), and the console's screen shows the console's window only.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import psutil
import pytest

from tests.harness.window import WindowProcess, window_env, window_ids_of

pytestmark = [pytest.mark.obs,
              pytest.mark.skipif(not os.environ.get("DISPLAY") or not shutil.which("obs") or not shutil.which("Xvfb"),
                                 reason="needs the X display, OBS Studio and Xvfb")]


def _obs_children(pid: int) -> list[psutil.Process]:
    try:
        return [child for child in psutil.Process(pid).children(recursive=True) if child.name() == "obs"]
    except psutil.NoSuchProcess:
        return []


def _display_of(process: psutil.Process) -> str | None:
    environ = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
    found = [entry.split(b"=", 1)[1].decode() for entry in environ if entry.startswith(b"DISPLAY=")]
    return found[0] if found else None


def test_the_demos_sandbox_obs_draws_on_a_display_of_its_own(tmp_path):
    demo = WindowProcess(["demo", "--intake", "127.0.0.1:0"], window_env(LIVEROOM_HOME=str(tmp_path / "home")),
                         tmp_path / "logs")
    try:
        [obs] = demo.wait_until(lambda: _obs_children(demo.process.pid), "a sandbox OBS")
        ours = os.environ["DISPLAY"]
        assert _display_of(obs) not in (None, ours)
        demo.wait_until(lambda: window_ids_of(demo.process.pid), "the console window")
        time.sleep(3)  # OBS's window would be mapped by now (its websocket answers after its window is up)
        assert window_ids_of(obs.pid) == []
        assert demo.terminate() == 0
        assert not obs.is_running() or obs.status() == psutil.STATUS_ZOMBIE
    finally:
        demo.kill()
