"""Loading, listing, markers and comparisons on recorded shows."""

from __future__ import annotations

import math

import pytest

from console.review import compare, queries

from .fixtures import UNIX_START


def test_list_shows_and_latest(engine, recorded):
    summaries = queries.list_shows(engine)
    assert [s.id for s in summaries] == ["live-1", "rehearsal-1"]
    live = summaries[0]
    assert (live.gmv, live.incident_count, live.show.kind, live.show.duration_s) == (1245.0, 2, "live", 300.0)
    assert summaries[1].gmv == pytest.approx(1245.0 - 249.0)  # the rehearsal has no duplicate order event
    assert queries.resolve_show_id(engine, "latest") == "live-1"
    assert queries.resolve_show_id(engine, "rehe") == "rehearsal-1"  # a unique prefix
    with pytest.raises(queries.ShowNotFound):
        queries.resolve_show_id(engine, "nope")


def test_loaded_show_has_plan_reality_markers_incidents_and_series(engine, recorded):
    review = queries.load_review(engine, "live-1")
    assert [(t.module.module_id, t.module.planned_s, t.actual_s) for t in review.timings()] == [
        ("opening", 60, 60), ("product", 120, 150), ("interaction", 60, 60), ("closing", 30, 30)]
    scenes = [(m.ts - UNIX_START, m.label) for m in review.markers if m.kind == "scene"]
    assert scenes == [(0, "机位A 全景"), (30, "机位B 特写"), (60, "机位C 产品台"), (210, "机位A 全景"),
                      (270, "机位A 全景")]
    cues = [(m.ts - UNIX_START, m.label) for m in review.markers if m.kind == "cue"]
    assert cues == [(10, "show_text (fired)"), (30, "switch_scene (fired)"), (60, "show_source (fired)"),
                    (150, "note (fired)"), (275, "show_text (fired)")]
    stream_drop = next(m for m in review.markers if m.kind == "incident" and m.ts == UNIX_START + 100)
    assert "acknowledged after 4.5 s" in stream_drop.detail and "OBS refused: <output busy>" in stream_drop.detail
    incident = next(i for i in review.incidents if i.playbook_id == "stream-drop")
    assert (incident.ack_s, incident.resolve_s, len(incident.entries)) == (4.5, 30.0, 6)
    assert [e.ok for e in incident.entries][1:3] == [True, False]
    assert len(review.comments) == 7 and review.comments[1].text == "<script>alert(1)</script>"
    assert review.comments[-1].module_id == "closing"
    assert sorted(review.series) == ["bitrate_kbps", "cpu", "fps", "render_dropped_ratio"]
    assert review.series.loaded("fps") is None  # read lazily
    fps = review.series["fps"]
    assert len(fps) == 300 and fps.values[97] == 24.0
    assert math.isnan(review.series["bitrate_kbps"].values[3])  # a NULL sample stays a gap


def test_rehearsal_against_live_timing_per_module(engine, recorded):
    assert compare.find_counterpart(engine, "live-1") == "rehearsal-1"
    assert compare.find_counterpart(engine, "rehearsal-1") == "live-1"
    comparison = compare.rehearsal_against_live(queries.load_review(engine, "rehearsal-1"),
                                                queries.load_review(engine, "live-1"))
    assert (comparison.left_label, comparison.right_label) == ("rehearsal", "live")
    assert [(r.module_id, r.planned_s, r.left_s, r.right_s, r.difference_s) for r in comparison.rows] == [
        ("opening", 60, 60, 60, 0), ("product", 120, 120, 150, 30), ("interaction", 60, 60, 60, 0),
        ("closing", 30, 30, 30, 0)]


def test_two_shows_side_by_side_per_module_type(engine, recorded):
    rows = compare.compare_by_type(queries.load_review(engine, "rehearsal-1"), queries.load_review(engine, "live-1"))
    assert [r.module_type for r in rows] == ["opening", "explanation", "interaction", "closing", "TOTAL"]
    explanation = rows[1]
    assert (explanation.left["actual_s"], explanation.right["actual_s"]) == ("120.00", "150.00")
    assert explanation.right["gmv"] == "996.00"
    # interaction has no viewers event of its own: its reach is the 120 online (sample at 120 s) when it began
    # (§4.1); the rehearsal's ran 180–240 (one user, the 240 s comment fell in closing), the live one 210–270.
    assert (rows[2].left["reach"], rows[2].right["reach"]) == ("120", "120")
    assert (rows[2].left["interaction_rate"], rows[2].right["interaction_rate"]) == (f"{1 / 120:.4f}", f"{2 / 120:.4f}")
