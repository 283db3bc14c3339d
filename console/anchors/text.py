"""Plain-text output of the anchors, health and actions commands (a terminal, a chat message)."""

from __future__ import annotations

import datetime as dt
from typing import Sequence, TextIO

from console.anchors.health import Diagnosis
from console.anchors.registry import TIER_NAMES_ZH, TYPE_NAMES_ZH

#: How each indicator's value is written, and its name in words.
INDICATOR_LABELS = {
    "interaction_depth": ("interaction depth 互动深度", "pct"),
    "conversion_rate": ("conversion 转化率", "pct"),
    "refund_rate": ("refund rate 退货率", "pct"),
    "gpm": ("GMV per 1,000 reached GPM", "money"),
    "over_under_s": ("over/under per module 超时/欠时", "secs"),
    "incidents_per_hour": ("incidents per hour 故障/小时", "num"),
    "stream_down_min_per_hour": ("stream-down min per hour 断流分钟/小时", "num"),
    "compliance_hits_per_1k_comments": ("compliance hits per 1,000 comments 违规/千评", "num"),
    "drill_response_s": ("drill response 演练响应", "secs"),
}
STATUS_MARKS = {"ok": "✓ ok", "warn": "! warn", "bad": "✗ bad", "": ""}


def fmt(value: float | None, style: str) -> str:
    if value is None:
        return "—"
    if style == "pct":
        return f"{value * 100:.1f}%"
    if style == "money":
        return f"¥{value:,.2f}"
    if style == "secs":
        return f"{value:.0f} s"
    return f"{value:.2f}"


def _date(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d")


def print_diagnosis(diagnosis: Diagnosis, out: TextIO) -> None:
    out.write(f"health {_date(diagnosis.since)} → {_date(diagnosis.until)}: {diagnosis.shows} live shows, "
              f"{diagnosis.rehearsals} rehearsals\n")
    for indicator in diagnosis.indicators:
        label, style = INDICATOR_LABELS[indicator.name]
        target = "" if indicator.target is None else (
            f"{'≥' if indicator.bound == 'min' else '≤'} {fmt(indicator.target, style)}")
        out.write(f"  {label:<48} {fmt(indicator.value, style):>12}  {target:<12} {STATUS_MARKS[indicator.status]}\n")


def print_scorecards(cards: Sequence, out: TextIO) -> None:
    if not cards:
        out.write("no anchors yet: a show names its anchor in its script (show.anchor)\n")
        return
    for card in cards:
        tier = f"{card.tier} {TIER_NAMES_ZH[card.tier]}" if card.tier else "no record"
        kind = f", {TYPE_NAMES_ZH.get(card.type, card.type)}" if card.type else ""
        out.write(f"{card.name} ({tier}{kind})\n")
        out.write(f"  {card.shows} live shows, {card.hours:.1f} h; GMV ¥{card.gmv:,.2f}, "
                  f"per hour {fmt(card.gmv_per_hour, 'money')}\n")
        out.write(f"  conversion {fmt(card.conversion_rate, 'pct')}, interaction {fmt(card.interaction_rate, 'pct')}, "
                  f"refunds {fmt(card.refund_rate, 'pct')}, over/under per module {fmt(card.over_under_s, 'secs')}\n")
        out.write(f"  compliance hits per hour {fmt(card.compliance_hits_per_hour, 'num')}, incident response "
                  f"{fmt(card.incident_response_s, 'secs')}, drills {card.drills} "
                  f"(response {fmt(card.drill_response_s, 'secs')})\n")
        out.write(f"  rehearsals {card.rehearsals}, {card.rehearsal_hours:.1f} h\n")
        out.write(f"  suggested tier: {card.suggested_tier} {TIER_NAMES_ZH[card.suggested_tier]} — "
                  f"{card.suggestion_reason}\n")


def print_actions(found: Sequence, out: TextIO) -> None:
    if not found:
        out.write("no action items\n")
        return
    for check in found:
        item = check.item
        scope = f"{item.module_type} " if item.module_type else ""
        bound = "≥" if item.bound == "min" else "≤"
        value = "" if check.value is None else f" (was {check.value:.4g})"
        out.write(f"#{item.id} [{check.outcome}] {item.text} — {scope}{item.kpi} {bound} {item.target:g}{value}; "
                  f"room {item.room}" + (f", anchor {item.anchor}" if item.anchor else "") + "\n")
