"""The review's one door to the shared KPI code (``console.metrics.kpi``).

The live view and the review must agree to the cent, so the review never
computes a KPI itself: this module only turns a loaded show into the shared
code's inputs and its result into the rows the table, the HTML report and the
comparison show. The CSV file is written by the shared ``write_kpi_csv``.

Until the shared module is installed, :func:`compute` returns a
:class:`KpiUnavailable` carrying the reason, and the review shows that reason
instead of a table.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

#: CONTRACTS.md §4, in order.
CSV_COLUMNS = ("module_id", "type", "title", "planned_s", "actual_s", "over_under_s", "entries", "peak_online",
               "avg_online", "comments", "likes", "interacting_users", "interaction_rate", "orders", "gmv",
               "conversion_rate", "gpm", "aov")


@dataclasses.dataclass(frozen=True, slots=True)
class KpiUnavailable:
    reason: str


def _shared() -> Any:
    from console.metrics import kpi  # the shared implementation (issue 5)

    return kpi


def compute(review: Any) -> Any:
    """The KPI table of ``review`` (per module in run order, then TOTAL) from the shared code."""
    try:
        kpi = _shared()
    except ImportError as exc:
        return KpiUnavailable(f"KPIs are not available: the shared KPI code is not installed ({exc})")
    return _compute_with(kpi, review, group_by_type=False)


def by_type(review: Any) -> Any:
    """The same KPIs grouped by module type (for comparing two shows of different scripts)."""
    try:
        kpi = _shared()
    except ImportError as exc:
        return KpiUnavailable(f"KPIs are not available: the shared KPI code is not installed ({exc})")
    return _compute_with(kpi, review, group_by_type=True)


def _compute_with(kpi: Any, review: Any, *, group_by_type: bool) -> Any:
    raise NotImplementedError  # bound to the shared API once it lands


def unavailable_reason(kpis: Any) -> str:
    return kpis.reason if isinstance(kpis, KpiUnavailable) else ""


def formatted_rows(kpis: Any) -> list[dict[str, str]]:
    """Rows of CSV_COLUMNS as the CSV shows them (money 2 decimals, rates 4, empty ratio empty)."""
    if isinstance(kpis, KpiUnavailable) or kpis is None:
        return []
    raise NotImplementedError


def write_csv(kpis: Any, path: str | os.PathLike[str]) -> None:
    if isinstance(kpis, KpiUnavailable):
        raise RuntimeError(kpis.reason)
    raise NotImplementedError
