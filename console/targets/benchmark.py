"""The room's own benchmark (issue 15 point 2): median and top quartile of a KPI over its last N shows.

The 罗盘 idea of 中位值 / 优秀值, per room and per scope: the whole show
(``TOTAL``) or a module type (``interaction``, ``conversion`` …), so a module's
figure is set beside the room's usual figure *for that kind of module*.

Which shows: the room's last :data:`DEFAULT_SHOWS` ended **live** shows
(rehearsals are practice, not the room's record), newest first, the show being
judged left out. Each show's KPIs per scope are computed once by the shared KPI
code (``console.review.kpi_adapter.by_type``, the review's own numbers) and kept
in ``show_kpi_summaries`` (migration 0006); later reads are one query.

"Top quartile" is the better quarter's edge: the 75th percentile for a KPI
whose target is a ``min`` (higher is better), the 25th for a ``max`` (lower is
better). Percentiles interpolate linearly between the sorted values (the usual
"linear" method); with no show that has the KPI, both are None.

Reads the database: call it off the GUI thread (the window runs it on a worker).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import Engine, delete, select

from console.metrics.kpi import KPI_NAMES, TOTAL
from db import schema

log = logging.getLogger(__name__)

#: How many of the room's last shows make its benchmark (two working weeks of daily shows).
DEFAULT_SHOWS = 10


@dataclasses.dataclass(frozen=True, slots=True)
class BenchmarkValue:
    median: float | None
    top_quartile: float | None
    shows: int  # how many shows had a value


@dataclasses.dataclass(frozen=True, slots=True)
class RoomBenchmark:
    room: str
    show_ids: tuple[str, ...]  # the shows it is made of, newest first
    values: Mapping[tuple[str, str], BenchmarkValue]  # (scope, kpi) → value

    def get(self, kpi: str, scope: str = TOTAL) -> BenchmarkValue | None:
        return self.values.get((scope, kpi))


EMPTY = RoomBenchmark("", (), {})


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks of the sorted ``values`` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(values: list[float], higher_is_better: bool = True) -> BenchmarkValue:
    return BenchmarkValue(percentile(values, 0.5), percentile(values, 0.75 if higher_is_better else 0.25), len(values))


def show_summary(engine: Engine, show_id: str) -> dict[tuple[str, str], float | None]:
    """(scope, kpi) → value of one show, from the cache or computed (and cached when the show has ended)."""
    table = schema.show_kpi_summaries
    with engine.connect() as connection:
        rows = connection.execute(select(table.c.scope, table.c.kpi, table.c.value)
                                  .where(table.c.show_id == show_id)).all()
    if rows:
        return {(scope, kpi): value for scope, kpi, value in rows}
    from console.review import kpi_adapter, queries

    # Figures only: no banned-wording scan, no comment texts held (a 4-hour show loads in a fifth of the memory).
    review = queries.load_review(engine, show_id, matcher=queries.NO_WORDING, comment_texts=False)
    summary: dict[tuple[str, str], float | None] = {}
    for row in kpi_adapter.by_type(review):
        scope = TOTAL if row.module_id == TOTAL else row.module_id
        for name in KPI_NAMES:
            value = getattr(row, name)
            summary[(scope, name)] = None if value is None else float(value)
    if review.show.status != "running":
        with engine.begin() as connection:
            connection.execute(delete(table).where(table.c.show_id == show_id))
            connection.execute(table.insert(), [{"show_id": show_id, "scope": scope, "kpi": name, "value": value}
                                                for (scope, name), value in summary.items()])
    return summary


def last_shows(engine: Engine, room: str, shows: int = DEFAULT_SHOWS, exclude: Iterable[str] = ()) -> list[str]:
    """The room's last ``shows`` ended live shows, newest first."""
    table = schema.shows
    excluded = set(exclude)
    with engine.connect() as connection:
        ids = connection.scalars(
            select(table.c.id).where(table.c.room == room, table.c.kind == "live", table.c.status != "running")
            .order_by(table.c.started_at.desc()).limit(shows + len(excluded))).all()
    return [show_id for show_id in ids if show_id not in excluded][:shows]


def room_benchmark(engine: Engine, room: str, *, shows: int = DEFAULT_SHOWS, exclude: Iterable[str] = (),
                   higher_is_better: Mapping[str, bool] | None = None,
                   cancelled: Callable[[], bool] = lambda: False) -> RoomBenchmark:
    """The room's benchmark over its last ``shows`` shows; ``higher_is_better[kpi]`` picks the quartile's side.

    A show that cannot be read is left out (logged), never fatal. ``cancelled()``
    is asked before each show (a show never summarised takes seconds to read):
    when it says so, the benchmark so far is returned.
    """
    better = higher_is_better or {}
    show_ids = last_shows(engine, room, shows, exclude)
    collected: dict[tuple[str, str], list[float]] = {}
    used = []
    for show_id in show_ids:
        if cancelled():
            break
        try:
            summary = show_summary(engine, show_id)
        except Exception:  # one unreadable show must not cost the benchmark
            log.exception("the benchmark skips show %s", show_id)
            continue
        used.append(show_id)
        for key, value in summary.items():
            if value is not None:
                collected.setdefault(key, []).append(value)
    values = {key: summarise(found, better.get(key[1], True)) for key, found in collected.items()}
    return RoomBenchmark(room, tuple(used), values)


def benchmark_object(benchmark: RoomBenchmark, names: Iterable[str], scopes: Iterable[str]) -> dict[str, Any]:
    """For the JSON review: {scope: {kpi: {median, top_quartile, shows}}} of the given KPIs."""
    result: dict[str, Any] = {}
    for scope in scopes:
        for name in names:
            value = benchmark.get(name, scope)
            if value is not None:
                result.setdefault(scope, {})[name] = dataclasses.asdict(value)
    return {"room": benchmark.room, "shows": list(benchmark.show_ids), "values": result}
