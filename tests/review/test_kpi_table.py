"""The review's KPI table and CSV against an independent computation of CONTRACTS.md §4 on the fixture."""

from __future__ import annotations

import csv
import io

import pytest

from console.review import kpi_adapter, queries
from console.review.cli import export_review

from .fixtures import UNIX_START

#: The fixture's actual timeline in show seconds (product ran 30 s over).
ACTUAL = {"opening": (0, 60), "product": (60, 210), "interaction": (210, 270), "closing": (270, 300)}
PLANNED = {"opening": 60, "product": 120, "interaction": 60, "closing": 30}
TYPES = {"opening": "opening", "product": "explanation", "interaction": "interaction", "closing": "closing"}


def _module_of(t: float) -> str | None:
    for module_id, (start, end) in ACTUAL.items():
        if start <= t < end:
            return module_id
    return None


def _expected(events, module_id: str | None) -> dict:
    """KPIs written straight from CONTRACTS.md §4 (module None: the whole show)."""
    own = [e for e in events if module_id is None or _module_of(e.ts - UNIX_START) == module_id]
    start, end = ACTUAL[module_id] if module_id else (0, 300)
    viewers = [e for e in own if e.kind == "viewers"]
    entries = sum(e.entered for e in viewers)
    users = {e.user for e in own if e.kind in ("comment", "gift", "follow")}
    orders = len({e.order_id for e in own if e.kind == "order"})
    gmv = sum(e.amount for e in own if e.kind == "order") - sum(e.amount for e in own if e.kind == "refund")
    # avg_online: the online value holds until the next viewers event (events of any module count).
    steps = sorted((e.ts - UNIX_START, e.online) for e in events if e.kind == "viewers")
    area = covered = 0.0
    for index, (t, online) in enumerate(steps):
        until = steps[index + 1][0] if index + 1 < len(steps) else float("inf")
        lo, hi = max(t, start), min(until, end)
        if hi > lo:
            area += online * (hi - lo)
            covered += hi - lo
    planned = PLANNED[module_id] if module_id else sum(PLANNED.values())
    # reach (§4.1): online of the last viewers event stamped before the start (0 if none) + entries.
    before = [online for t, online in steps if t < start]
    reach = (before[-1] if before else 0) + entries
    refunds = len({e.order_id for e in own if e.kind == "refund"})
    return {
        "entries": entries,
        "peak_online": max((e.online for e in viewers), default=None),
        "avg_online": area / covered if covered else None,
        "comments": sum(1 for e in own if e.kind == "comment"),
        "likes": sum(e.count for e in own if e.kind == "like"),
        "interacting_users": len(users),
        "interaction_rate": len(users) / reach if reach else None,
        "orders": orders,
        "gmv": gmv,
        "conversion_rate": orders / reach if reach else None,
        "gpm": gmv / reach * 1000 if reach else None,
        "aov": gmv / orders if orders else None,
        "reach": reach,
        "follows": sum(1 for e in own if e.kind == "follow"),
        "shares": sum(e.count for e in own if e.kind == "share"),
        "refunds": refunds,
        "refund_rate": refunds / orders if orders else None,
        "planned_s": planned,
        "actual_s": end - start,
        "over_under_s": end - start - planned,
    }


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column in ("interaction_rate", "conversion_rate", "refund_rate"):
        return f"{value:.4f}"
    if column in ("gmv", "gpm", "aov", "planned_s", "actual_s", "over_under_s", "avg_online"):
        return f"{value:.2f}"
    return str(value)


def _expected_rows(events) -> list[dict[str, str]]:
    rows = []
    for module_id in ("opening", "product", "interaction", "closing"):
        values = _expected(events, module_id)
        rows.append({"module_id": module_id, "type": TYPES[module_id], **{k: _cell(k, v) for k, v in values.items()}})
    values = _expected(events, None)
    rows.append({"module_id": "TOTAL", "type": "", "title": "", **{k: _cell(k, v) for k, v in values.items()}})
    return rows


def _compare(actual_rows: list[dict[str, str]], expected_rows: list[dict[str, str]]) -> None:
    assert [r["module_id"] for r in actual_rows] == [r["module_id"] for r in expected_rows]
    for actual, expected in zip(actual_rows, expected_rows, strict=True):
        for column, value in expected.items():
            assert actual[column] == value, (actual["module_id"], column)


def test_kpi_table_matches_an_independent_computation(engine, recorded):
    _, live = recorded
    review = queries.load_review(engine, live.show_id)
    rows = kpi_adapter.formatted_rows(review.kpis)
    _compare(rows, _expected_rows(live.events))
    by_id = {r["module_id"]: r for r in rows}
    # The module with no viewers event: no entries, but 120 were watching when it began (the 120 s sample),
    # so its rates exist (§4.1); with no order, aov and refund_rate are empty (not 0).
    interaction = by_id["interaction"]
    assert (interaction["entries"], interaction["reach"], interaction["interaction_rate"],
            interaction["conversion_rate"], interaction["gpm"], interaction["aov"], interaction["refund_rate"]) == (
        "0", "120", "0.0167", "0.0000", "0.00", "", "")
    assert (by_id["product"]["refunds"], by_id["product"]["refund_rate"]) == ("1", "0.2500")
    assert interaction["comments"] == "2"
    # The refund lowers GMV where it happened; the duplicate order event counts one order.
    assert by_id["product"]["gmv"] == "996.00" and by_id["product"]["orders"] == "4"
    assert by_id["product"]["over_under_s"] == "30.00"
    assert by_id["product"]["title"] == "精华液 <b>讲解</b>"


def test_csv_export_is_exactly_section_4(engine, recorded, tmp_path):
    _, live = recorded
    review = queries.load_review(engine, live.show_id)
    path = export_review(engine, review, tmp_path / "kpis.csv")
    raw = path.read_bytes().decode("utf-8")
    reader = list(csv.reader(io.StringIO(raw, newline="")))
    # §4 and §4.1's columns, then a status column per targeted KPI (the shipped targets: no team file here)
    assert reader[0] == list(kpi_adapter.CSV_COLUMNS) + [
        "status_interaction_rate", "status_conversion_rate", "status_refund_rate"]
    rows = [dict(zip(reader[0], r, strict=True)) for r in reader[1:]]
    _compare(rows, _expected_rows(live.events))
    assert rows[-1]["module_id"] == "TOTAL" and len(rows) == 5


def test_kpis_per_module_type_add_up_to_the_same_total(engine, recorded):
    _, live = recorded
    review = queries.load_review(engine, live.show_id)
    by_type = kpi_adapter.formatted_rows(kpi_adapter.by_type(review))
    assert [r["module_id"] for r in by_type] == ["opening", "explanation", "interaction", "closing", "TOTAL"]
    assert by_type[-1] == kpi_adapter.formatted_rows(review.kpis)[-1] | {"module_id": "TOTAL"}
    assert by_type[1]["gmv"] == "996.00"
    assert float(by_type[1]["planned_s"]) == pytest.approx(120)
