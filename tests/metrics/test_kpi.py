"""KPIs on a replay fixture against an independent, straightforward computation written here."""

from __future__ import annotations

import io
from itertools import pairwise
from pathlib import Path

import pytest

from console.audience.events import (
    CommentEvent, FollowEvent, GiftEvent, LikeEvent, OrderEvent, RefundEvent, ShareEvent, ViewersEvent, parse_lines,
)
from console.audience.replay import ReplaySource
from console.metrics.kpi import (
    CSV_COLUMNS, KpiRow, ModuleInfo, attribute, compute_kpis, compute_show_kpis, time_weighted_online,
    write_kpi_csv,
)

FIXTURE = Path(__file__).resolve().parents[1] / "audience" / "fixtures" / "show.jsonl"
T0 = 1796126400.0
PLAN = [
    ModuleInfo("opening", "opening", "开场暖场", 300.0),
    ModuleInfo("explain", "explanation", "产品讲解", 240.0),
    ModuleInfo("convert", "conversion", "限时转化", 300.0),
    ModuleInfo("pause", "break", "中场休息", 120.0),
    ModuleInfo("closing", "closing", "收尾", 200.0),
    ModuleInfo("encore", "interaction", "返场", 60.0),  # planned, never run
]
TIMELINE = [
    ("opening", T0, T0 + 300), ("explain", T0 + 300, T0 + 600), ("convert", T0 + 600, T0 + 900),
    ("pause", T0 + 900, T0 + 1000), ("closing", T0 + 1000, T0 + 1200),
]


def load_events():
    source = ReplaySource(FIXTURE)
    # The file's first event is the pre-show viewers sample 20 s before T0; rebase onto itself.
    source.rebase(T0 - 20)
    return source, source.due(10**9)


# ---------------------------------------------------------------- the independent computation
def expected_row(events, module_id, runs):
    """Straightforward loops; the avg integrates between every breakpoint, value looked up by a linear scan."""
    mine = [e for e in events if any(a <= e.ts < b for a, b in runs)]
    entries = sum(e.entered for e in mine if isinstance(e, ViewersEvent))
    onlines = [e.online for e in mine if isinstance(e, ViewersEvent)]
    users = {e.user for e in mine if isinstance(e, (CommentEvent, GiftEvent, FollowEvent))}
    order_ids = {e.order_id for e in mine if isinstance(e, OrderEvent)}
    gmv = sum(e.amount for e in mine if isinstance(e, OrderEvent)) - sum(
        e.amount for e in mine if isinstance(e, RefundEvent))
    samples = sorted(((e.ts, e.online) for e in events if isinstance(e, ViewersEvent)), key=lambda s: s[0])
    area = covered = 0.0
    for a, b in runs:
        points = sorted({a, b} | {t for t, _ in samples if a < t < b})
        for left, right in pairwise(points):
            value = None
            for t, online in samples:
                if t <= left:
                    value = online
            if value is not None:
                area += value * (right - left)
                covered += right - left
    def div(n, d):
        return None if d == 0 else n / d
    # reach (§4.1): who was there when each run began (the last sample stamped before it, by a linear scan;
    # runs here never touch each other) plus who entered during the runs.
    present = 0
    for a, _b in runs:
        before = [(t, online) for t, online in samples if t < a]
        present += before[-1][1] if before else 0
    reach = present + entries
    refunds = len({e.order_id for e in mine if isinstance(e, RefundEvent)})
    return {
        "entries": entries, "peak_online": max(onlines) if onlines else None,
        "avg_online": div(area, covered), "comments": sum(isinstance(e, CommentEvent) for e in mine),
        "likes": sum(e.count for e in mine if isinstance(e, LikeEvent)), "interacting_users": len(users),
        "interaction_rate": div(len(users), reach), "orders": len(order_ids), "gmv": gmv,
        "conversion_rate": div(len(order_ids), reach), "gpm": div(gmv * 1000, reach), "aov": div(gmv, len(order_ids)),
        "actual_s": sum(b - a for a, b in runs), "reach": reach,
        "follows": sum(isinstance(e, FollowEvent) for e in mine),
        "shares": sum(e.count for e in mine if isinstance(e, ShareEvent)),
        "refunds": refunds, "refund_rate": div(refunds, len(order_ids)),
    }


def assert_row_matches(row: KpiRow, expected: dict):
    for name, value in expected.items():
        got = getattr(row, name)
        if value is None:
            assert got is None, name
        else:
            assert got == pytest.approx(value, rel=1e-9, abs=1e-9), name


def test_fixture_rejects_its_bad_lines_with_line_numbers():
    source, events = load_events()
    assert [(r.line, r.error) for r in source.rejected] == [
        (4, "field 'count' must be an integer ≥ 1, got 0"),
        (11, "not valid JSON: Expecting value at column 1"),
        (21, "field 'ts' is missing"),
    ]
    assert len(events) == source.total > 300


def test_module_rows_and_total_match_the_independent_computation():
    _source, events = load_events()
    rows = compute_show_kpis(events, TIMELINE, PLAN)
    assert [r.module_id for r in rows] == ["opening", "explain", "convert", "pause", "closing", "encore", "TOTAL"]
    # The modules that ran, in order; "encore" (planned, never run) and TOTAL follow them.
    for row, (module_id, start, end) in zip(rows[: len(TIMELINE)], TIMELINE, strict=True):
        assert row.module_id == module_id
        assert_row_matches(row, expected_row(events, module_id, [(start, end)]))
    total = rows[-1]
    assert_row_matches(total, expected_row(events, "TOTAL", [(T0, T0 + 1200)]))
    assert total.planned_s == 1220.0 and total.actual_s == 1200.0 and total.over_under_s == -20.0


def test_fixture_features_show_up_as_specified():
    _source, events = load_events()
    rows = {r.module_id: r for r in compute_show_kpis(events, TIMELINE, PLAN)}
    pause = rows["pause"]
    # No viewers sample in the break, no entries: its reach is the audience present when it began (§4.1),
    # so its rates exist (they were empty with entries as the denominator).
    last_before = [e for e in events if isinstance(e, ViewersEvent) and e.ts < T0 + 900][-1]
    assert pause.entries == 0 and pause.peak_online is None and pause.reach == last_before.online > 0
    assert pause.interaction_rate == pause.interacting_users / pause.reach
    assert (pause.conversion_rate, pause.gpm) == (0.0, -498.0 / pause.reach * 1000)
    assert pause.orders == 0 and pause.aov is None and pause.refund_rate is None
    assert pause.avg_online is not None and pause.comments >= 1 and pause.interacting_users >= 1
    assert pause.gmv == -498.0  # the refund counts where it happened
    assert pause.over_under_s == -20.0
    # The duplicated order event: counted once as an order, its amount summed as received.
    convert = rows["convert"]
    assert convert.orders == len({e.order_id for e in events if isinstance(e, OrderEvent)
                                  and T0 + 600 <= e.ts < T0 + 900})
    never = rows["encore"]
    assert (never.actual_s, never.planned_s, never.over_under_s, never.entries, never.avg_online) == (
        0.0, 60.0, -60.0, 0, None)
    # The unknown kind and the event after the show count nowhere.
    assert rows["TOTAL"].comments == sum(isinstance(e, CommentEvent) and T0 <= e.ts < T0 + 1200 for e in events)


def test_stored_attribution_is_used_when_given():
    events = [CommentEvent(T0 + 10, "a", "x"), CommentEvent(T0 + 20, "b", "y")]
    rows = compute_show_kpis(events, [("m1", T0, T0 + 15), ("m2", T0 + 15, T0 + 30)], module_ids=["m2", None])
    assert [(r.module_id, r.comments) for r in rows] == [("m1", 0), ("m2", 1), ("TOTAL", 1)]


def test_change_over_instant_belongs_to_the_module_that_starts():
    timeline = [("a", 0.0, 10.0), ("b", 10.0, 20.0), ("a", 20.0, None)]
    assert [attribute(t, timeline) for t in (0.0, 9.99, 10.0, 19.99, 20.0, 1e9, -1.0)] == [
        "a", "a", "b", "b", "a", "a", None]


def test_a_module_entered_twice_has_one_row_over_both_runs_and_open_runs_end_at_now():
    events = [ViewersEvent(0.0, 100, 10), ViewersEvent(15.0, 300, 5), CommentEvent(25.0, "u", "x")]
    rows = compute_show_kpis(events, [("a", 0.0, 10.0), ("b", 10.0, 20.0), ("a", 20.0, None)], now=30.0)
    a = rows[0]
    assert (a.module_id, a.actual_s, a.entries, a.comments) == ("a", 20.0, 10, 1)
    # reach: nobody before 0, 300 present when it came back at 20 (the sample of 15), + 10 entered
    assert a.reach == 0 + 300 + 10
    assert rows[-1].reach == 0 + 15  # the show is one stretch: the modules touch
    # a: 0–10 at 100, 20–30 at 300 (carried in from 15) → (1000 + 3000) / 20
    assert a.avg_online == 200.0
    with pytest.raises(ValueError):
        compute_show_kpis(events, [("a", 0.0, None)])


@pytest.mark.parametrize(
    ("samples", "intervals", "expected"),
    [
        ([], [(0, 10)], None),
        ([(20.0, 5)], [(0, 10)], None),  # first sample after the interval: nothing known
        ([(5.0, 100)], [(0, 10)], 100.0),  # time before the first sample is not covered
        ([(0.0, 100), (5.0, 200)], [(0, 10)], 150.0),
        ([(-5.0, 100), (5.0, 200)], [(0, 10)], 150.0),  # carried in
        ([(0.0, 100), (5.0, 999), (5.0, 200)], [(0, 10)], 150.0),  # same instant: the later one wins
        ([(0.0, 100), (10.0, 500)], [(0, 10)], 100.0),  # a sample at the end is outside [start, end)
        ([(0.0, 100)], [(0, 10), (20, 30)], 100.0),
        ([(0.0, 100), (15.0, 300)], [(0, 10), (20, 30)], 200.0),
        ([(0.0, 100)], [(5, 5)], None),
    ],
)
def test_time_weighted_online(samples, intervals, expected):
    assert time_weighted_online(samples, intervals) == expected


def test_zero_denominators_are_empty_not_zero():
    row = compute_kpis([CommentEvent(1.0, "u", "x")], [(0.0, 10.0)])
    assert (row.entries, row.interacting_users) == (0, 1)
    assert (row.interaction_rate, row.conversion_rate, row.gpm, row.aov, row.peak_online, row.avg_online) == (
        None, None, None, None, None, None)
    assert row.planned_s is None and row.over_under_s is None


def test_csv_has_exactly_the_contract_columns_and_formats():
    events = [
        ViewersEvent(0.0, 3, 3), CommentEvent(1.0, "u1", "x"), GiftEvent(2.0, "u2", 6.0),
        OrderEvent(3.0, "o1", "A", 1, 100.0), OrderEvent(4.0, "o2", "A", 1, 33.333),
        LikeEvent(5.0, 4), ViewersEvent(5.0, 6, 0),
    ]
    rows = compute_show_kpis(events, [("m1", 0.0, 10.0), ("m2", 10.0, 12.5)],
                             [ModuleInfo("m1", "conversion", "转化, \"引号\"", 9.0),
                              ModuleInfo("m2", "break", "休息", 3.0)])
    out = io.StringIO(newline="")
    write_kpi_csv(rows, out)
    assert out.getvalue().split("\r\n") == [
        ",".join(CSV_COLUMNS),
        'm1,conversion,"转化, ""引号""",9.00,10.00,1.00,3,6,4.50,1,4,2,0.6667,2,133.33,0.6667,44444.33,66.67,'
        '3,0,0,0,0.0000',
        # m2: nobody entered, but 6 were there when it began (reach 6): rates are 0, not empty
        "m2,break,休息,3.00,2.50,-0.50,0,,6.00,0,0,0,0.0000,0,0.00,0.0000,0.00,,6,0,0,0,",
        "TOTAL,,,12.00,12.50,0.50,3,6,4.80,1,4,2,0.6667,2,133.33,0.6667,44444.33,66.67,3,0,0,0,0.0000",
        "",
    ]
    assert CSV_COLUMNS == (
        "module_id", "type", "title", "planned_s", "actual_s", "over_under_s", "entries", "peak_online",
        "avg_online", "comments", "likes", "interacting_users", "interaction_rate", "orders", "gmv",
        "conversion_rate", "gpm", "aov", "reach", "follows", "shares", "refunds", "refund_rate")


def test_unknown_events_never_count():
    events = parse_lines('{"ts": 1, "kind": "order_v2", "order_id": "o", "amount": 5}\n'
                         '{"ts": 2, "kind": "viewerz", "online": 5, "entered": 5}').events
    row = compute_kpis(events, [(0.0, 10.0)])
    assert (row.orders, row.gmv, row.entries, row.avg_online) == (0, 0.0, 0, None)


def test_a_module_rate_with_reach_stays_within_100_percent():
    """The reason for §4.1: 100 were watching when the module began, 2 came in, 40 of them commented."""
    events = [ViewersEvent(5.0, 100, 100), ViewersEvent(12.0, 102, 2)]
    events += [CommentEvent(11.0 + i / 100, f"u{i}", "好") for i in range(40)]
    events += [OrderEvent(13.0, "o1", "A", 1, 50.0), RefundEvent(14.0, "o1", 50.0), OrderEvent(14.5, "o2", "A", 1, 9.0),
               FollowEvent(15.0, "u1"), FollowEvent(15.5, "u1"), ShareEvent(16.0, 3)]
    rows = compute_show_kpis(events, [("warm", 0.0, 10.0), ("talk", 10.0, 20.0)])
    talk = rows[1]
    assert (talk.entries, talk.reach, talk.interacting_users) == (2, 102, 40)
    assert talk.interaction_rate == 40 / 102 <= 1  # with entries as the denominator it was 20 (2,000 %)
    assert talk.conversion_rate == 2 / 102 and talk.gpm == 9.0 / 102 * 1000
    assert (talk.follows, talk.shares, talk.refunds, talk.refund_rate) == (2, 3, 1, 0.5)
    # A sample stamped exactly at the start is not "before" it: the module before's audience counts.
    at_start = compute_show_kpis([ViewersEvent(0.0, 7, 7), ViewersEvent(10.0, 50, 3)],
                                 [("warm", 0.0, 10.0), ("talk", 10.0, 20.0)])
    assert [r.reach for r in at_start] == [7, 7 + 3, 10]
