"""Quick entry (issue 14 point 6) on a REAL ShowSession recording to SQLite: typed figures become
``viewers``/``manual_gmv`` events with ``origin: manual``, the live view takes the online count,
and GMV from orders is never changed by a typed platform GMV."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from console.audience.events import OrderEvent, ViewersEvent
from console.recording import Recorder
from console.session import ShowSession
from console.show.loader import load_script
from db import schema
from db.engine import open_database
from ui.bridges.session_bridge import ShowClock
from ui.panels.quick_entry import FOCUS_KEY, QuickEntry, manual_events

SCRIPT = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
WAIT_MS = 5000


class Room:
    """A show with no replay or simulator: the only audience is what the test and the controller type."""

    def __init__(self, tmp_path: Path) -> None:
        script = load_script(SCRIPT).script
        self.engine = open_database(f"sqlite:///{tmp_path}/quick.sqlite")
        self.recorder = Recorder(self.engine)
        self.session = ShowSession(script, recorder=self.recorder, kind="rehearsal")
        self.clock = ShowClock(self.session)

    def rows(self) -> list[dict]:
        self.recorder.flush(10)
        with self.engine.connect() as connection:
            result = connection.execute(select(schema.audience_events).order_by(schema.audience_events.c.id))
            return [dict(row._mapping) for row in result]

    def close(self) -> None:
        self.clock.stop()
        self.session.close(time.monotonic())
        self.recorder.close()
        self.engine.dispose()


@pytest.fixture
def room(tmp_path):
    running = Room(tmp_path)
    yield running
    running.close()


def test_typed_online_and_gmv_are_recorded_as_manual_events_and_gmv_is_not_double_counted(qtbot, room):
    panel = QuickEntry(room.session, wall_clock=time.time,
                       gmv_from_orders=lambda: room.session.live.snapshot(room.clock.show_ts()).show.gmv)
    qtbot.addWidget(panel)
    room.clock.start_show()
    order = OrderEvent(time.time(), "P-1", "A-1001", 1, 249.0)
    room.session.submit([order]).result(5)
    panel.online_field.setText("1,520")
    panel.gmv_field.setText("12345.50")
    with qtbot.waitSignal(panel.recorded, timeout=WAIT_MS) as answer:
        qtbot.keyClick(panel.gmv_field, Qt.Key.Key_Return)
    assert answer.args == [["viewers", "manual_gmv"], None]
    rows = [r for r in room.rows() if r["kind"] != "order"]
    assert [(r["kind"], r["data"]) for r in rows] == [
        ("viewers", {"online": 1520, "entered": 0, "origin": "manual"}),
        ("manual_gmv", {"gmv": 12345.5, "origin": "manual"})]
    assert rows[0]["module_id"] is not None  # stamped in the show's time, inside the running module
    assert panel.online_field.text() == "" and "1,520" in panel.status_label.text()
    assert "Platform GMV ¥12,345.50" in panel.status_label.text()
    qtbot.waitUntil(lambda: room.session.live.snapshot(room.clock.show_ts()).online == 1520, timeout=WAIT_MS)
    panel.retranslate()  # the status line again, now that the order is published: the two GMVs side by side
    assert panel.status_label.text().endswith("Console GMV from orders then: ¥249.00")
    snapshot = room.session.live.snapshot(room.clock.show_ts())
    assert snapshot.show.gmv == 249.0  # orders only: the typed platform GMV is not added
    assert snapshot.events_by_kind["manual_gmv"] == 1 and snapshot.show.peak_online == 1520


def test_either_figure_alone_and_nothing_typed(qtbot, room):
    panel = QuickEntry(room.session)
    qtbot.addWidget(panel)
    room.clock.start_show()
    panel.online_field.setText("80")
    with qtbot.waitSignal(panel.recorded, timeout=WAIT_MS) as answer:
        panel.record_button.click()
    assert answer.args == [["viewers"], None]
    with qtbot.assertNotEmitted(panel.recorded, wait=200):
        panel.record()
    assert "Type the online count" in panel.status_label.text()
    assert [r["kind"] for r in room.rows()] == ["viewers"]


def test_the_pipelines_refusal_is_shown_not_swallowed(qtbot, room):
    panel = QuickEntry(room.session)
    qtbot.addWidget(panel)
    panel.gmv_field.setText("100")
    # Not started: today's session refuses events before the start (pre-show recording is the sources part's).
    with qtbot.waitSignal(panel.recorded, timeout=WAIT_MS) as answer:
        panel.record()
    kinds, error = answer.args
    if error is None:  # pre-show recording has landed: then it must be stored
        assert [r["kind"] for r in room.rows()] == ["manual_gmv"]
    else:
        assert kinds == ["manual_gmv"] and panel.status_label.text().startswith("Not recorded: ")


def test_the_key_focuses_the_online_field_from_anywhere_in_the_window(qtbot, room):
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = QuickEntry(room.session)
    window.setCentralWidget(panel)
    window.addAction(panel.focus_action)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    panel.record_button.setFocus()
    qtbot.waitUntil(lambda: panel.record_button.hasFocus(), timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.online_field.hasFocus(), timeout=WAIT_MS)
    assert panel.focus_action.shortcut().toString() == FOCUS_KEY


def test_manual_events_pass_the_intakes_validation():
    viewers, gmv = manual_events(1796126400.0, 0, 0.0)
    assert isinstance(viewers, ViewersEvent) and viewers.to_data() == {"online": 0, "entered": 0, "origin": "manual"}
    assert gmv.kind == "manual_gmv" and gmv.to_data() == {"gmv": 0.0, "origin": "manual"}
