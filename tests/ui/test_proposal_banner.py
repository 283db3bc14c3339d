"""Issue 15 point 7: a ``propose`` rule raises its banner on a replayed collapse during an explanation module,
and F9 accepts it — the show jumps to the interaction module, the acceptance is recorded with who; Shift+F9
dismisses. A real ShowSession, recorder and database; the show clock is driven by a movable monotonic."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from console.audience.replay import ReplaySource
from console.recording import Recorder
from console.rules.session import SessionRules
from console.session import ShowSession
from db import schema
from db.engine import open_database
from tests.harness.common import WallClock
from tests.rules.helpers import COLLAPSE_AT_S, script, write_replay
from ui.bridges.session_bridge import ShowClock
from ui.panels.proposal_banner import install_proposal_banner, remove_proposal_banner

UNIX_START = 1_800_000_000.0


class Monotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Rig:
    def __init__(self, tmp_path: Path) -> None:
        show_script = script("propose")
        self.engine = open_database(f"sqlite:///{tmp_path}/rules.sqlite")
        self.recorder = Recorder(self.engine)
        replay = ReplaySource(write_replay(tmp_path / "audience.jsonl", collapse=True))
        self.session = ShowSession(show_script, recorder=self.recorder, kind="rehearsal", clock=WallClock(UNIX_START),
                                   replay=replay, rules=SessionRules(show_script.rules))
        self.monotonic = Monotonic()
        self.clock = ShowClock(self.session, monotonic=self.monotonic, interval_ms=60_000)  # the test ticks
        self.window = QMainWindow()
        self.parts = install_proposal_banner(self.window, self.session, self.clock)
        self.banner = self.parts["banner"]

    def run_until(self, seconds: float) -> None:
        start = self.monotonic.now - (self.session.runtime.show_time(self.monotonic.now)
                                      if self.session.started else 0.0)
        while self.session.runtime.show_time(self.monotonic.now) < seconds:
            self.monotonic.now += 1.0
            self.clock.tick()
            self.recorder.flush()
        assert self.monotonic.now - start >= seconds

    def modules(self) -> list[str]:
        return [entry.module_id for entry in self.session.runtime.run_of_show.timeline]

    def events(self) -> list[tuple[str, str | None]]:
        self.recorder.flush()
        table = schema.rule_events
        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(
                select(table.c.event, table.c.who).where(table.c.show_id == self.session.show_id)
                .order_by(table.c.id))]

    def close(self) -> None:
        self.clock.stop()
        remove_proposal_banner(self.window, self.parts)
        self.session.close(self.monotonic.now)
        self.recorder.close()
        self.engine.dispose()


@pytest.fixture
def rig(qtbot, tmp_path):
    running = Rig(tmp_path)
    qtbot.addWidget(running.window)
    with qtbot.waitActive(running.window):
        running.window.show()
        running.window.activateWindow()
    yield running
    running.close()


def test_the_banner_appears_on_the_collapse_and_f9_accepts_it(qtbot, rig):
    rig.clock.start_show()
    rig.run_until(COLLAPSE_AT_S - 5)
    assert not rig.parts['toolbar'].isVisible() and rig.modules() == ["opening", "explain"]
    rig.run_until(COLLAPSE_AT_S + 10)
    qtbot.waitUntil(rig.parts['toolbar'].isVisible)
    text = rig.banner.label.text()
    assert "rescue-viewers" in text and "online_drop_pct" in text and "jump_to_type interaction" in text, text
    assert "expires in" in text
    assert rig.modules() == ["opening", "explain"]  # proposed, not applied
    qtbot.keyClick(rig.window, Qt.Key.Key_F9)
    assert rig.modules() == ["opening", "explain", "game"]
    qtbot.waitUntil(lambda: not rig.parts['toolbar'].isVisible())
    assert rig.events() == [("proposed", None), ("accepted", "operator")]


def test_shift_f9_dismisses_and_nothing_changes(qtbot, rig):
    rig.clock.start_show()
    rig.run_until(COLLAPSE_AT_S + 10)
    qtbot.waitUntil(rig.parts['toolbar'].isVisible)
    qtbot.keyClick(rig.window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not rig.parts['toolbar'].isVisible())
    assert rig.modules() == ["opening", "explain"]
    assert rig.events() == [("proposed", None), ("dismissed", "operator")]


def test_an_unanswered_proposal_expires_and_the_banner_goes(qtbot, rig):
    rig.clock.start_show()
    rig.run_until(COLLAPSE_AT_S + 10)
    qtbot.waitUntil(rig.parts['toolbar'].isVisible)
    rig.run_until(COLLAPSE_AT_S + 80)  # the default expiry is 60 s
    qtbot.waitUntil(lambda: not rig.parts['toolbar'].isVisible())
    qtbot.keyClick(rig.window, Qt.Key.Key_F9)  # nothing open: the key does nothing
    assert rig.modules() == ["opening", "explain"]
    assert rig.events() == [("proposed", None), ("expired", None)]
