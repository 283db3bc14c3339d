"""The source abstraction: backoff, event rate, throttled logging, state changes, gaps, the thread."""

from __future__ import annotations

import logging
import random
import threading

import pytest

from console.sources import base
from console.sources.base import AudienceSource, Backoff, EventRate, SourceState, ThrottledLog
from tests.sources.conftest import WAIT_S, Collector, StateLog


def test_backoff_doubles_up_to_the_cap_and_resets_on_success():
    backoff = Backoff(0.5, 4.0, jitter=0.0)
    assert [backoff.next_delay() for _ in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    backoff.reset()
    assert backoff.next_delay() == 0.5 and backoff.attempts == 1


def test_backoff_jitter_only_shortens_so_the_cap_holds():
    backoff = Backoff(1.0, 8.0, jitter=0.25, rng=random.Random(3))
    delays = [backoff.next_delay() for _ in range(200)]
    assert all(0.75 <= d <= 1.0 for d in delays[:1])
    assert all(6.0 <= d <= 8.0 for d in delays[3:])
    assert len({round(d, 6) for d in delays[3:]}) > 100  # really random, not one fixed value
    # A source down for days: no overflow, still capped.
    backoff.attempts = 10_000
    assert backoff.next_delay() <= 8.0


@pytest.mark.parametrize("args", [(0, 1), (2, 1), (1, 2, 0.5)])
def test_backoff_refuses_nonsense(args):
    initial, cap, *rest = args
    with pytest.raises(ValueError):
        Backoff(initial, cap, factor=rest[0] if rest else 2.0)


def test_event_rate_is_per_minute_over_a_sliding_window():
    rate = EventRate(window_s=60)
    rate.add(100.0, 30)
    rate.add(100.9, 10)
    rate.add(130.0, 20)
    assert rate.per_minute(130.5) == 60
    assert rate.per_minute(159.9) == 60     # 100 s bucket still inside (159 - 60 = 99 < 100)
    assert rate.per_minute(160.0) == 20     # the events of second 100 left the window
    assert rate.per_minute(500.0) == 0
    half = EventRate(window_s=30)
    half.add(10.0, 15)
    assert half.per_minute(10.0) == 30      # scaled to a minute


def test_throttled_log_holds_back_repeats_and_says_how_many(caplog):
    throttled = ThrottledLog(logging.getLogger("t"), interval_s=10)
    with caplog.at_level(logging.WARNING):
        assert throttled.warning("bad", 0.0, "bad frame %s", 1)
        assert not throttled.warning("bad", 5.0, "bad frame %s", 2)
        assert not throttled.warning("bad", 9.9, "bad frame %s", 3)
        assert throttled.warning("other", 9.9, "other thing")
        assert throttled.warning("bad", 10.0, "bad frame %s", 4)
    assert [r.getMessage() for r in caplog.records] == [
        "bad frame 1", "other thing", "bad frame 4 (2 more like it since the last report)"]


class ScriptedSource(AudienceSource):
    """A source whose thread runs steps the test hands it, one by one."""

    KIND = "scripted"

    def __init__(self, sink, clock, **kwargs):
        super().__init__(sink, "test", clock=clock.mono, wall_clock=clock.wall, **kwargs)
        self.steps: list = []
        self._ready = threading.Condition()

    def run(self, *steps, timeout: float = WAIT_S) -> None:
        """Hand ``steps`` (callables run on the source's thread) and wait until all ran."""
        with self._ready:
            self.steps.extend(steps)
            self._ready.notify_all()
            assert self._ready.wait_for(lambda: not self.steps, timeout), "the source's thread is stuck"

    def _serve(self, stopping):
        while not stopping.is_set():
            with self._ready:
                self._ready.wait_for(lambda: self.steps or stopping.is_set(), 0.05)
                while self.steps:
                    self.steps[0]()
                    self.steps.pop(0)
                    self._ready.notify_all()


def test_state_changes_fire_once_on_the_sources_thread(clock):
    sink = Collector()
    source = ScriptedSource(sink, clock)
    log = StateLog(source)
    source.start()
    try:
        source.run(lambda: source._set_state(SourceState.CONNECTING, "dialing"),
                   lambda: source._set_state(SourceState.CONNECTING, "dialing"),
                   lambda: source._set_state(SourceState.LIVE, "up"),
                   lambda: source._set_state(SourceState.LIVE, "up"))
    finally:
        source.stop()
    assert log.states == ["connecting", "live", "ended"]
    assert log.threads == {"source-scripted"}
    assert source.status.state is SourceState.ENDED and source.status.reason == "stopped"
    assert source._thread is None


def test_leaving_live_and_coming_back_records_one_gap_from_when_it_left(clock):
    sink = Collector()
    source = ScriptedSource(sink, clock).start()
    try:
        source.run(lambda: source._set_state(SourceState.LIVE, "up"))
        left = clock.wall()
        clock.advance(3)
        source.run(lambda: source._set_state(SourceState.BACKOFF, "lost; retrying"))
        clock.advance(4)
        source.run(lambda: source._set_state(SourceState.CONNECTING, "dialing"),
                   lambda: source._set_state(SourceState.BACKOFF, "refused"))
        clock.advance(5)
        source.run(lambda: source._set_state(SourceState.CONNECTING, "dialing"),
                   lambda: source._set_state(SourceState.LIVE, "up"))
    finally:
        source.stop()
    gaps = [e for e in sink.events if e.kind == "source_gap"]
    assert [(g.ts, g.to_data()) for g in gaps] == [
        (left + 3, {"source": "scripted:test", "from": left + 3, "to": left + 12})]
    assert source.health().gaps == 1


def test_a_stale_gap_is_backdated_to_the_last_message_and_stopping_while_live_is_no_gap(clock):
    sink = Collector()
    source = ScriptedSource(sink, clock).start()
    try:
        source.run(lambda: source._set_state(SourceState.LIVE, "up"))
        last = clock.wall()
        clock.advance(30)
        source.run(lambda: source._set_state(SourceState.STALE, "quiet", gap_from=last))
        clock.advance(10)
        source.run(lambda: source._set_state(SourceState.LIVE, "up"))
    finally:
        source.stop()
    assert [e.to_data() for e in sink.events] == [{"source": "scripted:test", "from": last, "to": last + 40}]


def test_a_source_still_out_when_stopped_closes_its_gap_at_the_stop(clock):
    sink = Collector()
    source = ScriptedSource(sink, clock).start()
    source.run(lambda: source._set_state(SourceState.LIVE, "up"))
    start = clock.wall()
    source.run(lambda: source._set_state(SourceState.BACKOFF, "lost"))
    clock.advance(7)
    source.stop()
    assert [e.to_data() for e in sink.events] == [{"source": "scripted:test", "from": start, "to": start + 7}]


def test_events_are_validated_batched_and_counted_and_a_failing_sink_does_not_stop_the_source(clock, monkeypatch):
    monkeypatch.setattr(base, "MAX_BATCH", 3)
    calls = []

    def sink(events):
        calls.append([e.kind for e in events])
        if len(calls) == 1:
            raise RuntimeError("database on fire")

    source = ScriptedSource(sink, clock).start()
    try:
        source.run(*[lambda n=n: source._add({"ts": 1.0, "kind": "like", "count": n + 1}) for n in range(4)],
                   lambda: source._add({"ts": 1.0, "kind": "like", "count": 0}),
                   lambda: source._flush())
    finally:
        source.stop()
    assert calls == [["like"] * 3, ["like"]]
    health = source.health()
    assert (health.events, health.rejected, health.events_per_minute) == (4, 1, 4.0)


def test_a_bug_in_a_source_shows_as_failed_with_its_reason(clock):
    source = ScriptedSource(Collector(), clock)
    log = StateLog(source)
    source.start()
    source.run(lambda: source._set_state(SourceState.LIVE, "up"))
    source.steps.append(lambda: 1 / 0)
    log.wait("failed")
    source.stop()
    assert source.status.reason == "ZeroDivisionError: division by zero"


def test_start_twice_is_refused(clock):
    source = ScriptedSource(Collector(), clock).start()
    try:
        with pytest.raises(RuntimeError):
            source.start()
    finally:
        source.stop()
