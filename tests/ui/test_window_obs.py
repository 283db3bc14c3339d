"""The console window against a real OBS (sandbox): switching, studio mode, tally, thumbnails, outages.

Every check of what OBS did goes through a second, independent client
(``checker``), never through the console's own state.
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QElapsedTimer, QSettings, Qt, QTimer
from PySide6.QtGui import QImage

from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from ui.bridges.obs_bridge import ObsBridge
from ui.windows.main_window import MainWindow

pytestmark = pytest.mark.obs

#: A switch with the Cut transition is confirmed by OBS in a few ms; 5 s is the client's request bound.
OBS_WAIT_MS = 5000


@pytest.fixture
def checker(real_obs):
    client = ObsClient(real_obs.url, password=real_obs.password, name="checker").start()
    assert client.wait_for_state(ConnectionState.OK, timeout=10)
    studio = client.call("GetStudioModeEnabled").data.get("studioModeEnabled")
    program = client.call("GetCurrentProgramScene").data.get("currentProgramSceneName")
    transition = client.call("GetCurrentSceneTransition").data.get("transitionName")
    # Cut: CurrentProgramSceneChanged arrives when the transition ends (ENVIRONMENT.md).
    client.call("SetCurrentSceneTransition", {"transitionName": "Cut"})
    yield client
    client.call("SetStudioModeEnabled", {"studioModeEnabled": bool(studio)})
    if program:
        client.call("SetCurrentProgramScene", {"sceneName": program})
    if transition:
        client.call("SetCurrentSceneTransition", {"transitionName": transition})
    client.stop()


def open_console(qtbot, request, url: str, password: str | None, settings_path: str) -> MainWindow:
    """The window on a client of its own, shown and connected; stopped at the end of the test."""
    client = ObsClient(url, password=password, name="console")
    bridge = ObsBridge(client)
    window = MainWindow(bridge, QSettings(settings_path, QSettings.Format.IniFormat), confirm=lambda *_: True)
    qtbot.addWidget(window)

    def close() -> None:
        bridge.detach()
        client.stop()

    request.addfinalizer(close)
    window.resize(1280, 720)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    client.start()
    qtbot.waitUntil(lambda: bridge.state == ConnectionState.OK and len(window.camera_switcher.tiles) >= 2,
                    timeout=10_000)
    return window


@pytest.fixture
def console(qtbot, request, real_obs, checker, settings_path):
    return open_console(qtbot, request, real_obs.url, real_obs.password, settings_path)


def program_in_obs(checker) -> str:
    return checker.call("GetCurrentProgramScene").data["currentProgramSceneName"]


def preview_in_obs(checker) -> str | None:
    return checker.call("GetCurrentPreviewScene").data.get("currentPreviewSceneName")


def other_scene(window: MainWindow, checker) -> tuple[int, str]:
    current = program_in_obs(checker)
    for index, name in enumerate(window.camera_switcher.scene_names()[:9]):
        if name != current:
            return index, name
    raise AssertionError("OBS has a single scene")


def test_clicking_a_tile_switches_obs_program(qtbot, console, checker):
    _index, target = other_scene(console, checker)
    with qtbot.waitSignal(console.camera_switcher.program_confirmed, timeout=OBS_WAIT_MS):
        qtbot.mouseClick(console.camera_switcher.tiles[target], Qt.MouseButton.LeftButton)
    assert program_in_obs(checker) == target
    assert console.camera_switcher.tiles[target].tally == "program"


def test_number_key_switches_obs_program(qtbot, console, checker):
    index, target = other_scene(console, checker)
    qtbot.keyClick(console, Qt.Key(Qt.Key.Key_1 + index))
    qtbot.waitUntil(lambda: program_in_obs(checker) == target, timeout=OBS_WAIT_MS)


def test_studio_mode_preview_then_take(qtbot, console, checker):
    checker.call("SetStudioModeEnabled", {"studioModeEnabled": True})
    qtbot.waitUntil(lambda: console.bridge.snapshot.studio_mode, timeout=OBS_WAIT_MS)
    program_before = program_in_obs(checker)
    index, target = other_scene(console, checker)
    qtbot.keyClick(console, Qt.Key(Qt.Key.Key_1 + index))
    qtbot.waitUntil(lambda: preview_in_obs(checker) == target, timeout=OBS_WAIT_MS)
    assert program_in_obs(checker) == program_before  # a selection alone changes nothing on air
    qtbot.waitUntil(lambda: console.camera_switcher.tiles[target].tally == "preview", timeout=OBS_WAIT_MS)
    qtbot.keyClick(console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: program_in_obs(checker) == target, timeout=OBS_WAIT_MS)
    qtbot.waitUntil(lambda: console.camera_switcher.tiles[target].tally == "program", timeout=OBS_WAIT_MS)


def test_tally_follows_a_switch_made_in_obs(qtbot, console, checker):
    _index, target = other_scene(console, checker)
    assert console.camera_switcher.tiles[target].tally != "program"
    assert checker.call("SetCurrentProgramScene", {"sceneName": target}).ok
    qtbot.waitUntil(lambda: console.camera_switcher.tiles[target].tally == "program", timeout=OBS_WAIT_MS)
    others = [tile.tally for name, tile in console.camera_switcher.tiles.items() if name != target]
    assert "program" not in others


def _difference(first: QImage, second: QImage) -> float:
    """Mean absolute difference of grey levels over a coarse grid (JPEG noise stays well under 2)."""
    first = first.convertToFormat(QImage.Format.Format_Grayscale8)
    second = second.convertToFormat(QImage.Format.Format_Grayscale8).scaled(first.size())
    total = count = 0
    for y in range(0, first.height(), 4):
        for x in range(0, first.width(), 4):
            total += abs(first.pixelColor(x, y).value() - second.pixelColor(x, y).value())
            count += 1
    return total / max(1, count)


def test_thumbnail_of_a_moving_test_pattern_changes(qtbot, console):
    switcher = console.camera_switcher
    # The sandbox's camera scenes play moving test patterns; the standby scene does not move.
    cameras = [name for name in switcher.scene_names() if name.startswith("机位")] or switcher.scene_names()
    tile = switcher.tiles[cameras[0]]
    qtbot.waitUntil(lambda: tile.image is not None, timeout=OBS_WAIT_MS)
    first, received = tile.image, tile.thumbnails_received
    qtbot.waitUntil(lambda: tile.thumbnails_received >= received + 2, timeout=OBS_WAIT_MS)
    assert _difference(first, tile.image) > 2.0


def test_thumbnails_pause_for_a_hidden_dock(qtbot, console):
    switcher = console.camera_switcher
    tile = switcher.tiles[switcher.scene_names()[0]]
    qtbot.waitUntil(lambda: tile.thumbnails_received >= 1, timeout=OBS_WAIT_MS)
    console.docks["camera_switcher"].hide()
    qtbot.waitUntil(lambda: not tile.request_in_flight, timeout=OBS_WAIT_MS)
    count = tile.thumbnails_received
    # Three timer periods with the dock hidden: no request may go out.
    with qtbot.waitSignal(switcher.thumbnail_timer.timeout, timeout=2000):
        pass
    with qtbot.waitSignal(switcher.thumbnail_timer.timeout, timeout=2000):
        pass
    assert tile.thumbnails_received == count and not tile.request_in_flight


def _run_queue_wait_s() -> float:
    """Time this thread spent runnable but waiting for a CPU (Linux schedstat, field 2)."""
    try:
        with open("/proc/thread-self/schedstat") as stats:
            return int(stats.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class GapMeter:
    """Event-loop responsiveness: a 10 ms timer records the longest gap between its ticks.

    Each gap is also measured without the time the kernel kept the GUI thread
    waiting for a CPU (``/proc/thread-self/schedstat``): on a shared 2-core
    machine a starting OBS (llvmpipe threads) can keep any process off the CPU
    for 100 ms, which no code of ours can prevent; what is left of the gap is
    time the loop was really blocked (our code, a lock, the GIL).
    """

    INTERVAL_MS = 10

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(self.INTERVAL_MS)
        self.clock = QElapsedTimer()
        self.max_gap_ms = 0.0
        self.max_blocked_ms = 0.0
        self.long_gaps: list[tuple[float, float, float, float]] = []
        self.ticks = 0
        self.cpu = time.thread_time()
        self.waited = _run_queue_wait_s()
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.cpu = time.thread_time()
        self.waited = _run_queue_wait_s()
        self.timer.start()

    def _tick(self) -> None:
        gap = self.clock.nsecsElapsed() / 1e6
        self.clock.restart()
        cpu_now, waited_now = time.thread_time(), _run_queue_wait_s()
        run_queue_ms = (waited_now - self.waited) * 1000
        blocked = max(0.0, gap - run_queue_ms)
        if gap > 50:
            self.long_gaps.append((round(time.monotonic(), 3), round(gap, 1), round((cpu_now - self.cpu) * 1000, 1),
                                   round(run_queue_ms, 1)))
        self.cpu, self.waited = cpu_now, waited_now
        self.max_gap_ms = max(self.max_gap_ms, gap)
        self.max_blocked_ms = max(self.max_blocked_ms, blocked)
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


def test_window_stays_responsive_while_obs_is_killed_and_comes_back(qtbot, request, fresh_obs, settings_path):
    sandbox = fresh_obs
    console = open_console(qtbot, request, sandbox.url, sandbox.password, settings_path)
    bridge = console.bridge
    meter = GapMeter()
    meter.start()
    try:
        started = time.monotonic()
        phases = {"start": round(started, 3)}
        # SIGKILL, and reaping OBS, off the GUI thread: the test must not block the loop it measures.
        killer = threading.Thread(target=sandbox.kill_obs, name="test-obs-kill")
        killer.start()
        qtbot.waitUntil(lambda: not killer.is_alive(), timeout=15_000)
        killer.join()
        phases["killed"] = round(time.monotonic(), 3)
        qtbot.waitUntil(lambda: bridge.state in (ConnectionState.RECONNECTING, ConnectionState.CONNECTING),
                        timeout=10_000)
        assert console.connection_bar.pill_level() != "ok"
        # Keys pressed while OBS is away must not block either; the refusal is shown.
        with qtbot.waitSignal(console.camera_switcher.notify, timeout=5000) as refused:
            qtbot.keyClick(console, Qt.Key.Key_2)
        assert refused.args[1] is True
        phases["key"] = round(time.monotonic(), 3)
        # Restarting OBS takes seconds: off the GUI thread, as the demo does.
        worker = threading.Thread(target=sandbox.start_obs_again, name="test-obs-restart")
        worker.start()
        qtbot.waitUntil(lambda: not worker.is_alive(), timeout=90_000)
        worker.join()
        phases["restarted"] = round(time.monotonic(), 3)
        qtbot.waitUntil(lambda: bridge.state == ConnectionState.OK, timeout=30_000)
        qtbot.waitUntil(lambda: console.connection_bar.pill_level() == "ok", timeout=10_000)
        elapsed = time.monotonic() - started
    finally:
        meter.stop()
    print(f"BENCH window_event_loop_max_gap_during_obs_restart max_gap_ms={meter.max_gap_ms:.1f} "
          f"max_blocked_ms={meter.max_blocked_ms:.1f} ticks={meter.ticks} outage_s={elapsed:.1f}")
    print("gaps > 50 ms (monotonic s, gap ms, GUI-thread CPU ms, waiting for a CPU ms):", meter.long_gaps,
          "phases:", phases)
    assert meter.ticks > 50
    # The loop itself was never blocked for 100 ms (time the kernel kept us off the CPU excluded, see GapMeter).
    assert meter.max_blocked_ms < 100.0
