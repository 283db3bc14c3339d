"""File → Open show… on the real window: a controller's own script, checked off the GUI thread, run in the window.

Real parts throughout: the Station (SQLite, Recorder) and its ShowHost, the MainWindow,
the loader on its worker thread, a real ShowSession; the live test drives the
session's real sandbox OBS. Only the operator's answers (which file, Live or
Rehearsal, "stop the running show?") are passed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget, QToolBar
from sqlalchemy import select

from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from console.station import Station
from db import schema
from ui.windows.main_window import MainWindow
from ui.windows.show_host import ShowHost
from ui.windows.show_opener import ShowOpener, StartChoice, StartModeDialog, prepare_show, recent_shows

SHOW_PANELS = {"timeline", "script", "kpi_tiles", "live_charts", "comment_feed"}
OBS_WAIT_MS = 10_000

GOOD = """\
version: 1
show:
  title: 田野测试专场
  scenes:
    wide: 机位A 全景
    closeup: 机位B 特写
    product: 机位C 产品台
    standby: 稍后回来
modules:
  - id: opening
    type: opening
    title: 开场
    duration: 60s
    scene: wide
    talking_points: 欢迎来到直播间。
    cues:
      - {at: 1s, do: switch_scene, scene: closeup}
  - id: closing
    type: closing
    title: 收尾
    duration: 30s
    scene: wide
    talking_points: 下次见。
"""

#: Line 13, column 15: the duration value (1-based) that does not parse.
BROKEN = GOOD.replace("duration: 60s", "duration: soon")


REHEARSAL = StartChoice("rehearsal", 1.0)


class Answers:
    """The operator's answers, and the questions that were asked."""

    def __init__(self, path: Path, choice: StartChoice | None = REHEARSAL, agree: bool = True):
        self.path, self.choice, self.agree = path, choice, agree
        self.modes: list[bool] = []  # obs_available, per Live/Rehearsal question
        self.confirms: list[str] = []

    def file(self, _parent, _start_dir):
        return str(self.path)

    def mode(self, _parent, prepared, obs_available):
        self.modes.append(obs_available)
        return self.choice

    def confirm(self, _parent, _title, question):
        self.confirms.append(question)
        return self.agree


@pytest.fixture
def console(qtbot, tmp_path, settings_path):
    session = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}", room="A"))
    window = MainWindow(session.bridge, QSettings(settings_path, QSettings.Format.IniFormat), confirm=lambda *_: False)
    qtbot.addWidget(window)
    window.show()
    yield session, window
    session.shutdown()


def _opener(window, session, answers: Answers) -> ShowOpener:
    return ShowOpener(window, session, choose_file=answers.file, choose_mode=answers.mode, confirm=answers.confirm)


def _open(qtbot, opener: ShowOpener, window) -> object:
    with qtbot.waitSignal(opener.opened, timeout=10_000) as blocker:
        window.open_show_action.trigger()
    return blocker.args[0]


@pytest.mark.obs
def test_an_opened_show_runs_live_against_the_real_obs_and_its_cue_switches_the_scene(qtbot, console, tmp_path,
                                                                                      real_obs):
    session, window = console
    script = tmp_path / "field.yaml"
    script.write_text(GOOD, encoding="utf-8")
    session.connect(ObsClient(real_obs.url, password=real_obs.password))
    session.settle_obs()
    qtbot.waitUntil(lambda: window.bridge.state == ConnectionState.OK and len(window.camera_switcher.tiles) >= 3,
                    timeout=OBS_WAIT_MS)
    answers = Answers(script, StartChoice("live"))
    opener = _opener(window, session, answers)
    assert window.open_show_action.shortcut().toString() == "Ctrl+O"
    show = _open(qtbot, opener, window)
    assert answers.modes == [True], "Live is offered: the window has OBS"
    assert SHOW_PANELS <= set(window.panels) and {"incidents", "playbooks"} <= set(window.panels)
    assert session.panels is show and show.session.kind == "live" and show.session.obs is session.client
    assert show.session.simulator is None, "a live show's audience is the real one"
    assert window.show_title == "田野测试专场"
    assert not show.session.started, "a show never starts by itself"

    show.start_action.trigger()  # F5
    assert not show.start_action.isEnabled()
    # The module's scene first (wide), then the 1 s cue: closeup, confirmed by OBS through the bridge.
    qtbot.waitUntil(lambda: window.bridge.snapshot.program_scene == "机位B 特写", timeout=OBS_WAIT_MS)
    qtbot.waitUntil(lambda: ("opening", 0, "switch_scene", "fired") in _cue_results(session, show.session.show_id),
                    timeout=OBS_WAIT_MS)
    with session.engine.connect() as connection:
        (row,) = connection.execute(select(schema.shows.c.kind, schema.shows.c.room, schema.shows.c.script_path)
                                    .where(schema.shows.c.id == show.session.show_id)).all()
    assert tuple(row) == ("live", "A", str(script))


def _cue_results(session, show_id):
    table = schema.cue_results
    with session.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(
            select(table.c.module_id, table.c.cue_index, table.c.action, table.c.status)
            .where(table.c.show_id == show_id))]


def test_a_broken_script_shows_its_errors_with_positions_and_changes_nothing(qtbot, console, tmp_path):
    session, window = console
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    answers = Answers(broken)
    opener = _opener(window, session, answers)
    panels_before, actions_before = set(window.panels), len(window.actions())
    with qtbot.waitSignal(opener.rejected, timeout=10_000) as blocker:
        window.open_show_action.trigger()
    assert blocker.args[0].errors
    assert answers.modes == [], "no Live/Rehearsal question for a script that does not load"
    box = opener.error_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert f"{broken}:13:15: error:" in box.text.toPlainText(), box.text.toPlainText()
    assert window.toast.isVisible() and f"{broken}:13:15" in window.toast.text()
    assert set(window.panels) == panels_before and len(window.actions()) == actions_before
    assert session.panels is None and window.show_title == ""
    assert recent_shows(window.settings) == [], "only scripts that load are remembered"

    # The window keeps working: the fixed script opens.
    broken.write_text(GOOD, encoding="utf-8")
    assert window.open_show_action.isEnabled()
    _open(qtbot, opener, window)
    assert SHOW_PANELS <= set(window.panels)


def test_recent_shows_are_remembered_and_reopen(qtbot, console, tmp_path, settings_path):
    session, window = console
    script = tmp_path / "field.yaml"
    script.write_text(GOOD, encoding="utf-8")
    answers = Answers(script, StartChoice("rehearsal", 20.0, simulated_audience=True))
    opener = _opener(window, session, answers)
    first = _open(qtbot, opener, window)
    assert answers.modes == [False], "no OBS in this window: only a rehearsal"
    assert (first.session.kind, first.session.speed) == ("rehearsal", 20.0)
    assert first.session.simulator is not None
    assert recent_shows(window.settings) == [str(script.resolve())]
    window.refresh_recent_menu()
    (entry,) = window.recent_menu.actions()
    assert entry.data() == str(script.resolve()) and entry.text().startswith("&1 ")

    # Another window on the same settings (the next start) lists it too; choosing it opens it again.
    later = MainWindow(session.bridge, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(later)
    assert [a.data() for a in later.recent_menu.actions()] == [str(script.resolve())]
    with qtbot.waitSignal(opener.opened, timeout=10_000) as blocker:
        entry.trigger()
    second = blocker.args[0]
    # The first had not started: simply replaced, no question; its panels gone, one set of panels left.
    assert answers.confirms == []
    assert session.panels is second and second is not first
    assert first.session._closed
    assert window.panels["timeline"] is second.timeline
    # The replaced show's docks and alarm row are deleted (deferred: once the event loop runs).
    qtbot.waitUntil(lambda: len(window.findChildren(QDockWidget, "dock_timeline")) == 1
                    and len(window.findChildren(QToolBar, "alarmToolbar")) == 1, timeout=5000)
    assert window.docks["timeline"].isVisible()
    starts = [a for a in window.actions() if a.objectName() == "startShow"]
    assert starts == [second.start_action]
    assert sum(1 for info in window.shortcuts if info.action.objectName() == "startShow") == 1


def test_replacing_a_running_show_asks_first(qtbot, console, tmp_path):
    session, window = console
    script = tmp_path / "field.yaml"
    script.write_text(GOOD, encoding="utf-8")
    answers = Answers(script, agree=False)
    opener = _opener(window, session, answers)
    running = _open(qtbot, opener, window)
    running.start_action.trigger()
    assert running.session.started
    window.open_show_action.trigger()
    qtbot.waitUntil(lambda: len(answers.confirms) == 1 and opener.loading is None, timeout=10_000)
    assert "田野测试专场" in answers.confirms[0]
    assert session.panels is running and running.clock.running, "said no: the show goes on"

    answers.agree = True
    replacement = _open(qtbot, opener, window)
    assert len(answers.confirms) == 2 and session.panels is replacement
    running_id = running.session.show_id
    session.recorder.flush()
    with session.engine.connect() as connection:
        status = connection.execute(select(schema.shows.c.status).where(schema.shows.c.id == running_id)).scalar()
    assert status == "ended_early"


def test_the_mode_dialog_offers_live_only_with_obs(qtbot):
    prepared = prepare_show(str(Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"))
    assert prepared.script is not None
    without = StartModeDialog(prepared, obs_available=False)
    qtbot.addWidget(without)
    assert not without.live.isEnabled() and without.rehearsal.isChecked() and not without.no_obs.isHidden()
    with_obs = StartModeDialog(prepared, obs_available=True)
    qtbot.addWidget(with_obs)
    assert with_obs.live.isChecked() and not with_obs.speed.isEnabled()
    assert with_obs.choice() == StartChoice("live")
    with_obs.rehearsal.setChecked(True)
    with_obs.speed.setValue(10.0)
    with_obs.simulated.setChecked(True)
    assert with_obs.choice() == StartChoice("rehearsal", 10.0, True)
    assert "三段测试" in with_obs.summary.text() and "3:30" in with_obs.summary.text()
