"""A review loaded for figures only (no comment texts held) gives the same figures as the whole review.

The show's summary at close and the room benchmark load a show this way: a 4-hour soak show
took 2.6 GB loaded whole. Its KPIs, per-type rows, flagged-comment count and the stored summary
must not differ from the full load's by one comment (a streamed result read past SQLAlchemy's
buffer once dropped a row), in batches of any size.
"""

from __future__ import annotations

import pytest

from console.anchors import summary
from console.review import kpi_adapter, queries
from tests.review.fixtures import record_large_show


@pytest.fixture()
def big(engine):
    record_large_show(engine, hours=1.0, series=4, comments=3_000, orders=120, incidents=3, show_id="big")
    return engine


@pytest.mark.parametrize("batch", [7, 1_000, queries.LEAN_BATCH])
def test_the_figures_of_a_lean_load_are_the_full_loads(big, monkeypatch, batch):
    monkeypatch.setattr(queries, "LEAN_BATCH", batch)
    full = queries.load_review(big, "big")
    lean = queries.load_review(big, "big", comment_texts=False)
    assert lean.kpis == full.kpis
    assert kpi_adapter.by_type(lean) == kpi_adapter.by_type(full)
    assert lean.comments.flagged_indexes == full.comments.flagged_indexes and len(full.comments.flagged_indexes) > 100
    assert len(lean.comments) == 0 and len(full.comments) == 3_000  # the lean review holds no comment rows
    assert [(e.ts, e.user) for e in lean.events if e.kind == "comment"] == [
        (e.ts, e.user) for e in full.events if e.kind == "comment"]
    assert [e for e in lean.events if e.kind != "comment"] == [e for e in full.events if e.kind != "comment"]
    assert lean.event_modules == full.event_modules
    detectors = queries.incident_detectors(big, "big")
    assert summary.compute_summary(big, "big") == summary.totals_from_review(full, detectors)


def test_no_wording_flags_nothing_and_reads_no_text(big):
    lean = queries.load_review(big, "big", matcher=queries.NO_WORDING, comment_texts=False)
    assert lean.comments.flagged_indexes == ()
    assert lean.kpis == queries.load_review(big, "big").kpis


def test_a_show_too_big_to_summarise_at_close_is_summarised_by_the_next_period_view(big, monkeypatch):
    monkeypatch.setattr(summary, "SUMMARY_AT_CLOSE_MAX_EVENTS", 100)
    assert summary.summarise_closed_show(big, "big", now=1.0) is False
    assert "big" in summary.missing_summaries(big)
    assert summary.ensure_summaries(big) == 1
    assert summary.missing_summaries(big) == []
    monkeypatch.setattr(summary, "SUMMARY_AT_CLOSE_MAX_EVENTS", 10_000_000)
    assert summary.summarise_closed_show(big, "big", now=2.0) is True
