"""KPI definitions (CONTRACTS.md §4), shared by the live view and the review.

One :class:`KpiAccumulator` holds the counting KPIs and is used both by
:func:`compute_kpis` (the review, from stored events) and by
:class:`console.metrics.live.LiveKpis` (incrementally, O(1) per event), so
the two cannot drift apart.

Attribution: an event belongs to the module actually running at its
timestamp. A module *run* covers ``[start, end)``; at a change-over instant the
module that starts wins (the run-of-show engine's ``module_at`` rule). Stored
events carry that attribution in ``audience_events.module_id``; pass it as
``module_ids`` to use it as recorded, or leave it out to compute it from the
actual timeline. A module entered twice has one row covering both runs.

Definitions, with the choices the contract leaves open:

- ``entries`` Σ ``viewers.entered``; ``likes`` Σ ``like.count``;
  ``comments`` the number of ``comment`` events.
- ``peak_online`` the largest ``viewers.online`` among the row's own
  ``viewers`` events; empty when it has none.
- ``avg_online`` time-weighted mean of the *online step function*: each
  ``viewers`` sample's ``online`` holds from its timestamp until the next
  sample (samples are ordered by timestamp; at equal timestamps the later one
  in the input wins). The function is clipped to the row's intervals; the
  last value known *before* an interval starts carries into it (a module with
  no sample of its own still has an audience). Time before the first sample
  ever is not covered and does not count in the denominator. Empty when no
  instant of the intervals is covered.
- ``interacting_users`` distinct ``user`` over ``comment``, ``gift``,
  ``follow`` (within the row: the TOTAL counts a user once for the show).
- ``orders`` distinct ``order_id`` among ``order`` events; ``gmv`` Σ
  ``order.amount`` − Σ ``refund.amount`` of the row's events (a refund counts
  where it happened, which may be another module than its order; a repeated
  order event is summed as received).
- ``reach`` (§4.1) = the ``online`` of the last ``viewers`` sample stamped
  strictly before a stretch's start (0 if none; at equal stamps the later one
  in the input) + the row's ``entries``. A *stretch* is a maximal run of
  touching intervals: the show is one stretch (its modules follow each other),
  a module entered twice has two, so its reach counts the audience present at
  each entry. ``entries`` here are the row's own (attributed) entries, the same
  events the numerators count, so a rate can never exceed 100 % by attribution.
- ``interaction_rate`` = interacting_users / reach, ``conversion_rate`` =
  orders / reach, ``gpm`` = gmv / reach × 1000, ``aov`` = gmv / orders,
  ``refund_rate`` = refunds / orders; each is empty (``None``) when its
  denominator is 0.
- ``follows`` the number of ``follow`` events, ``shares`` Σ ``share.count``,
  ``refunds`` distinct ``refund.order_id`` (counted where the refund happened).
- ``planned_s`` from the plan, ``actual_s`` the sum of the module's run
  lengths, ``over_under_s`` = actual − planned. TOTAL: Σ planned of the plan,
  Σ of every run.
- :class:`~console.audience.events.UnknownEvent` never counts.
"""

from __future__ import annotations

import bisect
import csv
import math
from dataclasses import dataclass
from typing import IO, Any, Iterable, Mapping, NamedTuple, Sequence

from console.audience.events import (
    AudienceEvent,
    CommentEvent,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    RefundEvent,
    ShareEvent,
    ViewersEvent,
)

TOTAL = "TOTAL"

#: The CSV columns, in order (CONTRACTS §4, then the §4.1 extension's five).
CSV_COLUMNS: tuple[str, ...] = (
    "module_id", "type", "title", "planned_s", "actual_s", "over_under_s", "entries", "peak_online",
    "avg_online", "comments", "likes", "interacting_users", "interaction_rate", "orders", "gmv",
    "conversion_rate", "gpm", "aov", "reach", "follows", "shares", "refunds", "refund_rate",
)
#: Every KPI of a row (the CSV columns without the labels): what the JSON review carries.
KPI_NAMES: tuple[str, ...] = CSV_COLUMNS[3:]
#: Columns written with 2 decimals (money) and with 4 (rates). Durations and the
#: average audience are written with 2 as well (a measured quantity, not a count).
MONEY_COLUMNS = frozenset({"gmv", "gpm", "aov"})
RATE_COLUMNS = frozenset({"interaction_rate", "conversion_rate", "refund_rate"})
TWO_DECIMAL_COLUMNS = MONEY_COLUMNS | {"planned_s", "actual_s", "over_under_s", "avg_online"}


@dataclass(frozen=True, slots=True)
class KpiRow:
    """One row of KPIs: a module (all its runs) or the whole show (``module_id == "TOTAL"``)."""

    module_id: str
    type: str
    title: str
    planned_s: float | None
    actual_s: float
    over_under_s: float | None
    entries: int
    peak_online: int | None
    avg_online: float | None
    comments: int
    likes: int
    interacting_users: int
    interaction_rate: float | None
    orders: int
    gmv: float
    conversion_rate: float | None
    gpm: float | None
    aov: float | None
    reach: int
    follows: int
    shares: int
    refunds: int
    refund_rate: float | None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CSV_COLUMNS}


class ModuleRun(NamedTuple):
    """One actual run of a module: ``[start, end)``; ``end`` None while it is on."""

    module_id: str
    start: float
    end: float | None


class ModuleInfo(NamedTuple):
    """What the plan says about a module (for the row's labels and ``planned_s``)."""

    module_id: str
    type: str
    title: str
    planned_s: float


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None (empty) when the denominator is 0."""
    return None if denominator == 0 else numerator / denominator


class KpiAccumulator:
    """The counting KPIs of one row; :meth:`add` is O(1). Not thread-safe (callers lock)."""

    __slots__ = ("entries", "peak_online", "comments", "likes", "users", "order_ids",
                 "order_amount", "refund_amount", "events", "unknown", "follows", "shares", "refund_ids")

    def __init__(self) -> None:
        self.entries = 0
        self.follows = 0
        self.shares = 0
        self.refund_ids: set[str] = set()
        self.peak_online: int | None = None
        self.comments = 0
        self.likes = 0
        self.users: set[str] = set()
        self.order_ids: set[str] = set()
        self.order_amount = 0.0
        self.refund_amount = 0.0
        self.events = 0
        self.unknown = 0

    def add(self, event: AudienceEvent) -> None:
        self.events += 1
        kind = type(event)
        if kind is ViewersEvent:
            self.entries += event.entered
            if self.peak_online is None or event.online > self.peak_online:
                self.peak_online = event.online
        elif kind is CommentEvent:
            self.comments += 1
            self.users.add(event.user)
        elif kind is LikeEvent:
            self.likes += event.count
        elif kind is FollowEvent:
            self.follows += 1
            self.users.add(event.user)
        elif kind is GiftEvent:
            self.users.add(event.user)
        elif kind is OrderEvent:
            self.order_ids.add(event.order_id)
            self.order_amount += event.amount
        elif kind is RefundEvent:
            self.refund_amount += event.amount
            self.refund_ids.add(event.order_id)
        elif kind is ShareEvent:
            self.shares += event.count
        elif event.kind not in _KINDS_WITHOUT_KPI:
            self.unknown += 1

    @property
    def gmv(self) -> float:
        return self.order_amount - self.refund_amount

    def row(self, *, module_id: str, type: str = "", title: str = "", planned_s: float | None = None,  # noqa: A002 - the script's module field is called type
            actual_s: float = 0.0, avg_online: float | None = None, present_at_start: int = 0) -> KpiRow:
        """The row; ``present_at_start`` is the audience present when the row's stretches began (see reach)."""
        entries = self.entries
        reach = present_at_start + entries
        orders = len(self.order_ids)
        refunds = len(self.refund_ids)
        gmv = self.gmv
        return KpiRow(
            module_id=module_id, type=type, title=title,
            planned_s=planned_s, actual_s=actual_s,
            over_under_s=None if planned_s is None else actual_s - planned_s,
            entries=entries, peak_online=self.peak_online, avg_online=avg_online,
            comments=self.comments, likes=self.likes,
            interacting_users=len(self.users), interaction_rate=ratio(len(self.users), reach),
            orders=orders, gmv=gmv, conversion_rate=ratio(orders, reach),
            gpm=None if reach == 0 else gmv / reach * 1000, aov=ratio(gmv, orders),
            reach=reach, follows=self.follows, shares=self.shares, refunds=refunds,
            refund_rate=ratio(refunds, orders),
        )


# Known kinds that simply have no KPI of their own (product clicks).
_KINDS_WITHOUT_KPI = frozenset({"product_click"})


# ------------------------------------------------------------------ time-weighted audience
def viewers_samples(events: Iterable[AudienceEvent]) -> list[tuple[float, int]]:
    """(ts, online) of the ``viewers`` events, ordered by timestamp (stable: input order at ties)."""
    samples = [(e.ts, e.online) for e in events if type(e) is ViewersEvent]
    samples.sort(key=lambda sample: sample[0])
    return samples


def time_weighted_online(samples: Sequence[tuple[float, int]],
                         intervals: Iterable[tuple[float, float]]) -> float | None:
    """Mean of the online step function over ``intervals`` (see the module docstring); None if uncovered."""
    times = [t for t, _ in samples]
    integral = 0.0
    covered = 0.0
    for start, end in intervals:
        if end <= start:
            continue
        # The value at `start`: the last sample at or before it (ties: the later one in order).
        index = bisect.bisect_right(times, start) - 1
        if index < 0:
            index = 0
            if not times or times[0] >= end:
                continue
            cursor = times[0]
        else:
            cursor = start
        while True:
            value = samples[index][1]
            nxt = index + 1
            # Samples at the same instant replace each other without holding any time.
            segment_end = min(end, times[nxt]) if nxt < len(times) else end
            if segment_end > cursor:
                integral += value * (segment_end - cursor)
                covered += segment_end - cursor
                cursor = segment_end
            if nxt >= len(times) or times[nxt] >= end:
                break
            index = nxt
            cursor = max(cursor, times[index])
    return None if covered == 0 else integral / covered


def stretch_starts(intervals: Iterable[tuple[float, float]]) -> list[float]:
    """The starts of the maximal stretches of touching ``intervals`` (an interval starting where one ends joins it)."""
    starts: list[float] = []
    last_end: float | None = None
    for start, end in sorted(intervals):
        if last_end is None or start > last_end:
            starts.append(start)
            last_end = end
        else:
            last_end = max(last_end, end)
    return starts


def online_before(times: Sequence[float], samples: Sequence[tuple[float, int]], instant: float) -> int:
    """``online`` of the last sample stamped strictly before ``instant`` (0 if none); ``times`` = the samples' ts."""
    index = bisect.bisect_left(times, instant) - 1
    return samples[index][1] if index >= 0 else 0


def present_at_starts(samples: Sequence[tuple[float, int]], intervals: Iterable[tuple[float, float]]) -> int:
    """Σ over the stretches of ``intervals`` of the audience present at the stretch's start (reach's first term)."""
    times = [t for t, _ in samples]
    return sum(online_before(times, samples, start) for start in stretch_starts(intervals))


# ------------------------------------------------------------------ rows
def attribute(ts: float, timeline: Sequence[ModuleRun | tuple]) -> str | None:
    """The module running at ``ts``: the latest run with ``start <= ts < end`` (open runs have no end)."""
    for module_id, start, end in reversed(timeline):
        if start <= ts and (end is None or ts < end):
            return module_id
    return None


def _in_intervals(ts: float, intervals: Sequence[tuple[float, float]]) -> bool:
    return any(start <= ts < end for start, end in intervals)


def compute_kpis(
    events: Sequence[AudienceEvent],
    intervals: Sequence[tuple[float, float]],
    *,
    belongs: Sequence[bool] | None = None,
    module_id: str = TOTAL,
    type: str = "",  # noqa: A002 - the script's module field is called type
    title: str = "",
    planned_s: float | None = None,
    samples: Sequence[tuple[float, int]] | None = None,
) -> KpiRow:
    """The KPIs of one row covering ``intervals`` (``[(start, end)]``, each half-open).

    ``events`` are *all* the show's events: those that belong to the row are
    counted (``belongs[i]`` when given — the stored attribution — else the
    event's timestamp falls in an interval), and every ``viewers`` sample
    takes part in the time-weighted ``avg_online`` (a value from before an
    interval carries into it). ``samples`` may pass
    :func:`viewers_samples` precomputed when computing many rows.
    """
    accumulator = KpiAccumulator()
    for index, event in enumerate(events):
        member = belongs[index] if belongs is not None else _in_intervals(event.ts, intervals)
        if member:
            accumulator.add(event)
    if samples is None:
        samples = viewers_samples(events)
    actual = sum(max(0.0, end - start) for start, end in intervals)
    return accumulator.row(module_id=module_id, type=type, title=title, planned_s=planned_s, actual_s=actual,
                           avg_online=time_weighted_online(samples, intervals),
                           present_at_start=present_at_starts(samples, intervals))


def compute_show_kpis(
    events: Sequence[AudienceEvent],
    timeline: Sequence[ModuleRun | tuple],
    modules: Sequence[ModuleInfo | tuple] = (),
    *,
    module_ids: Sequence[str | None] | None = None,
    now: float | None = None,
) -> list[KpiRow]:
    """One row per module in run order (modules of the plan that never ran follow, in plan order), then TOTAL.

    ``timeline`` is the actual ``[(module_id, start, end)]``; a run still on
    (``end`` None) ends at ``now``. ``module_ids`` is the stored attribution,
    parallel to ``events``; without it, attribution comes from the timeline.
    An event attributed to no module (before the start, after the end) counts
    in no row, not even TOTAL.
    """
    runs: list[ModuleRun] = []
    for module_id, start, end in timeline:
        if end is None:
            if now is None:
                raise ValueError(f"module {module_id!r} is still on: pass now=")
            end = max(start, now)
        runs.append(ModuleRun(module_id, start, end))
    plan = {info[0]: ModuleInfo(*info) for info in modules}
    if module_ids is None:
        module_ids = [attribute(event.ts, runs) for event in events]
    samples = viewers_samples(events)

    order: list[str] = []
    for run in runs:
        if run.module_id not in order:
            order.append(run.module_id)
    order += [module_id for module_id in plan if module_id not in order]

    # One pass groups the events by module (input order kept, so sums are the same to the last bit);
    # scanning every event once per module costs seconds on a 4-hour show.
    grouped: dict[str, list[AudienceEvent]] = {}
    attributed: list[AudienceEvent] = []
    for event, module_id in zip(events, module_ids, strict=True):
        if module_id is not None:
            grouped.setdefault(module_id, []).append(event)
            attributed.append(event)

    rows = []
    for module_id in order:
        info = plan.get(module_id)
        own = grouped.get(module_id, [])
        intervals = [(run.start, run.end) for run in runs if run.module_id == module_id]
        rows.append(compute_kpis(
            own, intervals, belongs=[True] * len(own), module_id=module_id,
            type=info.type if info else "", title=info.title if info else "",
            planned_s=info.planned_s if info else None, samples=samples,
        ))
    total_planned = sum(info.planned_s for info in plan.values()) if plan else None
    rows.append(compute_kpis(
        attributed, [(run.start, run.end) for run in runs], belongs=[True] * len(attributed),
        module_id=TOTAL, planned_s=total_planned, samples=samples,
    ))
    return rows


# ------------------------------------------------------------------ CSV
def format_value(column: str, value: Any) -> str:
    """One CSV cell: empty for None; money and durations to 2 decimals, rates to 4; counts as integers."""
    if value is None:
        return ""
    if column in RATE_COLUMNS:
        return f"{value:.4f}"
    if column in TWO_DECIMAL_COLUMNS:
        text = f"{value:.2f}"
        return "0.00" if text == "-0.00" else text
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


def write_kpi_csv(rows: Iterable[KpiRow], file: IO[str], statuses: Sequence[Mapping[str, str | None]] | None = None,
                  targeted: Sequence[str] = ()) -> None:
    """Write the header and ``rows`` (module rows in run order, then TOTAL) with exactly the §4/§4.1 columns.

    With targets (§4.1): ``targeted`` names the targeted KPIs, each adding a
    ``status_<kpi>`` column, and ``statuses[i]`` gives row ``i``'s status per
    KPI (``ok``/``warn``/``bad``; empty when the value is empty or the KPI is
    not targeted for that row). Open ``file`` with ``newline=""`` (the csv
    module writes ``\\r\\n`` line ends).
    """
    writer = csv.writer(file)
    writer.writerow(CSV_COLUMNS + tuple(f"status_{name}" for name in targeted))
    for index, row in enumerate(rows):
        cells = [format_value(column, getattr(row, column)) for column in CSV_COLUMNS]
        if targeted:
            status = statuses[index] if statuses is not None else {}
            cells += [status.get(name) or "" for name in targeted]
        writer.writerow(cells)


__all__ = [
    "TOTAL", "CSV_COLUMNS", "KPI_NAMES", "KpiRow", "ModuleRun", "ModuleInfo", "KpiAccumulator", "ratio",
    "viewers_samples", "time_weighted_online", "stretch_starts", "online_before", "present_at_starts",
    "attribute", "compute_kpis", "compute_show_kpis",
    "format_value", "write_kpi_csv",
]
