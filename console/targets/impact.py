"""The business impact of an incident (issue 15 point 5), one definition for the live view and the review.

For an incident open over ``[opened, ended)`` (``ended`` = now while open), against
the :data:`BEFORE_S` (5 minutes) before it — cut at the show's start when the
show is younger than that:

- ``online_before`` / ``online_during``: the time-weighted mean of ``online``
  (the step function of console.metrics.kpi) over each stretch;
  ``online_delta`` = during − before;
- ``comments_per_min_before`` / ``_during`` and their change;
- ``gmv_per_min_before`` / ``_during`` (Σ order.amount − Σ refund.amount per
  minute) and their change;
- ``minutes_down`` = (ended − opened) / 60 and
  ``estimated_loss`` = gmv_per_min_before × minutes_down — what the room
  would have sold at its pace before the incident.

A figure with nothing to go on (no minute before, no online sample) is None.
:class:`ImpactTracker` is fed the show's events once (the live show on its tick
thread, the review from the stored events) and answers for any incident in
O(log n); it is not thread-safe (one lock in the caller, or one thread).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from typing import Any, Iterable

from console.audience.events import CommentEvent, OrderEvent, RefundEvent, ViewersEvent
from console.metrics.kpi import time_weighted_online

#: The comparison window before an incident (the issue's "5 minutes before").
BEFORE_S = 300.0
#: Comment instants let go at a time by :meth:`ImpactTracker.forget_comments_before`.
FORGET_BATCH = 20_000


@dataclasses.dataclass(frozen=True, slots=True)
class IncidentImpact:
    opened_at: float
    ended_at: float
    online_before: float | None
    online_during: float | None
    online_delta: float | None
    comments_per_min_before: float | None
    comments_per_min_during: float | None
    comment_rate_change: float | None
    gmv_per_min_before: float | None
    gmv_per_min_during: float | None
    gmv_per_min_change: float | None
    minutes_down: float
    estimated_loss: float | None

    def as_json(self) -> dict[str, Any]:
        """The §9.3 ``impact`` object (its three contract keys first, then the rest)."""
        data = {"online_delta": self.online_delta, "gmv_per_min_before": self.gmv_per_min_before,
                "estimated_loss": self.estimated_loss}
        for field in dataclasses.fields(self):
            data.setdefault(field.name, getattr(self, field.name))
        return data


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


class ImpactTracker:
    """The show's viewers samples, comment instants and money movements, ordered by time."""

    __slots__ = ("show_start", "_samples", "_sample_times", "_comments", "_money_times", "_money_cumulative",
                 "_per_second", "_first_second", "_exact_from")

    def __init__(self, show_start: float | None = None) -> None:
        self.show_start = show_start
        self._samples: list[tuple[float, int]] = []
        self._sample_times: list[float] = []
        self._comments: list[float] = []
        self._money_times: list[float] = []
        self._money_cumulative: list[float] = []  # running Σ amount (refunds negative), parallel to the times
        #: Comments per whole second from ``_first_second`` on: what is left of the instants let go.
        self._per_second: list[int] = []
        self._first_second: int | None = None
        #: Comment instants before this were let go (:meth:`forget_comments_before`); None: all kept.
        self._exact_from: float | None = None

    @classmethod
    def from_events(cls, events: Iterable[Any], show_start: float | None = None) -> ImpactTracker:
        tracker = cls(show_start)
        tracker.add(sorted(events, key=lambda event: event.ts))
        return tracker

    def add(self, events: Iterable[Any]) -> None:
        """Take events (any order; in time order is O(1) each)."""
        for event in events:
            kind = type(event)
            if kind is ViewersEvent:
                index = _insert_at(self._sample_times, event.ts)
                self._samples.insert(index, (event.ts, event.online))
            elif kind is CommentEvent:
                _insert_at(self._comments, event.ts)
                self._count_second(event.ts)
            elif kind is OrderEvent or kind is RefundEvent:
                amount = event.amount if kind is OrderEvent else -event.amount
                index = _insert_at(self._money_times, event.ts)
                previous = self._money_cumulative[index - 1] if index else 0.0
                self._money_cumulative.insert(index, previous)
                for later in range(index, len(self._money_cumulative)):
                    self._money_cumulative[later] += amount

    def _count_second(self, ts: float) -> None:
        second = math.floor(ts)
        if self._first_second is None:
            self._first_second = second
        if second < self._first_second:  # a late comment from before the first one seen
            self._per_second[:0] = [0] * (self._first_second - second)
            self._first_second = second
        index = second - self._first_second
        if index >= len(self._per_second):
            self._per_second.extend([0] * (index + 1 - len(self._per_second)))
        self._per_second[index] += 1

    def forget_comments_before(self, instant: float) -> int:
        """Let go of the comment instants before ``instant`` (rounded down to a whole second); returns
        how many went. Counts over that past are then per whole second (:meth:`_count_comments`).

        A live show keeps a few minutes of instants: a 4-hour show at 200 comments a second
        otherwise holds 4 million of them (128 MB, the soak's growth); its per-second counts
        are 14,400 numbers. Dropped in batches of :data:`FORGET_BATCH` (a list's head costs a copy).
        """
        instant = float(math.floor(instant))
        cut = bisect.bisect_left(self._comments, instant)
        if cut < FORGET_BATCH:
            return 0
        del self._comments[:cut]
        self._exact_from = instant
        return cut

    def _count_comments(self, start: float, end: float) -> int:
        """Comments in ``[start, end)``: exact from the instants kept; per whole second before them."""
        exact_from = self._exact_from
        if exact_from is None or start >= exact_from:
            return self._count(self._comments, start, end)
        counted = 0
        if self._first_second is not None:
            low = max(math.floor(start) - self._first_second, 0)
            high = max(math.floor(min(end, exact_from)) - self._first_second, 0)
            counted = sum(self._per_second[low:high])
        return counted + (self._count(self._comments, exact_from, end) if end > exact_from else 0)

    def _count(self, times: list[float], start: float, end: float) -> int:
        return bisect.bisect_left(times, end) - bisect.bisect_left(times, start)

    def _money(self, start: float, end: float) -> float:
        def upto(instant: float) -> float:
            index = bisect.bisect_left(self._money_times, instant)
            return self._money_cumulative[index - 1] if index else 0.0
        return upto(end) - upto(start)

    def impact(self, opened_at: float, ended_at: float) -> IncidentImpact:
        """The impact of an incident open over ``[opened_at, ended_at)`` (see the module docstring)."""
        ended_at = max(ended_at, opened_at)
        before_start = opened_at - BEFORE_S
        if self.show_start is not None:
            before_start = max(before_start, min(self.show_start, opened_at))
        before_min = (opened_at - before_start) / 60.0
        during_min = (ended_at - opened_at) / 60.0

        def per_min(amount: float, minutes: float) -> float | None:
            return None if minutes <= 0 else amount / minutes

        online_before = time_weighted_online(self._samples, [(before_start, opened_at)])
        online_during = time_weighted_online(self._samples, [(opened_at, ended_at)])
        comments_before = per_min(self._count_comments(before_start, opened_at), before_min)
        comments_during = per_min(self._count_comments(opened_at, ended_at), during_min)
        gmv_before = per_min(self._money(before_start, opened_at), before_min)
        gmv_during = per_min(self._money(opened_at, ended_at), during_min)
        return IncidentImpact(
            opened_at=opened_at, ended_at=ended_at,
            online_before=online_before, online_during=online_during,
            online_delta=_difference(online_during, online_before),
            comments_per_min_before=comments_before, comments_per_min_during=comments_during,
            comment_rate_change=_difference(comments_during, comments_before),
            gmv_per_min_before=gmv_before, gmv_per_min_during=gmv_during,
            gmv_per_min_change=_difference(gmv_during, gmv_before),
            minutes_down=during_min,
            estimated_loss=None if gmv_before is None else gmv_before * during_min,
        )


def _insert_at(times: list[float], ts: float) -> int:
    """Insert ``ts`` keeping ``times`` sorted (after equal ones); returns its index."""
    if not times or ts >= times[-1]:
        times.append(ts)
        return len(times) - 1
    index = bisect.bisect_right(times, ts)
    times.insert(index, ts)
    return index
