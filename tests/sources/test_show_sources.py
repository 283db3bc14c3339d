"""A show's audience sources and its pre-show: sources started and stopped with the show, events
recorded from the moment it is opened (no module = pre-show), gaps known to ``in_gap``.

Real parts: the session, the recorder, SQLite and PostgreSQL, a local oba server on a real socket.
"""

from __future__ import annotations

import threading

from sqlalchemy import select

from console.audience.events import CommentEvent, ViewersEvent
from console.recording import Recorder
from console.session import ShowSession
from console.sources.base import Backoff
from console.sources.show_sources import SourceGaps
from console.sources.spec import SourceSpec
from console.show.runtime import CONSOLE_HEARTBEAT_INTERVAL_S
from console.wall import format_table, rooms
from db import schema
from tests.harness.common import WallClock
from tests.show.conftest import three_modules
from tests.sources.conftest import wait_until

UNIX_OPEN = 1_800_000_000.0


def _rows(engine, table, **where):
    query = select(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def _session(engine, **kwargs):
    wall = WallClock(UNIX_OPEN)
    recorder = Recorder(engine)
    session = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall, **kwargs)
    return session, recorder, wall


def test_events_before_the_start_are_pre_show_and_the_live_view_gets_them(db_engine):
    session, recorder, wall = _session(db_engine)
    refused = session.submit([CommentEvent(UNIX_OPEN - 5, user="early", text="too early")])
    assert refused.exception(5) is not None, "a show not yet opened has no record to take events into"

    session.open_pre_show()
    heard = []
    session.comments.connect(lambda batch: heard.extend(event.text for event, _module, _hits in batch))
    assert session.submit([CommentEvent(UNIX_OPEN + 1, user="u1", text="开播了吗"),
                           ViewersEvent(UNIX_OPEN + 2, online=120, entered=0)]).result(10) == 2
    session.tick(50.0)  # not started: the tick only publishes
    assert heard == ["开播了吗"]
    assert session.live.snapshot(UNIX_OPEN + 3).online == 120

    recorder.flush(10)
    [show] = _rows(db_engine, schema.shows, id=session.show_id)
    assert show["status"] == "open" and show["opened_at"] == UNIX_OPEN
    assert len(_rows(db_engine, schema.planned_modules, show_id=session.show_id)) == 3

    wall.now = UNIX_OPEN + 60
    session.start(100.0)
    session.tick(100.0)
    assert session.submit([CommentEvent(UNIX_OPEN + 61, user="u2", text="来了")]).result(10) == 1
    session.close(101.0)
    [show] = _rows(db_engine, schema.shows, id=session.show_id)
    assert (show["status"], show["started_at"], show["opened_at"]) == ("ended_early", UNIX_OPEN + 60, UNIX_OPEN)
    events = sorted(_rows(db_engine, schema.audience_events, show_id=session.show_id), key=lambda row: row["ts"])
    assert [(row["kind"], row["module_id"]) for row in events] == [
        ("comment", None), ("viewers", None), ("comment", "opening")]
    recorder.close()


def test_a_show_opened_but_never_started_keeps_its_pre_show_record(db_engine):
    session, recorder, wall = _session(db_engine)
    session.open_pre_show()
    assert session.submit([CommentEvent(UNIX_OPEN + 1, user="u1", text="在吗")]).result(10) == 1
    wall.now = UNIX_OPEN + 30
    session.close(10.0)
    [show] = _rows(db_engine, schema.shows, id=session.show_id)
    assert (show["status"], show["ended_at"]) == ("not_started", UNIX_OPEN + 30)
    [event] = _rows(db_engine, schema.audience_events, show_id=session.show_id)
    assert (event["kind"], event["module_id"], event["data"]["text"]) == ("comment", None, "在吗")
    recorder.close()


def test_a_show_never_opened_writes_no_record(db_engine):
    session, recorder, _wall = _session(db_engine)
    session.close(1.0)
    assert _rows(db_engine, schema.shows, id=session.show_id) == []
    recorder.close()


def test_an_oba_source_feeds_the_show_from_its_opening_and_stops_with_it(db_engine, oba_server):
    session, recorder, wall = _session(db_engine, sources=[SourceSpec("oba", oba_server.url)])
    session.sources._options = {"backoff": Backoff(0.02, 0.1, jitter=0.1)}
    threads_before = {thread.name for thread in threading.enumerate()}
    assert session.start_sources() == []
    assert "source-oba" in {thread.name for thread in threading.enumerate()} - threads_before
    oba_server.wait_clients(1)
    wait_until(lambda: [report.state for report in session.source_health()] == ["live"], what="oba live")
    oba_server.send([{"msg_type": "comment", "msg_id": "m1", "time": int((UNIX_OPEN + 2) * 1000),
                      "nick_name": "小王", "content": "主播好"}])
    wait_until(lambda: session.source_health()[0].events == 1, what="the comment through the source")
    [report] = session.source_health()
    assert (report.kind, report.target, report.state) == ("oba", oba_server.url, "live")
    assert report.events_per_minute > 0

    wall.now = UNIX_OPEN + 60
    session.start(100.0)
    wall.now = UNIX_OPEN + 60 + CONSOLE_HEARTBEAT_INTERVAL_S
    session.tick(100.0 + CONSOLE_HEARTBEAT_INTERVAL_S)  # a heartbeat: the wall's summary goes into the show row
    recorder.flush(10)
    [room] = rooms(db_engine, now=wall.now)
    [on_wall] = room.sources
    assert (on_wall["kind"], on_wall["target"], on_wall["state"]) == ("oba", oba_server.url, "live")
    assert on_wall["events_per_minute"] > 0 and "oba live" in format_table([room])
    session.close(101.0 + CONSOLE_HEARTBEAT_INTERVAL_S)
    assert "source-oba" not in {thread.name for thread in threading.enumerate()}
    assert [report.state for report in session.source_health()] == ["ended"]
    events = _rows(db_engine, schema.audience_events, show_id=session.show_id)
    assert [(row["kind"], row["module_id"], row["data"].get("text")) for row in events] == [
        ("comment", None, "主播好")]
    recorder.close()


def test_a_source_that_cannot_be_built_is_reported_and_the_show_goes_on(db_engine):
    session, recorder, _wall = _session(db_engine, sources=[SourceSpec("nosuch", "x")])
    [line] = session.start_sources()
    assert "nosuch:x" in line and "unknown audience source kind" in line
    assert session.opened and session.source_health() == []
    session.close(1.0)
    recorder.close()


def test_gaps_answer_in_gap_for_recorded_and_open_outages():
    gaps = SourceGaps()
    assert not gaps.in_gap(100.0)
    gaps.record(100.0, 110.0)
    assert gaps.in_gap(100.0) and gaps.in_gap(105.0) and gaps.in_gap(110.0)
    assert not gaps.in_gap(99.9) and not gaps.in_gap(110.1)
    assert gaps.overlaps(90.0, 100.0) and not gaps.overlaps(111.0, 200.0)
    gaps.opened("oba:ws://x", 200.0)
    assert not gaps.in_gap(199.0) and gaps.in_gap(200.0) and gaps.in_gap(10_000.0)
    assert gaps.intervals(250.0) == [(100.0, 110.0), (200.0, 250.0)]
    gaps.closed("oba:ws://x")
    assert not gaps.in_gap(10_000.0)


def test_the_intake_takes_events_from_the_opening_not_503(db_engine, tmp_path, monkeypatch):
    from console.audience.token import get_or_create_token
    from tests.harness.common import post_events

    monkeypatch.setenv("LIVEROOM_HOME", str(tmp_path / "home"))
    session, recorder, _wall = _session(db_engine)
    assert session.open_intake("127.0.0.1:0") is None
    try:
        assert session.opened, "opening the intake opens the show's pre-show record"
        _host, port = session.intake.address
        acknowledged = post_events(port, get_or_create_token(), [
            {"ts": UNIX_OPEN + 3, "kind": "comment", "user": "u1", "text": "在等开播"}])
        assert acknowledged == 1
    finally:
        session.close(1.0)
        recorder.close()
    [event] = _rows(db_engine, schema.audience_events, show_id=session.show_id)
    assert (event["module_id"], event["data"]["text"]) == (None, "在等开播")
