"""The crash-recovery offer in the window (issue 9): a show whose console "died" is offered, resumed, ended.

The interrupted show is a real one: a ShowSession run on the test's SQLite
database with a wall clock set two minutes back, then dropped without closing
(what SIGKILL leaves: everything committed, no end). The window's side is the
real Station, ShowHost, MainWindow and RecoveryOffer; the look-up, the load and
the end run on their worker threads. The real process kill is the lead's
tests/integration/test_crash_recovery.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console.recording import Recorder
from console.session import ShowSession
from console.show.loader import load_script_text
from db import schema
from db.engine import open_database
from console.station import Station
from ui import app as ui_app, demo as ui_demo
from ui.windows.show_host import ShowHost
from ui.windows.main_window import MainWindow
from tests.harness.common import LineReader, WallClock, stop_process
from ui.windows.recovery_offer import RecoveryOffer, clock_text

FIXTURE = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
#: How long before the test the interrupted show started (wall seconds).
STARTED_AGO_S = 120.0


def crash_a_show(db_url: str, *, room: str = "", kind: str = "rehearsal", obs=None) -> tuple[str, float]:
    """A show started STARTED_AGO_S ago, moved to its second module at 70 s, last beat at 86 s; then "killed"."""
    text = FIXTURE.read_text(encoding="utf-8").replace("end: advance", "end: hold")
    script = load_script_text(text, str(FIXTURE)).script
    engine = open_database(db_url)
    recorder = Recorder(engine)
    start = time.time() - STARTED_AGO_S
    wall = WallClock(start)
    session = ShowSession(script, recorder=recorder, obs=obs, kind=kind, speed=1.0, room=room,
                          script_path=str(FIXTURE), clock=wall)
    session.start(100.0)
    session.tick(100.0)
    wall.now = start + 70
    session.command("next", 170.0)
    wall.now = start + 86
    session.tick(186.0)  # a heartbeat (every 5 s of the loop)
    session.runtime.wait_idle(5)
    recorder.flush()
    if session.journal is not None:
        session.journal.close()  # the client outlives this "process" in the test: stop its rows
    recorder.close()  # no session.close(): the console died
    engine.dispose()
    return session.show_id, start


@pytest.fixture
def console(qtbot, tmp_path, settings_path):
    url = f"sqlite:///{tmp_path / 'console.sqlite'}"
    session = ShowHost(Station(url, room="A"))
    window = MainWindow(session.bridge, QSettings(settings_path, QSettings.Format.IniFormat), confirm=lambda *_: False)
    qtbot.addWidget(window)
    window.show()
    session.settle_obs()  # no OBS in these tests: a rehearsal resumes without one
    yield url, session, window
    session.shutdown()


def _offer(qtbot, window, session, confirm=lambda *_: True) -> RecoveryOffer:
    offer = RecoveryOffer(window, session, confirm=confirm)
    with qtbot.waitSignal(offer.checked, timeout=10_000):
        offer.check()
    return offer


def _status(engine, show_id):
    with engine.connect() as connection:
        return connection.execute(select(schema.shows.c.status).where(schema.shows.c.id == show_id)).scalar()


def test_the_offer_names_the_show_its_module_and_how_long_the_console_was_gone(qtbot, console):
    url, session, window = console
    show_id, _start = crash_a_show(url, room="A")
    crash_a_show(url, room="B")  # another room's show is not this console's to offer
    offer = _offer(qtbot, window, session)
    assert offer.visible and offer.current.show_id == show_id and offer.items == []
    text = offer.banner.label.text()
    assert "三段测试" in text and "精华液讲解" in text and "01:26" in text, text
    assert "0 open incidents" in text and "s ago" in text
    down = int(text.split("console stopped ")[1].split(" s ago")[0])
    assert STARTED_AGO_S - 86 - 2 <= down <= STARTED_AGO_S - 86 + 10
    assert [b.text() for b in (offer.banner.resume_button, offer.banner.end_button, offer.banner.later_button)] == [
        "&Resume show", "&End it", "&Later"]
    # Not modal: the window's own actions still work while it is up.
    assert QApplication.activeModalWidget() is None and window.open_show_action.isEnabled()
    offer.banner.later_button.click()
    assert not offer.visible and _status(session.engine, show_id) == "running", "Later changes nothing"


def test_nothing_to_offer_means_no_row(qtbot, console):
    _url, session, window = console
    offer = _offer(qtbot, window, session)
    assert not offer.visible and offer.current is None


def test_end_it_records_the_show_as_ended_early(qtbot, console):
    url, session, window = console
    show_id, start = crash_a_show(url, room="A")
    offer = _offer(qtbot, window, session)
    with qtbot.waitSignal(offer.ended, timeout=10_000) as blocker:
        offer.banner.end_button.click()
    assert blocker.args == [show_id]
    assert not offer.visible
    with session.engine.connect() as connection:
        row = connection.execute(select(schema.shows.c.status, schema.shows.c.ended_at)
                                 .where(schema.shows.c.id == show_id)).one()
    assert row.status == "ended_early" and row.ended_at == pytest.approx(start + 86, abs=0.5)


def test_resume_continues_the_show_in_the_window_on_its_recorded_clock(qtbot, console):
    url, session, window = console
    show_id, start = crash_a_show(url, room="A")
    offer = _offer(qtbot, window, session)
    with qtbot.waitSignal(offer.resumed, timeout=15_000) as blocker:
        offer.banner.resume_button.click()
    show = blocker.args[0]
    assert not offer.visible
    assert session.panels is show and show.session.show_id == show_id, "the same show, not a new one"
    assert {"timeline", "script", "kpi_tiles", "live_charts", "comment_feed", "incidents"} <= set(window.panels)
    assert show.clock.running and not show.start_action.isEnabled(), "resumed, not waiting for F5"
    status = window.panels["timeline"].status
    assert status.module.id == "product", "the module that was on air"
    # The clock never stopped: show time is real time since the recorded start.
    assert status.now == pytest.approx(time.time() - start, abs=2.0)
    assert status.elapsed == pytest.approx(status.now - 70, abs=0.5)
    assert "精华液讲解" in window.panels["timeline"].module_label.text()
    # The show goes on: the operator's next command is recorded on the same show.
    show.clock.command("next")
    assert window.panels["timeline"].status.module.id == "closing"
    session.recorder.flush()
    with session.engine.connect() as connection:
        commands = [r.command for r in connection.execute(
            select(schema.operator_commands.c.command).where(schema.operator_commands.c.show_id == show_id)
            .order_by(schema.operator_commands.c.id))]
    assert commands == ["start", "next", "recover", "next"]


def test_the_demo_resumes_an_interrupted_show_instead_of_its_own(qtbot, tmp_path, monkeypatch):
    """`liveroom demo` (offline): the offer appears; Resume replaces the fresh demo show, one show only."""
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    show_id, _start = crash_a_show(url, room="studio-2")
    seen: dict[str, object] = {}

    def exec_(self) -> int:
        (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        offer = window.recovery_offer
        qtbot.waitUntil(lambda: offer.visible, timeout=10_000)
        seen["demo_title"] = window.show_title
        with qtbot.waitSignal(offer.resumed, timeout=15_000) as blocker:
            offer.banner.resume_button.click()
        show = blocker.args[0]
        seen["show_id"] = show.session.show_id
        seen["title"] = window.show_title
        seen["timelines"] = [name for name in window.panels if name == "timeline"]
        seen["module"] = window.panels["timeline"].status.module.id
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert ui_demo.run_demo(url, None, with_obs=False, room="studio-2") == 0
    assert seen["demo_title"] == "秋冬修护专场"
    assert (seen["show_id"], seen["title"], seen["timelines"], seen["module"]) == (
        show_id, "三段测试", ["timeline"], "product")
    engine = open_database(url)
    try:
        assert _status(engine, show_id) == "ended_early", "closing the window ends the resumed show early"
        with engine.connect() as connection:
            shows = connection.execute(select(schema.shows.c.id)).all()
        assert len(shows) == 1, "the demo show never started: only the resumed show is recorded"
    finally:
        engine.dispose()


def test_clock_text():
    assert (clock_text(86), clock_text(3725)) == ("01:26", "1:02:05")


def test_liveroom_offers_the_interrupted_show_at_start_up(qtbot, tmp_path, monkeypatch, keyring_backend):
    """Plain `liveroom` (its OBS unreachable here): the same offer, and File → Open show… is there."""
    url = f"sqlite:///{tmp_path / 'console.sqlite'}"
    show_id, _start = crash_a_show(url, room="studio-3")
    seen: dict[str, object] = {}

    def exec_(self) -> int:
        (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.waitUntil(lambda: window.recovery_offer.visible, timeout=10_000)
        seen["offered"] = window.recovery_offer.current.show_id
        seen["open"] = window.open_show_action.isEnabled() and window.open_show_action.shortcut().toString()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert ui_app.run_console(url, "ws://127.0.0.1:9", None, room="studio-3") == 0
    assert seen == {"offered": show_id, "open": "Ctrl+O"}


@pytest.mark.obs
def test_a_live_show_resumes_only_with_obs_and_then_on_the_windows_client(qtbot, tmp_path, settings_path, real_obs):
    from console.obs.client import ObsClient
    from console.obs.model import ConnectionState

    url = f"sqlite:///{tmp_path / 'console.sqlite'}"
    client = ObsClient(real_obs.url, password=real_obs.password, name="crashed").start()
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        show_id, _start = crash_a_show(url, room="A", kind="live", obs=client)
    finally:
        client.stop()

    # A window with no OBS: the offer says why it cannot, and stays.
    offline = ShowHost(Station(url, room="A"))
    window = MainWindow(offline.bridge, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    offline.settle_obs()
    try:
        offer = _offer(qtbot, window, offline)
        with qtbot.waitSignal(offer.failed, timeout=10_000) as blocker:
            offer.banner.resume_button.click()
        assert "only resumed with OBS" in blocker.args[0]
        assert offer.visible and offer.banner.resume_button.isEnabled() and offline.panels is None
    finally:
        offline.shutdown()

    # With OBS: resumed on the window's own client.
    session = ShowHost(Station(url, room="A"))
    window = MainWindow(session.bridge, QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    try:
        session.connect(ObsClient(real_obs.url, password=real_obs.password))
        session.settle_obs()
        offer = _offer(qtbot, window, session)
        with qtbot.waitSignal(offer.resumed, timeout=15_000) as blocker:
            offer.banner.resume_button.click()
        show = blocker.args[0]
        assert (show.session.show_id, show.session.kind) == (show_id, "live")
        assert show.session.obs is session.client and show.session.journal is session.journal, "one journal: the station's"
        assert window.panels["timeline"].status.module.id == "product"
    finally:
        session.shutdown()


def test_a_show_whose_process_was_killed_is_resumed_in_the_window(qtbot, console, tmp_path):
    """The crash is real: a `liveroom run --headless` process killed with SIGKILL mid-show."""
    import os
    import signal
    import subprocess
    import sys

    url, session, window = console
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    process = subprocess.Popen([sys.executable, "-m", "console.cli", "run", str(FIXTURE), "--headless", "--no-obs",
                                "--rehearsal", "--speed", "10", "--room", "A", "--db", url, "--intake", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    out = LineReader(process)  # on a thread: a headless run that hangs fails the wait, not the whole suite
    try:
        out.wait_for("▶ product", timeout=60)  # show time 60 s: the second module is on air
        time.sleep(0.3)  # the recorder commits every 50 ms: the module's start is on disk
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        stop_process(process)
        out.join()  # the reader closes the pipe at its end
    killed = time.time()
    offer = _offer(qtbot, window, session)
    assert offer.visible and offer.current.module_id == "product"
    show_id = offer.current.show_id
    with qtbot.waitSignal(offer.resumed, timeout=15_000) as blocker:
        offer.banner.resume_button.click()
    show = blocker.args[0]
    status = window.panels["timeline"].status
    assert show.session.show_id == show_id and status.module.id == "product"
    # Show time kept running at the show's speed while nothing ran it (10× here).
    assert status.now >= 60 + (time.time() - killed) * 10 - 15
    assert show.clock.running
