"""One row of totals per ended show, the unit every period view adds up.

A row is computed from the show's review (:func:`console.review.queries.load_review`, so the KPI
definitions are the review's own, CONTRACTS.md §4/§4.1) when the show closes, and for older shows the
first time a period view asks (:func:`ensure_summaries`). Ratios are never stored: a period's rate is
Σ numerator / Σ denominator over its shows (CONTRACTS.md §12), so only the counts are kept.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any, Callable, Iterable

from sqlalchemy import and_, delete, func, insert, or_, select
from sqlalchemy.engine import Engine

from db import schema

log = logging.getLogger(__name__)

#: Bump when a stored figure's definition changes: rows of an older version are recomputed.
SUMMARY_VERSION = 2  # 2: per-anchor shares of a show with module anchors

#: The module-type KPIs kept in ``detail`` for the action items' checks.
DETAIL_KPIS = ("interaction_rate", "conversion_rate", "gpm", "refund_rate", "over_under_s", "comments", "orders",
               "gmv")

#: A show closes with its summary computed on the spot unless it has more audience events than this:
#: the summary is a review load without comment texts, ~220 bytes and ~11 µs per event (a 4-hour
#: soak show of 4.4 million events: 0.96 GB and 48 s), and the console must not spend a gigabyte
#: and a minute at the end of a show. One million events (a 4-hour show at ~70 comments a second)
#: costs ~220 MB and ~11 s off the GUI thread; a bigger show is summarised by the next period view.
SUMMARY_AT_CLOSE_MAX_EVENTS = 1_000_000

#: The detector whose incidents count as stream-down time.
STREAM_DOWN_DETECTOR = "stream_down"


@dataclasses.dataclass(frozen=True, slots=True)
class ShowTotals:
    """The stored totals of one show (a ``show_summaries`` row)."""

    show_id: str
    kind: str  # live | rehearsal
    room: str
    anchor: str | None
    started_at: float
    actual_s: float
    reach: int
    entries: int
    interacting_users: int
    comments: int
    orders: int
    refunds: int
    gmv: float
    module_runs: int
    over_under_abs_s: float
    incidents: int
    incident_ack_s: float
    incidents_acked: int
    stream_down_s: float
    compliance_hits: int
    drills: int
    drill_ack_s: float
    drills_acked: int
    detail: dict[str, Any]

    @property
    def live(self) -> bool:
        return self.kind == "live"


_COLUMNS = [f.name for f in dataclasses.fields(ShowTotals)]


def _kpi(row: Any, name: str) -> Any:
    """A KPI of a row, or None for one this row's definition lacks (rows from before §4.1 have no reach)."""
    return getattr(row, name, None)


def _refund_ids(events: Iterable[Any]) -> set[str]:
    from console.audience.events import RefundEvent

    return {event.order_id for event in events if isinstance(event, RefundEvent)}


def totals_from_review(review: Any, detectors: dict[str, str | None]) -> ShowTotals:
    """The totals of a loaded review; ``detectors`` maps incident id → detector name (from its detail)."""
    from console.drills.results import scores_of_review
    from console.review import kpi_adapter

    rows = review.kpis if isinstance(review.kpis, list) else []
    total = rows[-1] if rows else None
    entries = int(total.entries) if total is not None else 0
    reach = _kpi(total, "reach") if total is not None else None
    refunds = _kpi(total, "refunds") if total is not None else None
    if refunds is None:
        refunds = len(_refund_ids(review.events))
    timings = [t for t in review.timings() if t.runs]
    end = review.end
    real = [i for i in review.incidents if not i.drill]
    # Drill response: manual drills (an incident opened as a drill: from opening to acknowledgement) and the
    # fault trainer's faults (from the injection to the acknowledgement of the incident it caused).
    drill_acks = [i.ack_s for i in review.incidents if i.drill]
    trained = [s for s in scores_of_review(review, detectors) if s.outcome != "skipped"] if any(
        c.command == "drill_fault" for c in review.commands) else []
    drill_acks += [s.ack_s for s in trained]
    stream_down = sum(((i.resolved_at if i.resolved_at is not None else end) - i.opened_at)
                      for i in real if detectors.get(i.id) == STREAM_DOWN_DETECTOR)
    by_type: dict[str, dict[str, Any]] = {}
    if rows:
        for row in kpi_adapter.by_type(review)[:-1]:
            by_type[row.module_id] = {name: _kpi(row, name) for name in DETAIL_KPIS}
    detail = {"by_type": by_type,
              "total": {name: _kpi(total, name) for name in DETAIL_KPIS} if total is not None else {}}
    shares = anchor_shares(review, rows[:-1] if rows else [], timings)
    if shares:
        detail["anchors"] = shares
    return ShowTotals(
        show_id=review.show.id, kind=review.show.kind, room=review.show.room or "", anchor=review.show.anchor,
        started_at=review.show.started_at, actual_s=sum(t.actual_s for t in timings),
        reach=int(reach) if reach is not None else entries, entries=entries,
        interacting_users=int(total.interacting_users) if total is not None else 0,
        comments=int(total.comments) if total is not None else 0,
        orders=int(total.orders) if total is not None else 0, refunds=int(refunds),
        gmv=float(total.gmv) if total is not None else 0.0,
        module_runs=len(timings), over_under_abs_s=sum(abs(t.over_under_s) for t in timings),
        incidents=len(real),
        incident_ack_s=sum(i.ack_s for i in real if i.ack_s is not None),
        incidents_acked=sum(1 for i in real if i.ack_s is not None),
        stream_down_s=stream_down, compliance_hits=len(review.comments.flagged_indexes),
        drills=len(drill_acks), drill_ack_s=sum(a for a in drill_acks if a is not None),
        drills_acked=sum(1 for a in drill_acks if a is not None), detail=detail)


#: The counts a module anchor's share of a show carries (the rest stay with the show's own anchor).
SHARE_FIELDS = ("actual_s", "reach", "entries", "interacting_users", "comments", "orders", "refunds", "gmv",
                "module_runs", "over_under_abs_s")


def anchor_shares(review: Any, module_rows: list[Any], timings: list[Any]) -> dict[str, dict[str, float]]:
    """Per anchor, the part of the show they presented, when some module names its own anchor (dual
    anchors, a guest); empty otherwise. Sums of the module rows (§4/§4.1 per module): distinct users are
    counted per module, so a viewer who spoke under both anchors counts for each."""
    own = {module.module_id: module.anchor for module in review.planned if module.anchor}
    if not own or all(anchor == review.show.anchor for anchor in own.values()):
        return {}
    by_row = {row.module_id: row for row in module_rows}
    shares: dict[str, dict[str, float]] = {}
    for timing in timings:
        module_id = timing.module.module_id
        anchor = own.get(module_id) or review.show.anchor or ""
        row = by_row.get(module_id)
        share = shares.setdefault(anchor, dict.fromkeys(SHARE_FIELDS, 0.0))
        share["actual_s"] += timing.actual_s
        share["module_runs"] += 1
        share["over_under_abs_s"] += abs(timing.over_under_s)
        if row is not None:
            for name in ("reach", "entries", "interacting_users", "comments", "orders", "refunds", "gmv"):
                share[name] += float(_kpi(row, name) or 0)
    return shares


def compute_summary(engine: Engine, show_id: str) -> ShowTotals:
    from console.review import queries

    review = queries.load_review(engine, show_id, comment_texts=False)  # figures only: no comment rows held
    return totals_from_review(review, queries.incident_detectors(engine, show_id))


def store_summary(engine: Engine, totals: ShowTotals, *, now: float) -> None:
    values = {name: getattr(totals, name) for name in _COLUMNS}
    values.update(version=SUMMARY_VERSION, computed_at=now)
    with engine.begin() as connection:
        connection.execute(delete(schema.show_summaries).where(schema.show_summaries.c.show_id == totals.show_id))
        connection.execute(insert(schema.show_summaries), [values])


def missing_summaries(engine: Engine) -> list[str]:
    """Ended shows with no summary, or one of an older definition, oldest first."""
    shows, summaries = schema.shows, schema.show_summaries
    query = (select(shows.c.id).select_from(shows.outerjoin(summaries, summaries.c.show_id == shows.c.id))
             .where(shows.c.status != "running",
                    or_(summaries.c.show_id.is_(None), summaries.c.version != SUMMARY_VERSION))
             .order_by(shows.c.started_at))
    with engine.connect() as connection:
        return list(connection.scalars(query))


def ensure_summaries(engine: Engine, *, progress: Callable[[int, int], None] | None = None,
                     clock: Callable[[], float] = time.time) -> int:
    """Compute the summaries that are missing (a database from before issue 17); returns how many."""
    todo = missing_summaries(engine)
    for done, show_id in enumerate(todo, 1):
        store_summary(engine, compute_summary(engine, show_id), now=clock())
        if progress is not None:
            progress(done, len(todo))
    return len(todo)


def summarise_closed_show(engine: Engine, show_id: str, *, now: float) -> bool:
    """Called when a show closes (off the GUI thread): its row is ready for the period views.

    A show with more than :data:`SUMMARY_AT_CLOSE_MAX_EVENTS` audience events is left to the next
    period view (:func:`ensure_summaries`, with its progress): returns False then.
    """
    events = _events_up_to(engine, show_id, SUMMARY_AT_CLOSE_MAX_EVENTS + 1)
    if events > SUMMARY_AT_CLOSE_MAX_EVENTS:
        log.info("show %s has over %d audience events: its summary waits for the next period view", show_id,
                 SUMMARY_AT_CLOSE_MAX_EVENTS)
        return False
    store_summary(engine, compute_summary(engine, show_id), now=now)
    return True


def _events_up_to(engine: Engine, show_id: str, limit: int) -> int:
    """How many audience events the show has, counted no further than ``limit`` (an index range scan)."""
    table = schema.audience_events
    inner = select(table.c.id).where(table.c.show_id == show_id).limit(limit).subquery()
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(inner)))


def load_totals(engine: Engine, *, since: float | None = None, until: float | None = None,
                room: str | None = None, anchor: str | None = None) -> list[ShowTotals]:
    """The stored summaries of the shows started in ``[since, until)``, filtered, oldest first."""
    table = schema.show_summaries
    conditions = []
    if since is not None:
        conditions.append(table.c.started_at >= since)
    if until is not None:
        conditions.append(table.c.started_at < until)
    if room is not None:
        conditions.append(table.c.room == room)
    if anchor is not None:
        conditions.append(table.c.anchor == anchor)
    query = select(*(table.c[name] for name in _COLUMNS)).order_by(table.c.started_at)
    if conditions:
        query = query.where(and_(*conditions))
    with engine.connect() as connection:
        return [ShowTotals(*row[:-1], detail=row[-1] or {}) for row in connection.execute(query)]


_INT_SHARES = frozenset({"reach", "entries", "interacting_users", "comments", "orders", "refunds", "module_runs"})
#: What stays with the show's own anchor when a guest presents a module: the show's incidents, stream
#: outages, compliance hits and drills are the show's, not a module's.
_SHOW_ONLY = {"incidents": 0, "incident_ack_s": 0.0, "incidents_acked": 0, "stream_down_s": 0.0,
              "compliance_hits": 0, "drills": 0, "drill_ack_s": 0.0, "drills_acked": 0}


def anchor_parts(show: ShowTotals) -> list[ShowTotals]:
    """The show as each of its anchors presented it: itself, or one part per anchor with module anchors."""
    shares = show.detail.get("anchors") if isinstance(show.detail, dict) else None
    if not shares:
        return [show]
    parts = []
    for name, share in shares.items():
        figures = {key: int(value) if key in _INT_SHARES else float(value) for key, value in share.items()
                   if key in SHARE_FIELDS}
        extra = {} if name == show.anchor else _SHOW_ONLY
        parts.append(dataclasses.replace(show, anchor=name or None, **figures, **extra))
    return parts


def parts_of(shows: list[ShowTotals], anchor: str | None = None) -> list[ShowTotals]:
    """Every show split by anchor; only ``anchor``'s parts when given."""
    parts = [part for show in shows for part in anchor_parts(show)]
    return parts if anchor is None else [part for part in parts if part.anchor == anchor]
