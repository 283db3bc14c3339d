"""Start-up: the demo's offline banner, the sample show, and the journal recording the window's actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console.obs.client import ObsClient
from db import schema
from tests.fakes.fake_obs import FakeObsServer
from console.station import Station
from ui import demo as ui_demo
from ui.windows.main_window import MainWindow
from ui.windows.show_host import ShowHost

SCENE_LIST = {"scenes": [{"sceneName": "机位B 特写", "sceneIndex": 0}, {"sceneName": "机位A 全景", "sceneIndex": 1}],
              "currentProgramSceneName": "机位A 全景", "currentPreviewSceneName": None}


@pytest.fixture
def fake_exec(monkeypatch, qtbot):
    """Replace the blocking event loop with a check of the window it would have shown."""
    seen: dict[str, object] = {}

    def exec_(self) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        assert len(windows) == 1
        window = windows[0]
        qtbot.waitUntil(lambda: window.connection_bar.banner_label.isVisible(), timeout=2000)
        # The sample show is read on a worker thread: it is in the window shortly after the loop runs.
        try:
            qtbot.waitUntil(lambda: bool(window.show_title), timeout=5000)
        except qtbot.TimeoutError:
            pass  # seen["title"] stays empty: the test that wants the show says so
        seen["banner"] = window.connection_bar.banner_label.text()
        seen["title"] = window.show_title
        seen["reason"] = window.bridge.state_reason
        seen["roles"] = {name: tile.role for name, tile in window.camera_switcher.tiles.items()}
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    return seen


def test_demo_without_obs_shows_the_offline_banner_and_the_sample_show(fake_exec, tmp_path):
    assert ui_demo.run_demo(f"sqlite:///{tmp_path / 'demo.sqlite'}", "127.0.0.1:8750", with_obs=False) == 0
    assert "离线排练" in fake_exec["banner"] and "Offline rehearsal" in fake_exec["banner"]
    assert fake_exec["title"] == "秋冬修护专场"
    assert "offline" in str(fake_exec["reason"])


def test_demo_when_obs_is_not_installed(fake_exec, tmp_path, monkeypatch):
    monkeypatch.setattr(ui_demo.shutil, "which", lambda _name: None)
    assert ui_demo.run_demo(f"sqlite:///{tmp_path / 'demo.sqlite'}", "127.0.0.1:8750", with_obs=True) == 0
    assert fake_exec["banner"] == ui_demo.OFFLINE_NO_OBS


def test_window_actions_and_state_changes_are_recorded(qtbot, tmp_path, settings_path):
    session = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}"))
    window = MainWindow(session.bridge, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        with FakeObsServer(responses={"GetSceneList": SCENE_LIST}) as server:
            session.connect(ObsClient(server.url, password="fakepass"))
            qtbot.waitUntil(lambda: "机位B 特写" in window.camera_switcher.tiles, timeout=5000)
            window.camera_switcher.select_scene("机位B 特写")
            qtbot.waitUntil(lambda: window.event_log.model.rowCount() >= 3, timeout=5000)
            session.client.stop()
    finally:
        session.shutdown()
    with session.engine.connect() as connection:
        actions = connection.execute(select(schema.obs_actions.c.request, schema.obs_actions.c.params,
                                            schema.obs_actions.c.ok)).all()
        states = [row.state for row in connection.execute(select(schema.connection_events.c.state)).all()]
    assert ("SetCurrentProgramScene", {"sceneName": "机位B 特写"}, True) in [tuple(row) for row in actions]
    assert "ok" in states and "disconnected" in states


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_1(fake_exec, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert ui_demo.run_demo(f"sqlite:///{blocker / 'sub' / 'x.sqlite'}", None, with_obs=False) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("liveroom: cannot open the database")
