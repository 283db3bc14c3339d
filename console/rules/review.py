"""The adjustments of a recorded show, for the review (text, §9.3 JSON ``adjustments``) and the follow-ups.

Each adjustment is one rule firing: an ``auto`` rule's action (outcome
``applied``) or a proposal with the operator's answer (``accepted``,
``dismissed``) or none (``expired``). Beside each, the KPIs of the 5
minutes before and the 5 minutes after it (:data:`BEFORE_AFTER_S`): online
(time-weighted is overkill for a glance; the mean of the counts received),
comments, orders and GMV per minute — did the change help?

Reads the database on the caller's thread (the CLI, a review worker).
"""

from __future__ import annotations

from typing import Any, TextIO

from sqlalchemy import select

from db import schema

#: The window on each side of an adjustment its KPIs are compared over (issue 15 point 3).
BEFORE_AFTER_S = 300.0
#: rule_events.event → §9.3 outcome, for the events that close a firing.
OUTCOMES = {"applied": "applied", "failed": "applied", "accepted": "accepted", "dismissed": "dismissed",
            "expired": "expired"}


def _window_kpis(events: list[tuple[float, str, dict[str, Any]]], start: float, end: float) -> dict[str, Any]:
    minutes = (end - start) / 60.0
    online = [float(data.get("online", 0)) for ts, kind, data in events if kind == "viewers" and start <= ts < end]
    comments = sum(1 for ts, kind, _ in events if kind == "comment" and start <= ts < end)
    orders = {data.get("order_id") for ts, kind, data in events if kind == "order" and start <= ts < end}
    gmv = sum(float(data.get("amount", 0)) for ts, kind, data in events if kind == "order" and start <= ts < end)
    gmv -= sum(float(data.get("amount", 0)) for ts, kind, data in events if kind == "refund" and start <= ts < end)
    return {"online": round(sum(online) / len(online), 1) if online else None,
            "comments_per_min": round(comments / minutes, 2), "orders_per_min": round(len(orders) / minutes, 2),
            "gmv_per_min": round(gmv / minutes, 2)}


def adjustment_rows(engine: Any, show_id: str) -> list[dict[str, Any]]:
    """§9.3 ``adjustments``: ``rule_id, at, metric, value, action, mode, outcome`` (+ ``who``, ``module_id``,
    ``answered_at``, ``result``, ``kpi_before``, ``kpi_after``), in firing order."""
    table = schema.rule_events
    with engine.connect() as connection:
        rows = connection.execute(select(table).where(table.c.show_id == show_id)
                                  .order_by(table.c.ts, table.c.id)).mappings().all()
        if not rows:
            return []
        low, high = rows[0]["ts"] - BEFORE_AFTER_S, rows[-1]["ts"] + BEFORE_AFTER_S
        audience = schema.audience_events
        events = [(row.ts, row.kind, row.data or {}) for row in connection.execute(
            select(audience.c.ts, audience.c.kind, audience.c.data)
            .where(audience.c.show_id == show_id, audience.c.ts >= low, audience.c.ts < high))]
    raised: dict[tuple[str, int], Any] = {}
    adjustments = []
    for row in rows:
        if row["event"] == "proposed":
            raised[(row["rule_id"], row["proposal"])] = row
            continue
        outcome = OUTCOMES.get(row["event"])
        if outcome is None or (row["event"] == "failed" and row["proposal"] is not None):
            continue  # a failed accepted proposal is already listed as accepted, with its result below
        origin = raised.get((row["rule_id"], row["proposal"]), row)
        at = float(origin["ts"])
        detail = row["detail"] or {}
        adjustments.append({
            "rule_id": row["rule_id"], "at": at, "metric": row["metric"], "value": row["value"],
            "action": row["action"], "mode": row["mode"], "outcome": outcome, "who": row["who"],
            "module_id": origin["module_id"], "answered_at": float(row["ts"]) if row is not origin else None,
            "result": ("failed: " if row["event"] == "failed" else "") + str(detail.get("result", "")),
            "kpi_before": _window_kpis(events, at - BEFORE_AFTER_S, at),
            "kpi_after": _window_kpis(events, at, at + BEFORE_AFTER_S),
        })
    return adjustments


def print_adjustments(engine: Any, show_id: str, started_at: float, now: float, out: TextIO) -> None:
    """The review's text: adjustments with the KPIs around them, then the follow-ups still open."""
    from console.rules.follow_ups import follow_ups, format_follow_ups

    rows = adjustment_rows(engine, show_id)
    print("", file=out)
    print(f"adjustments: {len(rows)}", file=out)
    for row in rows:
        before, after = row["kpi_before"], row["kpi_after"]
        action = " ".join(str(v) for v in row["action"].values())
        offset = row["at"] - started_at
        print(f"  {int(offset // 60):>4}:{int(offset % 60):02d}  {row['rule_id']:20} {row['mode']:8} {row['outcome']:9} "
              f"{row['metric']}={row['value']:.3g}  {action}  by {row['who'] or '-'}", file=out)
        print(f"         5 min before/after: online {before['online']} → {after['online']}, comments/min "
              f"{before['comments_per_min']} → {after['comments_per_min']}, GMV/min {before['gmv_per_min']} → "
              f"{after['gmv_per_min']}", file=out)
    items = follow_ups(engine, show_id)
    open_items = [item for item in items if not item.done]
    print("", file=out)
    print(f"follow-ups: {len(open_items)} open of {len(items)}"
          + (" (close one: liveroom review ID --follow-up-done N --by NAME)" if open_items else ""), file=out)
    for line in format_follow_ups(items, now):
        print(line, file=out)
