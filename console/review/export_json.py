"""``liveroom review ID --export FILE.json`` (CONTRACTS.md §9.3): the machine-readable review.

One object: ``show``, ``modules`` (the actual timeline in run order — a module
run twice appears twice — each run with every §4/§4.1 KPI and its target
statuses), ``total``, ``adjustments``, ``incidents`` (with their business
impact, console.targets.impact), ``products``; plus ``targets`` (the bounds
that applied) as an extension. Times are Unix seconds; a KPI with an empty
value is ``null``, and so is the status of a targeted KPI whose value is empty.

Sections other parts own: :data:`SECTIONS` maps a key to a function
``(engine, review) -> list`` (``adjustments``: console.rules.review;
``products``: console.commerce.review).
:data:`PRE_ROW` may hold a function ``(engine, review) -> KpiRow | None`` for
the pre-show row (sources part), written first in ``modules`` with
``module_id`` ``PRE``.

Attribution per run: an event counts in the run of its *stored* module
(``audience_events.module_id``) that began last at or before its stamp (the
first run of that module when it is stamped before all of them), so the runs
of a module add up to the module's review row.
"""

from __future__ import annotations

import bisect
import json
import os
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import Engine, select

from console.metrics import kpi
from console.review.files import atomic_path
from console.targets.impact import ImpactTracker
from console.targets.model import Targets
from console.targets.recorded import row_statuses
from db import schema

Section = Callable[[Any, Any], list]


def _adjustments(engine: Any, review: Any) -> list:
    """The rules' proposals and actions with their outcome (console.rules.review)."""
    from console.rules.review import adjustment_rows

    return adjustment_rows(engine, review.show.id) if engine is not None else []


def _products(engine: Any, review: Any) -> list:
    """Per product: orders, quantity, GMV, refunds, explain time, stock (console.commerce.review)."""
    from console.commerce.review import product_rows

    return product_rows(engine, review.show.id) if engine is not None else []


def _pre_show_row(_engine: Any, review: Any) -> Any:
    """The audience before the start (issue 14), the CSV's PRE row (console.review.kpi_adapter)."""
    from console.review.kpi_adapter import pre_show_row

    return pre_show_row(review)


#: Sections filled by other parts: key → ``(engine, review) -> list``.
SECTIONS: dict[str, Section] = {"adjustments": _adjustments, "products": _products}
#: The pre-show row's provider: ``(engine, review) -> KpiRow | None``.
PRE_ROW: list[Callable[[Any, Any], Any]] = [_pre_show_row]


def _number(value: Any) -> Any:
    """JSON has no NaN/Infinity: those become null (a KPI never is one, but be strict at the edge)."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    return value


def _kpis(row: kpi.KpiRow) -> dict[str, Any]:
    return {name: _number(getattr(row, name)) for name in kpi.KPI_NAMES}


def run_rows(review: Any) -> list[tuple[Any, kpi.KpiRow]]:
    """(run, KPI row of that run alone) for every run of the actual timeline, in run order."""
    plan = {m.module_id: m for m in review.planned}
    end = review.end
    runs = list(review.runs)
    starts_by_module: dict[str, list[tuple[float, int]]] = {}
    for index, run in enumerate(runs):
        starts_by_module.setdefault(run.module_id, []).append((run.started_at, index))
    members: list[list[Any]] = [[] for _ in runs]
    for event, module_id in zip(review.events, review.event_modules, strict=True):
        starts = starts_by_module.get(module_id) if module_id is not None else None
        if not starts:
            continue
        position = bisect.bisect_right(starts, (event.ts, len(runs))) - 1
        members[starts[max(position, 0)][1]].append(event)
    samples = kpi.viewers_samples(review.events)
    result = []
    for index, run in enumerate(runs):
        info = plan.get(run.module_id)
        run_end = run.ended_at if run.ended_at is not None else end
        own = members[index]
        row = kpi.compute_kpis(own, [(run.started_at, run_end)], belongs=[True] * len(own), module_id=run.module_id,
                               type=info.type if info else "", title=info.title if info else "",
                               planned_s=info.planned_s if info else None, samples=samples)
        result.append((run, row))
    return result


def incident_details(engine: Engine | None, show_id: str) -> dict[str, dict[str, Any]]:
    """incident id → its recorded ``detail`` (the detector's name is there)."""
    if engine is None:
        return {}
    with engine.connect() as connection:
        rows = connection.execute(select(schema.incidents.c.id, schema.incidents.c.detail)
                                  .where(schema.incidents.c.show_id == show_id)).all()
    details = {}
    for incident_id, detail in rows:
        if isinstance(detail, str):
            detail = json.loads(detail)
        details[incident_id] = detail or {}
    return details


def incident_rows(engine: Engine | None, review: Any, tracker: ImpactTracker | None = None) -> list[dict[str, Any]]:
    """The §9.3 ``incidents`` rows with their impact (an incident never resolved ends with the show)."""
    tracker = tracker or ImpactTracker.from_events(review.events, review.start)
    details = incident_details(engine, review.show.id)
    rows = []
    for incident in review.incidents:
        ended = incident.resolved_at if incident.resolved_at is not None else review.end
        impact = tracker.impact(incident.opened_at, ended)
        rows.append({
            "playbook_id": incident.playbook_id,
            "detector": details.get(incident.id, {}).get("detector"),
            "severity": incident.severity, "opened_at": incident.opened_at, "resolved_at": incident.resolved_at,
            "module_id": incident.module_id, "drill": incident.drill, "title": incident.title,
            "impact": {key: _number(value) for key, value in impact.as_json().items()},
        })
    return rows


def _row_object(row: kpi.KpiRow, targets: Targets) -> dict[str, Any]:
    return {**_kpis(row), "status": row_statuses(targets, row)}


def review_object(engine: Engine | None, review: Any, targets: Targets) -> dict[str, Any]:
    """The §9.3 object for ``review`` (a console.review.records.ShowReview) under ``targets``."""
    show = review.show
    total = next((row for row in (review.kpis or []) if getattr(row, "module_id", None) == kpi.TOTAL), None)
    if total is None:  # KPIs unavailable: compute the total the shared way
        total = kpi.compute_show_kpis(review.events, [(r.module_id, r.started_at, r.ended_at) for r in review.runs],
                                      module_ids=review.event_modules, now=review.end)[-1]
    modules = []
    for provider in PRE_ROW:
        pre = provider(engine, review)
        if pre is not None:
            modules.append({"module_id": "PRE", "type": "", "title": "", "started_at": None,
                            "ended_at": show.started_at, **_row_object(pre, targets)})
    for run, row in run_rows(review):
        modules.append({"module_id": run.module_id, "type": row.type, "title": row.title,
                        "started_at": run.started_at, "ended_at": run.ended_at, **_row_object(row, targets)})
    return {
        "show": {"id": show.id, "title": show.title, "anchor": show.anchor, "room": show.room,
                 "started_at": show.started_at, "ended_at": show.ended_at, "status": show.status,
                 "rehearsal": show.kind == "rehearsal"},
        "modules": modules,
        "total": _row_object(total, targets),
        "adjustments": SECTIONS["adjustments"](engine, review),
        "incidents": incident_rows(engine, review),
        "products": SECTIONS["products"](engine, review),
        "targets": targets_object(targets),
        "benchmark": _benchmark(engine, review, targets),
    }


def _benchmark(engine: Engine | None, review: Any, targets: Targets) -> dict[str, Any] | None:
    """The room's median and top quartile of each targeted KPI over its last shows (this one left out)."""
    if engine is None:
        return None
    from console.targets.benchmark import benchmark_object, room_benchmark

    better = {name: bound.higher_is_better for name, bound in targets.show.items()}
    for bounds in targets.by_module_type.values():
        better.update({name: bound.higher_is_better for name, bound in bounds.items()})
    benchmark = room_benchmark(engine, review.show.room, exclude=[review.show.id], higher_is_better=better)
    scopes = [kpi.TOTAL] + sorted({m.type for m in review.planned})
    return benchmark_object(benchmark, targets.kpi_names(), scopes)


def targets_object(targets: Targets) -> dict[str, Any]:
    def bounds(mapping: Any) -> dict[str, Any]:
        return {name: {bound.kind: bound.value} for name, bound in mapping.items()}
    return {"targets": bounds(targets.show),
            "by_module_type": {kind: bounds(b) for kind, b in targets.by_module_type.items()},
            "warn_margin": targets.warn_margin, "sources": list(targets.sources)}


def write_json(engine: Engine | None, review: Any, path: str | os.PathLike[str], targets: Targets) -> Path:
    """Write the §9.3 object atomically (UTF-8, Chinese kept readable)."""
    target = Path(path)
    data = review_object(engine, review, targets)
    with atomic_path(target) as temp, open(temp, "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, indent=2, allow_nan=False)
        stream.write("\n")
    return target
