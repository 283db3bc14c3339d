"""The live figures rules read, over sliding windows, with time passed in.

:class:`RuleMetrics` keeps, per distinct window length the rules use, only
what that window needs: a monotonic deque of ``online`` counts (its front is
the window's maximum), and deques of comment, complaint and order instants
with running counts. Every event costs O(windows); a reading costs the
expired entries it drops, so the per-tick cost does not grow with the show's
length (4 hours of history cost what 4 minutes do: tests/bench/bench_rules.py).

The module rates (``interaction_rate``, ``conversion_rate``) are "of the
running module so far": they come from the live KPIs (one definition for the
live view, the review and the rules), read at most once per tick.

Not thread-safe on purpose: the session's tick thread feeds and reads it.
"""

from __future__ import annotations

import collections
from typing import Any, Callable, Iterable

from console.rules.model import METRICS


class _Window:
    __slots__ = ("seconds", "online", "comments", "complaints", "orders")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        #: (ts, online), online strictly decreasing from the front: the front is the window's peak.
        self.online: collections.deque[tuple[float, int]] = collections.deque()
        self.comments: collections.deque[float] = collections.deque()
        self.complaints: collections.deque[float] = collections.deque()
        self.orders: collections.deque[float] = collections.deque()

    def add_online(self, ts: float, online: int) -> None:
        queue = self.online
        while queue and queue[-1][1] <= online:
            queue.pop()
        queue.append((ts, online))

    def expire(self, now: float) -> None:
        oldest = now - self.seconds
        for queue in (self.comments, self.complaints, self.orders):
            while queue and queue[0] < oldest:
                queue.popleft()
        online = self.online
        # Keep the latest count even when it is older than the window: it is still "now".
        while len(online) > 1 and online[0][0] < oldest:
            online.popleft()


class RuleMetrics:
    def __init__(self, windows: Iterable[float] = (), *,
                 module_row: Callable[[float], Any] | None = None) -> None:
        """``windows``: the window lengths (seconds) the rules read; ``module_row(now)``: the live KPI
        row of the running module (console.metrics.kpi.KpiRow) or None."""
        self._windows = {float(seconds): _Window(float(seconds)) for seconds in windows}
        self.module_row = module_row
        self.latest_online: int | None = None
        self._row_cache: tuple[float, Any] | None = None

    def add_window(self, seconds: float) -> None:
        self._windows.setdefault(float(seconds), _Window(float(seconds)))

    # ------------------------------------------------------------ feeds
    def on_viewers(self, ts: float, online: int) -> None:
        self.latest_online = online
        for window in self._windows.values():
            window.add_online(ts, online)

    def on_comment(self, ts: float, complaint: bool) -> None:
        for window in self._windows.values():
            window.comments.append(ts)
            if complaint:
                window.complaints.append(ts)

    def on_order(self, ts: float) -> None:
        for window in self._windows.values():
            window.orders.append(ts)

    # ---------------------------------------------------------- readings
    def expire(self, now: float) -> None:
        """Drop what fell out of every window (once per tick, before the readings)."""
        for window in self._windows.values():
            window.expire(now)
        self._row_cache = None

    def value(self, metric: str, window_s: float, now: float) -> float | None:
        """The metric's value at ``now`` (None: not measurable yet — no count, no comment, no reach)."""
        if metric not in METRICS:
            raise KeyError(metric)
        if metric in ("interaction_rate", "conversion_rate"):
            row = self._module_row(now)
            return None if row is None else getattr(row, metric, None)
        window = self._windows.get(float(window_s))
        if window is None:
            window = self._windows[float(window_s)] = _Window(float(window_s))
            window.expire(now)
        if metric == "online_drop_pct":
            if not window.online or self.latest_online is None:
                return None
            peak = window.online[0][1]
            if peak <= 0:
                return None
            return (peak - self.latest_online) / peak * 100.0
        if metric == "comments_per_min":
            return len(window.comments) * 60.0 / window.seconds
        if metric == "orders_per_min":
            return len(window.orders) * 60.0 / window.seconds
        # complaint_rate: a share of the window's comments; no comment, no share.
        if not window.comments:
            return None
        return len(window.complaints) / len(window.comments)

    def complaint_count(self, window_s: float) -> int:
        window = self._windows.get(float(window_s))
        return len(window.complaints) if window is not None else 0

    def _module_row(self, now: float) -> Any:
        if self.module_row is None:
            return None
        if self._row_cache is None or self._row_cache[0] != now:
            self._row_cache = (now, self.module_row(now))
        return self._row_cache[1]
