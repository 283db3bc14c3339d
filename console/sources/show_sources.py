"""The audience sources of one show: built from the ``--source`` specs, started and stopped with it.

:class:`ShowSources` is what a :class:`~console.session.ShowSession` owns: the
specs chosen for the show (command line, the window's File → Audience
sources…), the running :class:`~console.sources.base.AudienceSource` objects
once :meth:`ShowSources.start` built them through the registry, their health
for the connection bar, the rooms wall and the detectors, and the show's
:class:`SourceGaps`.

Every source's events pass through :meth:`ShowSources._sink` on their way to
the pipeline (``ShowSession.submit``): that is where the ``source_gap``
markers are seen, so :class:`SourceGaps` knows every closed outage at the
moment it is recorded, and the outage in progress from the source's state.

Clocks: gaps are in wall-clock Unix seconds (the sources stamp them so); at
speed 1 (every live show) that is the show clock. A rehearsal at another speed
with a real source would compare different clocks — sources are for live
feeds, and the simulator is the rehearsal's audience.

Threads: :meth:`start` builds and starts the sources (the intake's token may be
read from the keyring there: call it off the GUI thread, as the window's
``intake-open`` worker does); :meth:`stop` joins their threads (the show's
close, off the GUI thread in the window). :meth:`health` and
:class:`SourceGaps` are read from any thread.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from console.sources import registry
from console.sources.base import AudienceSource, SourceState, SourceStatus
from console.sources.spec import SourceSpec, SourceSpecError

log = logging.getLogger(__name__)

#: States in which a source delivers nothing: the ``source_down`` detector's states.
DOWN_STATES = frozenset({SourceState.BACKOFF, SourceState.RATE_LIMITED, SourceState.AUTH_EXPIRED,
                         SourceState.FAILED})


class SourceGaps:
    """The show's outages of audience data: closed ones (``source_gap`` markers) and those in progress.

    ``in_gap(ts)`` is the small API the detectors and adjustment rules call:
    True when the Unix instant ``ts`` falls inside a recorded gap or after the
    start of an outage still in progress — figures there are missing, not low.
    A source that was never live has no gap (there was no feed to lose).
    Thread-safe: sources' threads write, the tick reads.
    """

    def __init__(self) -> None:
        self._closed: list[tuple[float, float]] = []
        self._open: dict[str, float] = {}
        self._lock = threading.Lock()

    def record(self, start: float, end: float) -> None:
        """A closed gap ``[start, end]`` (a ``source_gap`` marker)."""
        if end < start:
            start, end = end, start
        with self._lock:
            self._closed.append((start, end))

    def opened(self, name: str, since: float) -> None:
        with self._lock:
            self._open[name] = since

    def closed(self, name: str) -> None:
        with self._lock:
            self._open.pop(name, None)

    def in_gap(self, ts: float) -> bool:
        """Is the instant ``ts`` inside an outage (recorded or in progress)?"""
        return self.overlaps(ts, ts)

    def overlaps(self, start: float, end: float) -> bool:
        """Does any outage touch the interval ``[start, end]`` (a detector's window)?"""
        with self._lock:
            if any(since <= end for since in self._open.values()):
                return True
            return any(gap_start <= end and start <= gap_end for gap_start, gap_end in self._closed)

    def intervals(self, now: float) -> list[tuple[float, float]]:
        """Every outage as ``(start, end)``; one in progress ends at ``now`` (the review's and charts' holes)."""
        with self._lock:
            return sorted([*self._closed, *((since, max(since, now)) for since in self._open.values())])


@dataclass(frozen=True, slots=True)
class SourceReport:
    """One source's line on the connection bar and the wall (``ShowSession.source_health``)."""

    kind: str
    target: str
    state: str
    reason: str
    events_per_minute: float
    events: int
    since: float

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target, "state": self.state, "reason": self.reason,
                "events_per_minute": round(self.events_per_minute, 1), "events": self.events,
                "since": round(self.since, 3)}


class ShowSources:
    """The sources of one show (see the module docstring)."""

    def __init__(self, specs: Sequence[SourceSpec] = (), *, sink: Callable[[list[Any]], Any],
                 products: Any = (), options: dict[str, Any] | None = None,
                 on_start: Callable[[], Any] | None = None) -> None:
        """``on_start()`` runs before the first source starts (the session opens its pre-show record)."""
        self.specs = list(specs)
        self.gaps = SourceGaps()
        self.sources: list[AudienceSource] = []
        #: One line per source that could not be built (an unknown kind remembered from another install…).
        self.failures: list[str] = []
        self._downstream = sink
        self._products = products
        self._options = dict(options or {})
        self._on_start = on_start
        self._lock = threading.Lock()
        self._started = False
        self._start_arguments: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self.specs)

    @property
    def started(self) -> bool:
        return self._started

    def start(self, *, intake_url: str | None = None, intake_token: Callable[[], str] | None = None) -> list[str]:
        """Build every source through the registry and start it; returns a line per one that cannot run.

        A source that cannot be built is left out (its line says why) and the
        show goes on with the others: one bad ``--source`` must not cost the
        intake or the other feeds. Calling it twice starts nothing new.
        """
        with self._lock:
            if self._started:
                return []
            self._started = True
            self._start_arguments = {"intake_url": intake_url, "intake_token": intake_token}
        if self.specs and self._on_start is not None:
            self._on_start()
        context = registry.SourceContext(sink=self._sink, products=self._products, intake_url=intake_url,
                                         intake_token=intake_token, options=self._options)
        for spec in self.specs:
            try:
                source = registry.build(spec, context)
            except (SourceSpecError, ValueError, OSError) as exc:
                line = f"the audience source {spec} is off: {exc}"
                log.warning("%s", line)
                self.failures.append(line)
                continue
            source.state_changed.connect(self._on_state)
            with self._lock:
                self.sources.append(source)
            source.start()
        return list(self.failures)

    def replace(self, specs: Sequence[SourceSpec]) -> list[str]:
        """Use ``specs`` from now on: the running sources stop and the new ones start (when started).

        The window's File → Audience sources… on an open show. Joins threads: off the GUI thread.
        """
        with self._lock:
            started, arguments = self._started, dict(self._start_arguments)
            self.specs = list(specs)
        if not started:
            return []
        self.stop()
        with self._lock:
            self.sources = []
            self.failures = []
            self._started = False
        return self.start(**arguments)

    def stop(self) -> None:
        """Stop every source and join its thread (their last events and open gaps are handed over first)."""
        with self._lock:
            sources = list(self.sources)
        for source in sources:
            source.stop()
            source.state_changed.disconnect(self._on_state)

    def health(self, now: float | None = None) -> list[SourceReport]:
        """Each source's state, reason and events per minute, in the order they were given."""
        with self._lock:
            sources = list(self.sources)
        reports = []
        for source in sources:
            health = source.health(now)
            reports.append(SourceReport(source.KIND, source.target, health.state.value, health.reason,
                                        health.events_per_minute, health.events, health.since))
        return reports

    # -- the sources' threads -------------------------------------------------
    def _sink(self, events: list[Any]) -> Any:
        for event in events:
            if event.kind == "source_gap":
                fields = getattr(event, "fields", {})
                try:
                    self.gaps.record(float(fields["from"]), float(fields["to"]))
                except (KeyError, TypeError, ValueError):
                    log.warning("a source_gap marker without from/to: %s", fields)
        return self._downstream(events)

    def _on_state(self, source: AudienceSource, status: SourceStatus) -> None:
        if status.state is SourceState.LIVE or source.gap_open_since is None:
            self.gaps.closed(source.name)
        else:
            self.gaps.opened(source.name, source.gap_open_since)
