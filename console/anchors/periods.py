"""Periods: the ``--since`` argument and the rates summed over shows (Σ over Σ, CONTRACTS.md §12)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from console.anchors.summary import ShowTotals

_DURATION = re.compile(r"^(\d+)\s*([dwh])$")
_UNIT_S = {"h": 3600, "d": 86400, "w": 7 * 86400}


class PeriodError(ValueError):
    """A ``--since`` that is neither a duration (``90d``) nor an ISO date."""


def parse_since(text: str, *, now: float) -> float:
    """``90d`` / ``12w`` / ``36h`` back from ``now``, or an ISO date/time (local time when it has no offset)."""
    text = text.strip()
    match = _DURATION.match(text)
    if match:
        return now - int(match.group(1)) * _UNIT_S[match.group(2)]
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"--since {text!r}: expected a duration such as 90d, 12w or 36h, or an ISO date "
                          "such as 2026-09-01") from None
    return when.timestamp()


def ratio(numerator: float, denominator: float) -> float | None:
    return None if not denominator else numerator / denominator


def hours(shows: Sequence[ShowTotals]) -> float:
    return sum(show.actual_s for show in shows) / 3600


def interaction_rate(shows: Sequence[ShowTotals]) -> float | None:
    return ratio(sum(s.interacting_users for s in shows), sum(s.reach for s in shows))


def conversion_rate(shows: Sequence[ShowTotals]) -> float | None:
    return ratio(sum(s.orders for s in shows), sum(s.reach for s in shows))


def refund_rate(shows: Sequence[ShowTotals]) -> float | None:
    return ratio(sum(s.refunds for s in shows), sum(s.orders for s in shows))


def gpm(shows: Sequence[ShowTotals]) -> float | None:
    value = ratio(sum(s.gmv for s in shows), sum(s.reach for s in shows))
    return None if value is None else value * 1000


def over_under_per_module(shows: Sequence[ShowTotals]) -> float | None:
    """Mean |actual − planned| per module run, in seconds: timing discipline whichever way it slips."""
    return ratio(sum(s.over_under_abs_s for s in shows), sum(s.module_runs for s in shows))


def per_hour(count: float, shows: Sequence[ShowTotals]) -> float | None:
    return ratio(count, hours(shows))


def incident_response_s(shows: Sequence[ShowTotals]) -> float | None:
    return ratio(sum(s.incident_ack_s for s in shows), sum(s.incidents_acked for s in shows))


def drill_response_s(shows: Sequence[ShowTotals]) -> float | None:
    return ratio(sum(s.drill_ack_s for s in shows), sum(s.drills_acked for s in shows))
