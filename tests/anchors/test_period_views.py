"""Scorecards, the nine health indicators and PDCA items on a generated year of shows (SQLite and PostgreSQL).

Every figure is checked against sums the generator kept while writing the rows (tests/anchors/year.py),
not against the console's own code.
"""

from __future__ import annotations

import io
import json

import pytest

from console import cli
from console.anchors import summary
from console.anchors.health import status

from .year import DAY, write_year

#: The module's first test writes and summarises the year (a review load per show, ~20 s per database on
#: an idle 2-core machine; several times that on a loaded one), so its budget is wider than the suite's.
pytestmark = pytest.mark.timeout(600)

START = 1_790_000_000.0  # 2026-09-21
NOW = START + 366 * DAY


def _run(argv, db_url):
    out, err = io.StringIO(), io.StringIO()
    code = cli._dispatch(cli.build_parser().parse_args([*argv, "--db", db_url]), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def year(shared_db_url):
    from db.engine import open_database

    engine = open_database(shared_db_url)
    try:
        expected = write_year(engine, start=START)
        summary.ensure_summaries(engine)
    finally:
        engine.dispose()
    return shared_db_url, expected


def _ratio(a, b):
    return None if not b else a / b


def test_health_indicators_match_an_independent_computation(year, monkeypatch):
    db_url, expected = year
    monkeypatch.setattr("time.time", lambda: NOW)
    code, out, err = _run(["health", "--since", "400d", "--json"], db_url)
    assert code == 0, err
    data = json.loads(out)
    live = [e for e in expected if e.kind == "live"]
    hours = sum(e.actual_s for e in live) / 3600
    want = {
        "interaction_depth": _ratio(sum(e.interacting for e in live), sum(e.reach for e in live)),
        "conversion_rate": _ratio(sum(e.orders for e in live), sum(e.reach for e in live)),
        "refund_rate": _ratio(sum(e.refunds for e in live), sum(e.orders for e in live)),
        "gpm": sum(e.gmv for e in live) / sum(e.reach for e in live) * 1000,
        "over_under_s": sum(e.over_under_abs_s for e in live) / (3 * len(live)),
        "incidents_per_hour": sum(e.incidents for e in live) / hours,
        "stream_down_min_per_hour": sum(e.stream_down_s for e in live) / 60 / hours,
        "compliance_hits_per_1k_comments": sum(e.flagged for e in live) / sum(e.comments for e in live) * 1000,
        "drill_response_s": _ratio(sum(sum(e.drill_ack_s) for e in expected),
                                   sum(len(e.drill_ack_s) for e in expected)),
    }
    assert data["shows"] == len(live)
    got = {i["name"]: i for i in data["indicators"]}
    assert list(got) == list(want)
    for name, value in want.items():
        assert got[name]["value"] == pytest.approx(value, rel=1e-9), name
        if got[name]["target"] is not None:
            assert got[name]["status"] == status(value, (got[name]["bound"], got[name]["target"]))
    assert len(got["conversion_rate"]["trend"]) >= 12  # monthly buckets over a year


def test_since_room_and_anchor_narrow_the_period(year, monkeypatch):
    db_url, expected = year
    monkeypatch.setattr("time.time", lambda: NOW)
    code, out, _ = _run(["health", "--since", "30d", "--room", "room-b", "--anchor", "小雅", "--json"], db_url)
    assert code == 0
    picked = [e for e in expected if e.kind == "live" and e.started_at >= NOW - 30 * DAY and e.room == "room-b"
              and e.anchor == "小雅"]
    data = json.loads(out)
    assert data["shows"] == len(picked) > 0
    conversion = next(i for i in data["indicators"] if i["name"] == "conversion_rate")
    assert conversion["value"] == pytest.approx(sum(e.orders for e in picked) / sum(e.reach for e in picked))


def test_scorecards_match_an_independent_computation(year):
    db_url, expected = year
    code, out, err = _run(["anchors", "--json"], db_url)
    assert code == 0, err
    cards = {c["name"]: c for c in json.loads(out)}
    assert set(cards) == {"小雅", "阿杰"}
    for name, card in cards.items():
        mine = [e for e in expected if e.anchor == name]
        live = [e for e in mine if e.kind == "live"]
        rehearsals = [e for e in mine if e.kind != "live"]
        hours = sum(e.actual_s for e in live) / 3600
        assert card["shows"] == len(live)
        assert card["hours"] == pytest.approx(hours)
        assert card["gmv"] == pytest.approx(sum(e.gmv for e in live))
        assert card["gmv_per_hour"] == pytest.approx(sum(e.gmv for e in live) / hours)
        assert card["conversion_rate"] == pytest.approx(sum(e.orders for e in live) / sum(e.reach for e in live))
        assert card["interaction_rate"] == pytest.approx(
            sum(e.interacting for e in live) / sum(e.reach for e in live))
        assert card["rehearsals"] == len(rehearsals)
        assert card["rehearsal_hours"] == pytest.approx(sum(e.actual_s for e in rehearsals) / 3600)
        assert card["drill_response_s"] == pytest.approx(
            sum(sum(e.drill_ack_s) for e in mine) / sum(len(e.drill_ack_s) for e in mine))
        assert card["suggested_tier"] in ("novice", "intermediate", "elite", "top")
        assert card["suggestion_reason"]
        assert len(card["trend"]["conversion_rate"]) == 10


def test_an_anchor_record_sets_tier_and_type_and_refuses_unknown_ones(year):
    db_url, _ = year
    code, out, err = _run(["anchors", "阿杰", "--tier", "精英", "--type", "带货", "--joined", "2026-01-05", "--json"],
                          db_url)
    assert code == 0, err
    (card,) = json.loads(out)
    assert (card["tier"], card["type"], card["joined"]) == ("elite", "selling", "2026-01-05")
    code, _, err = _run(["anchors", "阿杰", "--tier", "superstar"], db_url)
    assert code == 1 and "unknown tier 'superstar'" in err and "\n" == err[-1] and err.count("\n") == 1
    code, _, err = _run(["anchors", "nobody"], db_url)
    assert code == 1 and "no anchor named 'nobody'" in err


def test_action_items_are_met_or_not_by_the_next_show_of_the_room(year, monkeypatch):
    db_url, expected = year
    room_a = [e for e in expected if e.room == "room-a" and e.kind == "live"]
    first, following = room_a[-3], room_a[-2]  # room-b is the next test's
    monkeypatch.setattr("time.time", lambda: first.started_at + first.actual_s + 3600)  # decided after the show
    figure = following.type_figures["opening"]["interaction_rate"]
    code, _, err = _run(["actions", "--add", first.show_id, "--text", "add a question at 1 min", "--kpi",
                         "interaction_rate", "--module-type", "opening", "--min", str(figure - 0.01)], db_url)
    assert code == 0, err
    code, _, err = _run(["actions", "--add", first.show_id, "--text", "close faster", "--kpi", "conversion_rate",
                         "--module-type", "conversion", "--min",
                         str(following.type_figures["conversion"]["conversion_rate"] + 0.5)], db_url)
    assert code == 0, err
    code, out, _ = _run(["actions", "--room", "room-a", "--json"], db_url)
    items = json.loads(out)
    assert [i["outcome"] for i in items] == ["met", "not_met"]
    assert all(i["checked_by_show"] == following.show_id for i in items)
    assert items[0]["value"] == pytest.approx(figure)
    code, out, _ = _run(["review", following.show_id], db_url)  # the next show's review marks them
    assert code == 0
    assert "action items checked by this show:" in out
    assert "  [met] add a question at 1 min (opening interaction_rate ≥" in out
    assert "  [NOT met] close faster (conversion conversion_rate ≥" in out


def test_an_action_item_stays_open_until_a_later_show_and_bad_ones_are_refused(year, monkeypatch):
    db_url, expected = year
    last = [e for e in expected if e.room == "room-b" and e.kind == "live"][-1]
    monkeypatch.setattr("time.time", lambda: last.started_at + last.actual_s + 3600)
    code, _, _ = _run(["actions", "--add", last.show_id, "--text", "x", "--kpi", "gpm", "--min", "1"], db_url)
    assert code == 0
    code, out, _ = _run(["actions", "--room", "room-b", "--json"], db_url)
    assert [i["outcome"] for i in json.loads(out)] == ["open"]
    code, _, err = _run(["actions", "--add", last.show_id, "--text", "x", "--kpi", "happiness", "--min", "1"], db_url)
    assert code == 1 and "unknown KPI 'happiness'" in err


def test_summaries_are_computed_once_and_recomputed_for_a_new_definition(db_engine, db_url, monkeypatch):
    expected = write_year(db_engine, start=START, days=20)
    assert len(summary.missing_summaries(db_engine)) == len(expected)
    assert _run(["anchors", "--json"], db_url)[0] == 0
    assert summary.missing_summaries(db_engine) == []
    monkeypatch.setattr(summary, "SUMMARY_VERSION", summary.SUMMARY_VERSION + 1)
    assert len(summary.missing_summaries(db_engine)) == len(expected)


def test_health_exports_html_and_pdf_and_refuses_other_files(year, tmp_path, monkeypatch):
    db_url, _ = year
    monkeypatch.setattr("time.time", lambda: NOW)
    html = tmp_path / "health.html"
    assert _run(["health", "--since", "90d", "--export", str(html)], db_url)[0] == 0
    text = html.read_text(encoding="utf-8")
    assert "互动深度" in text
    assert text.count("<svg") == 9  # one trend chart per indicator
    table = text[text.index("<table>"):]
    assert table.count("✓ ok") + table.count("! warn") + table.count("✗ bad") == 8  # gpm has no shipped target
    pdf = tmp_path / "health.pdf"
    assert _run(["health", "--export", str(pdf)], db_url)[0] == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"
    code, _, err = _run(["health", "--export", str(tmp_path / "health.csv")], db_url)
    assert code == 2 and ".html or .pdf" in err
    code, _, err = _run(["health", "--since", "yesterday"], db_url)
    assert code == 2 and "expected a duration" in err
