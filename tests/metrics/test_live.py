"""LiveKpis: equal to the review's rows after a replay, rolling rates, trends; series buffers."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from console.audience.events import CommentEvent, OrderEvent, UnknownEvent, ViewersEvent
from console.metrics.kpi import compute_show_kpis
from console.metrics.live import LiveKpis
from console.metrics.series import INITIAL_CAPACITY, SeriesBuffer, SeriesSet
from tests.metrics.test_kpi import PLAN, T0, TIMELINE, load_events


def test_live_rows_equal_the_review_rows_after_a_replay():
    _source, events = load_events()
    live = LiveKpis()
    plan = {info.module_id: info for info in PLAN}
    ordered = sorted(events, key=lambda e: e.ts)
    cursor = 0
    for module_id, start, _end in TIMELINE:
        # Feed what happened before this module started, then start it (the outer loop's order).
        while cursor < len(ordered) and ordered[cursor].ts < start:
            event = ordered[cursor]
            live.add([event], [_module_of(event.ts)])
            cursor += 1
        info = plan[module_id]
        live.module_started(module_id, start, type=info.type, title=info.title, planned_s=info.planned_s)
    while cursor < len(ordered) and ordered[cursor].ts < T0 + 1200:
        live.add([ordered[cursor]], [_module_of(ordered[cursor].ts)])
        cursor += 1
    live.show_ended(T0 + 1200)
    live.add(ordered[cursor:], [None] * (len(ordered) - cursor))  # after the show: counts nowhere

    review = compute_show_kpis(events, TIMELINE, PLAN)
    for row in review:
        if row.module_id == "encore":
            assert live.row("encore", T0 + 1200) is None
            continue
        got = live.row(row.module_id, T0 + 1200)
        for name in ("entries", "peak_online", "comments", "likes", "interacting_users", "orders", "actual_s",
                     "interaction_rate", "conversion_rate", "planned_s" if row.module_id != "TOTAL" else "entries",
                     "reach", "follows", "shares", "refunds", "refund_rate"):
            assert getattr(got, name) == getattr(row, name), (row.module_id, name)
        for name in ("gmv", "avg_online", "gpm", "aov"):
            expected = getattr(row, name)
            assert (getattr(got, name) is None) == (expected is None), (row.module_id, name)
            if expected is not None:
                assert getattr(got, name) == pytest.approx(expected, rel=1e-9), (row.module_id, name)


def test_live_reach_counts_a_sample_stamped_before_the_start_that_arrives_after_it():
    live = LiveKpis()
    live.add([ViewersEvent(0.0, 10, 10)], ["a"])
    live.module_started("a", 0.0)
    live.module_started("b", 10.0)
    live.add([ViewersEvent(12.0, 60, 4)], ["b"])
    live.add([ViewersEvent(9.0, 50, 0)], ["a"])  # late: stamped before b began
    assert live.row("b", 15.0).reach == 50 + 4
    assert live.row("TOTAL", 15.0).reach == 0 + 10 + 4  # the show began with nobody before it
    live.module_started("a", 20.0)  # a again: a second stretch, 60 present then
    assert live.row("a", 21.0).reach == (0 + 60) + 10


def _module_of(ts):
    for module_id, start, end in TIMELINE:
        if start <= ts < end:
            return module_id
    return None


def test_current_module_avg_online_grows_with_now_and_show_row_too():
    live = LiveKpis()
    live.add([ViewersEvent(0.0, 100, 0)], [None])  # before the start: carries in, counts nowhere
    live.module_started("a", 10.0)
    assert live.snapshot(10.0).module.avg_online is None  # no time has passed yet
    live.add([ViewersEvent(20.0, 300, 7)], ["a"])
    snap = live.snapshot(30.0)
    assert snap.module.avg_online == 200.0  # 10 s at 100 (carried in), 10 s at 300
    assert snap.module.entries == 7 and snap.show.entries == 7 and snap.online == 300
    assert snap.module.actual_s == 20.0
    live.module_started("b", 30.0)
    snap = live.snapshot(40.0)
    assert snap.module.module_id == "b" and snap.module.avg_online == 300.0
    assert live.row("a", 40.0).actual_s == 20.0  # closed at b's start
    assert snap.show.avg_online == pytest.approx(7000 / 30)  # over 10–40: 10 s at 100, 20 s at 300
    # A late, older sample counts for entries and peak but does not rewrite the integral.
    live.add([ViewersEvent(15.0, 5000, 1)], ["a"])
    assert live.snapshot(40.0).show.peak_online == 5000
    assert live.snapshot(40.0).show.avg_online == pytest.approx(7000 / 30)


def test_rolling_rates_use_the_last_minute_and_trends_compare_with_a_minute_ago():
    live = LiveKpis()
    live.module_started("a", 0.0)
    live.snapshot(0.0)
    for second in range(120):
        live.add([CommentEvent(second + 0.5, f"u{second}", "x")] * (1 if second < 60 else 3), ["a"] * (1 if second < 60 else 3))
        if second % 7 == 0:
            live.add([OrderEvent(second + 0.1, f"o{second}", "A", 1, 10.0)], ["a"])
        if second == 59:
            first = live.snapshot(59.9)
    assert first.comments_per_min == 60.0
    snap = live.snapshot(119.9)
    assert snap.comments_per_min == 180.0
    assert snap.orders_per_min == sum(1 for s in range(60, 120) if s % 7 == 0)
    comments_tile = snap.tiles["comments_per_min"]
    assert comments_tile.value == 180.0
    # The reference is the snapshot taken at or before 119.9 − 60 = 59.9: the one at 59.9.
    assert comments_tile.delta == 120.0
    assert snap.tiles["comments"].delta == snap.show.comments - first.show.comments
    assert snap.tiles["conversion_rate"].value is None and snap.tiles["conversion_rate"].delta is None


def test_trends_are_unknown_during_the_first_minute():
    live = LiveKpis()
    live.module_started("a", 0.0)
    live.snapshot(0.0)
    live.add([CommentEvent(1.0, "u", "x")], ["a"])
    assert live.snapshot(30.0).tiles["comments"].delta is None
    assert live.snapshot(60.0).tiles["comments"].delta == 1


def test_unattributed_events_count_nowhere_unless_asked_and_unknown_kinds_are_counted():
    live = LiveKpis()
    live.add([CommentEvent(1.0, "u", "x"), UnknownEvent(2.0, "red_packet", {})], [None, None])
    snap = live.snapshot(3.0)
    assert snap.show.comments == 0 and snap.unknown_events == 1
    assert snap.events_by_kind == {"comment": 1, "red_packet": 1}
    free = LiveKpis(count_unattributed=True)
    free.add([CommentEvent(1.0, "u", "x")], [None])
    assert free.snapshot(3.0).show.comments == 1


def test_concurrent_feeding_loses_nothing():
    live = LiveKpis()
    live.module_started("a", 0.0)

    def feed(worker):
        for n in range(2000):
            live.add([CommentEvent(n * 0.01, f"w{worker}-{n}", "x")], ["a"])

    threads = [threading.Thread(target=feed, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert live.snapshot(20.0).show.comments == 8000
    assert live.row("a", 20.0).interacting_users == 8000


# ---------------------------------------------------------------- series
def test_series_buffer_grows_and_snapshots_are_float64_copies():
    buffer = SeriesBuffer("online", capacity=16)
    for n in range(100):
        buffer.append(float(n), n * 2 if n != 50 else None)
    t, v = buffer.snapshot()
    assert t.dtype == np.float64 and v.dtype == np.float64 and len(t) == len(v) == 100 == len(buffer)
    assert t[99] == 99.0 and v[99] == 198.0 and np.isnan(v[50])
    buffer.append(100.0, 1.0)
    assert len(t) == 100  # the snapshot is a copy
    t2, v2 = buffer.snapshot(since=95.0)
    assert list(t2) == [95.0, 96.0, 97.0, 98.0, 99.0, 100.0]
    assert buffer.last() == (100.0, 1.0)


def test_series_buffer_bounded_drops_the_oldest_half():
    buffer = SeriesBuffer(capacity=10, max_points=20)
    for n in range(45):
        buffer.append(float(n), float(n))
    t, v = buffer.snapshot()
    assert len(t) <= 20 and t[-1] == 44.0 and list(t) == sorted(t)
    assert list(v) == list(t)


def test_four_hour_show_of_twenty_series_fits_without_regrowth():
    assert INITIAL_CAPACITY >= 4 * 3600
    series = SeriesSet()
    for name in (f"s{n}" for n in range(20)):
        buffer = series[name]
        ts = np.arange(4 * 3600, dtype=np.float64)
        for t in ts[:10]:
            buffer.append(t, t)
    assert len(series.names()) == 20 and "s3" in series
    assert series["s3"]._t.shape == (INITIAL_CAPACITY,)


def test_series_buffer_concurrent_appends():
    buffer = SeriesBuffer(capacity=16)

    def writer(offset):
        for n in range(5000):
            buffer.append(offset + n, 1.0)

    threads = [threading.Thread(target=writer, args=(k * 10000,)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    t, v = buffer.snapshot()
    assert len(t) == 15000 and v.sum() == 15000.0


def test_follows_the_run_of_show_engine_effects():
    from console.show.run_of_show import RunOfShow
    from console.show.loader import load_script
    from console.paths import resource

    script = load_script(resource("shows", "skincare_launch.yaml")).script
    engine = RunOfShow(script)
    live = LiveKpis()
    base = 1_000_000.0
    live.apply_effects(engine.start(0.0), lambda at: base + at)
    first = script.modules[0]
    assert live.snapshot(base + 1).module.module_id == first.id
    assert live.snapshot(base + 1).module.planned_s == first.duration
    assert live.snapshot(base + 1).module.type == first.type
    live.add([CommentEvent(base + 5, "u", "x")], [first.id])
    live.apply_effects(engine.next(10.0), lambda at: base + at)
    snap = live.snapshot(base + 20)
    assert snap.module.module_id == script.modules[1].id and snap.module.actual_s == 10.0
    assert live.row(first.id, base + 20).actual_s == 10.0 and live.row(first.id, base + 20).comments == 1
    live.apply_effects(engine.stop(30.0), lambda at: base + at)
    snap = live.snapshot(base + 100)
    assert snap.module is None and snap.show.actual_s == 30.0  # the show row stops at the end


def test_a_module_first_heard_of_through_an_event_gets_its_labels_at_start():
    live = LiveKpis()
    live.add([CommentEvent(10.0, "u", "x")], ["m2"])  # attributed before the start reached LiveKpis
    live.module_started("m2", 9.0, type="conversion", title="转化", planned_s=60.0)
    row = live.row("m2", 20.0)
    assert (row.type, row.title, row.planned_s, row.comments) == ("conversion", "转化", 60.0, 1)
