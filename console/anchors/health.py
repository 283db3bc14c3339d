"""The period health diagnosis (运营健康诊断, CONTRACTS.md §12): nine indicators against targets.

The rates are Σ over Σ across the period's **live** shows; the drill response time is over every show of
the period (drills run in rehearsals). A target is ``(bound, value)``; the status follows CONTRACTS.md §9.1
(``ok`` inside the bound, ``warn`` within ``warn_margin`` of it, else ``bad``; empty without a value or a
target). The shipped targets are the operations plan's where it names one (互动深度 ≥ 25 %, 转化率 12 %,
退货率 ≤ 5 %) and the team's working limits elsewhere; a team changes them in its targets file
(``health:`` section, see docs/anchors-and-health.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable, Mapping, Sequence

from console.anchors import periods
from console.anchors.summary import ShowTotals

INDICATORS = ("interaction_depth", "conversion_rate", "refund_rate", "gpm", "over_under_s", "incidents_per_hour",
              "stream_down_min_per_hour", "compliance_hits_per_1k_comments", "drill_response_s")

#: name → (bound, target). gpm has no plan figure: shown without a status unless the team sets one.
DEFAULT_TARGETS: dict[str, tuple[str, float]] = {
    "interaction_depth": ("min", 0.25),
    "conversion_rate": ("min", 0.12),
    "refund_rate": ("max", 0.05),
    "over_under_s": ("max", 60.0),
    "incidents_per_hour": ("max", 1.0),
    "stream_down_min_per_hour": ("max", 0.5),
    "compliance_hits_per_1k_comments": ("max", 5.0),
    "drill_response_s": ("max", 60.0),
}
DEFAULT_WARN_MARGIN = 0.1


def status(value: float | None, target: tuple[str, float] | None, warn_margin: float = DEFAULT_WARN_MARGIN) -> str:
    """CONTRACTS.md §9.1: ``ok`` / ``warn`` / ``bad``, or ``""`` when the value or the target is empty."""
    if value is None or target is None:
        return ""
    bound, limit = target
    if bound == "min":
        return "ok" if value >= limit else "warn" if value >= limit * (1 - warn_margin) else "bad"
    return "ok" if value <= limit else "warn" if value <= limit * (1 + warn_margin) else "bad"


def _live(shows: Sequence[ShowTotals]) -> list[ShowTotals]:
    return [show for show in shows if show.live]


#: name → how it is computed from the period's shows.
_COMPUTE: dict[str, Callable[[Sequence[ShowTotals]], float | None]] = {
    "interaction_depth": lambda s: periods.interaction_rate(_live(s)),
    "conversion_rate": lambda s: periods.conversion_rate(_live(s)),
    "refund_rate": lambda s: periods.refund_rate(_live(s)),
    "gpm": lambda s: periods.gpm(_live(s)),
    "over_under_s": lambda s: periods.over_under_per_module(_live(s)),
    "incidents_per_hour": lambda s: periods.per_hour(sum(x.incidents for x in _live(s)), _live(s)),
    "stream_down_min_per_hour": lambda s: periods.per_hour(sum(x.stream_down_s for x in _live(s)) / 60, _live(s)),
    "compliance_hits_per_1k_comments": lambda s: (
        None if (r := periods.ratio(sum(x.compliance_hits for x in _live(s)), sum(x.comments for x in _live(s))))
        is None else r * 1000),
    "drill_response_s": periods.drill_response_s,
}


@dataclasses.dataclass(frozen=True, slots=True)
class Indicator:
    name: str
    value: float | None
    target: float | None
    bound: str | None
    status: str
    trend: tuple[tuple[str, float | None], ...]  # (bucket label, value) oldest first

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "target": self.target, "bound": self.bound,
                "status": self.status, "trend": [{"period": label, "value": value} for label, value in self.trend]}


@dataclasses.dataclass(frozen=True, slots=True)
class Diagnosis:
    since: float
    until: float
    shows: int  # live shows in the period
    rehearsals: int
    indicators: tuple[Indicator, ...]

    def as_json(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "shows": self.shows, "rehearsals": self.rehearsals,
                "indicators": [indicator.as_json() for indicator in self.indicators]}


def _bucket_label(ts: float, weekly: bool) -> str:
    day = dt.datetime.fromtimestamp(ts).date()
    if weekly:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def buckets(shows: Sequence[ShowTotals], since: float, until: float) -> list[tuple[str, list[ShowTotals]]]:
    """The period cut into weeks (up to ~4 months) or months, oldest first; empty buckets are kept out."""
    weekly = until - since <= 120 * 86400
    grouped: dict[str, list[ShowTotals]] = {}
    for show in shows:
        grouped.setdefault(_bucket_label(show.started_at, weekly), []).append(show)
    return sorted(grouped.items())


def diagnose(shows: Sequence[ShowTotals], *, since: float, until: float,
             targets: Mapping[str, tuple[str, float]] | None = None,
             warn_margin: float = DEFAULT_WARN_MARGIN) -> Diagnosis:
    chosen = dict(DEFAULT_TARGETS if targets is None else targets)
    grouped = buckets(shows, since, until)
    indicators = []
    for name in INDICATORS:
        value = _COMPUTE[name](shows)
        target = chosen.get(name)
        indicators.append(Indicator(
            name, value, target[1] if target else None, target[0] if target else None,
            status(value, target, warn_margin),
            tuple((label, _COMPUTE[name](members)) for label, members in grouped)))
    return Diagnosis(since, until, sum(1 for s in shows if s.live), sum(1 for s in shows if not s.live),
                     tuple(indicators))
