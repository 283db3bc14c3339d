"""A show's targets while it runs: statuses for the tiles and charts, the room's benchmark, incident impact.

:class:`ShowTargets` is the one collaborator a :class:`~console.session.ShowSession`
gets for the targets issue (built in :func:`attach`, called once by
``console.show_assembly``). It holds the targets that apply (resolved off the
GUI thread, where the script was read), the room's benchmark (filled later by
a worker: :meth:`load_benchmark` reads the database) and an
:class:`~console.targets.impact.ImpactTracker` fed the show's committed events
on the tick's thread. Readers on any thread go through one lock.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Sequence

from console.metrics.kpi import TOTAL
from console.targets.benchmark import EMPTY, RoomBenchmark, room_benchmark
from console.targets.impact import BEFORE_S, ImpactTracker, IncidentImpact
from console.targets.model import SHIPPED, Status, Targets


class ShowTargets:
    def __init__(self, targets: Targets | None = None, *,
                 show_start: Callable[[], float | None] | None = None) -> None:
        """``show_start()``: the show's start on the events' clock (None before it starts); cuts impact windows.
        The comment instants older than a new incident's window (and a minute) are let go, their counts
        kept per second (ImpactTracker.forget_comments_before): an incident open for an hour is measured
        to the second at its old edges, and a headless show's never-resolved incident holds nothing."""
        self.targets = targets or SHIPPED
        self._lock = threading.Lock()
        self._impact = ImpactTracker()
        self._show_start = show_start
        self._benchmark: RoomBenchmark = EMPTY

    # -- feeds (the show's tick thread) -----------------------------------
    def on_accepted(self, events: Sequence[Any], _module_ids: Sequence[str | None] = ()) -> None:
        with self._lock:
            self._impact.add(events)
            if events:  # an incident opened from now on measures its 5 minutes before exactly (a minute to spare)
                self._impact.forget_comments_before(max(event.ts for event in events) - BEFORE_S - 60.0)

    # -- the benchmark (a worker: reads the database) ------------------------
    def load_benchmark(self, engine: Any, room: str, exclude: Sequence[str] = (),
                       cancelled: Callable[[], bool] = lambda: False) -> RoomBenchmark:
        better = {name: bound.higher_is_better for name, bound in self.targets.show.items()}
        for bounds in self.targets.by_module_type.values():
            better.update({name: bound.higher_is_better for name, bound in bounds.items()})
        benchmark = room_benchmark(engine, room, exclude=exclude, higher_is_better=better, cancelled=cancelled)
        with self._lock:
            self._benchmark = benchmark
        return benchmark

    @property
    def benchmark(self) -> RoomBenchmark:
        with self._lock:
            return self._benchmark

    # -- reading (any thread) -------------------------------------------------
    def statuses(self, row: Any, module_type: str | None = None) -> dict[str, Status | None]:
        """Statuses of a KPI row: the show's bounds (``module_type`` None) or a module type's."""
        return self.targets.statuses(row, module_type)

    def show_statuses(self, snapshot: Any) -> dict[str, Status | None]:
        return self.statuses(snapshot.show)

    def module_statuses(self, snapshot: Any) -> dict[str, Status | None]:
        module = snapshot.module
        return {} if module is None else self.statuses(module, module.type or None)

    def scope_of(self, row: Any) -> str:
        return TOTAL if row is None or row.module_id == TOTAL else (row.type or TOTAL)

    def impact(self, opened_at: float, now: float, resolved_at: float | None = None) -> IncidentImpact:
        start = self._show_start() if self._show_start is not None else None
        with self._lock:
            self._impact.show_start = start
            return self._impact.impact(opened_at, resolved_at if resolved_at is not None else now)


def attach(session: Any, targets: Targets | None) -> ShowTargets:
    """Give ``session`` its :class:`ShowTargets` (``session.targets``), fed by its pipeline."""
    show_targets = ShowTargets(targets, show_start=lambda: session.runtime.unix_start)
    session.targets = show_targets
    session.pipeline.accepted.connect(show_targets.on_accepted)
    return show_targets
