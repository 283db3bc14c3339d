"""The room's benchmark: median and top quartile of a KPI over its last shows, per scope, cached once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from console.review import kpi_adapter, queries
from console.targets.benchmark import percentile, room_benchmark
from db import schema
from tests.review.fixtures import SMALL_SHOW_EVENTS, UNIX_START, record_small_show


@pytest.mark.parametrize(("values", "fraction", "expected"), [
    ([], 0.5, None), ([3.0], 0.75, 3.0), ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
    ([4.0, 1.0, 3.0, 2.0], 0.75, 3.25), ([1.0, 2.0, 3.0, 4.0], 0.25, 1.75),
])
def test_percentile_interpolates_linearly(values, fraction, expected):
    assert percentile(values, fraction) == expected


def _variant(extra_commenters: int):
    """The small show with ``extra_commenters`` more users commenting in the opening (interaction rate varies)."""
    events = list(SMALL_SHOW_EVENTS)
    events += [{"t": 50, "kind": "comment", "user": f"extra{i}", "text": "好"} for i in range(extra_commenters)]
    return events


def test_benchmark_over_the_rooms_last_live_shows(engine):
    extras = [0, 40, 10, 70]
    for number, extra in enumerate(extras):
        record_small_show(engine, kind="live", show_id=f"show-{number}", unix_start=UNIX_START + number * 86_400,
                          events=_variant(extra))
    record_small_show(engine, kind="rehearsal", show_id="practice", unix_start=UNIX_START + 9 * 86_400,
                      events=_variant(500))  # a rehearsal is not the room's record
    expected_total, expected_opening = [], []
    for number in range(1, 4):  # the last three, newest first; show-0 falls out with shows=3
        review = queries.load_review(engine, f"show-{number}")
        expected_total.append(review.kpis[-1].interaction_rate)
        expected_opening.append(next(r for r in kpi_adapter.by_type(review) if r.module_id == "opening").interaction_rate)
    benchmark = room_benchmark(engine, "", shows=3, exclude=["show-3"])
    assert benchmark.show_ids == ("show-2", "show-1", "show-0")
    benchmark = room_benchmark(engine, "", shows=3)
    assert benchmark.show_ids == ("show-3", "show-2", "show-1")
    total = benchmark.get("interaction_rate")
    assert total.shows == 3
    assert total.median == pytest.approx(sorted(expected_total)[1])
    assert total.top_quartile == pytest.approx(percentile(expected_total, 0.75))
    opening = benchmark.get("interaction_rate", "opening")
    assert opening.median == pytest.approx(sorted(expected_opening)[1])
    # refund_rate: lower is better, its top quartile is the 25th percentile
    lower = room_benchmark(engine, "", shows=3, higher_is_better={"refund_rate": False}).get("refund_rate")
    assert lower.top_quartile <= lower.median
    # Cached: every ended show read once has its rows; a second read gives the same figures.
    with engine.connect() as connection:
        cached = connection.scalar(select(func.count(func.distinct(schema.show_kpi_summaries.c.show_id))))
    assert cached == 4
    assert room_benchmark(engine, "", shows=3).get("interaction_rate") == total
