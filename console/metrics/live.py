"""Live KPIs for the show and the current module, rolling rates and trends for the tiles.

:class:`LiveKpis` is fed committed events by the
:class:`~console.audience.pipeline.AudiencePipeline` (on the show's tick
thread, when it publishes what the recorder committed) and read by a UI timer,
the heartbeat or the headless loop (any thread): every method takes an internal
lock, and :meth:`LiveKpis.add` costs O(1) per event.

The counting KPIs use :class:`console.metrics.kpi.KpiAccumulator`, the very
code the review uses, so a module's live figures equal its review row.
``reach`` follows the same definition too: each row remembers where its
stretches began and looks the audience present then up in the ``viewers``
samples *when read*, so a sample stamped before a start that arrives after it
still counts, as in the review. ``avg_online`` follows the same step-function definition
(:mod:`console.metrics.kpi`) integrated as samples arrive; a ``viewers``
sample that arrives *older* than the newest one seen still counts for
``entries``/``peak_online`` but does not rewrite the integral (the review,
computed from the stored events, is exact in that case).

Time: every instant (event ``ts``, ``now``, module starts) is in one clock —
the show-clock Unix seconds stored with the events. Only the caller reads a
clock.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from console.audience.events import KNOWN_KINDS, AudienceEvent, CommentEvent, OrderEvent, ViewersEvent
from console.metrics.kpi import TOTAL, KpiAccumulator, KpiRow, online_before

#: Rolling-rate window (seconds): "comments per minute" counts the last minute.
RATE_WINDOW_S = 60.0
#: Trends compare each tile with its value this many seconds ago.
TREND_S = 60.0
#: Trend history keeps at most one point per this many seconds (bounds memory at any redraw rate).
TREND_RESOLUTION_S = 0.5
#: The tiles a live view shows, in display order.
TILE_NAMES: tuple[str, ...] = (
    "online", "entries", "gmv", "orders", "conversion_rate", "interaction_rate", "gpm",
    "comments_per_min", "orders_per_min", "peak_online", "likes", "comments",
)


@dataclass(frozen=True, slots=True)
class Tile:
    """A tile's value now and its change since :data:`TREND_S` ago (None when unknown)."""

    value: float | None
    delta: float | None


@dataclass(frozen=True, slots=True)
class LiveSnapshot:
    now: float
    show: KpiRow
    module: KpiRow | None  # the current module's row (all its runs so far); None between modules
    online: int | None  # the latest viewers.online
    comments_per_min: float
    orders_per_min: float
    events_by_kind: dict[str, int] = field(hash=False)  # every stored event, unknown kinds included
    unknown_events: int = 0
    tiles: dict[str, Tile] = field(default_factory=dict, hash=False)


class _Row:
    """One row's accumulator plus its share of the online integral and its run time."""

    __slots__ = ("accumulator", "module_id", "type", "title", "planned_s", "closed_s", "active_since",
                 "anchor", "integral", "covered", "stretch_starts", "last_end")

    def __init__(self, module_id: str, type: str = "", title: str = "", planned_s: float | None = None) -> None:  # noqa: A002 - the script's module field is called type
        self.accumulator = KpiAccumulator()
        self.module_id, self.type, self.title, self.planned_s = module_id, type, title, planned_s
        self.closed_s = 0.0  # run time of finished runs
        self.active_since: float | None = None
        self.anchor = 0.0  # the online integral is settled up to here
        self.integral = 0.0
        self.covered = 0.0
        self.stretch_starts: list[float] = []  # reach: a run that starts where the last one ended continues it
        self.last_end: float | None = None

    def settle(self, t: float, value: int | None) -> None:
        if self.active_since is None or t <= self.anchor:
            return
        if value is not None:
            self.integral += value * (t - self.anchor)
            self.covered += t - self.anchor
        self.anchor = t

    def row(self, now: float, value: int | None, present_at_start: int = 0) -> KpiRow:
        integral, covered = self.integral, self.covered
        actual = self.closed_s
        if self.active_since is not None:
            actual += max(0.0, now - self.active_since)
            if value is not None and now > self.anchor:
                integral += value * (now - self.anchor)
                covered += now - self.anchor
        return self.accumulator.row(module_id=self.module_id, type=self.type, title=self.title,
                                    planned_s=self.planned_s, actual_s=actual,
                                    avg_online=None if covered == 0 else integral / covered,
                                    present_at_start=present_at_start)


class LiveKpis:
    """Incremental KPIs; thread-safe (one lock). See the module docstring for the clock.

    The outer loop reports the actual timeline with :meth:`show_started`,
    :meth:`module_started`, :meth:`module_ended`, :meth:`show_ended`. Events
    come with the module they were attributed to; an event attributed to no
    module is outside the show and counts in no row (as in the review),
    unless ``count_unattributed`` is set (a free-form session with no
    run-of-show counts everything in the show row).
    """

    def __init__(self, *, rate_window_s: float = RATE_WINDOW_S, trend_s: float = TREND_S,
                 count_unattributed: bool = False) -> None:
        self.rate_window_s = rate_window_s
        self.trend_s = trend_s
        self.count_unattributed = count_unattributed
        self._lock = threading.Lock()
        self._show = _Row(TOTAL)
        self._modules: dict[str, _Row] = {}
        self._current: _Row | None = None
        self._online: int | None = None
        self._online_ts: float | None = None
        # Every viewers sample as (ts, online), ts-ordered (ties: arrival order), for reach's look-up.
        self._sample_times: list[float] = []
        self._samples: list[tuple[float, int]] = []
        self._comment_buckets: Counter[int] = Counter()
        self._order_buckets: Counter[int] = Counter()
        self._by_kind: Counter[str] = Counter()
        self._history: deque[tuple[float, dict[str, float | None]]] = deque()

    # -- the timeline ----------------------------------------------------
    def show_started(self, t: float, *, planned_s: float | None = None) -> None:
        with self._lock:
            self._show.planned_s = planned_s
            self._activate(self._show, t)

    def show_ended(self, t: float) -> None:
        with self._lock:
            if self._current is not None:
                self._deactivate(self._current, t)
                self._current = None
            self._deactivate(self._show, t)

    def module_started(self, module_id: str, t: float, *, type: str = "", title: str = "",  # noqa: A002 - the script's module field is called type
                       planned_s: float | None = None) -> None:
        """``module_id`` is on from ``t`` (ends the previous module's run at ``t``)."""
        with self._lock:
            if self._current is not None:
                self._deactivate(self._current, t)
            row = self._modules.get(module_id)
            if row is None:
                row = self._modules[module_id] = _Row(module_id, type, title, planned_s)
            else:  # it may have been created by an event attributed before we heard of the start
                row.type, row.title = type or row.type, title or row.title
                row.planned_s = planned_s if planned_s is not None else row.planned_s
            if self._show.active_since is None:
                self._activate(self._show, t)
            self._activate(row, t)
            self._current = row

    def module_ended(self, t: float) -> None:
        with self._lock:
            if self._current is not None:
                self._deactivate(self._current, t)
                self._current = None

    def apply_effects(self, effects: Sequence[object], to_ts: Callable[[float], float] = lambda at: at) -> None:
        """Follow the run-of-show: ``runtime.effects.connect(lambda e: live.apply_effects(e, runtime.unix_at))``.

        Show, module start and end effects of :mod:`console.show.effects` move
        the rows; ``to_ts`` maps an effect's show time to the events' clock
        (the show-clock Unix seconds the pipeline stores). Other effects are ignored.
        """
        from console.show import effects as show

        for effect in effects:
            if isinstance(effect, show.ShowStarted):
                self.show_started(to_ts(effect.at))
            elif isinstance(effect, show.ModuleStarted):
                module = effect.module
                self.module_started(module.id, to_ts(effect.at), type=module.type, title=module.title,
                                    planned_s=module.duration)
            elif isinstance(effect, show.ModuleEnded):
                self.module_ended(to_ts(effect.at))
            elif isinstance(effect, show.ShowEnded):
                self.show_ended(to_ts(effect.at))

    def replay(self, effects: Sequence[object], events: Iterable[tuple[float, AudienceEvent, str | None]],
               to_ts: Callable[[float], float]) -> None:
        """Rebuild from a record (crash recovery): the run-of-show's ``effects`` and the recorded ``events``.

        ``events`` are ``(ts, event, module_id)`` in time order; both are fed in
        one time order, an effect before an event at the same instant, as they
        happened live.
        """
        timeline = [(to_ts(getattr(effect, "at", 0.0)), effect) for effect in effects]
        position = 0
        for ts, event, module_id in events:
            while position < len(timeline) and timeline[position][0] <= ts:
                self.apply_effects([timeline[position][1]], to_ts)
                position += 1
            self.add([event], [module_id])
        for _ts, effect in timeline[position:]:
            self.apply_effects([effect], to_ts)

    def _activate(self, row: _Row, t: float) -> None:
        if row.active_since is None:
            row.active_since = t
            row.anchor = t
            if row.last_end is None or t > row.last_end:
                row.stretch_starts.append(t)

    def _deactivate(self, row: _Row, t: float) -> None:
        if row.active_since is None:
            return
        row.settle(t, self._online)
        row.closed_s += max(0.0, t - row.active_since)
        row.active_since = None
        row.last_end = t

    # -- events (the show's tick thread, via the pipeline) -------------
    def add(self, events: Sequence[AudienceEvent], module_ids: Sequence[str | None] | None = None) -> None:
        """Count ``events``; ``module_ids[i]`` is the module event ``i`` was attributed to.

        Without ``module_ids`` the events are attributed to the current module.
        """
        with self._lock:
            current = self._current.module_id if self._current is not None else None
            for index, event in enumerate(events):
                module_id = module_ids[index] if module_ids is not None else current
                self._add(event, module_id)

    def _add(self, event: AudienceEvent, module_id: str | None) -> None:
        kind = type(event)
        self._by_kind[event.kind] += 1
        if kind is ViewersEvent:
            if not self._sample_times or event.ts >= self._sample_times[-1]:
                self._sample_times.append(event.ts)
                self._samples.append((event.ts, event.online))
            else:  # late: keep the order; after equal stamps, as the review's stable sort does
                index = bisect.bisect_right(self._sample_times, event.ts)
                self._sample_times.insert(index, event.ts)
                self._samples.insert(index, (event.ts, event.online))
        if kind is ViewersEvent and (self._online_ts is None or event.ts >= self._online_ts):
            self._show.settle(event.ts, self._online)
            if self._current is not None:
                self._current.settle(event.ts, self._online)
            self._online, self._online_ts = event.online, event.ts
        if module_id is None and not self.count_unattributed:
            return
        if kind is CommentEvent:
            self._comment_buckets[math.floor(event.ts)] += 1
        elif kind is OrderEvent:
            self._order_buckets[math.floor(event.ts)] += 1
        self._show.accumulator.add(event)
        if module_id is not None:
            row = self._modules.get(module_id)
            if row is None:  # an event for a module we were not told about yet
                row = self._modules[module_id] = _Row(module_id)
            row.accumulator.add(event)

    # -- reading (any thread) --------------------------------------------
    def _row(self, row: _Row, now: float) -> KpiRow:
        present = sum(online_before(self._sample_times, self._samples, start) for start in row.stretch_starts)
        return row.row(now, self._online, present)

    def row(self, module_id: str, now: float) -> KpiRow | None:
        """The live row of ``module_id`` (or ``"TOTAL"``), None when nothing is known of it."""
        with self._lock:
            if module_id == TOTAL:
                return self._row(self._show, now)
            row = self._modules.get(module_id)
            return None if row is None else self._row(row, now)

    def _rate(self, buckets: Counter[int], now: float) -> float:
        """Events per minute over the last ``rate_window_s`` (1-second buckets, the current one included)."""
        newest = math.floor(now)
        oldest = newest - int(self.rate_window_s) + 1
        count = sum(n for second, n in buckets.items() if oldest <= second <= newest)
        return count * 60.0 / self.rate_window_s

    def _prune(self, now: float) -> None:
        horizon = math.floor(now) - 2 * int(self.rate_window_s)
        for buckets in (self._comment_buckets, self._order_buckets):
            if len(buckets) > 4 * self.rate_window_s:
                for second in [s for s in buckets if s < horizon]:
                    del buckets[second]

    def snapshot(self, now: float) -> LiveSnapshot:
        """Everything a live view shows at ``now``; also records the tiles for later trends."""
        with self._lock:
            self._prune(now)
            show = self._row(self._show, now)
            module = self._row(self._current, now) if self._current is not None else None
            comments_per_min = self._rate(self._comment_buckets, now)
            orders_per_min = self._rate(self._order_buckets, now)
            values: dict[str, float | None] = {
                "online": self._online, "entries": show.entries, "gmv": show.gmv, "orders": show.orders,
                "conversion_rate": show.conversion_rate, "interaction_rate": show.interaction_rate,
                "gpm": show.gpm, "comments_per_min": comments_per_min, "orders_per_min": orders_per_min,
                "peak_online": show.peak_online, "likes": show.likes, "comments": show.comments,
            }
            tiles = self._trends(now, values)
            known = sum(self._by_kind[k] for k in KNOWN_KINDS)
            return LiveSnapshot(
                now=now, show=show, module=module, online=self._online,
                comments_per_min=comments_per_min, orders_per_min=orders_per_min,
                events_by_kind=dict(self._by_kind), unknown_events=sum(self._by_kind.values()) - known,
                tiles=tiles,
            )

    def _trends(self, now: float, values: dict[str, float | None]) -> dict[str, Tile]:
        history = self._history
        # Keep exactly one point at or before `now - trend_s`: the reference for the deltas.
        while len(history) >= 2 and history[1][0] <= now - self.trend_s:
            history.popleft()
        reference = history[0][1] if history and history[0][0] <= now - self.trend_s else None
        if not history or now - history[-1][0] >= TREND_RESOLUTION_S:
            history.append((now, values))
        tiles = {}
        for name in TILE_NAMES:
            value = values[name]
            before = reference.get(name) if reference is not None else None
            tiles[name] = Tile(value, None if value is None or before is None else value - before)
        return tiles
