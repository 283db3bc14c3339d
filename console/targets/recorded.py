"""Targets and statuses for a recorded show (the review, its CSV and JSON, the benchmark).

A recorded show keeps the script it ran (``shows.script_text``), so its
``targets:`` block applies in the review as it did live; the team file and
``--targets FILE`` layer on as in :func:`console.targets.loader.resolve_targets`.
"""

from __future__ import annotations

import dataclasses
import types
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy import Engine, select

from console.metrics.kpi import TOTAL, KpiRow
from console.targets.loader import resolve_targets
from console.targets.model import Status, Targets
from db import schema


def script_text(engine: Engine, show_id: str) -> tuple[str, str]:
    """(the YAML the show ran, its path) as recorded; empty text when none was kept."""
    with engine.connect() as connection:
        row = connection.execute(select(schema.shows.c.script_text, schema.shows.c.script_path)
                                 .where(schema.shows.c.id == show_id)).first()
    if row is None:
        return "", ""
    return row.script_text or "", row.script_path or "<recorded script>"


def targets_for_show(engine: Engine | None, show_id: str, *, targets_file: str | Path | None = None,
                     team: Path | None = None) -> Targets:
    """The targets that apply to a recorded show (raises TargetsError with FILE:LINE:COL on a bad layer)."""
    script = None
    if engine is not None:
        text, path = script_text(engine, show_id)
        if text:
            script = types.SimpleNamespace(source_text=text, file=path)
    return resolve_targets(script=script, targets_file=targets_file, team=team)


def row_statuses(targets: Targets, row: KpiRow | Any) -> dict[str, Status | None]:
    """The status of each KPI targeted for ``row``: TOTAL (and PRE) against the show's bounds, a module by its type."""
    module_type = None if row.module_id in (TOTAL, "PRE") else (row.type or None)
    return targets.statuses(row, module_type)


def status_columns(targets: Targets) -> tuple[str, ...]:
    """``status_<kpi>`` for every targeted KPI (CONTRACTS §4.1), in the targets' order."""
    return tuple(f"status_{name}" for name in targets.kpi_names())


def statuses_by_row(targets: Targets, rows: Sequence[KpiRow]) -> list[dict[str, Status | None]]:
    return [row_statuses(targets, row) for row in rows]


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewTargets:
    """What the review window shows of targets for a loaded show (computed on its worker)."""

    targets: Targets | None
    statuses: tuple[dict[str, Status | None], ...]  # parallel to the review's KPI rows
    impacts: dict[str, Any]  # incident id → console.targets.impact.IncidentImpact
    problem: str = ""  # why there are no targets (a layer did not load: its FILE:LINE:COL)


def review_targets(engine: Engine | None, review: Any, targets_file: str | Path | None = None) -> ReviewTargets:
    """Targets, row statuses and incident impacts of a loaded review; never raises for a bad targets file."""
    from console.targets.impact import ImpactTracker
    from console.targets.loader import TargetsError

    tracker = ImpactTracker.from_events(review.events, review.start)
    impacts = {incident.id: tracker.impact(incident.opened_at, incident.resolved_at
                                           if incident.resolved_at is not None else review.end)
               for incident in review.incidents}
    try:
        targets = targets_for_show(engine, review.show.id, targets_file=targets_file)
    except TargetsError as exc:
        return ReviewTargets(None, (), impacts, str(exc).splitlines()[0])
    rows = review.kpis if isinstance(review.kpis, list) else []
    return ReviewTargets(targets, tuple(statuses_by_row(targets, rows)), impacts)
