"""Committed audience events are published by the show's tick, not by the recorder thread.

The recorder thread commits and resolves the submitter's future (the intake's
202); the tick then feeds the live KPIs, compliance, the comment feed and the
detectors, on its own thread, a bounded slice per tick.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

from console.audience import player as player_module
from console.audience.events import CommentEvent, OrderEvent
from console.audience.pipeline import PUBLISH_SLICE_EVENTS
from console.recording import Recorder
from console.session import ShowSession
from tests.harness.common import WallClock

from .conftest import three_modules

UNIX_START = 1_800_000_000.0


class Matcher:
    """Flags every comment that asks for a private contact (the real lexicon is tested in tests/compliance)."""

    def find(self, text):
        return ["加微信"] if "加微信" in text else []


class Playbooks:
    """The session's ``playbooks`` facade, reduced to what it is told and on which thread."""

    def __init__(self) -> None:
        self.audience_calls: list[tuple[str, int, int]] = []  # (thread, events, comments)
        self.runner = SimpleNamespace(open_incidents=lambda: [])  # the heartbeat's incident count

    def show_started(self, session, mono):
        pass

    def audience(self, session, events, comments):
        self.audience_calls.append((threading.current_thread().name, len(events), len(comments)))

    def effects(self, session, effects):
        pass

    def tick(self, session, mono, now_ts):
        pass

    def close(self, session, mono):
        pass


def _session(db_engine, **kwargs):
    wall = WallClock(UNIX_START)
    recorder = Recorder(db_engine)
    session = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall, **kwargs)
    session.start(100.0)
    session.tick(100.0)
    return session, recorder, wall


def test_committed_events_are_published_on_the_ticks_thread(db_engine):
    playbooks = Playbooks()
    session, recorder, wall = _session(db_engine, matcher=Matcher(), playbooks=playbooks)
    heard: list[tuple[str, str]] = []
    session.comments.connect(lambda batch: heard.append(("comments", threading.current_thread().name)))
    session.comment_flagged.connect(lambda flagged: heard.append(("flagged", threading.current_thread().name)))
    answers = []

    def intake() -> None:  # an HTTP sender: acknowledged once committed
        answers.append(session.submit([CommentEvent(UNIX_START + 0.5, user="u1", text="想要的加微信"),
                                       OrderEvent(UNIX_START + 0.6, order_id="o-1", sku="A-1001", qty=1,
                                                  amount=249.0)]).result(10))

    sender = threading.Thread(target=intake, name="intake-http")
    sender.start()
    sender.join(10)
    assert answers == [2], "the sender's future resolves at the commit"
    # Committed, not yet published: the recorder thread did not run the live view's work.
    assert heard == [] and playbooks.audience_calls == []
    assert session.live.snapshot(UNIX_START + 1).show.orders == 0
    wall.now = UNIX_START + 1.0
    session.tick(101.0)
    tick_thread = threading.current_thread().name
    assert heard == [("flagged", tick_thread), ("comments", tick_thread)]
    assert playbooks.audience_calls == [(tick_thread, 2, 1)]
    assert session.live.snapshot(UNIX_START + 1).show.orders == 1
    # Published before this tick's KPI sample: the chart already has the order.
    assert session.series["kpi.orders"].last() == (UNIX_START + 1.0, 1.0)
    session.close(101.0)
    recorder.close()


def test_a_burst_larger_than_a_slice_is_published_over_a_few_ticks_in_order(db_engine):
    session, recorder, wall = _session(db_engine)
    published: list[str] = []
    session.comments.connect(lambda batch: published.extend(event.user for event, _module, _hits in batch))
    burst = [CommentEvent(UNIX_START + 0.5 + n / 100_000, user=f"u{n}", text="好看")
             for n in range(2 * PUBLISH_SLICE_EVENTS + 300)]
    session.submit(burst).result(10)
    session.tick(100.1)
    assert len(published) == PUBLISH_SLICE_EVENTS, "one slice per tick: the tick stays short"
    assert session.live.snapshot(UNIX_START + 1).show.comments == PUBLISH_SLICE_EVENTS
    session.tick(100.2)
    session.tick(100.3)
    assert published == [event.user for event in burst], "all of it, once each, in order"
    assert session.live.snapshot(UNIX_START + 1).show.comments == len(burst)
    session.close(100.3)
    recorder.close()


def test_what_is_committed_after_the_last_tick_is_published_when_the_show_closes(db_engine):
    session, recorder, wall = _session(db_engine)
    session.stop(101.0)
    session.submit([OrderEvent(UNIX_START + 0.9, order_id="o-9", sku="A-1001", qty=1, amount=99.0)]).result(10)
    session.close(101.0)
    assert session.live.snapshot(UNIX_START + 2).show.gmv == 99.0, "the run's summary holds every committed event"
    recorder.close()


def test_events_waiting_to_be_published_hold_the_shows_own_feed_back(db_engine, monkeypatch):
    class Replay:
        calls = 0

        def rebase(self, start_ts):
            pass

        def due(self, show_t):
            self.calls += 1
            return []

    replay = Replay()
    monkeypatch.setattr(player_module, "MAX_EVENTS_IN_FLIGHT", PUBLISH_SLICE_EVENTS)
    session, recorder, wall = _session(db_engine, replay=replay)
    assert replay.calls == 1
    burst = [CommentEvent(UNIX_START + 0.5, user=f"u{n}", text="好看") for n in range(3 * PUBLISH_SLICE_EVENTS)]
    session.submit(burst).result(10)
    session.tick(100.1)  # publishes one slice; two are left, more than the feed may have waiting
    assert replay.calls == 1
    session.tick(100.2)
    session.tick(100.3)  # all published: the feed goes on
    assert replay.calls == 2
    session.close(100.3)
    recorder.close()
