"""Incident impact against its formula; the JSON review (§9.3) and the CSV's status columns on a recorded show."""

from __future__ import annotations

import csv
import json

import pytest

from console.audience.events import CommentEvent, OrderEvent, RefundEvent, ViewersEvent
from console.cli import main
from console.review import queries
from console.targets.impact import BEFORE_S, ImpactTracker
from console.targets.recorded import targets_for_show
from tests.review.fixtures import UNIX_START


def test_loss_is_gmv_per_minute_before_times_minutes_down():
    t0 = 10_000.0
    events = [ViewersEvent(t0 - 400, 1000, 1000), ViewersEvent(t0 - 60, 800, 0), ViewersEvent(t0 + 30, 200, 0)]
    events += [OrderEvent(t0 - 200 + i, f"o{i}", "A", 1, 100.0) for i in range(6)]  # ¥600 in the 5 minutes before
    events += [OrderEvent(t0 - 350, "early", "A", 1, 5000.0)]  # before the window: not counted
    events += [RefundEvent(t0 - 10, "o0", 100.0)]  # a refund lowers the pace (GMV = orders − refunds)
    events += [CommentEvent(t0 - 100 + i, f"u{i}", "好") for i in range(30)] + [CommentEvent(t0 + 5, "x", "?")]
    events += [OrderEvent(t0 + 60, "during", "A", 1, 50.0)]
    tracker = ImpactTracker.from_events(events, show_start=t0 - 1000)
    impact = tracker.impact(t0, t0 + 150)  # 2.5 minutes down
    gmv_per_min_before = (600 - 100) / (BEFORE_S / 60)
    assert impact.gmv_per_min_before == pytest.approx(gmv_per_min_before)
    assert impact.minutes_down == 2.5
    assert impact.estimated_loss == pytest.approx(gmv_per_min_before * 2.5)
    assert impact.gmv_per_min_during == pytest.approx(50 / 2.5)
    assert impact.comments_per_min_before == pytest.approx(30 / 5) and impact.comments_per_min_during == 1 / 2.5
    # online: 1000 held for 240 s, then 800 for 60 s before; during: 800 for 30 s then 200 for 120 s
    before = (1000 * 240 + 800 * 60) / 300
    during = (800 * 30 + 200 * 120) / 150
    assert impact.online_before == pytest.approx(before) and impact.online_delta == pytest.approx(during - before)


def test_the_window_before_is_cut_at_the_show_start():
    events = [OrderEvent(100.0, "o", "A", 1, 120.0)]
    impact = ImpactTracker.from_events(events, show_start=0.0).impact(120.0, 180.0)  # 2 minutes of show before
    assert impact.gmv_per_min_before == pytest.approx(60.0) and impact.estimated_loss == pytest.approx(60.0)
    nothing = ImpactTracker.from_events([], show_start=50.0).impact(50.0, 60.0)  # opened at the very start
    assert (nothing.gmv_per_min_before, nothing.estimated_loss, nothing.online_delta) == (None, None, None)


def _gmv_per_min(events, start, end):
    money = sum(e.amount for e in events if e.kind == "order" and start <= e.ts < end)
    money -= sum(e.amount for e in events if e.kind == "refund" and start <= e.ts < end)
    return money / ((end - start) / 60)


def test_json_review_has_runs_totals_statuses_and_incident_impact(engine, live_show, tmp_path):
    path = tmp_path / "review.json"
    assert main(["--db", str(engine.url), "review", "live-1", "--export", str(path)]) == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"show", "modules", "total", "adjustments", "incidents", "products"}
    from console.commerce.review import product_rows

    assert data["adjustments"] == []  # no rule in this show
    assert data["products"] == json.loads(json.dumps(product_rows(engine, "live-1")))  # console.commerce's rows
    assert data["show"]["id"] == "live-1" and data["show"]["rehearsal"] is False
    assert [m["module_id"] for m in data["modules"]] == ["opening", "product", "interaction", "closing"]
    review = queries.load_review(engine, "live-1")
    rows = {row.module_id: row for row in review.kpis}
    for module in data["modules"]:  # each module ran once: its run's KPIs are its review row's
        row = rows[module["module_id"]]
        for name in ("reach", "entries", "interaction_rate", "conversion_rate", "gmv", "orders", "refunds"):
            assert module[name] == pytest.approx(getattr(row, name)) if getattr(row, name) is not None \
                else module[name] is None, (module["module_id"], name)
    interaction = data["modules"][2]
    # 2 users / reach 120 = 0.0167 < 0.25 × 0.9: bad; no order: conversion 0 (bad), refund rate empty (null)
    assert interaction["status"] == {"interaction_rate": "bad", "conversion_rate": "bad", "refund_rate": None}
    product = data["modules"][1]
    assert product["refund_rate"] == 0.25 and product["status"]["refund_rate"] == "bad"
    assert data["total"]["gmv"] == pytest.approx(rows["TOTAL"].gmv) and "status" in data["total"]
    drop = next(i for i in data["incidents"] if i["playbook_id"] == "stream-drop")
    assert (drop["detector"], drop["opened_at"], drop["resolved_at"]) == (
        "stream_down", UNIX_START + 100, UNIX_START + 130)
    expected = _gmv_per_min(live_show.events, UNIX_START, UNIX_START + 100)  # cut at the show's start
    assert drop["impact"]["gmv_per_min_before"] == pytest.approx(expected)
    assert drop["impact"]["estimated_loss"] == pytest.approx(expected * 0.5)
    assert data["benchmark"]["shows"] == []  # the room's only live show is this one: no history yet
    unresolved = next(i for i in data["incidents"] if i["playbook_id"] == "banned-word")
    assert unresolved["resolved_at"] is None and unresolved["impact"]["minutes_down"] > 0
    from console.review.report_format import money
    from tests.review.html_tables import section_rows

    report = tmp_path / "review.html"  # the operations team's report shows the same impact per incident
    assert main(["--db", str(engine.url), "review", "live-1", "--export", str(report), "--language", "en"]) == 0
    header, *rows = section_rows(report.read_text(encoding="utf-8"), "Incidents")
    assert header[-1] == "Online change · est. loss"
    [drop_row] = [row for row in rows if row[2] == drop["title"]]
    assert drop_row[-1].endswith(" · " + money(drop["impact"]["estimated_loss"]))


def test_csv_gains_a_status_column_per_targeted_kpi(engine, live_show, tmp_path):
    targets_file = tmp_path / "t.yaml"
    targets_file.write_text("targets:\n  gpm: {min: 1000}\n  interaction_rate: {min: 0.01}\n", encoding="utf-8")
    path = tmp_path / "review.csv"
    assert main(["--db", str(engine.url), "review", "live-1", "--export", str(path),
                 "--targets", str(targets_file)]) == 0
    with open(path, encoding="utf-8", newline="") as stream:
        reader = list(csv.DictReader(stream))
    header = list(reader[0])
    assert header[-4:] == ["status_interaction_rate", "status_conversion_rate", "status_refund_rate", "status_gpm"]
    assert header[-9:-4] == ["reach", "follows", "shares", "refunds", "refund_rate"]
    by_id = {row["module_id"]: row for row in reader}
    assert by_id["interaction"]["status_interaction_rate"] == "ok"  # 0.0167 ≥ the file's 0.01
    assert by_id["interaction"]["status_refund_rate"] == ""  # no order: empty value, empty status
    targets = targets_for_show(engine, "live-1", targets_file=targets_file)
    gpm = float(by_id["TOTAL"]["gpm"])
    assert by_id["TOTAL"]["status_gpm"] == targets.show["gpm"].status(gpm, targets.warn_margin)


def test_a_bad_targets_file_fails_the_review_with_its_position(engine, live_show, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("targets:\n  gpm: {minimum: 1}\n", encoding="utf-8")
    assert main(["--db", str(engine.url), "review", "live-1", "--targets", str(bad)]) == 1
    assert f"{bad}:2:9: error: unknown field 'minimum'" in capsys.readouterr().err
