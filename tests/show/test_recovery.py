"""Crash recovery in process: a session "dies" (its objects are dropped without closing), a new one
resumes it from the database alone. The real process kill is in tests/integration/test_crash_recovery.py."""

from __future__ import annotations

from concurrent.futures import Future

import pytest
from sqlalchemy import select, update

from console import recovery as rec
from console.audience.events import CommentEvent, OrderEvent, ViewersEvent
from console.contingency.loader import load_playbooks
from console.contingency.session import SessionPlaybooks
from console.obs.model import ObsResult
from console.recording import Recorder
from console.session import ShowSession
from db import schema

from tests.harness.common import WallClock

from .conftest import three_modules
from console.events import Signal

from .test_runtime import FakeObs as _RuntimeFakeObs

UNIX_START = 1_800_000_000.0


class FakeObs(_RuntimeFakeObs):
    """The runtime's fake OBS plus the signals a session subscribes to (never emitted here)."""

    url = "ws://127.0.0.1:4455"
    state_reason = ""

    def __init__(self) -> None:
        from console.obs.model import ConnectionState

        super().__init__()
        self.state = ConnectionState.OK
        self.health = Signal("health")
        self.obs_event = Signal("obs_event")
        self.state_changed = Signal("state_changed")
        self.action_finished = Signal("action_finished")

    def request(self, request_type, params=None, *, origin="console", timeout=None, priority=None):
        if request_type == "GetSourceScreenshot":  # the frozen-camera watch: not what these tests look at
            future: Future = Future()
            future.set_result(ObsResult(request_type, dict(params or {}), False, {}, 600, "no screenshots here",
                                        0.1, 0.0, origin))
            return future
        return super().request(request_type, params, origin=origin, timeout=timeout)


@pytest.fixture()
def db(db_engine):
    """Recovery reads only the database: the same on the SQLite file and on the team PostgreSQL."""
    return db_engine


def rows(engine, table, *where, order=None):
    query = select(table).where(*where)
    if order is not None:
        query = query.order_by(order)
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(query)]


def _playbooks():
    playbooks, diagnostics = load_playbooks()
    assert playbooks and not [d for d in diagnostics if d.severity == "error"]
    # Only the one these tests trigger: the fake OBS sends no health, which other detectors would notice.
    return SessionPlaybooks([p for p in playbooks if p.id == "stream-down"])


def _crash(session: ShowSession, recorder: Recorder) -> None:
    """What SIGKILL leaves: everything committed so far, nothing closed, no end recorded."""
    session.runtime.wait_idle(5)
    recorder.flush()
    recorder.close()


def test_an_interrupted_show_resumes_in_the_same_module_on_its_own_clock(db, stopped_after_test):
    wall = WallClock(UNIX_START)
    script = three_modules("hold")  # an operator's show: every module waits for the operator
    recorder = Recorder(db)
    obs = stopped_after_test(FakeObs())
    first = ShowSession(script, recorder=recorder, obs=obs, kind="live", speed=1.0, room="A", clock=wall,
                        playbooks=_playbooks())
    first.start(100.0)
    first.tick(100.0)
    wall.now = UNIX_START + 70
    first.command("next", 170.0)  # product from show t=70
    first.command("extend", 175.0, 30.0)
    wall.now = UNIX_START + 80
    first.tick(180.0)  # product's show_source cue (at 0) fired
    first.submit([ViewersEvent(UNIX_START + 75, online=120, entered=120),
                  CommentEvent(UNIX_START + 76, user="u1", text="好看"),
                  OrderEvent(UNIX_START + 77, order_id="o-1", sku="A-1001", qty=1, amount=249.0)]).result(5)
    incident = first.playbooks.runner.trigger("stream-down", UNIX_START + 78, "the stream stopped")
    first.playbooks.runner.acknowledge(incident.id, "controller", UNIX_START + 79)
    wall.now = UNIX_START + 86
    first.tick(186.0)  # a heartbeat (every 5 s)
    show_id = first.show_id
    _crash(first, recorder)

    # 40 s later the console starts again on the same machine.
    wall.now = UNIX_START + 126
    (found,) = rec.find_interrupted(db, room="A", now_wall=wall.now)
    assert (found.show_id, found.module_id, found.kind, found.open_incidents) == (show_id, "product", "live", 1)
    assert found.down_s == pytest.approx(40.0, abs=0.01)
    assert rec.find_interrupted(db, room="B", now_wall=wall.now) == []
    assert rec.find_interrupted(db, room="A", now_wall=UNIX_START + 90) == [], "3 s after a beat it is alive"

    recovery = rec.load_recovery(db, show_id)
    assert recovery.crash_show_t == pytest.approx(86.0)
    recorder = Recorder(db)
    obs2 = stopped_after_test(FakeObs())
    second = ShowSession.from_recovery(recovery, recorder=recorder, obs=obs2, playbooks=_playbooks(), clock=wall)
    second.resume(5000.0)  # another process: another monotonic origin
    status = second.runtime.status(5000.0)
    assert status.module.id == "product"
    assert status.now == pytest.approx(126.0), "show time is real time since the recorded start"
    assert status.elapsed == pytest.approx(56.0)  # product started at 70
    assert status.planned_duration == pytest.approx(150.0), "the extension survived"
    # The 1-minute cue fell due at t=130: not yet. Nothing was sent for the module on air.
    assert [r for r, _p in obs2.requests if r == "SetCurrentProgramScene"] == []
    # The KPIs were rebuilt from the record.
    snapshot = second.live.snapshot(UNIX_START + 126)
    assert (snapshot.show.orders, snapshot.show.gmv, snapshot.show.comments) == (1, 249.0, 1)
    assert snapshot.module.module_id == "product"
    # The incident is open again, acknowledged, with its deadlines unchanged.
    (restored,) = second.playbooks.runner.open_incidents()
    assert (restored.id, restored.state, restored.acknowledged_by) == (incident.id, "acknowledged", "controller")
    assert [c.deadline for c in restored.checks] == [c.deadline for c in incident.checks]
    assert restored.checks and all(c.done_at is None for c in restored.checks)

    # The show goes on: a command, the cue at 60 s of product fires, the operator ends it.
    wall.now = UNIX_START + 140
    second.tick(5014.0)
    second.command("next", 5020.0)
    second.tick(5020.5)
    assert second.runtime.status(5020.5).module.id == "closing"
    second.command("next", 5050.0)
    assert second.ended
    second.close(5050.0)
    recorder.close()
    (show,) = rows(db, schema.shows, schema.shows.c.id == show_id)
    assert show["status"] == "ended"
    runs = rows(db, schema.module_runs, schema.module_runs.c.show_id == show_id, order=schema.module_runs.c.id)
    assert [(r["module_id"], r["started_at"] - UNIX_START, r["ended_at"] - UNIX_START) for r in runs] == [
        ("opening", 0.0, 70.0), ("product", 70.0, pytest.approx(146.0)), ("closing", pytest.approx(146.0),
                                                                           pytest.approx(176.0))]
    commands = [c["command"] for c in rows(db, schema.operator_commands, schema.operator_commands.c.show_id == show_id,
                                             order=schema.operator_commands.c.id)]
    assert commands == ["start", "next", "extend", "recover", "next", "next"]
    cue = rows(db, schema.cue_results, schema.cue_results.c.show_id == show_id, schema.cue_results.c.module_id == "product",
               schema.cue_results.c.cue_index == 1)
    assert [c["status"] for c in cue] == ["fired"]
    entries = rows(db, schema.incident_entries, schema.incident_entries.c.incident_id == incident.id,
                   order=schema.incident_entries.c.id)
    assert any(e["kind"] == "note" and "restored" in e["text"] for e in entries)
    assert sum(1 for e in entries if e["kind"] == "trigger") == 1, "nothing recorded twice"


def test_cues_due_while_the_console_was_down_are_missed_not_sent_late(db, stopped_after_test):
    wall = WallClock(UNIX_START)
    script = three_modules("hold")
    recorder = Recorder(db)
    first = ShowSession(script, recorder=recorder, obs=stopped_after_test(FakeObs()), kind="live", clock=wall)
    first.start(0.0)
    wall.now = UNIX_START + 5
    first.tick(5.0)
    show_id = first.show_id
    _crash(first, recorder)

    wall.now = UNIX_START + 45  # opening's cues at 10 s and 30 s fell due while down
    recorder = Recorder(db)
    obs = stopped_after_test(FakeObs())
    second = ShowSession.from_recovery(rec.load_recovery(db, show_id), recorder=recorder, obs=obs, clock=wall)
    second.resume(0.0)
    second.runtime.wait_idle(5)
    assert obs.requests == [], "nothing is sent late"
    recorder.flush()
    cues = rows(db, schema.cue_results, schema.cue_results.c.show_id == show_id, order=schema.cue_results.c.id)
    assert [(c["module_id"], c["cue_index"], c["status"]) for c in cues] == [
        ("opening", -1, "fired"), ("opening", 0, "missed"), ("opening", 1, "missed")]
    assert cues[1]["error"] == "the console was not running when it fell due"
    assert second.runtime.status(0.0).module.id == "opening"
    second.close(1.0)
    recorder.close()


def test_a_second_crash_replays_the_first_recovery_exactly(db, stopped_after_test):
    """Headless (unattended) run: modules advance on their own; two crashes, the same show."""
    wall = WallClock(UNIX_START)
    script = three_modules("hold")
    recorder = Recorder(db)
    first = ShowSession(script, recorder=recorder, obs=stopped_after_test(FakeObs()), kind="live", speed=2.0,
                        clock=wall,
                        unattended=True)
    first.start(0.0)
    wall.now = UNIX_START + 20  # show t = 40
    first.tick(20.0)
    show_id = first.show_id
    _crash(first, recorder)

    wall.now = UNIX_START + 40  # show t = 80: opening (60 s) advanced to product while down
    recorder = Recorder(db)
    second = ShowSession.from_recovery(rec.load_recovery(db, show_id), recorder=recorder,
                                       obs=stopped_after_test(FakeObs()), clock=wall)
    assert second.unattended
    second.resume(0.0)
    status_then = second.runtime.status(0.0)
    assert (status_then.module.id, status_then.now) == ("product", pytest.approx(80.0))
    wall.now = UNIX_START + 50
    second.tick(10.0)  # show t = 100
    _crash(second, recorder)

    wall.now = UNIX_START + 60  # show t = 120
    recovery = rec.load_recovery(db, show_id)
    third_engine, _ = rec.replay_run_of_show(recovery)
    # The rebuilt timeline is the one the second console had.
    assert [(e.module_id, e.start) for e in third_engine.timeline] == [("opening", 0.0), ("product", 60.0)]
    recorder = Recorder(db)
    third = ShowSession.from_recovery(recovery, recorder=recorder, obs=stopped_after_test(FakeObs()), clock=wall)
    third.resume(0.0)
    assert third.runtime.status(0.0).module.id == "product"
    assert third.runtime.status(0.0).elapsed == pytest.approx(60.0)
    wall.now = UNIX_START + 200
    third.tick(140.0)  # long past the end: unattended, it ends by itself
    assert third.ended
    third.close(140.0)
    recorder.close()
    (show,) = rows(db, schema.shows, schema.shows.c.id == show_id)
    assert show["status"] == "ended" and show["ended_at"] - UNIX_START == pytest.approx(210.0)
    runs = rows(db, schema.module_runs, schema.module_runs.c.show_id == show_id, order=schema.module_runs.c.id)
    assert [r["module_id"] for r in runs] == ["opening", "product", "closing"], "no module run twice"


def test_end_it_closes_the_show_at_its_last_sign_of_life(db):
    wall = WallClock(UNIX_START)
    recorder = Recorder(db)
    first = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall)
    first.start(0.0)
    wall.now = UNIX_START + 12
    first.tick(12.0)
    show_id = first.show_id
    _crash(first, recorder)
    assert rec.abandon(db, show_id, now_wall=UNIX_START + 100)
    (show,) = rows(db, schema.shows, schema.shows.c.id == show_id)
    assert (show["status"], show["ended_at"] - UNIX_START) == ("ended_early", pytest.approx(12.0))
    assert all(r["ended_at"] is not None for r in rows(db, schema.module_runs, schema.module_runs.c.show_id == show_id))
    assert rec.find_interrupted(db, now_wall=UNIX_START + 100) == []
    with pytest.raises(rec.RecoveryError, match="ended early; there is nothing to resume"):
        rec.load_recovery(db, show_id)


def test_a_show_that_cannot_be_replayed_says_why(db):
    wall = WallClock(UNIX_START)
    recorder = Recorder(db)
    first = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall)
    first.start(0.0)
    show_id = first.show_id
    _crash(first, recorder)
    with db.begin() as connection:
        connection.execute(update(schema.shows).where(schema.shows.c.id == show_id)
                           .values(script_text="version: 1\nshow: [oops"))
    with pytest.raises(rec.RecoveryError, match="recorded script of show .* does not load"):
        rec.load_recovery(db, show_id)
    with pytest.raises(rec.RecoveryError, match="no show nope"):
        rec.load_recovery(db, "nope")


def test_history_loads_off_the_caller_thread_and_resume_then_reads_nothing(db, monkeypatch):
    """The window loads the record on a worker; resume() on the GUI thread must not read it again."""
    import threading

    wall = WallClock(UNIX_START)
    recorder = Recorder(db)
    first = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall)
    first.start(0.0)
    first.tick(2.0)
    first.submit([CommentEvent(UNIX_START + 1, user="u1", text="好看")]).result(5)
    wall.now = UNIX_START + 6
    first.tick(6.0)
    show_id = first.show_id
    _crash(first, recorder)

    wall.now = UNIX_START + 30
    recorder = Recorder(db)
    second = ShowSession.from_recovery(rec.load_recovery(db, show_id), recorder=recorder, clock=wall)
    worker = threading.Thread(target=second.load_history)
    worker.start()
    worker.join(10)

    def no_reads(*_args, **_kwargs):
        raise AssertionError("resume() read the record again")

    monkeypatch.setattr(rec, "replay_events", no_reads)
    monkeypatch.setattr(rec, "recorded_series", no_reads)
    second.resume(0.0)
    assert second.live.snapshot(UNIX_START + 30).show.comments == 1
    assert "kpi.comments_per_min" in second.series.names(), "the charts got their recorded history"
    second.close(1.0)
    recorder.close()
