"""The review's one door to the shared KPI code (``console.metrics.kpi``).

The live view and the review must agree to the cent, so the review never
computes a KPI itself: this module only hands a loaded show to the shared
code (``compute_show_kpis`` for the table, ``compute_kpis`` for a group of
modules) and formats its rows with the shared ``format_value``; the CSV file
is written by the shared ``write_kpi_csv``.

A show whose KPIs cannot be computed is a :class:`KpiUnavailable` carrying
the reason; the review shows that reason instead of a table.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from console.metrics import kpi  # the shared implementation (issue 5)
from console.review.files import atomic_path

#: CONTRACTS.md §4 and §4.1, in order: the shared definition's columns.
CSV_COLUMNS = kpi.CSV_COLUMNS


#: The pre-show row's ``module_id`` in the CSV and JSON (before the modules; TOTAL excludes it).
PRE = "PRE"


@dataclasses.dataclass(frozen=True, slots=True)
class KpiUnavailable:
    reason: str


def _timeline(review: Any) -> list[tuple[str, float, float]]:
    end = review.end
    return [(run.module_id, run.started_at, run.ended_at if run.ended_at is not None else end) for run in review.runs]


def compute(review: Any) -> Any:
    """The KPI rows of ``review`` (modules in run order, never-run modules after, then TOTAL).

    The shared ``compute_show_kpis`` with the stored attribution
    (``audience_events.module_id``) and the actual timeline; a run still open
    (a show that never ended) ends at the show's last sign of life.
    """
    modules = [kpi.ModuleInfo(m.module_id, m.type, m.title, m.planned_s) for m in review.planned]
    rows = kpi.compute_show_kpis(review.events, _timeline(review), modules, module_ids=review.event_modules,
                                 now=review.end)
    pre = pre_show_row(review)
    return [pre, *rows] if pre is not None else rows


def pre_show_row(review: Any) -> Any:
    """The ``PRE`` row (issue 14): the audience before the run-of-show started; None when there was none
    (a show that never started always has it: its whole record is pre-show).

    Its events are those attributed to no module and stamped before the
    start (every event of a show opened but never started); its time runs
    from the opening (``shows.opened_at``, else its first event) to the start.
    TOTAL does not include it (the shared code counts no unattributed event).
    The JSON export's PRE row takes its KPIs from here.
    """
    show = review.show
    boundary = show.started_at if show.started else float("inf")
    belongs = [module_id is None and event.ts < boundary
               for event, module_id in zip(review.events, review.event_modules, strict=True)]
    opened_at = getattr(show, "opened_at", None)
    if not any(belongs) and (show.started or opened_at is None):
        return None  # no warm-up audience (a headless run opens its intake a moment before the start)
    first = min((event.ts for event, member in zip(review.events, belongs, strict=True) if member), default=None)
    start = opened_at if opened_at is not None else first
    end = show.started_at if show.started else review.end
    if start is None:
        start = end
    return kpi.compute_kpis(review.events, [(min(start, end), end)], belongs=belongs, module_id=PRE,
                            title="pre-show", planned_s=None)


def by_type(review: Any) -> Any:
    """The same KPIs per module type (rows named by type, then TOTAL), for comparing two shows.

    Each type's row is the shared ``compute_kpis`` over the runs of that
    type's modules and the events attributed to them.
    """
    type_of = {m.module_id: m.type for m in review.planned}
    timeline = _timeline(review)
    events = list(review.events)
    samples = kpi.viewers_samples(events)
    types: list[str] = []
    for module_id, _start, _end in timeline:
        module_type = type_of.get(module_id, "")
        if module_type not in types:
            types.append(module_type)
    types += [m.type for m in review.planned if m.type not in types]
    rows = []
    for module_type in types:
        intervals = [(start, end) for module_id, start, end in timeline if type_of.get(module_id, "") == module_type]
        belongs = [module_id is not None and type_of.get(module_id, "") == module_type
                   for module_id in review.event_modules]
        planned = sum(m.planned_s for m in review.planned if m.type == module_type)
        rows.append(kpi.compute_kpis(events, intervals, belongs=belongs, module_id=module_type, type=module_type,
                                     title="", planned_s=planned, samples=samples))
    rows.append(kpi.compute_kpis(events, [(start, end) for _, start, end in timeline],
                                 belongs=[m is not None for m in review.event_modules], module_id=kpi.TOTAL,
                                 planned_s=sum(m.planned_s for m in review.planned) if review.planned else None,
                                 samples=samples))
    return rows


def unavailable_reason(kpis: Any) -> str:
    return kpis.reason if isinstance(kpis, KpiUnavailable) else ""


def formatted_rows(kpis: Any) -> list[dict[str, str]]:
    """Rows of CSV_COLUMNS exactly as the CSV writes them (the shared ``format_value``)."""
    if isinstance(kpis, KpiUnavailable) or kpis is None:
        return []
    format_value = kpi.format_value
    return [{column: format_value(column, getattr(row, column)) for column in CSV_COLUMNS} for row in kpis]


def write_csv(kpis: Any, path: str | os.PathLike[str], targets: Any = None) -> Path:
    """Write the CSV with the shared writer, atomically (a failed export leaves no half file).

    ``targets`` (console.targets.model.Targets) adds the ``status_<kpi>`` columns (§4.1).
    """
    if isinstance(kpis, KpiUnavailable):
        raise RuntimeError(kpis.reason)
    target = Path(path)
    statuses, targeted = None, ()
    if targets is not None:
        from console.targets.recorded import statuses_by_row

        statuses, targeted = statuses_by_row(targets, kpis), targets.kpi_names()
    with atomic_path(target) as temp, open(temp, "w", encoding="utf-8", newline="") as stream:
        kpi.write_kpi_csv(kpis, stream, statuses, targeted)
    return target
