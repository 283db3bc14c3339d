"""Loading a recorded show from the database into typed, frozen objects, fast.

:func:`load_review` reads everything the review's first view needs (plan,
actual timeline, cues, OBS actions, incidents with their timelines, audience
events, samples) with one select per table, each on the ``(show_id, ts)`` /
``(show_id, series, ts)`` indexes, and computes the KPI table with the shared
KPI code (``console.metrics.kpi``) and the markers
(:mod:`console.review.markers`); the records it returns are in
:mod:`console.review.records`. It runs on whatever thread calls it (the
review window calls it on a worker thread, the CLI on the main thread) and
reports progress through an optional callback on that same thread.

Speed notes (a 4-hour show has ~290,000 samples and ~100,000 comments):

- JSON columns are read as text (``type_coerce(..., Text)``) and decoded with
  one ``json.loads`` per row here: SQLAlchemy's JSON result processor costs
  about twice as much per row.
- Samples are selected as bare ``(series, ts, value)`` ordered by the index
  and split into ``array('d')`` columns in one pass; charts downsample later.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from array import array
from itertools import groupby
from operator import itemgetter
from typing import Any, Callable, Iterable, Mapping, Sequence

from sqlalchemy import Engine, Text, func, select, type_coerce

from console.compliance import default_matcher
from console.compliance.matcher import Hit
from console.review import kpi_adapter
from console.review.markers import build_markers
from console.review.records import (
    CommentStream, CueRecord, Incident, IncidentEntry, ModuleRun, ObsActionRecord, OperatorCommand, PlannedModule,
    Series, ShowInfo, ShowReview, ShowSummary,
)
from db import schema

#: ``progress(fraction 0..1, what)``; called on the loading thread.
Progress = Callable[[float, str], None]


class ShowNotFound(LookupError):
    """No recorded show has that id (or there is no show at all for ``latest``)."""


def _show_info(row: Any) -> ShowInfo:
    return ShowInfo(row.id, row.title, row.kind, row.room or "", row.anchor, row.script_path, row.script_sha256,
                    float(row.speed or 1.0), float(row.started_at), row.ended_at, row.heartbeat_at, row.status,
                    row.opened_at)


_SHOW_COLUMNS = [schema.shows.c[name] for name in (
    "id", "title", "kind", "room", "anchor", "script_path", "script_sha256", "speed", "started_at", "ended_at",
    "heartbeat_at", "status", "opened_at")]


def list_shows(engine: Engine) -> list[ShowSummary]:
    """Every recorded show and rehearsal, newest first, with its GMV and incident count.

    GMV here is Σ order.amount − Σ refund.amount summed in SQL (one grouped
    query for all shows, CONTRACTS.md §4's definition); the review of one show
    computes it with the shared KPI code from the same rows.
    """
    events = schema.audience_events
    incidents = schema.incidents
    amount = events.c.data["amount"].as_float()
    with engine.connect() as connection:
        shows = connection.execute(select(*_SHOW_COLUMNS).order_by(schema.shows.c.started_at.desc())).all()
        money = connection.execute(
            select(events.c.show_id, events.c.kind, func.sum(amount))
            .where(events.c.kind.in_(("order", "refund")))
            .group_by(events.c.show_id, events.c.kind)).all()
        counts = dict(connection.execute(
            select(incidents.c.show_id, func.count()).where(incidents.c.drill.is_(False))
            .group_by(incidents.c.show_id)).all())
    gmv: dict[str, float] = {}
    for show_id, kind, total in money:
        gmv[show_id] = gmv.get(show_id, 0.0) + (float(total or 0.0) if kind == "order" else -float(total or 0.0))
    return [ShowSummary(_show_info(row), round(gmv.get(row.id, 0.0), 2), int(counts.get(row.id, 0))) for row in shows]


def resolve_show_id(engine: Engine, show: str) -> str:
    """``latest`` → the most recently started show's id; an id → itself if recorded. Raises ShowNotFound."""
    table = schema.shows
    with engine.connect() as connection:
        if show == "latest":
            found = connection.scalar(select(table.c.id).order_by(table.c.started_at.desc()).limit(1))
            if found is None:
                raise ShowNotFound("no show has been recorded yet")
            return found
        found = connection.scalar(select(table.c.id).where(table.c.id == show))
        if found is None:
            # Accept a unique id prefix, as the list prints short ids.
            matches = connection.scalars(select(table.c.id).where(table.c.id.startswith(show, autoescape=True))
                                         .limit(2)).all() if len(show) >= 4 else []
            if len(matches) == 1:
                return matches[0]
            raise ShowNotFound(f"no recorded show with id {show!r} (see `liveroom review --list`)")
        return found


def _loads(text: Any) -> Any:
    # PostgreSQL's driver hands a json column back already decoded.
    if text is None or isinstance(text, (dict, list)):
        return text
    return json.loads(text) if text else None


def _as_text(column: Any) -> Any:
    """Read a JSON column as its stored text: decoding here is cheaper than the JSON result processor."""
    return type_coerce(column, Text)


def load_review(engine: Engine, show_id: str, progress: Progress | None = None, *,
                matcher: Any | None = None, comment_texts: bool = True) -> ShowReview:
    """Load show ``show_id`` (raises ShowNotFound) with its KPI table, comment hits and markers.

    ``matcher`` (``find(text) -> hits``) flags banned wording in comments; by
    default the shared compliance matcher when it is installed; :data:`NO_WORDING`
    flags none (figures that need no hits).

    ``comment_texts=False`` is for figures only (the show's summary at close,
    console.anchors.summary): the comments' texts are scanned for banned wording
    in batches and let go, so ``comments`` holds no rows (its ``flagged_indexes``
    are still right) and the comment events carry no text. Comment rows are most
    of a show and their texts most of its memory: a 4-hour soak show (4 million
    comments) takes 2.6 GB to load whole and about a fifth of that this way.
    """
    began = time.perf_counter()
    report = progress or (lambda _fraction, _what: None)
    matcher = None if matcher is NO_WORDING else (matcher if matcher is not None else default_comment_matcher())
    report(0.0, "show")
    with engine.connect() as connection:
        row = connection.execute(select(*_SHOW_COLUMNS).where(schema.shows.c.id == show_id)).first()
        if row is None:
            raise ShowNotFound(f"no recorded show with id {show_id!r}")
        sm = schema.samples
        names = connection.scalars(select(sm.c.series).where(sm.c.show_id == show_id).distinct()
                                   .order_by(sm.c.series)).all()
        show = _show_info(row)
        pm = schema.planned_modules
        planned = tuple(PlannedModule(r.idx, r.module_id, r.type, r.title, float(r.planned_s), r.anchor)
                        for r in connection.execute(
            select(pm.c.idx, pm.c.module_id, pm.c.type, pm.c.title, pm.c.planned_s, pm.c.anchor)
            .where(pm.c.show_id == show_id).order_by(pm.c.idx)))
        mr = schema.module_runs
        runs = tuple(ModuleRun(r.module_id, r.idx, float(r.started_at), r.ended_at) for r in connection.execute(
            select(mr.c.module_id, mr.c.idx, mr.c.started_at, mr.c.ended_at)
            .where(mr.c.show_id == show_id).order_by(mr.c.started_at, mr.c.id)))
        cr = schema.cue_results
        cues = tuple(CueRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _loads(r[7])) for r in connection.execute(
            select(cr.c.ts, cr.c.module_id, cr.c.cue_index, cr.c.action, cr.c.at_s, cr.c.status, cr.c.error,
                   _as_text(cr.c.detail)).where(cr.c.show_id == show_id).order_by(cr.c.ts, cr.c.id)))
        oa = schema.obs_actions
        obs_actions = tuple(
            ObsActionRecord(r[0], r[1], r[2], _loads(r[3]), bool(r[4]), r[5], r[6], r[7]) for r in connection.execute(
                select(oa.c.ts, oa.c.origin, oa.c.request, _as_text(oa.c.params), oa.c.ok, oa.c.code, oa.c.comment,
                       oa.c.latency_ms).where(oa.c.show_id == show_id).order_by(oa.c.ts, oa.c.id)))
        oc = schema.operator_commands
        commands = tuple(OperatorCommand(r[0], r[1], _loads(r[2]), r[3]) for r in connection.execute(
            select(oc.c.ts, oc.c.command, _as_text(oc.c.args), oc.c.who)
            .where(oc.c.show_id == show_id).order_by(oc.c.ts, oc.c.id)))
        report(0.1, "incidents")
        incidents = _load_incidents(connection, show_id)
        report(0.2, "comments")
        ae = schema.audience_events
        if not comment_texts:
            lean = _lean_comments(connection, show_id, matcher)
        # Comments are ~90 % of a show's events: their three fields are pulled
        # out of the JSON by the database (json_extract / ->>), about half the
        # cost of fetching the text and decoding it here.
        comment_rows = [] if not comment_texts else _raw_rows(connection, select(
            ae.c.ts, ae.c.module_id, ae.c.data["user"].as_string(), ae.c.data["text"].as_string(),
            ae.c.data["nick"].as_string())
            .where(ae.c.show_id == show_id, ae.c.kind == "comment").order_by(ae.c.ts, ae.c.id))
        report(0.35, "audience events")
        other_rows = _raw_rows(connection, select(ae.c.ts, ae.c.kind, ae.c.module_id, _as_text(ae.c.data))
                               .where(ae.c.show_id == show_id, ae.c.kind != "comment").order_by(ae.c.ts, ae.c.id))
    report(0.45, "decoding")
    events, event_modules, comments = _assemble_events(comment_rows, other_rows, matcher)
    if not comment_texts:
        events, event_modules, comments = events + lean[0], event_modules + lean[1], lean[2]
        del lean
    del comment_rows, other_rows
    report(0.7, "samples")
    series = SeriesStore(engine, show_id, names, preload=PRELOADED_SERIES)
    report(0.85, "KPIs")
    review = ShowReview(show, planned, runs, cues, obs_actions, commands, incidents, events, event_modules,
                        comments, series, None, ())
    kpis = compute_review_kpis(review)
    markers = build_markers(review)
    review = dataclasses.replace(review, kpis=kpis, markers=markers, load_s=time.perf_counter() - began)
    report(1.0, "done")
    return review


def _load_incidents(connection: Any, show_id: str) -> tuple[Incident, ...]:
    inc = schema.incidents
    ent = schema.incident_entries
    incident_rows = connection.execute(
        select(inc.c.id, inc.c.playbook_id, inc.c.title, inc.c.severity, inc.c.drill, inc.c.state, inc.c.module_id,
               inc.c.opened_at, inc.c.acknowledged_at, inc.c.resolved_at)
        .where(inc.c.show_id == show_id).order_by(inc.c.opened_at)).all()
    entries: dict[str, list[IncidentEntry]] = {}
    if incident_rows:
        for r in connection.execute(
                select(ent.c.incident_id, ent.c.ts, ent.c.kind, ent.c.text, ent.c.ok, ent.c.error, ent.c.who)
                .join(inc, inc.c.id == ent.c.incident_id).where(inc.c.show_id == show_id)
                .order_by(ent.c.ts, ent.c.id)):
            entries.setdefault(r[0], []).append(IncidentEntry(r[1], r[2], r[3], r[4], r[5], r[6]))
    return tuple(Incident(r.id, r.playbook_id, r.title, r.severity, bool(r.drill), r.state, r.module_id,
                          float(r.opened_at), r.acknowledged_at, r.resolved_at, tuple(entries.get(r.id, ())))
                 for r in incident_rows)


#: ``load_review(matcher=NO_WORDING)``: flag no comment (the default None means the shared lexicon).
NO_WORDING = object()

#: Comments read and scanned at a time by a load without texts (:func:`_lean_comments`).
LEAN_BATCH = 50_000


def _batches(connection: Any, statement: Any) -> Iterable[Sequence[tuple]]:
    """The rows of ``statement`` in lists of :data:`LEAN_BATCH` (never all of them at once; a server-side
    cursor on PostgreSQL). Through SQLAlchemy's result: a streaming result buffers rows ahead of the DB-API
    cursor, so reading that cursor directly would skip them."""
    result = connection.execute(statement, execution_options={"yield_per": LEAN_BATCH})  # this statement only
    try:
        yield from result.partitions()
    finally:
        result.close()


def _lean_comments(connection: Any, show_id: str, matcher: Any | None
                   ) -> tuple[tuple[Any, ...], tuple[str | None, ...], CommentStream]:
    """The comment events without their texts (a user seen again shares one string), their modules, and a
    stream with no rows but the flagged indexes: texts are scanned a batch at a time, then let go."""
    from console.audience.events import CommentEvent

    ae = schema.audience_events
    where = (ae.c.show_id == show_id, ae.c.kind == "comment")
    users: dict[str, str] = {}
    events: list[Any] = []
    modules: list[str | None] = []
    for batch in _batches(connection, select(ae.c.ts, ae.c.module_id, ae.c.data["user"].as_string())
                          .where(*where).order_by(ae.c.ts, ae.c.id)):
        for ts, module_id, user in batch:
            user = user or ""
            events.append(CommentEvent(ts, users.setdefault(user, user), ""))
            modules.append(module_id)
    hits: dict[int, tuple[Hit, ...]] = {}
    if matcher is not None:
        offset = 0
        for batch in _batches(connection, select(ae.c.data["text"].as_string()).where(*where)
                              .order_by(ae.c.ts, ae.c.id)):
            texts = [row[0] or "" for row in batch]
            found_all = matcher.scan_many(texts) if hasattr(matcher, "scan_many") else [matcher.find(t) for t in texts]
            hits.update((offset + index, tuple(found)) for index, found in enumerate(found_all) if found)
            offset += len(batch)
    return tuple(events), tuple(modules), CommentStream((), hits)


def _raw_rows(connection: Any, statement: Any) -> list[tuple]:
    """The DB-API rows of ``statement``, without SQLAlchemy's per-row Result processing.

    Used for the three big selects (plain floats and strings): fetching
    288,000 samples takes half the time this way. JSON columns are read as
    text and decoded by the caller (PostgreSQL's driver may hand back a dict).
    """
    result = connection.execute(statement)
    cursor = getattr(result, "cursor", None)
    if cursor is None:  # pragma: no cover - a dialect that prefetched
        return [tuple(row) for row in result]
    try:
        return cursor.fetchall()
    finally:
        result.close()


#: Series read with the show. None: the first view (plan, KPI table, audience
#: charts, incidents, comments) needs no sample; the window reads them all on
#: its worker right after showing it, the export before drawing.
PRELOADED_SERIES: tuple[str, ...] = ()


class SeriesStore(Mapping[str, Series]):
    """The show's numeric series by name; each is read from the database the first time it is used.

    A 4-hour show has ~290,000 samples in ~20 series; the first view draws
    only the audience and a few health series, so reading every sample up
    front would spend a third of the one second the review has to open.
    :meth:`load_all` reads the rest in one query (the window does it on its
    worker right after the first view, the HTML export before drawing).
    Thread-safe; reading blocks, so the GUI thread never indexes a series it
    has not loaded (:meth:`loaded`).
    """

    def __init__(self, engine: Engine | None, show_id: str, names: Sequence[str],
                 preload: Iterable[str] = (), *, loaded: Mapping[str, Series] | None = None) -> None:
        self._engine = engine
        self._show_id = show_id
        self._names = tuple(names)
        self._series: dict[str, Series] = dict(loaded or {})
        self._lock = threading.Lock()
        wanted = [name for name in preload if name in self._names and name not in self._series]
        if wanted:
            self._read(wanted)

    def __getitem__(self, name: str) -> Series:
        if name not in self._names:
            raise KeyError(name)
        series = self._series.get(name)
        if series is None:
            self._read([name])
            series = self._series[name]
        return series

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def loaded(self, name: str) -> Series | None:
        """The series if it is already in memory, else None (never touches the database)."""
        return self._series.get(name)

    def load_all(self) -> None:
        missing = [name for name in self._names if name not in self._series]
        if missing:
            self._read(missing if len(missing) < len(self._names) else None)

    def _read(self, names: list[str] | None) -> None:
        if self._engine is None:
            raise KeyError("series not loaded")
        sm = schema.samples
        statement = select(sm.c.series, sm.c.ts, sm.c.value).where(sm.c.show_id == self._show_id)
        if names is not None:
            statement = statement.where(sm.c.series.in_(names))
        with self._engine.connect() as connection:
            rows = _raw_rows(connection, statement.order_by(sm.c.series, sm.c.ts))
        split = _split_series(rows)
        with self._lock:
            for name in names or self._names:
                self._series.setdefault(name, split.get(name) or Series(name, array("d"), array("d")))


def _split_series(rows: Sequence[tuple[str, float, float | None]]) -> dict[str, Series]:
    """Rows ordered by (series, ts) → one Series per name (NaN where a value is NULL)."""
    nan = float("nan")
    result: dict[str, Series] = {}
    for name, group in groupby(rows, itemgetter(0)):
        chunk = list(group)
        values = [row[2] for row in chunk]
        if None in values:
            values = [nan if v is None else v for v in values]
        result[name] = Series(name, array("d", [row[1] for row in chunk]), array("d", values))
    return result


def _assemble_events(comment_rows: Sequence[tuple], other_rows: Sequence[tuple], matcher: Any | None
                     ) -> tuple[tuple[Any, ...], tuple[str | None, ...], "CommentStream"]:
    """The typed events (every kind but comments in time order, then the comments in time order), their
    modules (the stored attribution, parallel) and the comment stream."""
    from console.audience.events import CommentEvent

    comment_events = [CommentEvent(ts, user or "", text or "", nick) for ts, _m, user, text, nick in comment_rows]
    hits_by_index: dict[int, tuple[Hit, ...]] = {}
    if matcher is not None:
        texts = [row[3] or "" for row in comment_rows]
        # The batch scan normalises and scans all comments at once (~10x faster
        # than one find() per comment on a 100,000-comment show).
        found_all = matcher.scan_many(texts) if hasattr(matcher, "scan_many") else [matcher.find(t) for t in texts]
        for index, found in enumerate(found_all):
            if found:
                hits_by_index[index] = tuple(found)
    comments = CommentStream(comment_rows, hits_by_index)
    # Not merged into one time order: nothing needs it (the KPI code orders the
    # viewers samples itself, charts use the other kinds, the stream the
    # comments) and merging 100,000 rows costs a tenth of the load.
    events = list(decode_events(other_rows))
    events += comment_events
    modules = [row[2] for row in other_rows]
    modules += [row[1] for row in comment_rows]
    return tuple(events), tuple(modules), comments


def default_comment_matcher() -> Any | None:
    """The shared compliance matcher, or None when its lexicon cannot be loaded."""
    try:
        return default_matcher()
    except Exception:  # a broken lexicon must not stop the review
        import logging

        logging.getLogger(__name__).exception("the compliance lexicon could not be loaded")
        return None


def decode_events(rows: Iterable[tuple[float, str, str | None, str]]) -> Iterable[Any]:
    """Stored rows (ts, kind, module_id, data as JSON text) → the shared typed events.

    Rows were validated at the intake (CONTRACTS.md §3) before they were
    stored, so known kinds are rebuilt directly (~5x faster than re-validating
    100,000 comments); a row that does not fit goes through the validating
    ``from_stored`` and, if even that refuses it, is kept as an unknown event
    (counted, never in a KPI) rather than lost.
    """
    from console.audience import events as ev

    loads = json.loads
    comment, viewers, like, order, refund = ev.CommentEvent, ev.ViewersEvent, ev.LikeEvent, ev.OrderEvent, ev.RefundEvent
    for ts, kind, _module_id, text in rows:
        data = text if isinstance(text, dict) else (loads(text) if text else {})
        try:
            if kind == "comment":
                yield comment(ts, data["user"], data["text"], data.get("nick"))
            elif kind == "viewers":
                yield viewers(ts, data["online"], data["entered"])
            elif kind == "like":
                yield like(ts, data["count"], data.get("user"))
            elif kind == "order":
                yield order(ts, data["order_id"], data["sku"], data["qty"], data["amount"], data.get("user"))
            elif kind == "refund":
                yield refund(ts, data["order_id"], data["amount"])
            else:
                yield ev.from_stored(ts, kind, data)
        except (KeyError, TypeError, ev.EventError):
            try:
                yield ev.from_stored(ts, kind, data)
            except ev.EventError:
                yield ev.UnknownEvent(ts, kind, {k: v for k, v in data.items() if k not in ("ts", "kind")})


def compute_review_kpis(review: ShowReview) -> Any:
    """The KPI table of the show, computed by the shared KPI code (the live view uses the same)."""
    return kpi_adapter.compute(review)


def incident_detectors(engine: Engine, show_id: str) -> dict[str, str | None]:
    """Incident id → the detector that opened it (from its detail; None for a manual one or a drill)."""
    inc = schema.incidents
    with engine.connect() as connection:
        rows = connection.execute(select(inc.c.id, inc.c.detail).where(inc.c.show_id == show_id)).all()
    return {row.id: (row.detail or {}).get("detector") if isinstance(row.detail, dict) else None for row in rows}
