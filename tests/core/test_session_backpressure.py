"""A database slower than the simulated audience delays the feed; it never piles events up in memory.

Found by the soak (tests/bench/bench_soak.py): on a loaded machine the
PostgreSQL writer fell behind the 20× simulator and the console's memory grew
by 60 MB of queued rows. The session now holds its own feed back while
:data:`~console.audience.player.MAX_EVENTS_IN_FLIGHT` events wait for their commit,
and catches up afterwards with every event stamped where it belongs.
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from console.audience import player as player_module
from console.audience.player import MAX_EVENTS_IN_FLIGHT, SIMULATOR_STEP_S
from console.audience.simulator import AudienceSimulator, SimulatorRates
from console.recording import Recorder
from console.session import ShowSession
from db import schema
from db.engine import open_database
from tests.harness.common import WallClock
from tests.show.conftest import three_modules

UNIX_START = 1_800_000_000.0
#: Comments per show second: about 500 per simulator step, so the limit is reached within seconds.
RATE = 2000.0


def test_a_stalled_writer_holds_the_simulator_back_and_it_catches_up_after(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'backpressure.sqlite'}")
    recorder = Recorder(engine)
    clock = WallClock(UNIX_START)
    session = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=clock,
                          simulator=AudienceSimulator(seed=3, rates=SimulatorRates(comments_per_s=RATE)))
    session.start(0.0)
    recorder.flush(10)
    stalled, release = threading.Event(), threading.Event()

    def stall(_connection):
        stalled.set()
        release.wait(30)

    recorder.call(stall)  # the writer is stuck in a transaction until released
    assert stalled.wait(10)
    try:
        most_in_flight = 0
        for tenth in range(1, 301):  # 30 s of show with nothing committed
            clock.now = UNIX_START + tenth / 10
            session.tick(tenth / 10)
            most_in_flight = max(most_in_flight, session.player.events_in_flight)
        one_step = 3 * RATE * SIMULATOR_STEP_S  # a step's events, with room for the profile and noise
        assert MAX_EVENTS_IN_FLIGHT <= most_in_flight < MAX_EVENTS_IN_FLIGHT + one_step
        assert session.player.simulated_until < UNIX_START + 30.0 - 10.0  # the feed is behind the show, not the memory
    finally:
        release.set()

    # The writer is back: the feed catches up (each tick adds at most the limit) and records everything.
    now = 30.0
    while session.player.simulated_until < UNIX_START + now - SIMULATOR_STEP_S:
        recorder.flush(10)
        now += 0.1
        clock.now = UNIX_START + now
        session.tick(now)
        assert now < 60.0, "the simulator never caught up"
    recorder.flush(10)
    assert session.player.events_in_flight == 0 and session.player.events_failed == 0
    with engine.connect() as connection:
        events = schema.audience_events
        count, first, last = connection.execute(select(func.count(), func.min(events.c.ts), func.max(events.c.ts))
                                                .where(events.c.show_id == session.show_id)).one()
    assert count == session.player.events_generated == session.player.events_recorded
    assert first < UNIX_START + 1.0 and last > UNIX_START + now - 1.0  # the whole span, stamps kept
    session.stop(now)
    session.close(now)
    recorder.close()
    engine.dispose()


def test_the_limit_is_small_enough_to_bound_memory_and_large_enough_for_a_real_show():
    # A real show at 200 comments/s (plus likes and viewers) fills it in about 40 s of a stalled database.
    assert 5_000 <= player_module.MAX_EVENTS_IN_FLIGHT <= 50_000
