"""The rooms wall's core: the heartbeat's extras (console.wall.live_extras) and the rooms query.

A real ShowSession records into a real database (SQLite file and the team
PostgreSQL); time is passed in (a wall clock the test moves, monotonic
instants for the ticks). The real processes on one PostgreSQL are in
tests/integration/test_wall_rooms.py; the window in tests/ui/test_wall_window.py.
"""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest

from console import wall
from console.audience.events import CommentEvent, OrderEvent, ViewersEvent
from console.compliance import default_matcher
from console.contingency.loader import load_playbooks
from console.contingency.session import SessionPlaybooks
from console.metrics.live import LiveKpis
from console.metrics.series import SeriesSet
from console.obs.model import ConnectionState, HealthSample, ObsSnapshot
from console.recording import Recorder
from console.session import ShowSession
from tests.harness.common import WallClock
from tests.show.conftest import three_modules

UNIX_START = 1_800_000_000.0


@pytest.fixture()
def engine(db_engine):
    return db_engine


def _playbooks() -> SessionPlaybooks:
    playbooks, _ = load_playbooks()
    # banned-word (info) from a comment, cpu-high (warning) and stream-down (critical) triggered by hand.
    return SessionPlaybooks([p for p in playbooks if p.id in ("banned-word", "cpu-high", "stream-down")])


class Room:
    """A show in progress on the test's clock: ``at(seconds)`` ticks it ``seconds`` after its start."""

    def __init__(self, engine, room: str, end: str = "hold") -> None:
        self.clock = WallClock(UNIX_START)
        self.recorder = Recorder(engine)
        self.session = ShowSession(three_modules(end), recorder=self.recorder, kind="rehearsal", room=room,
                                   clock=self.clock, matcher=default_matcher(), playbooks=_playbooks())
        self.session.start(0.0)

    def at(self, seconds: float) -> None:
        self.clock.now = UNIX_START + seconds
        self.session.tick(seconds)

    def flush(self) -> None:
        self.recorder.flush(10)

    def close(self) -> None:
        self.session.close(self.clock.now - UNIX_START)
        self.recorder.close()


def test_the_heartbeat_carries_obs_incidents_and_kpis_and_the_wall_lists_the_room(engine):
    room = Room(engine, "一号间")
    try:
        room.at(3.5)  # events are attributed to the module running at their instant: the engine must be there
        events = [ViewersEvent(ts=UNIX_START + 1, online=321, entered=400),
                  OrderEvent(ts=UNIX_START + 2, order_id="o-1", sku="A-1001", qty=1, amount=199.0),
                  OrderEvent(ts=UNIX_START + 3, order_id="o-2", sku="A-1001", qty=2, amount=398.5),
                  CommentEvent(ts=UNIX_START + 3, user="u1", text="加微信买更便宜")]
        room.session.submit(events).result(10)
        room.at(4.0)  # the comment's banned-word incident opens on the tick (info)
        assert room.session.playbooks.runner.open_incidents(), "the banned comment opened its incident"
        cpu = room.session.playbooks.runner.trigger("cpu-high", UNIX_START + 4.0, "CPU 97 %")  # warning
        room.session.playbooks.runner.drill("stream-down", UNIX_START + 4.0)  # critical, but a drill
        room.at(5.0)  # the first heartbeat (every 5 wall seconds)
        room.flush()

        with engine.connect() as connection:
            from sqlalchemy import select

            from db import schema

            state = connection.execute(select(schema.shows.c.state)).scalar_one()
        assert state["obs"] == {"connection": "none"}
        assert state["incidents"] == {"open": 2, "worst": "warning"}
        assert state["kpis"] == {"gmv": 597.5, "online": 321, "orders": 2, "conversion_rate": 0.005,
                                 "comments_per_min": 1.0}
        assert len(json.dumps(state, ensure_ascii=False)) < 700, "the beat's JSON stays small"

        (row,) = wall.rooms(engine, now=UNIX_START + 6.0)
        assert (row.room, row.title, row.kind, row.status, row.health) == ("一号间", "三段测试", "rehearsal",
                                                                           "running", "live")
        assert (row.module_id, row.module_title, row.module_number, row.modules) == ("opening", "开场", 1, 3)
        assert row.over_under_s == 0.0 and row.obs == "none" and row.streaming is None
        assert (row.incidents, row.worst_severity) == (2, "warning")  # the drill is not counted
        assert (row.gmv, row.online, row.orders) == (597.5, 321, 2)
        assert row.beat_wall == UNIX_START + 5.0 and row.beat_age_s == 1.0

        # The module holds at its planned end (60 s): 15 s over by 75 s, next module's number after "next".
        room.session.playbooks.runner.resolve(cpu.id, "test", UNIX_START + 70.0)
        room.at(75.0)
        room.flush()
        (row,) = wall.rooms(engine, now=UNIX_START + 75.0)
        assert row.over_under_s == 15.0 and row.module_id == "opening"
        assert (row.incidents, row.worst_severity) == (1, "info")
        room.session.command("next", 76.0)
        room.flush()
        (row,) = wall.rooms(engine, now=UNIX_START + 76.0)
        assert (row.module_id, row.module_number) == ("product", 2), "the module comes from the run, not the beat"
    finally:
        room.close()


def test_the_heartbeat_carries_target_statuses_and_the_estimated_loss_of_open_incidents(engine):
    from console.targets.live import attach
    from console.targets.model import SHIPPED

    room = Room(engine, "二号间")
    try:
        attach(room.session, SHIPPED)
        room.at(1.0)
        events = [ViewersEvent(ts=UNIX_START + 1, online=100, entered=100),
                  OrderEvent(ts=UNIX_START + 2, order_id="o-1", sku="A-1001", qty=1, amount=120.0),
                  CommentEvent(ts=UNIX_START + 2, user="u1", text="好")]
        room.session.submit(events).result(10)
        room.at(3.0)
        room.session.playbooks.runner.trigger("cpu-high", UNIX_START + 3.0, "CPU 97 %")
        room.at(5.0)  # the heartbeat
        room.flush()
        with engine.connect() as connection:
            from sqlalchemy import select

            from db import schema

            state = connection.execute(select(schema.shows.c.state)).scalar_one()
        # 1 interacting user / reach 100 = 1 % (bad), 1 order / 100 = 1 % (bad), no refund of 1 order: 0 (ok)
        assert state["targets"]["status"] == {"interaction_rate": "bad", "conversion_rate": "bad",
                                              "refund_rate": "ok"}
        # GMV/min in the 3 s of show before the incident (cut at the start) × the 2 s it has been open
        assert state["targets"]["loss"] == pytest.approx(round(120.0 / (3 / 60) * (2 / 60), 2))
        (row,) = wall.rooms(engine, now=UNIX_START + 6.0)
        assert row.target_statuses == state["targets"]["status"]
        assert row.estimated_loss == state["targets"]["loss"]
    finally:
        room.close()


def test_a_room_without_a_beat_for_three_intervals_is_stale_and_an_ended_one_leaves(engine):
    room = Room(engine, "二号间")
    try:
        room.at(5.0)
        room.flush()
        beat = UNIX_START + 5.0
        (row,) = wall.rooms(engine, now=beat + wall.CONSOLE_STALE_AFTER_S - 0.5)
        assert row.health == "live"
        (row,) = wall.rooms(engine, now=beat + wall.CONSOLE_STALE_AFTER_S + 0.5)
        assert row.health == "stale" and row.beat_age_s == wall.CONSOLE_STALE_AFTER_S + 0.5
        # At the edge the shown age and the health agree: just past the limit reads past it (CI once saw
        # a stale row report 15.0 s), and exactly at the limit is still live.
        (row,) = wall.rooms(engine, now=beat + wall.CONSOLE_STALE_AFTER_S + 0.04)
        assert row.health == "stale" and row.beat_age_s == wall.CONSOLE_STALE_AFTER_S + 0.1
        (row,) = wall.rooms(engine, now=beat + wall.CONSOLE_STALE_AFTER_S)
        assert row.health == "live" and row.beat_age_s == wall.CONSOLE_STALE_AFTER_S
        assert row.module_id == "opening"  # its last known figures stay, marked stale
        room.at(20.0)  # the console beats again
        room.flush()
        (row,) = wall.rooms(engine, now=UNIX_START + 21.0)
        assert row.health == "live"
        room.session.stop(30.0)
        room.flush()
    finally:
        room.close()
    assert wall.rooms(engine, now=UNIX_START + 31.0) == []
    (ended,) = wall.rooms(engine, now=UNIX_START + 31.0, include_ended_within_s=60)
    assert ended.health == "ended" and ended.status == "ended_early"
    assert wall.rooms(engine, now=UNIX_START + 95.0, include_ended_within_s=60) == []


def test_rooms_of_several_consoles_are_listed_by_room(engine):
    rooms = [Room(engine, name) for name in ("b-room", "a-room", "c-room")]
    try:
        for room in rooms:
            room.at(5.0)
            room.flush()
        assert [row.room for row in wall.rooms(engine, now=UNIX_START + 6.0)] == ["a-room", "b-room", "c-room"]
    finally:
        for room in rooms:
            room.close()


def test_ended_within_counts_wall_seconds_at_a_rehearsal_speed(engine):
    """ended_at is on the show clock (10 s of wall at 20× end 200 show seconds in): the window is wall time."""
    recorder = Recorder(engine)
    clock = WallClock(UNIX_START)
    session = ShowSession(three_modules("advance"), recorder=recorder, kind="rehearsal", speed=20.0, room="fast",
                          clock=clock)
    session.start(0.0)
    clock.now = UNIX_START + 10.0
    session.tick(10.0)  # 200 show seconds: in the closing module (60 s + 2 min + 30 s)
    session.stop(10.0)
    session.close(10.0)
    recorder.close()
    # Ended at UNIX_START + 10 on the wall; its ended_at is UNIX_START + 200 on the show clock.
    assert [r.health for r in wall.rooms(engine, now=UNIX_START + 40.0, include_ended_within_s=60)] == ["ended"]
    assert wall.rooms(engine, now=UNIX_START + 75.0, include_ended_within_s=60) == []


# ------------------------------------------------------------------ live_extras, unit
def _health(**fields) -> HealthSample:
    values = dict(ts=UNIX_START, fps=29.97, cpu=12.0, memory_mb=300.0, disk_free_mb=5000.0, average_render_ms=2.0,
                  render_skipped_frames=3, render_total_frames=900, output_skipped_frames=12,
                  output_total_frames=900, streaming=True, stream_reconnecting=False, stream_timecode="00:01:00",
                  stream_bytes=1_000_000, congestion=0.0, recording=False, record_timecode=None, interval_s=1.0,
                  render_dropped_ratio=0.0033333, output_dropped_ratio=0.0133333, bitrate_kbps=2499.96)
    values.update(fields)
    return HealthSample(**values)


def _session(obs=None, *, last_health=None, live=None, started=True, playbooks=None):
    return SimpleNamespace(obs=obs, last_health=last_health, series=SeriesSet(), live=live or LiveKpis(),
                           started=started, playbooks=playbooks, show_unix=lambda wall_unix: wall_unix,
                           _clock=lambda: UNIX_START + 10)


def _obs(state: ConnectionState, **snapshot) -> SimpleNamespace:
    return SimpleNamespace(state=state, snapshot=ObsSnapshot(**snapshot))


def test_extras_carry_the_stream_health_while_obs_is_connected():
    extras = wall.live_extras(_session(_obs(ConnectionState.OK, streaming=True, recording=True),
                                       last_health=_health()))
    assert extras["obs"] == {"connection": "ok", "streaming": True, "reconnecting": False, "recording": True,
                             "fps": 30.0, "render_dropped": 0.0033, "output_dropped": 0.0133,
                             "bitrate_kbps": 2500.0}


def test_extras_read_the_health_series_when_the_session_keeps_no_sample():
    session = _session(_obs(ConnectionState.OK, streaming=False))
    session.series["obs.fps"].append(UNIX_START, 24.0)
    session.series["obs.output_dropped_ratio"].append(UNIX_START, 0.25)
    obs = wall.live_extras(session)["obs"]
    assert (obs["streaming"], obs["fps"], obs["output_dropped"], obs["render_dropped"]) == (False, 24.0, 0.25, None)


@pytest.mark.parametrize("state", [ConnectionState.RECONNECTING, ConnectionState.DISCONNECTED,
                                   ConnectionState.AUTH_FAILED, ConnectionState.CONNECTING])
def test_no_stream_figures_from_a_connection_that_is_not_ok(state):
    """A figure from a lost connection would be shown as live: only the state goes out."""
    extras = wall.live_extras(_session(_obs(state, streaming=True), last_health=_health()))
    assert extras["obs"] == {"connection": state.value}


def test_no_obs_is_none_and_an_unstarted_show_has_no_kpis():
    extras = wall.live_extras(_session(None, started=False))
    assert extras == {"obs": {"connection": "none"}}


def test_a_failing_part_is_left_out_and_never_raises(caplog):
    class BrokenKpis(LiveKpis):
        def snapshot(self, now):
            raise RuntimeError("boom")

    session = _session(_obs(ConnectionState.OK, streaming=True), last_health=_health(fps=float("nan")),
                       live=BrokenKpis())
    with caplog.at_level(logging.ERROR, logger="console.wall"):
        extras = wall.live_extras(session)
    assert "kpis" not in extras and extras["obs"]["fps"] is None  # NaN is not a figure
    assert any("kpis" in record.getMessage() for record in caplog.records)
    json.dumps(extras, allow_nan=False)  # valid JSON for any database


def test_signed_clock_and_the_plain_table():
    assert [wall.signed_clock(s) for s in (None, 0.2, 15, -30, 3725)] == ["—", "0:00", "+0:15", "-0:30", "+1:02:05"]
    assert wall.format_table([]) == "no show running"


def test_rooms_are_in_natural_order_not_by_code_point():
    names = ["十二号间", "二号间", "一号间", "三号间", "room-10", "room-2", "十号间", "五号间", "Room-3"]
    assert sorted(names, key=wall.room_sort_key) == ["一号间", "二号间", "三号间", "五号间", "十号间", "十二号间",
                                                     "room-2", "Room-3", "room-10"]
