"""How a KPI's target status reads on screen: mark, word, colour, the bound and the room's benchmark.

Shared by the KPI tiles, the live chart bands, the review's KPI table, the
incident panel and the rooms wall, so a status looks the same everywhere:
always a mark (✓ on target, ! near it, ✗ off it) beside the colour, so it reads
without colour too. Figures follow the tiles' formats (ratios in %, money in ¥).
"""

from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtCore import QCoreApplication

from console.targets.model import STATUS_MARKS
from ui.theme import TARGET_STATUS_COLOURS, TEXT_SECONDARY

#: KPIs shown as percentages; money KPIs with ¥ (the rest are counts or seconds).
RATIO_KPIS = frozenset({"interaction_rate", "conversion_rate", "refund_rate"})
MONEY_KPIS = frozenset({"gmv", "gpm", "aov"})
#: Worst first: a band or a row takes the worst of its statuses.
SEVERITY = {"bad": 2, "warn": 1, "ok": 0}


def _t(text: str) -> str:
    return QCoreApplication.translate("Targets", text)


def status_mark(status: str | None) -> str:
    return STATUS_MARKS.get(status or "", "")


def status_word(status: str | None) -> str:
    return {"ok": _t("on target"), "warn": _t("near target"), "bad": _t("off target")}.get(status or "", "")


def status_colour(status: str | None) -> str:
    return TARGET_STATUS_COLOURS.get(status or "", TEXT_SECONDARY)


def worst(statuses: Mapping[str, str | None] | Any) -> str | None:
    found = [s for s in (statuses.values() if isinstance(statuses, Mapping) else statuses) if s]
    return max(found, key=lambda s: SEVERITY[s]) if found else None


def format_kpi(name: str, value: float | None) -> str:
    if value is None:
        return "—"
    if name in RATIO_KPIS:
        return f"{value * 100:.1f}%"
    if name in MONEY_KPIS:
        return f"¥{value:,.0f}" if abs(value) >= 100 else f"¥{value:,.2f}"
    return f"{value:,.0f}"


def bound_text(name: str, bound: Any) -> str:
    """``≥ 25.0%`` / ``≤ 5.0%`` / ``≥ ¥800``."""
    return f"{'≥' if bound.kind == 'min' else '≤'} {format_kpi(name, bound.value)}"


def benchmark_text(name: str, value: Any) -> str:
    """``median 18.0% · top 27.0%`` of the room's last shows; empty without history."""
    if value is None or value.median is None:
        return ""
    return _t("median {median} · top {top}").format(median=format_kpi(name, value.median),
                                                     top=format_kpi(name, value.top_quartile))


def target_line(name: str, value: float | None, bound: Any, status: str | None, benchmark: Any = None) -> str:
    """One line for a tile: ``✓ ≥ 25.0% · median 18.0% · top 27.0%`` (the mark first, readable without colour)."""
    parts = [f"{status_mark(status) or '·'} {bound_text(name, bound)}"]
    bench = benchmark_text(name, benchmark)
    if bench:
        parts.append(bench)
    return " · ".join(parts)


def money(value: float | None) -> str:
    return "—" if value is None else f"¥{value:,.0f}"


def signed(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:+,.{digits}f}"


def impact_text(impact: Any) -> str:
    """The incident's business impact in one line (see console.targets.impact)."""
    if impact is None:
        return ""
    return _t("Impact vs the 5 min before: online {online} · comments/min {comments} · GMV/min {gmv} · "
              "est. loss {loss} over {minutes} min").format(
        online=signed(impact.online_delta), comments=signed(impact.comment_rate_change, 1),
        gmv=signed(impact.gmv_per_min_change), loss=money(impact.estimated_loss),
        minutes=f"{impact.minutes_down:.1f}")


def band_status(session: Any, module: Any, now_ts: float) -> str | None:
    """The worst target status of ``module``'s live row (all its runs so far); None without targets or figures."""
    targets = getattr(session, "targets", None)
    if targets is None:
        return None
    row = session.live.row(module.id, now_ts)
    if row is None:
        return None
    return worst(targets.statuses(row, module.type))
