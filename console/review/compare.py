"""Comparisons: a rehearsal against the live show of the same script, and any two shows.

Pure functions over loaded :class:`~console.review.records.ShowReview`
objects (plus one query to find the rehearsal of a show's script).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from sqlalchemy import Engine, select

from console.review import kpi_adapter
from console.review.records import ShowReview
from db import schema


@dataclasses.dataclass(frozen=True, slots=True)
class TimingRow:
    module_id: str
    title: str
    planned_s: float | None
    left_s: float | None  # None: the module is not in that show's plan
    right_s: float | None

    @property
    def difference_s(self) -> float | None:
        """right − left (live − rehearsal): positive when the live show ran longer."""
        if self.left_s is None or self.right_s is None:
            return None
        return self.right_s - self.left_s


@dataclasses.dataclass(frozen=True, slots=True)
class TimingComparison:
    left_label: str
    right_label: str
    rows: tuple[TimingRow, ...]


def compare_timing(left: ShowReview, right: ShowReview, *, left_label: str | None = None,
                   right_label: str | None = None) -> TimingComparison:
    """Per module (the right show's plan order, then modules only the left has): planned / left / right seconds."""
    left_actual = {t.module.module_id: t.actual_s for t in left.timings()}
    right_timings = right.timings()
    right_actual = {t.module.module_id: t.actual_s for t in right_timings}
    planned = {m.module_id: m for m in left.planned}
    planned.update({m.module_id: m for m in right.planned})
    order = [t.module.module_id for t in right_timings]
    order += [m.module_id for m in left.planned if m.module_id not in right_actual]
    rows = tuple(TimingRow(module_id, planned[module_id].title, planned[module_id].planned_s,
                           left_actual.get(module_id), right_actual.get(module_id)) for module_id in order)
    return TimingComparison(left_label or left.show.kind, right_label or right.show.kind, rows)


def find_counterpart(engine: Engine, show_id: str) -> str | None:
    """For a live show, its latest rehearsal of the same script; for a rehearsal, the latest live show of it.

    "Same script" is the same ``script_sha256`` (the YAML as run); when the
    text was edited between rehearsal and show, the same title is accepted.
    """
    shows = schema.shows
    with engine.connect() as connection:
        row = connection.execute(select(shows.c.kind, shows.c.script_sha256, shows.c.title)
                                 .where(shows.c.id == show_id)).first()
        if row is None:
            return None
        wanted_kind = "rehearsal" if row.kind == "live" else "live"
        base = select(shows.c.id).where(shows.c.kind == wanted_kind, shows.c.id != show_id)
        if row.script_sha256:
            found = connection.scalar(base.where(shows.c.script_sha256 == row.script_sha256)
                                      .order_by(shows.c.started_at.desc()).limit(1))
            if found is not None:
                return found
        return connection.scalar(base.where(shows.c.title == row.title).order_by(shows.c.started_at.desc()).limit(1))


def rehearsal_against_live(rehearsal: ShowReview, live: ShowReview) -> TimingComparison:
    return compare_timing(rehearsal, live, left_label="rehearsal", right_label="live")


@dataclasses.dataclass(frozen=True, slots=True)
class TypeComparisonRow:
    module_type: str
    left: dict[str, str] | None  # formatted KPI columns (CONTRACTS.md §4) for that type, None if absent
    right: dict[str, str] | None


def compare_by_type(left: ShowReview, right: ShowReview) -> list[TypeComparisonRow]:
    """Two shows side by side, KPIs per module type (types in the canonical order, then others, then TOTAL)."""
    left_rows = {row["module_id"]: row for row in kpi_adapter.formatted_rows(kpi_adapter.by_type(left))}
    right_rows = {row["module_id"]: row for row in kpi_adapter.formatted_rows(kpi_adapter.by_type(right))}
    from console.show.model import MODULE_TYPES

    keys: list[str] = [t for t in MODULE_TYPES if t in left_rows or t in right_rows]
    keys += sorted(k for k in set(left_rows) | set(right_rows) if k not in keys and k != "TOTAL")
    keys.append("TOTAL")
    return [TypeComparisonRow(key, left_rows.get(key), right_rows.get(key)) for key in keys]


def type_comparison_columns() -> Sequence[str]:
    """The KPI columns shown per type (module id and title make no sense for a group)."""
    return [c for c in kpi_adapter.CSV_COLUMNS if c not in ("module_id", "type", "title")]


def describe(review: ShowReview) -> dict[str, Any]:
    return {"id": review.show.id, "title": review.show.title, "kind": review.show.kind}
