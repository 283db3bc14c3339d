"""Every way into the review window works in a real process (issue 19 point 0).

``liveroom review ID`` at a terminal on a desktop opens the window (``--text``
prints, as a pipe does); the console's File → Review shows… key opens it, pressed
on the real window through the X server (xdotool); a show that ends offers its
review in one click (in process: a real session ended by its own command).
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QSettings

from tests.harness.window import WindowProcess, window_env, window_ids_of, window_title
from tests.review.fixtures import record_small_show

pytestmark = pytest.mark.skipif(not os.environ.get("DISPLAY") or not shutil.which("xwininfo"),
                                reason="needs the test command's X display (Xvfb) and x11-utils")

REVIEW_TITLES = ("Show review", "复盘")
START_TIMEOUT_S = 60.0


def _review_windows(pid: int) -> list[str]:
    return [window_id for window_id in window_ids_of(pid)
            if any(title in window_title(window_id) for title in REVIEW_TITLES)]


def _wait(condition, what: str, process: subprocess.Popen, timeout: float = START_TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process.poll() is not None:
            raise AssertionError(f"the process exited ({process.returncode}) before {what}")
        time.sleep(0.3)
    raise AssertionError(f"no {what} within {timeout:g} s")


@pytest.fixture
def recorded_db(tmp_path):
    from db.engine import open_database

    url = f"sqlite:///{tmp_path / 'shows.sqlite'}"
    engine = open_database(url)
    try:
        record_small_show(engine, kind="live", show_id="live-1")
    finally:
        engine.dispose()
    return url


def _review_process(args: list[str], tmp_path) -> tuple[subprocess.Popen, int]:
    """``liveroom review …`` with its output on a terminal (a pty), as a person at a desktop runs it."""
    controller, terminal = pty.openpty()
    env = window_env(LIVEROOM_HOME=str(tmp_path / "home"))
    process = subprocess.Popen([sys.executable, "-m", "console.cli", *args], stdout=terminal,
                               stderr=subprocess.PIPE, env=env)
    os.close(terminal)
    return process, controller


def _end(process: subprocess.Popen, terminal: int) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    process.stderr.close()
    os.close(terminal)


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def test_liveroom_review_at_a_terminal_opens_the_window(recorded_db, tmp_path):
    process, terminal = _review_process(["--db", recorded_db, "review", "live-1"], tmp_path)
    try:
        [window_id] = _wait(lambda: _review_windows(process.pid), "review window", process)
        assert window_title(window_id)
        process.terminate()
        assert process.wait(30) == 0
    finally:
        _end(process, terminal)


def test_liveroom_review_text_prints_at_a_terminal_and_opens_nothing(recorded_db, tmp_path):
    process, terminal = _review_process(["--db", recorded_db, "review", "live-1", "--text"], tmp_path)
    try:
        code = process.wait(60)
        output = _read_all(terminal)
        error = process.stderr.read().decode()
    finally:
        _end(process, terminal)
    assert code == 0, error
    assert "live-1" in output or "TOTAL" in output


def test_liveroom_review_of_an_unknown_show_says_so(recorded_db, tmp_path):
    process, terminal = _review_process(["--db", recorded_db, "review", "no-such-show"], tmp_path)
    try:
        code = process.wait(60)
        error = process.stderr.read().decode()
    finally:
        _end(process, terminal)
    assert code == 1
    assert error.startswith("liveroom review:") and "no-such-show" in error


@pytest.mark.skipif(not shutil.which("xdotool"), reason="xdotool presses the key on the real window")
def test_file_review_shows_key_in_the_console_opens_the_review_window(recorded_db, tmp_path):
    console = WindowProcess(["--db", recorded_db, "--obs-url", "ws://127.0.0.1:9", "--intake", "127.0.0.1:0"],
                            window_env(LIVEROOM_HOME=str(tmp_path / "home")), tmp_path / "logs")
    try:
        [main_id] = console.wait_until(lambda: window_ids_of(console.process.pid), "the console window")
        assert not _review_windows(console.process.pid)

        def pressed_and_opened() -> list[str]:
            # The key goes to the focused window: focus it first (no window manager on Xvfb).
            subprocess.run(["xdotool", "windowfocus", "--sync", str(int(main_id, 16))], timeout=10, check=False)
            subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+shift+o"], timeout=10, check=True)
            return console.wait_until(lambda: _review_windows(console.process.pid), "the review window", timeout=10)

        assert pressed_and_opened()
        assert console.terminate() == 0  # the review window closes with the console
    finally:
        console.kill()


def test_a_show_that_ends_offers_its_review_in_one_click(qtbot, tmp_path, settings_path):
    from console import show_assembly
    from console.paths import resource
    from console.station import Station
    from ui.windows.main_window import MainWindow
    from ui.windows.review_opener import ReviewOpener
    from ui.windows.show_host import ShowHost

    host = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}"))
    window = MainWindow(host.bridge, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    opener = ReviewOpener(window, host)
    try:
        prepared = show_assembly.prepare_show(str(resource(*show_assembly.DEMO_SHOW)))
        show = show_assembly.assemble_demo_show(prepared, recorder=host.recorder, obs=None, journal=host.journal)
        panels = host.run_show(window, show)
        window.show()
        assert not window.review_offer_action.isVisible()
        assert panels.clock.start_show()
        opener.check_show_ended()
        assert not window.review_offer_action.isVisible()  # running: nothing offered yet
        panels.clock.command("stop")
        qtbot.waitUntil(lambda: window.review_offer_action.isVisible(), timeout=5000)
        assert show.script.show.title in window.review_offer_action.text()
        host.recorder.flush()
        window.review_offer_action.trigger()  # the one click
        review = opener.review_window
        assert review is not None and review.isVisible()
        qtbot.waitUntil(lambda: review.review is not None, timeout=20000)
        assert review.review.show.id == show.show_id
    finally:
        opener.close()
        host.shutdown()
