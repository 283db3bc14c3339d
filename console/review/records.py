"""What a recorded show is made of once loaded: typed, frozen records (no database, no Qt).

:mod:`console.review.queries` reads them from the database, :mod:`console.review.markers`
builds the time-axis markers from them; the window, the report, the comparison and
the CLI read them.
"""

from __future__ import annotations

import dataclasses
from array import array
from typing import Any, Mapping, NamedTuple, Protocol, Sequence

from console.compliance.matcher import Hit

class SeriesByName(Protocol):
    """What a review's ``series`` is: :class:`console.review.queries.SeriesStore` reads the
    database lazily; a record only names the face it shows (no import of the queries)."""

    def __getitem__(self, name: str) -> "Series": ...

    def __iter__(self) -> Any: ...

    def __contains__(self, name: object) -> bool: ...

@dataclasses.dataclass(frozen=True, slots=True)
class ShowInfo:
    id: str
    title: str
    kind: str  # live | rehearsal
    room: str
    anchor: str | None
    script_path: str | None
    script_sha256: str | None
    speed: float
    started_at: float
    ended_at: float | None
    heartbeat_at: float | None
    status: str  # open | running | ended | ended_early | not_started
    #: When the audience began to be taken, before the start (the PRE row); None: opened at its start.
    opened_at: float | None = None

    @property
    def started(self) -> bool:
        """False for a show opened but never started (all its events are pre-show)."""
        return self.status not in ("open", "not_started")

    @property
    def duration_s(self) -> float:
        """Recorded length; a show that never ended (crash) lasts until its last heartbeat."""
        end = self.ended_at if self.ended_at is not None else (self.heartbeat_at or self.started_at)
        return max(0.0, end - self.started_at)


@dataclasses.dataclass(frozen=True, slots=True)
class ShowSummary:
    """One line of the list of recorded shows."""

    show: ShowInfo
    gmv: float
    incident_count: int

    @property
    def id(self) -> str:
        return self.show.id


@dataclasses.dataclass(frozen=True, slots=True)
class PlannedModule:
    idx: int
    module_id: str
    type: str
    title: str
    planned_s: float
    anchor: str | None = None  # the module's own anchor; None: the show's


@dataclasses.dataclass(frozen=True, slots=True)
class ModuleRun:
    """One stretch during which a module was on (a re-entered module has several)."""

    module_id: str
    idx: int
    started_at: float
    ended_at: float | None


@dataclasses.dataclass(frozen=True, slots=True)
class CueRecord:
    ts: float
    module_id: str
    cue_index: int  # -1: the module's own scene switch at its start
    action: str
    at_s: float
    status: str  # fired | failed | skipped | missed
    error: str | None
    detail: Mapping[str, Any] | None


@dataclasses.dataclass(frozen=True, slots=True)
class ObsActionRecord:
    ts: float
    origin: str
    request: str
    params: Mapping[str, Any] | None
    ok: bool
    code: int | None
    comment: str | None
    latency_ms: float | None


@dataclasses.dataclass(frozen=True, slots=True)
class OperatorCommand:
    ts: float
    command: str
    args: Mapping[str, Any] | None
    who: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class IncidentEntry:
    ts: float
    kind: str  # trigger | step | ack | check | escalate | resolve | note
    text: str
    ok: bool | None
    error: str | None
    who: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class Incident:
    id: str
    playbook_id: str
    title: str
    severity: str
    drill: bool
    state: str
    module_id: str | None
    opened_at: float
    acknowledged_at: float | None
    resolved_at: float | None
    entries: tuple[IncidentEntry, ...]

    @property
    def ack_s(self) -> float | None:
        """Response time: from opening to the operator's acknowledgement."""
        return None if self.acknowledged_at is None else self.acknowledged_at - self.opened_at

    @property
    def resolve_s(self) -> float | None:
        return None if self.resolved_at is None else self.resolved_at - self.opened_at


class Comment(NamedTuple):
    """One comment of the stream (a NamedTuple: a 4-hour show has ~100,000, built in one pass)."""

    ts: float
    user: str
    nick: str | None
    text: str
    module_id: str | None
    hits: tuple[Hit, ...] = ()


class CommentStream(Sequence[Comment]):
    """The show's comments in time order; a :class:`Comment` is built when it is asked for.

    Keeps the rows as read (ts, module_id, user, text, nick): a view shows a
    few dozen rows at a time and the report a few thousand, so building
    100,000 objects up front would only cost time at opening.
    """

    __slots__ = ("_rows", "_hits", "flagged_indexes")

    def __init__(self, rows: Sequence[tuple], hits: Mapping[int, tuple[Hit, ...]]) -> None:
        self._rows = rows
        self._hits = dict(hits)
        #: Indexes of the comments with banned or risky wording, in time order.
        self.flagged_indexes: tuple[int, ...] = tuple(sorted(self._hits))

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(len(self._rows)))]
        if index < 0:
            index += len(self._rows)
        return self._make(index)

    def _make(self, index: int) -> Comment:
        ts, module_id, user, text, nick = self._rows[index]
        return Comment(ts, user or "", nick, text or "", module_id, self._hits.get(index, ()))

    def flagged(self) -> list[Comment]:
        return [self._make(i) for i in self.flagged_indexes]

    def rows(self) -> Sequence[tuple]:
        """The rows as read, (ts, module_id, user, text, nick): for a pass over all comments without objects."""
        return self._rows

    def hits_at(self, index: int) -> tuple[Hit, ...]:
        return self._hits.get(index, ())


@dataclasses.dataclass(frozen=True, slots=True)
class Series:
    """One numeric series (``samples.series``): parallel float64 arrays, ts ascending."""

    name: str
    ts: array
    values: array  # NaN where the stored value was NULL

    def __len__(self) -> int:
        return len(self.ts)


@dataclasses.dataclass(frozen=True, slots=True)
class Marker:
    """Something that happened at an instant, shown on the show's time axis."""

    ts: float
    kind: str  # scene | cue | incident | gap (an audience source delivered nothing)
    label: str
    detail: str  # several lines of plain text (escape before putting it in HTML)
    ok: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class ModuleTiming:
    """Plan against reality for one module of the plan."""

    module: PlannedModule
    runs: tuple[ModuleRun, ...]
    actual_s: float
    first_start: float | None

    @property
    def over_under_s(self) -> float:
        return self.actual_s - self.module.planned_s


@dataclasses.dataclass(frozen=True, slots=True)
class ShowReview:
    """Everything the review shows for one recorded show."""

    show: ShowInfo
    planned: tuple[PlannedModule, ...]
    runs: tuple[ModuleRun, ...]
    cues: tuple[CueRecord, ...]
    obs_actions: tuple[ObsActionRecord, ...]
    commands: tuple[OperatorCommand, ...]
    incidents: tuple[Incident, ...]
    events: tuple[Any, ...]  # console.audience.events typed events: other kinds in time order, then comments in time order
    event_modules: tuple[str | None, ...]  # the stored attribution, parallel to events
    comments: CommentStream
    series: SeriesByName  # by name; read lazily, see console.review.queries.SeriesStore
    kpis: Any  # list of console.metrics.kpi.KpiRow (modules in run order, then TOTAL), see kpi_adapter
    markers: tuple[Marker, ...]
    load_s: float = 0.0

    @property
    def start(self) -> float:
        return self.show.started_at

    @property
    def end(self) -> float:
        candidates = [self.show.started_at + self.show.duration_s]
        candidates.extend(r.ended_at for r in self.runs if r.ended_at is not None)
        return max(candidates)

    def timings(self) -> list[ModuleTiming]:
        """The plan in plan order with each module's actual runs."""
        return module_timings(self.planned, self.runs, self.end)

    def module_title(self, module_id: str | None) -> str:
        for module in self.planned:
            if module.module_id == module_id:
                return module.title
        return module_id or ""


def module_timings(planned: Sequence[PlannedModule], runs: Sequence[ModuleRun], show_end: float) -> list[ModuleTiming]:
    by_module: dict[str, list[ModuleRun]] = {}
    for run in runs:
        by_module.setdefault(run.module_id, []).append(run)
    timings = []
    for module in planned:
        module_runs = tuple(by_module.get(module.module_id, ()))
        actual = sum(((r.ended_at if r.ended_at is not None else show_end) - r.started_at) for r in module_runs)
        first = min((r.started_at for r in module_runs), default=None)
        timings.append(ModuleTiming(module, module_runs, max(0.0, actual), first))
    return timings
