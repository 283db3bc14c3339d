"""An anchor's scorecard over their shows, with trends and a rule-based tier suggestion.

The tier rules are the plan's capability ladder (新手 → 进阶 → 精英 → 头部) made measurable; each rung
needs a number of live shows and the plan's interaction and conversion figures at a rising share of the
targets, plus a GMV per hour. A suggestion always says which rule decided it, so a team can argue with
it; it never changes the recorded tier by itself.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from console.anchors import periods
from console.anchors.registry import TIERS, Anchor
from console.anchors.summary import ShowTotals, parts_of

#: How many of the latest live shows the trends show.
TREND_SHOWS = 10


@dataclasses.dataclass(frozen=True, slots=True)
class TierRule:
    tier: str
    min_shows: int
    interaction_rate: float
    conversion_rate: float
    gmv_per_hour: float
    over_under_s: float  # mean |actual − planned| per module at most


#: Highest rung first; the first one an anchor meets is the suggestion.
TIER_RULES = (
    TierRule("top", 30, 0.25, 0.12, 50_000, 60),
    TierRule("elite", 15, 0.25, 0.08, 10_000, 90),
    TierRule("intermediate", 5, 0.15, 0.05, 1_000, 180),
)


@dataclasses.dataclass(frozen=True, slots=True)
class Scorecard:
    name: str
    tier: str | None
    type: str | None
    joined: str | None
    shows: int
    hours: float
    gmv: float
    gmv_per_hour: float | None
    conversion_rate: float | None
    interaction_rate: float | None
    refund_rate: float | None
    over_under_s: float | None
    compliance_hits_per_hour: float | None
    incident_response_s: float | None
    drill_response_s: float | None
    drills: int
    rehearsals: int
    rehearsal_hours: float
    suggested_tier: str
    suggestion_reason: str
    trend: dict[str, list[float | None]]

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _trend(live: Sequence[ShowTotals]) -> dict[str, list[float | None]]:
    latest = list(live)[-TREND_SHOWS:]
    return {
        "started_at": [s.started_at for s in latest],
        "gmv_per_hour": [periods.ratio(s.gmv, s.actual_s / 3600) for s in latest],
        "conversion_rate": [periods.ratio(s.orders, s.reach) for s in latest],
        "interaction_rate": [periods.ratio(s.interacting_users, s.reach) for s in latest],
        "over_under_s": [periods.ratio(s.over_under_abs_s, s.module_runs) for s in latest],
    }


def suggest_tier(shows: int, interaction: float | None, conversion: float | None, gmv_per_hour: float | None,
                 over_under: float | None) -> tuple[str, str]:
    """(tier, reason): the highest rung whose every condition holds, else the first unmet condition."""
    reasons = []
    for rule in TIER_RULES:
        unmet = []
        if shows < rule.min_shows:
            unmet.append(f"{shows} live shows < {rule.min_shows}")
        if interaction is None or interaction < rule.interaction_rate:
            unmet.append(f"interaction {_pct(interaction)} < {_pct(rule.interaction_rate)}")
        if conversion is None or conversion < rule.conversion_rate:
            unmet.append(f"conversion {_pct(conversion)} < {_pct(rule.conversion_rate)}")
        if gmv_per_hour is None or gmv_per_hour < rule.gmv_per_hour:
            unmet.append(f"GMV/h {_money(gmv_per_hour)} < {_money(rule.gmv_per_hour)}")
        if over_under is None or over_under > rule.over_under_s:
            unmet.append(f"over/under {_secs(over_under)} per module > {rule.over_under_s:.0f} s")
        if not unmet:
            # The reason names the rung just above, if any, and what it still lacks.
            return rule.tier, f"meets every {rule.tier} condition" + (f"; {reasons[-1]}" if reasons else "")
        reasons.append(f"not {rule.tier}: {unmet[0]}")
    return TIERS[0], reasons[-1]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _money(value: float | None) -> str:
    return "—" if value is None else f"¥{value:,.0f}"


def _secs(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} s"


def scorecard(name: str, shows: Sequence[ShowTotals], anchor: Anchor | None) -> Scorecard:
    """The scorecard of ``name`` over ``shows`` (theirs, any kind, oldest first)."""
    live = [s for s in shows if s.live]
    rehearsals = [s for s in shows if not s.live]
    live_hours = periods.hours(live)
    gmv = sum(s.gmv for s in live)
    gmv_per_hour = periods.ratio(gmv, live_hours)
    interaction = periods.interaction_rate(live)
    conversion = periods.conversion_rate(live)
    over_under = periods.over_under_per_module(live)
    tier, reason = suggest_tier(len(live), interaction, conversion, gmv_per_hour, over_under)
    return Scorecard(
        name=name, tier=anchor.tier if anchor else None, type=anchor.type if anchor else None,
        joined=anchor.joined if anchor else None, shows=len(live), hours=live_hours, gmv=gmv,
        gmv_per_hour=gmv_per_hour, conversion_rate=conversion, interaction_rate=interaction,
        refund_rate=periods.refund_rate(live), over_under_s=over_under,
        compliance_hits_per_hour=periods.per_hour(sum(s.compliance_hits for s in live), live),
        incident_response_s=periods.incident_response_s(live), drill_response_s=periods.drill_response_s(shows),
        drills=sum(s.drills for s in shows), rehearsals=len(rehearsals), rehearsal_hours=periods.hours(rehearsals),
        suggested_tier=tier, suggestion_reason=reason, trend=_trend(live))


def scorecards(shows: Sequence[ShowTotals], anchors: dict[str, Anchor], *, name: str | None = None) -> list[Scorecard]:
    """One scorecard per anchor (registered or named by a show), by name; only ``name`` when given."""
    by_anchor: dict[str, list[ShowTotals]] = {}
    for show in parts_of(list(shows)):  # a show with a guest module counts for each anchor's own part
        if show.anchor:
            by_anchor.setdefault(show.anchor, []).append(show)
    names = sorted(set(by_anchor) | set(anchors))
    if name is not None:
        names = [n for n in names if n == name]
    return [scorecard(n, by_anchor.get(n, []), anchors.get(n)) for n in names]
