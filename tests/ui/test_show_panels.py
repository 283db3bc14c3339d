"""The show's panels on a REAL ShowSession: the three-module fixture as a rehearsal without OBS.

The session records to a temporary SQLite database through a real Recorder,
its audience comes from the replay fixture, and it runs at speed 50 so the
210 s script plays in about 4 s of wall time. The ShowClock is the real one
(QTimer + time.monotonic); tests wait for states with ``qtbot.waitUntil``,
never with sleeps.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage

from console.audience.events import CommentEvent
from console.audience.replay import ReplaySource
from console.compliance import default_matcher
from console.recording import Recorder
from console.session import ShowSession
from console.show.loader import load_script
from db.engine import open_database
from ui.bridges.session_bridge import SessionBridge, ShowClock
from ui.panels.comment_feed import FLAGGED_ROLE, HITS_ROLE, CommentFeed
from ui.panels.kpi_tiles import TILES, KpiTiles, format_value
from ui.panels.live_charts import LiveCharts
from ui.panels.script_panel import ScriptPanel
from ui.panels.timeline_panel import TimelinePanel
from ui.theme import BANNED_WORDING_BACKGROUND, PENDING_MODULE, PHASE_COLOURS
from ui.windows.teleprompter_window import TeleprompterWindow

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "show" / "fixtures" / "three_modules.yaml"
REPLAY = ROOT / "audience" / "fixtures" / "show.jsonl"
SPEED = 50.0


class Show:
    def __init__(self, tmp_path: Path, speed: float = SPEED, script=None) -> None:
        result = load_script(SCRIPT)
        assert result.script is not None and not result.errors
        self.script = script or result.script
        self.engine = open_database(f"sqlite:///{tmp_path}/x.sqlite")
        self.recorder = Recorder(self.engine)
        self.session = ShowSession(self.script, recorder=self.recorder, kind="rehearsal", speed=speed,
                                   replay=ReplaySource(REPLAY), matcher=default_matcher())
        self.bridge = SessionBridge(self.session)
        self.clock = ShowClock(self.session)

    def close(self) -> None:
        self.clock.stop()
        self.bridge.detach()
        self.session.close(time.monotonic())
        self.recorder.close()
        self.engine.dispose()


@pytest.fixture
def show(tmp_path):
    running = Show(tmp_path)
    yield running
    running.close()


def test_timeline_highlights_the_current_module_and_advances(qtbot, show):
    panel = TimelinePanel(show.session, show.clock, show.bridge)
    qtbot.addWidget(panel)
    panel.resize(900, 140)
    panel.show()
    assert panel.status.state == "idle"
    assert not panel.next_button.isEnabled()
    show.clock.start_show()
    assert panel.status.module.id == "opening"
    assert "开场" in panel.module_label.text()
    # opening is 60 s of show time: 1.2 s of wall time at speed 50, then it advances by itself.
    qtbot.waitUntil(lambda: panel.status.module is not None and panel.status.module.id == "product", timeout=5000)
    assert "精华液讲解" in panel.module_label.text()
    assert panel.bar.status.index == 1
    # The bar is painted with the current block filled (progress) in the phase colour, the rest of it empty.
    # A fill wide enough to sample inside it (20 s of 120 s), then hold so it stays still.
    qtbot.waitUntil(lambda: panel.status.elapsed > 20, timeout=3000)
    show.clock.command("hold")
    panel.refresh()
    assert panel.status.module.id == "product"
    image = panel.bar.grab().toImage()
    rect = panel.bar.block_rects()[1]
    y = int(rect.center().y())
    assert _close(image.pixelColor(int(rect.left()) + 4, y), PHASE_COLOURS["held"])
    assert _close(image.pixelColor(int(rect.right()) - 4, y), PENDING_MODULE)


def _close(pixel: QColor, expected: str, tolerance: int = 8) -> bool:
    """Colours within a few levels (the grab may blend with a fractional device pixel ratio)."""
    want = QColor(expected)
    return all(abs(a - b) <= tolerance for a, b in ((pixel.red(), want.red()), (pixel.green(), want.green()),
                                                    (pixel.blue(), want.blue())))


def test_next_hold_extend_buttons_act(qtbot, tmp_path):
    # Speed 1: the module cannot end by itself during the test.
    show = Show(tmp_path, speed=1.0)
    try:
        panel = TimelinePanel(show.session, show.clock, show.bridge)
        qtbot.addWidget(panel)
        show.clock.start_show()
        assert panel.status.module.id == "opening"
        # The opening is 60 s long: all of it is the last minute, shown in amber.
        assert panel.status.phase == "warning"
        assert PHASE_COLOURS["warning"] in panel.countdown_label.styleSheet()
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
        assert panel.status.module.id == "product"
        assert panel.status.phase == "normal"
        assert PHASE_COLOURS["normal"] in panel.countdown_label.styleSheet()
        planned = panel.status.planned_duration
        qtbot.mouseClick(panel.extend_button, Qt.MouseButton.LeftButton)
        assert panel.status.planned_duration == pytest.approx(planned + 60)
        qtbot.mouseClick(panel.shorten_button, Qt.MouseButton.LeftButton)
        assert panel.status.planned_duration == pytest.approx(planned)
        qtbot.mouseClick(panel.hold_button, Qt.MouseButton.LeftButton)
        assert panel.status.held and panel.status.phase == "held"
        assert "HELD" in panel.module_label.text()
        assert panel.hold_button.text().startswith("Resume")
        panel.toggle_hold()
        assert not panel.status.held
        panel.jump("closing")
        assert panel.status.module.id == "closing"
        commands = [name for name, in show.recorder.call(lambda connection: connection.exec_driver_sql(
            "SELECT command FROM operator_commands ORDER BY ts, id").fetchall()).result(10)]
        assert commands == ["start", "next", "extend", "shorten", "hold", "resume", "jump"]
    finally:
        show.close()


def test_teleprompter_shows_talking_points_and_mirrors(qtbot, tmp_path, show):
    settings = QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat)
    prompter = TeleprompterWindow(show.session, show.clock, show.bridge, settings=settings)
    qtbot.addWidget(prompter)
    prompter.resize(800, 500)
    prompter.show()
    qtbot.waitExposed(prompter)
    show.clock.start_show()
    assert prompter.talking_points() == "欢迎来到直播间。"
    assert "欢迎来到直播间" in prompter.view.body_html
    qtbot.waitUntil(lambda: "这款精华液" in prompter.view.body_html, timeout=5000)
    show.clock.command("hold")  # the page stays still while we compare
    prompter.refresh()
    normal = prompter.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    prompter.set_mirrored(True)
    assert prompter.mirrored
    flipped = prompter.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert flipped != normal
    assert flipped == normal.flipped(Qt.Orientation.Horizontal)
    before = prompter.view.point_size
    prompter.change_font(+4)
    assert prompter.view.point_size == before + 4
    assert int(settings.value("teleprompter/point_size")) == before + 4


def test_teleprompter_and_script_mark_banned_wording(qtbot, tmp_path):
    script = load_script(SCRIPT).script
    opening = dataclasses.replace(script.modules[0], talking_points="今天全网最低价，欢迎来到直播间。\n")
    show = Show(tmp_path, script=dataclasses.replace(script, modules=(opening, *script.modules[1:])))
    try:
        prompter = TeleprompterWindow(show.session, show.clock, show.bridge)
        panel = ScriptPanel(show.session, show.clock, show.bridge)
        qtbot.addWidget(prompter)
        qtbot.addWidget(panel)
        show.clock.start_show()
        prompter.refresh()
        said = [hit.text(opening.talking_points) for hit in show.session.matcher.find(opening.talking_points)]
        assert said and said[0].startswith("全网最低")  # what the lexicon knows (leftmost-longest)
        assert f'{BANNED_WORDING_BACKGROUND}; text-decoration: underline;">{said[0]}</span>' in prompter.view.body_html
        assert [hit.text(opening.talking_points) for hit in panel.hits] == said
        assert panel.hits[0].term in panel.wording.text()
    finally:
        show.close()


def test_script_panel_shows_module_products_and_prices(qtbot, show):
    panel = ScriptPanel(show.session, show.clock, show.bridge)
    qtbot.addWidget(panel)
    show.clock.start_show()
    show.clock.command("next")
    assert panel.module_id == "product"
    assert "这款精华液" in panel.points.toPlainText()
    assert panel.products.rowCount() == 1
    assert panel.products.item(0, 0).text() == "A-1001"
    assert panel.products.item(0, 2).text() == "¥299"
    assert panel.products.item(0, 3).text() == "¥249"


def test_kpi_tiles_follow_the_replay(qtbot, show):
    tiles = KpiTiles(show.session, show.clock, show.bridge, refresh_ms=50)
    qtbot.addWidget(tiles)
    show.clock.start_show()
    qtbot.waitUntil(lambda: tiles.snapshot is not None and (tiles.snapshot.tiles["online"].value or 0) > 0,
                    timeout=5000)
    show.clock.stop()
    show.recorder.flush(10)
    qtbot.waitUntil(lambda: tiles.snapshot is not None and tiles.snapshot.now == show.clock.show_ts(), timeout=2000)
    tiles.refresh()
    expected = show.session.live.snapshot(show.clock.show_ts())
    for name, kind in TILES:
        assert tiles.value_text(name) == format_value(kind, expected.tiles[name].value), name
    assert tiles.value_text("online") not in ("—", "0")


def test_charts_have_data_and_module_bands(qtbot, show):
    charts = LiveCharts(show.session, show.clock, show.bridge, redraw_ms=50)
    qtbot.addWidget(charts)
    show.clock.start_show()
    qtbot.waitUntil(lambda: len(charts.regions) >= 2, timeout=5000)
    qtbot.waitUntil(lambda: charts.curves["kpi.online"].xData is not None
                    and len(charts.curves["kpi.online"].xData) >= 3, timeout=5000)
    x = charts.curves["kpi.online"].xData
    assert x.dtype.name == "float64" and x[0] >= 0 and x[-1] < 400  # show seconds, not Unix time
    # Rehearsal without OBS: module starts' scene switches are marked (as missed).
    assert charts.markers
    charts.boxes["kpi.online"].setChecked(False)
    assert not charts.curves["kpi.online"].isVisible()


def test_comment_feed_lists_comments_and_flags_a_banned_one(qtbot, show):
    feed = CommentFeed(show.session, show.bridge)
    qtbot.addWidget(feed)
    show.clock.start_show()
    qtbot.waitUntil(lambda: feed.model.rowCount() > 0, timeout=5000)
    ts = show.clock.show_ts()
    # The replay has banned comments of its own: wait for this one by its user.
    with qtbot.waitSignal(show.bridge.comment_flagged, timeout=5000,
                          check_params_cb=lambda flagged: flagged.event.user == "u-banned"):
        show.session.submit([CommentEvent(ts=ts, user="u-banned", text="想要的加微信私聊", nick="小李")])
    qtbot.waitUntil(lambda: any(event.user == "u-banned" for event, _m, _h in feed.model.rows), timeout=5000)
    feed.flagged_box.setChecked(True)
    flagged_rows = [feed.proxy.index(row, 0) for row in range(feed.proxy.rowCount())]
    assert flagged_rows and all(index.data(FLAGGED_ROLE) for index in flagged_rows)
    texts = [index.data() for index in flagged_rows]
    assert "小李: 想要的加微信私聊" in texts
    assert all(index.data(HITS_ROLE) for index in flagged_rows)
    html_row = next(index for index in flagged_rows if "私聊" in index.data()).data(Qt.ItemDataRole.UserRole + 3)
    assert "<span" in html_row and "加微信</span>" in html_row
    feed.flagged_box.setChecked(False)
    feed.filter_edit.setText("私聊")
    assert feed.proxy.rowCount() >= 1
    assert all("私聊" in feed.proxy.index(row, 0).data() for row in range(feed.proxy.rowCount()))


def test_comment_model_is_bounded(qtbot, show):
    feed = CommentFeed(show.session, show.bridge, capacity=5)
    qtbot.addWidget(feed)
    batch = [(CommentEvent(ts=float(n), user=f"u{n}", text=f"c{n}"), None, ()) for n in range(12)]
    feed.add_comments(batch[:4])
    feed.add_comments(batch[4:])
    assert feed.model.rowCount() == 5
    assert [event.text for event, _m, _h in feed.model.rows] == ["c7", "c8", "c9", "c10", "c11"]
    assert feed.model.total == 12


def test_teleprompter_scroll_follows_the_module_progress(qtbot, show):
    prompter = TeleprompterWindow(show.session, show.clock, show.bridge)
    qtbot.addWidget(prompter)
    show.clock.start_show()
    qtbot.waitUntil(lambda: show.clock.status().elapsed > 10, timeout=3000)
    show.clock.command("hold")
    prompter.refresh()
    status = show.clock.status()
    assert prompter.view.progress == pytest.approx(status.elapsed / status.planned_duration, abs=1e-6)
    assert 0 < prompter.view.progress < 1
    # Scrolling covers exactly the overflow: none at the start, all of it at the planned end.
    assert prompter.view.scroll_offset(100.0, 400.0) == pytest.approx(300.0 * prompter.view.progress)
    show.clock.command("extend", 600)  # more time for the same text: the page moves back
    prompter.refresh()
    assert prompter.view.progress < status.elapsed / status.planned_duration


def test_show_panels_in_the_main_window_keys_and_start(qtbot, tmp_path):
    from ui.bridges.obs_bridge import ObsBridge
    from ui.windows.main_window import MainWindow
    from ui.windows.show_panels import ShowPanels

    settings = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    obs_bridge = ObsBridge()
    window = MainWindow(obs_bridge, settings, confirm=lambda *_: False)
    qtbot.addWidget(window)
    show = Show(tmp_path, speed=1.0)  # real time: no module ends by itself while keys are pressed
    console = ShowPanels(window, show.session)
    try:
        for panel_id in ("timeline", "script", "kpi_tiles", "live_charts", "comment_feed"):
            assert window.docks[panel_id].objectName() == f"dock_{panel_id}"
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        assert not show.session.started
        console.start_action.trigger()
        assert show.session.started and not console.start_action.isEnabled()
        assert console.timeline.status.module.id == "opening"
        qtbot.keyClick(window, Qt.Key.Key_H)
        assert console.timeline.status.held
        qtbot.keyClick(window, Qt.Key.Key_H)
        assert not console.timeline.status.held
        planned = console.timeline.status.planned_duration
        qtbot.keyClick(window, Qt.Key.Key_E)
        assert console.timeline.status.planned_duration == pytest.approx(planned + 60)
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
        assert console.timeline.status.planned_duration == pytest.approx(planned)
        qtbot.keyClick(window, Qt.Key.Key_N)
        assert console.timeline.status.module.id == "product"
        # An OBS program change becomes a marker on the charts.
        before = len(console.charts.markers)
        obs_bridge.obs_event.emit("CurrentProgramSceneChanged", {"sceneName": "机位B 特写"})
        assert len(console.charts.markers) == before + len(console.charts.plots)
        prompter = console.open_teleprompter()
        assert prompter.isVisible()
    finally:
        closing = console.shutdown()
        if closing is not None:
            closing.wait(10)
        show.close()
