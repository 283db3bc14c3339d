"""Time series buffers for the live charts.

Producers (the pipeline, the OBS health sampler) :meth:`SeriesBuffer.append`
at any rate from any thread; a chart's repaint timer takes
:meth:`SeriesBuffer.snapshot` — float64 numpy copies — and never touches the
buffer while drawing. Appends are amortised O(1): the arrays double when full.

Capacity: a 4-hour show sampled at 1 Hz is 14,400 points per series; 20
series take 20 × 14,400 × 16 bytes ≈ 4.6 MB. :data:`INITIAL_CAPACITY` covers
that without a single regrowth. ``max_points`` (optional) bounds a buffer for
unbounded feeds (20 Hz audio meters): when it is reached the oldest half is
dropped, so memory stays bounded and appends stay O(1) amortised.
"""

from __future__ import annotations

import threading
from typing import Iterator

import numpy as np

#: Points preallocated per series: a 4-hour show at 1 Hz.
INITIAL_CAPACITY = 4 * 3600


class SeriesBuffer:
    """Growable (t, value) arrays; thread-safe."""

    __slots__ = ("name", "max_points", "_t", "_v", "_n", "_lock")

    def __init__(self, name: str = "", *, capacity: int = INITIAL_CAPACITY, max_points: int | None = None) -> None:
        if max_points is not None and max_points < 2:
            raise ValueError("max_points must be at least 2")
        self.name = name
        self.max_points = max_points
        capacity = max(16, capacity if max_points is None else min(capacity, max_points))
        self._t = np.empty(capacity, dtype=np.float64)
        self._v = np.empty(capacity, dtype=np.float64)
        self._n = 0
        self._lock = threading.Lock()

    def append(self, t: float, value: float | None) -> None:
        """Add one point; ``None`` is stored as NaN (a gap in the curve)."""
        with self._lock:
            if self._n == len(self._t):
                self._make_room()
            self._t[self._n] = t
            self._v[self._n] = np.nan if value is None else value
            self._n += 1

    def _make_room(self) -> None:
        if self.max_points is not None and self._n >= self.max_points:
            keep = self._n // 2
            self._t[:keep] = self._t[self._n - keep:self._n]
            self._v[:keep] = self._v[self._n - keep:self._n]
            self._n = keep
            return
        size = len(self._t) * 2
        if self.max_points is not None:
            size = min(size, self.max_points)
        self._t = np.resize(self._t, size)
        self._v = np.resize(self._v, size)

    def snapshot(self, since: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Copies of (t, values) as float64 arrays; only points with ``t >= since`` when given (t ascending)."""
        with self._lock:
            t = self._t[: self._n]
            v = self._v[: self._n]
            if since is not None:
                start = int(np.searchsorted(t, since, side="left"))
                t, v = t[start:], v[start:]
            return t.copy(), v.copy()

    def last(self) -> tuple[float, float] | None:
        with self._lock:
            if self._n == 0:
                return None
            return float(self._t[self._n - 1]), float(self._v[self._n - 1])

    def clear(self) -> None:
        with self._lock:
            self._n = 0

    def __len__(self) -> int:
        return self._n


class SeriesSet:
    """Named buffers, created on first use (``series["online"].append(t, v)``); thread-safe."""

    def __init__(self, *, capacity: int = INITIAL_CAPACITY, max_points: int | None = None) -> None:
        self._buffers: dict[str, SeriesBuffer] = {}
        self._capacity = capacity
        self._max_points = max_points
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> SeriesBuffer:
        buffer = self._buffers.get(name)
        if buffer is None:
            with self._lock:
                buffer = self._buffers.get(name)
                if buffer is None:
                    buffer = self._buffers[name] = SeriesBuffer(name, capacity=self._capacity,
                                                                max_points=self._max_points)
        return buffer

    def names(self) -> list[str]:
        return list(self._buffers)

    def __iter__(self) -> Iterator[SeriesBuffer]:
        return iter(list(self._buffers.values()))

    def __contains__(self, name: object) -> bool:
        return name in self._buffers
