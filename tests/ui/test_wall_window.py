"""The rooms wall window (pytest-qt): real shows recorded into a real database, read by the window's
worker thread; the GUI thread never waits on the database."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from console import wall
from console.audience.events import OrderEvent, ViewersEvent
from console.recording import Recorder
from console.session import ShowSession
from tests.harness.common import WallClock
from tests.show.conftest import three_modules
from ui import i18n
from ui.panels.rooms_table import COLUMNS
from ui.theme import PREVIEW_GREEN, PROGRAM_RED, TEXT_DISABLED, WALL_STALE_BACKGROUND, WALL_WARN
from ui.windows.wall_window import WallWindow

COLUMN = {name: index for index, name in enumerate(COLUMNS)}


class Room:
    """A show in progress whose clock started ``ago`` wall seconds before now (``at`` ticks it)."""

    def __init__(self, engine, room: str, *, ago: float = 0.0, end: str = "hold") -> None:
        self.start = time.time() - ago
        self.clock = WallClock(self.start)
        self.recorder = Recorder(engine)
        self.session = ShowSession(three_modules(end), recorder=self.recorder, kind="rehearsal", room=room,
                                   clock=self.clock)
        self.session.start(0.0)

    def at(self, seconds: float) -> None:
        self.clock.now = self.start + seconds
        self.session.tick(seconds)
        self.recorder.flush(10)

    def close(self) -> None:
        self.session.close(self.clock.now - self.start)
        self.recorder.close()


@pytest.fixture()
def engine(db_engine):
    return db_engine


@pytest.fixture
def settings(settings_path):
    return QSettings(settings_path, QSettings.Format.IniFormat)


def _rows(window: WallWindow) -> dict[str, dict[str, str]]:
    """What the table shows, by room (through the sorting proxy, as on screen)."""
    proxy = window.proxy
    rows = {}
    for row in range(proxy.rowCount()):
        cells = {name: proxy.index(row, column).data() for name, column in COLUMN.items()}
        rows[cells["room"]] = cells
    return rows


def _colour(window: WallWindow, room: str, column: str, role=Qt.ItemDataRole.ForegroundRole) -> str | None:
    proxy = window.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, COLUMN["room"]).data() == room:
            brush = proxy.index(row, COLUMN[column]).data(role)
            return brush.color().name() if brush is not None else None
    raise AssertionError(f"no row for {room}")


def test_the_wall_shows_the_rooms_running_in_the_database(qtbot, engine, settings):
    on_time = Room(engine, "一号间")
    over = Room(engine, "二号间", ago=75.0)
    dead = Room(engine, "三号间", ago=60.0)
    try:
        on_time.at(0.5)
        on_time.session.submit([ViewersEvent(ts=on_time.start + 0.5, online=1234, entered=2000),
                                OrderEvent(ts=on_time.start + 0.5, order_id="o-1", sku="A-1001", qty=1,
                                           amount=12999.0)]).result(10)
        on_time.at(5.0)  # a heartbeat with the KPIs (its wall stamp a few seconds ahead: age 0)
        over.at(75.0)  # held at the end of its 60 s opening: 15 s over, beat just now
        dead.at(5.0)  # its last beat was 55 s ago: its console stopped beating
        window = WallWindow(engine, settings)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.refreshed, timeout=10_000):
            window.show()
            window.start()
        shown = _rows(window)
        assert set(shown) == {"一号间", "二号间", "三号间"}
        assert shown["一号间"]["show"] == "三段测试  [rehearsal]" and shown["一号间"]["module"] == "1/3  开场"
        assert (shown["一号间"]["gmv"], shown["一号间"]["online"], shown["一号间"]["orders"]) == ("12,999", "1,234", "1")
        assert shown["一号间"]["health"] == "● live" and shown["一号间"]["obs"] == "no OBS"
        assert shown["二号间"]["over_under"] == "+0:15" and _colour(window, "二号间", "over_under") == WALL_WARN
        assert shown["一号间"]["over_under"] == "0:00" and _colour(window, "一号间", "over_under") == PREVIEW_GREEN
        # The dead console's room is marked: its health says so, its figures are dimmed on an amber tint.
        assert shown["三号间"]["health"].startswith("▲ STALE")
        assert _colour(window, "三号间", "module") == TEXT_DISABLED
        assert _colour(window, "三号间", "module", Qt.ItemDataRole.BackgroundRole) == WALL_STALE_BACKGROUND
        stale_row = next(r for r in range(window.proxy.rowCount())
                         if window.proxy.index(r, COLUMN["room"]).data() == "三号间")
        font = window.proxy.index(stale_row, COLUMN["module"]).data(Qt.ItemDataRole.FontRole)
        assert font.italic() and font.pointSizeF() == window.table.font().pointSizeF()
        assert "3 rooms running" in window.summary.text() and "1 without heartbeat" in window.summary.text()
        # Every read ran on the worker thread, never on the GUI thread.
        assert window.query_threads and all(name.startswith("wall-query") for name in window.query_threads)
        assert threading.main_thread().name not in window.query_threads

        # The show of 一号间 moves on; the next automatic refresh (2 s) shows it.
        on_time.session.command("next", 6.0)
        on_time.recorder.flush(10)
        qtbot.waitUntil(lambda: _rows(window)["一号间"]["module"] == "2/3  精华液讲解", timeout=10_000)
        window.close()
    finally:
        for room in (on_time, over, dead):
            room.close()


def _room(**fields) -> wall.RoomRow:
    values = dict(show_id="s", room="r", title="t", kind="live", status="running", health="live", speed=1.0,
                  started_at=0.0, module_id="m", module_title="模块", module_number=1, modules=3, phase="running",
                  over_under_s=0.0, obs="ok", streaming=True, recording=False, fps=30.0, render_dropped=0.0,
                  output_dropped=0.0, bitrate_kbps=2500.0, incidents=0, worst_severity=None, gmv=0.0, online=0,
                  orders=0, conversion_rate=None, comments_per_min=None, beat_wall=0.0, beat_age_s=1.0, host="h",
                  pid=1)
    values.update(fields)
    return wall.RoomRow(**values)


def test_the_read_runs_off_the_gui_thread_and_the_window_stays_responsive(qtbot, settings):
    release = threading.Event()
    seen: list[str] = []

    def slow_query() -> list[wall.RoomRow]:
        seen.append(threading.current_thread().name)
        release.wait(10)  # a database across the network, slow to answer
        return [_room(room="一号间")]

    window = WallWindow(settings=settings, query=slow_query)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.refresh() is True
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        # While the read waits, the GUI thread goes on: events are processed, and a second refresh
        # is skipped (one read in flight at a time), not queued.
        ticks = []
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: ticks.append(threading.current_thread().name))
        qtbot.waitUntil(lambda: bool(ticks), timeout=2000)
        assert ticks == [threading.main_thread().name]
        assert window.refresh() is False and window.proxy.rowCount() == 0
        with qtbot.waitSignal(window.refreshed, timeout=5000):
            release.set()
        assert seen[0].startswith("wall-query") and seen[0] != threading.main_thread().name
        assert _rows(window)["一号间"]["stream"] == "● on air · 30 fps"
    finally:
        release.set()
        window.close()


def test_a_failed_read_keeps_the_last_rooms_drawn_as_old(qtbot, settings):
    answers: list = [[_room(room="一号间", gmv=500.0)], RuntimeError("connection refused\nmore detail")]

    def query():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    window = WallWindow(settings=settings, query=query)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=5000):
        window.refresh()
    assert _colour(window, "一号间", "obs") == PREVIEW_GREEN
    with qtbot.waitSignal(window.refresh_failed, timeout=5000) as failed:
        window.refresh()
    assert failed.args == ["connection refused"]
    assert "database unreachable" in window.status.text() and "connection refused" in window.status.text()
    assert _rows(window)["一号间"]["gmv"] == "500" and _colour(window, "一号间", "obs") == TEXT_DISABLED
    window.close()


def test_colours_sorting_keys_and_geometry(qtbot, settings):
    rooms = [_room(room="a", gmv=9000.0, incidents=1, worst_severity="critical", over_under_s=125.0),
             _room(room="b", gmv=12000.0, streaming=True, output_dropped=0.08, obs="reconnecting"),
             _room(room="c", gmv=None, streaming=None, obs="none", module_id=None)]
    calls: list[float] = []

    def query():
        calls.append(time.monotonic())
        return rooms

    window = WallWindow(settings=settings, query=query)
    qtbot.addWidget(window)
    window.resize(1400, 500)
    with qtbot.waitActive(window):  # shortcuts go to the active window
        window.show()
        window.activateWindow()
    with qtbot.waitSignal(window.refreshed, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_F5)  # F5: refresh now
    assert len(calls) == 1
    assert _colour(window, "a", "incidents") == PROGRAM_RED and _rows(window)["a"]["incidents"] == "1  critical"
    assert _colour(window, "a", "over_under") == PROGRAM_RED and _rows(window)["a"]["over_under"] == "+2:05"
    assert _rows(window)["b"]["stream"] == "● on air · 30 fps · 8.0 % dropped"
    assert _colour(window, "b", "stream") == PROGRAM_RED and _colour(window, "b", "obs") == WALL_WARN
    assert (_rows(window)["c"]["gmv"], _rows(window)["c"]["module"], _rows(window)["c"]["stream"]) == ("—", "—", "—")
    # Sorting by GMV sorts by the amount, not its text ("12,000" after "9,000"), unknown last.
    window.table.sortByColumn(COLUMN["gmv"], Qt.SortOrder.DescendingOrder)
    assert [window.proxy.index(r, COLUMN["room"]).data() for r in range(3)] == ["b", "a", "c"]
    # The geometry and the column layout come back in the next window.
    window.resize(777, 444)  # fits any test screen (offscreen is 800×600)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Q closes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    again = WallWindow(settings=settings, query=query)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (777, 444)
    assert again.table.horizontalHeader().sortIndicatorSection() == COLUMN["gmv"]
    again.close()


def test_the_wall_speaks_chinese(qtbot, settings):
    translations = i18n.Translations(QApplication.instance())
    window = WallWindow(settings=settings, query=lambda: [_room(room="一号间", health="stale", obs="none")])
    qtbot.addWidget(window)
    try:
        translations.apply(i18n.CHINESE)
        qtbot.waitUntil(lambda: window.windowTitle() == "直播间总览 — Liveroom", timeout=2000)
        with qtbot.waitSignal(window.refreshed, timeout=5000):
            window.refresh()
        headers = [window.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
        assert headers[:4] == ["直播间", "状态", "节目", "环节"]
        assert _rows(window)["一号间"]["health"].startswith("▲ 失联")
        assert _rows(window)["一号间"]["obs"] == "无 OBS"
        translations.apply(i18n.ENGLISH)
        qtbot.waitUntil(lambda: window.windowTitle() == "Rooms wall — Liveroom", timeout=2000)
    finally:
        translations.apply(i18n.ENGLISH)
        window.close()
