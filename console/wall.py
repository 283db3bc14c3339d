"""The rooms wall: every show running in the shared database, with its health.

Two halves, one per side of the database:

- :func:`live_extras` runs inside a console, with each heartbeat
  (:meth:`console.show.runtime.ShowRuntime._record_heartbeat`, every
  :data:`~console.show.runtime.CONSOLE_HEARTBEAT_INTERVAL_S`): a small JSON of what a
  wall needs beyond the run-of-show — OBS connection and stream health, open
  incidents, headline KPIs. It is merged into the show row's ``state``.
- :func:`rooms` runs in the wall (``liveroom wall``, the wall window's worker
  thread): one :class:`RoomRow` per running show (and, when asked, per show
  that ended lately), with a derived health: ``live``, ``stale`` (no beat for
  :data:`CONSOLE_STALE_AFTER_S` wall seconds: its console probably died) or ``ended``.

Clocks: ``heartbeat_at`` is on the show clock, which runs ahead of the wall at
a rehearsal speed; staleness uses ``state.beat_wall``, the wall-clock Unix time
of the beat. Rooms on several machines share one database, so their clocks
are assumed NTP-synchronised (a beat "from the future" counts as age 0).

Threads: :func:`live_extras` runs on the show's outer loop (the GUI thread in
the window, the headless loop), inside the runtime's lock: it only reads
in-memory state and never waits. :func:`rooms` runs on whichever thread calls
it and does the database I/O there — never on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from typing import Any

from sqlalchemy import func, select

from console.show.runtime import CONSOLE_HEARTBEAT_INTERVAL_S
from db import schema

log = logging.getLogger(__name__)

#: Severity rank, lowest first (console.contingency.model.SEVERITIES).
SEVERITY_RANK = {"info": 0, "warning": 1, "critical": 2}
#: ``liveroom wall`` lists shows that ended this many wall seconds ago (then they leave).
DEFAULT_ENDED_WITHIN_S = 0.0
#: Health of a room as the wall shows it.
LIVE, STALE, ENDED = "live", "stale", "ended"
#: A running show whose console has not beaten for this many wall seconds has
#: lost its console: three missed beats, so a busy machine is not taken for a
#: dead one. The console's heartbeat, not OBS's (console.obs.client has its own).
CONSOLE_STALE_AFTER_S = 3 * CONSOLE_HEARTBEAT_INTERVAL_S

__all__ = ["LIVE", "STALE", "ENDED", "CONSOLE_STALE_AFTER_S", "RoomRow", "live_extras", "rooms"]


# ------------------------------------------------------------------ in the console
def live_extras(session: Any) -> dict[str, Any]:
    """The heartbeat's extras for the wall: ``{"obs": {...}, "incidents": {...}, "kpis": {...}}``.

    Quick and never raises: each part that cannot be read is left out (and
    logged), so a broken part never costs the beat. Stream figures are given
    only while OBS is connected (``ok``): a figure from a lost connection
    would be stale, and the wall must not show it as live.
    """
    extras: dict[str, Any] = {}
    for key, part in (("obs", _obs_part), ("incidents", _incidents_part), ("kpis", _kpis_part),
                      ("sources", _sources_part), ("targets", _targets_part), ("proposals", _proposals_part)):
        try:
            value = part(session)
        except Exception:  # the beat matters more than its extras
            log.exception("the wall's %s extras failed", key)
            continue
        if value is not None:
            extras[key] = value
    return extras


def _number(value: Any, digits: int = 2) -> float | None:
    """A finite float rounded for the JSON, or None (NaN, inf and non-numbers are not figures)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, digits) if math.isfinite(number) else None


def _obs_part(session: Any) -> dict[str, Any]:
    obs = getattr(session, "obs", None)
    if obs is None:
        return {"connection": "none"}
    state = obs.state
    connection = str(getattr(state, "value", state))
    part: dict[str, Any] = {"connection": connection}
    if connection != "ok":
        return part
    snapshot = obs.snapshot
    part["streaming"] = bool(snapshot.streaming)
    part["reconnecting"] = bool(snapshot.stream_reconnecting)
    part["recording"] = bool(snapshot.recording)
    sample = getattr(session, "last_health", None)  # set on obs-worker: one reference, read once
    for key, series, field in (("fps", "obs.fps", "fps"),
                               ("render_dropped", "obs.render_dropped_ratio", "render_dropped_ratio"),
                               ("output_dropped", "obs.output_dropped_ratio", "output_dropped_ratio"),
                               ("bitrate_kbps", "obs.bitrate_kbps", "bitrate_kbps")):
        digits = 4 if key.endswith("dropped") else 1
        if sample is not None:
            part[key] = _number(getattr(sample, field, None), digits)
            continue
        last = session.series[series].last() if series in session.series else None
        part[key] = _number(last[1], digits) if last is not None else None
    return part


def _incidents_part(session: Any) -> dict[str, Any] | None:
    playbooks = getattr(session, "playbooks", None)
    if playbooks is None:
        return None
    # Drills are exercises, not the room's health.
    open_now = [incident for incident in playbooks.runner.open_incidents() if not incident.drill]
    worst = max((incident.playbook.severity for incident in open_now), key=lambda s: SEVERITY_RANK.get(s, -1),
                default=None)
    return {"open": len(open_now), "worst": worst}


def _kpis_part(session: Any) -> dict[str, Any] | None:
    if not session.started:
        return None
    clock = getattr(session, "_clock", time.time)
    snapshot = session.live.snapshot(session.show_unix(clock()))
    show = snapshot.show
    return {
        "gmv": _number(show.gmv), "online": snapshot.online, "orders": show.orders,
        "conversion_rate": _number(show.conversion_rate, 4), "comments_per_min": _number(snapshot.comments_per_min, 1),
    }


def _sources_part(session: Any) -> list[dict[str, Any]] | None:
    """Each audience source's kind, target, state, reason, events per minute (console.sources); None without."""
    reports = session.source_health() if hasattr(session, "source_health") else []
    return [report.as_json() for report in reports] or None


def _proposals_part(session: Any) -> dict[str, Any] | None:
    """The adjustment proposals waiting for the room's operator: how many, and the newest one's line."""
    rules = getattr(session, "rules", None)
    if rules is None:
        return None
    waiting = rules.open_proposals()
    return {"open": len(waiting), "latest": waiting[-1].reason() if waiting else None}


def sources_text(sources: Any) -> str:
    """``oba live 42/min`` per source, ``; ``-separated; ``—`` without sources (the wall's plain text)."""
    parts = [f"{source.get('kind')} {source.get('state')} {float(source.get('events_per_minute') or 0):.0f}/min"
             for source in sources or () if isinstance(source, dict)]
    return "; ".join(parts) or "—"


def _targets_part(session: Any) -> dict[str, Any] | None:
    """The show's status per targeted KPI and the estimated loss of its open incidents (console.targets)."""
    targets = getattr(session, "targets", None)
    if targets is None or not session.started:
        return None
    clock = getattr(session, "_clock", time.time)
    now = session.show_unix(clock())
    statuses = targets.show_statuses(session.live.snapshot(now))
    loss = None
    playbooks = getattr(session, "playbooks", None)
    if playbooks is not None:
        losses = [targets.impact(incident.opened_at, now).estimated_loss
                  for incident in playbooks.runner.open_incidents() if not incident.drill]
        known = [value for value in losses if value is not None]
        loss = _number(sum(known)) if known else None
    return {"status": statuses, "loss": loss}


# ------------------------------------------------------------------ in the wall
@dataclasses.dataclass(frozen=True, slots=True)
class RoomRow:
    """One room on the wall: a show's row with its last heartbeat's summary, read at ``now``."""

    show_id: str
    room: str
    title: str
    kind: str  # live | rehearsal
    status: str  # running | ended | ended_early (as recorded)
    health: str  # live | stale | ended (derived: see rooms())
    speed: float
    started_at: float
    module_id: str | None
    module_title: str | None
    module_number: int | None  # 1-based position in the run of show
    modules: int | None  # how many modules the script has
    phase: str | None
    over_under_s: float | None  # the show's running over (+) / under (−), at the last beat
    obs: str  # ok | connecting | reconnecting | auth_failed | disconnected | none (no OBS) | unknown
    streaming: bool | None
    recording: bool | None
    fps: float | None
    render_dropped: float | None  # share of frames, 0..1
    output_dropped: float | None
    bitrate_kbps: float | None
    incidents: int  # open incidents (drills not counted)
    worst_severity: str | None  # info | warning | critical
    gmv: float | None
    online: int | None
    orders: int | None
    conversion_rate: float | None
    comments_per_min: float | None
    beat_wall: float  # wall-clock Unix time of the last heartbeat
    beat_age_s: float  # wall seconds since then, at the time of the query
    host: str | None
    pid: int | None
    #: The console process's create time (console.liveness), so a reused pid is not
    #: taken for it; None in rows written before it was recorded.
    pid_started: float | None = None
    #: The audience sources at the last beat: ``{"kind", "target", "state", "reason", "events_per_minute", …}``.
    sources: tuple[dict[str, Any], ...] = ()
    #: The show's status per targeted KPI (ok | warn | bad | None), from the last beat; None before targets.
    target_statuses: dict[str, str | None] | None = None
    #: Σ estimated loss (¥) of the open incidents at the last beat (console.targets.impact).
    estimated_loss: float | None = None
    #: Adjustment proposals waiting for the room's operator at the last beat (console.rules), and the
    #: newest one's line ("online drop over 60 s > 30: 42% → jump to …"); 0 and None without rules.
    proposals: int = 0
    proposal: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 as a number (room names: 三号间 before 十二号间); None for anything else."""
    if not text or any(char not in _CHINESE_DIGITS and char != "十" for char in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[char]) for char in text)) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def room_sort_key(room: str) -> tuple[Any, ...]:
    """Natural order for room names: room-2 before room-10, 二号间 before 十号间 (not by code point)."""
    import re

    key: list[Any] = []
    for part in re.split(r"(\d+|[零〇一二两三四五六七八九十]+)", room):
        if not part:
            continue
        number = int(part) if part.isdigit() else _chinese_number(part)
        key.append((0, number, "") if number is not None else (1, 0, part.casefold()))
    return tuple(key)


def _health(status: str, beat_age_s: float, stale_after_s: float) -> str:
    if status != "running":
        return ENDED
    return STALE if beat_age_s > stale_after_s else LIVE


def _beat_wall(started_at: float, state: dict[str, Any]) -> float:
    beat = state.get("beat_wall")
    if isinstance(beat, (int, float)) and not isinstance(beat, bool):
        return float(beat)
    return float(started_at)  # the start row: its heartbeat is the wall clock of the start


def rooms(engine: Any, *, now: float | None = None, include_ended_within_s: float = DEFAULT_ENDED_WITHIN_S,
          stale_after_s: float = CONSOLE_STALE_AFTER_S) -> list[RoomRow]:
    """Every show running in the database (and those that ended within ``include_ended_within_s``
    wall seconds), by room (:func:`room_sort_key`) then start; ``now`` is the wall-clock Unix time (default: the clock).

    The module comes from the last module run (written when it starts, fresher
    than the 5-second beat); over/under, OBS and KPIs from the last beat;
    open incidents from the incidents table (written when they change).
    Four queries whatever the number of rooms, bound parameters only.
    """
    now = time.time() if now is None else now
    shows = schema.shows
    wanted = shows.c.status == "running"
    if include_ended_within_s > 0:
        # ended_at is on the show clock; its wall time is the start plus the show time over the speed.
        ended_wall = shows.c.started_at + (shows.c.ended_at - shows.c.started_at) / shows.c.speed
        wanted = wanted | ((shows.c.status != "running") & shows.c.ended_at.is_not(None)
                           & (ended_wall >= now - include_ended_within_s))
    query = (select(shows.c.id, shows.c.room, shows.c.title, shows.c.kind, shows.c.status, shows.c.speed,
                    shows.c.started_at, shows.c.state)
             .where(wanted).order_by(shows.c.room, shows.c.started_at))
    with engine.connect() as connection:
        found = connection.execute(query).all()
        ids = [row.id for row in found]
        if not ids:
            return []
        runs, plan, incidents = schema.module_runs, schema.planned_modules, schema.incidents
        last_run = (select(runs.c.show_id, func.max(runs.c.id).label("run_id"))
                    .where(runs.c.show_id.in_(ids)).group_by(runs.c.show_id).subquery())
        modules = {row.show_id: row for row in connection.execute(
            select(runs.c.show_id, runs.c.module_id, runs.c.idx, plan.c.title)
            .select_from(last_run.join(runs, runs.c.id == last_run.c.run_id)
                         .outerjoin(plan, (plan.c.show_id == runs.c.show_id) & (plan.c.idx == runs.c.idx))))}
        planned = dict(connection.execute(
            select(plan.c.show_id, func.count()).where(plan.c.show_id.in_(ids)).group_by(plan.c.show_id)).all())
        open_incidents: dict[str, dict[str, int]] = {}
        for show_id, severity, count in connection.execute(
                select(incidents.c.show_id, incidents.c.severity, func.count())
                .where(incidents.c.show_id.in_(ids), incidents.c.state != "resolved",
                       incidents.c.drill.is_not(True))
                .group_by(incidents.c.show_id, incidents.c.severity)):
            open_incidents.setdefault(show_id, {})[severity] = int(count)
    found_rooms = [_room_row(row, now, stale_after_s, modules.get(row.id), planned.get(row.id),
                             open_incidents.get(row.id, {})) for row in found]
    # The database's collation orders 一 三 二 (code points); the wall orders 一 二 三.
    return sorted(found_rooms, key=lambda room: (room_sort_key(room.room), room.started_at))


def _room_row(row: Any, now: float, stale_after_s: float, last_run: Any, planned: int | None,
              severities: dict[str, int]) -> RoomRow:
    state = row.state if isinstance(row.state, dict) else {}
    obs = state.get("obs") if isinstance(state.get("obs"), dict) else {}
    kpis = state.get("kpis") if isinstance(state.get("kpis"), dict) else {}
    targets = state.get("targets") if isinstance(state.get("targets"), dict) else {}
    proposals = state.get("proposals") if isinstance(state.get("proposals"), dict) else {}
    statuses = targets.get("status") if isinstance(targets.get("status"), dict) else None
    beat = _beat_wall(row.started_at, state)
    # Tenths of a second, rounded up, and health is judged on that same figure: a stale row never reads
    # as within the limit (15.04 s is stale and shows 15.1 s, not 15.0 s). The inner round drops float noise.
    age = math.ceil(round(max(0.0, now - beat) * 10, 6)) / 10
    if last_run is not None:
        module_id, module_title, index = last_run.module_id, last_run.title, last_run.idx
    else:
        module_id, module_title, index = state.get("module_id"), state.get("module_title"), state.get("index")
    modules = planned if planned else state.get("modules")
    worst = max(severities, key=lambda s: SEVERITY_RANK.get(s, -1), default=None)
    pid, pid_started = state.get("pid"), state.get("pid_started")
    return RoomRow(
        show_id=row.id, room=row.room or "", title=row.title, kind=row.kind, status=row.status,
        health=_health(row.status, age, stale_after_s), speed=float(row.speed or 1.0),
        started_at=float(row.started_at),
        module_id=module_id, module_title=module_title,
        module_number=index + 1 if isinstance(index, int) else None,
        modules=modules if isinstance(modules, int) else None,
        phase=state.get("phase"), over_under_s=_number(state.get("show_over_under_s"), 1),
        obs=str(obs.get("connection") or "unknown"),
        streaming=obs.get("streaming"), recording=obs.get("recording"), fps=_number(obs.get("fps"), 1),
        render_dropped=_number(obs.get("render_dropped"), 4), output_dropped=_number(obs.get("output_dropped"), 4),
        bitrate_kbps=_number(obs.get("bitrate_kbps"), 1),
        incidents=sum(severities.values()), worst_severity=worst,
        gmv=_number(kpis.get("gmv")), online=kpis.get("online") if isinstance(kpis.get("online"), int) else None,
        orders=kpis.get("orders") if isinstance(kpis.get("orders"), int) else None,
        conversion_rate=_number(kpis.get("conversion_rate"), 4),
        comments_per_min=_number(kpis.get("comments_per_min"), 1),
        beat_wall=beat, beat_age_s=age,
        host=state.get("host"), pid=pid if isinstance(pid, int) else None,
        pid_started=float(pid_started) if isinstance(pid_started, (int, float)) else None,
        sources=tuple(source for source in state.get("sources") or () if isinstance(source, dict)),
        target_statuses={str(k): (v if v in ("ok", "warn", "bad") else None) for k, v in statuses.items()}
        if statuses is not None else None,
        estimated_loss=_number(targets.get("loss")),
        proposals=proposals.get("open") if isinstance(proposals.get("open"), int) else 0,
        proposal=proposals.get("latest") if isinstance(proposals.get("latest"), str) else None,
    )


# ------------------------------------------------------------------ liveroom wall --once
def signed_clock(seconds: float | None) -> str:
    """``+1:05`` / ``-0:30`` / ``0:00`` (over/under as the timeline shows it); ``—`` when unknown."""
    if seconds is None:
        return "—"
    whole = int(round(abs(seconds)))
    sign = "+" if seconds >= 0.5 else "-" if seconds <= -0.5 else ""
    hours, rest = divmod(whole, 3600)
    clock = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
    return sign + clock


def stream_text(row: RoomRow) -> str:
    """``live 30 fps 0.4 %`` / ``off`` / ``—`` (no OBS figures: not connected or no OBS)."""
    if row.streaming is None:
        return "—"
    parts = ["live" if row.streaming else "off"]
    if row.fps is not None:
        parts.append(f"{row.fps:g} fps")
    dropped = max((r for r in (row.render_dropped, row.output_dropped) if r is not None), default=None)
    if dropped is not None:
        parts.append(f"{dropped * 100:.1f} % dropped")
    return " ".join(parts)


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(rows: list[RoomRow]) -> str:
    """The rooms as a plain-text table (``liveroom wall --once``)."""
    if not rows:
        return "no show running"
    header = ("ROOM", "HEALTH", "SHOW", "MODULE", "OVER/UNDER", "OBS", "STREAM", "INCIDENTS", "GMV", "ONLINE",
              "ORDERS", "LAST BEAT", "SOURCES", "PROPOSALS")
    lines = [header]
    for row in rows:
        module = "—"
        if row.module_id is not None:
            position = f"{row.module_number}/{row.modules} " if row.module_number and row.modules else ""
            module = position + (row.module_title or row.module_id)
        incidents = f"{row.incidents} {row.worst_severity}" if row.incidents else "0"
        lines.append((
            row.room or "—", row.health.upper() if row.health == STALE else row.health, row.title, module,
            signed_clock(row.over_under_s), row.obs, stream_text(row), incidents,
            "—" if row.gmv is None else f"{row.gmv:,.2f}", "—" if row.online is None else f"{row.online:,}",
            "—" if row.orders is None else str(row.orders), f"{row.beat_age_s:.0f} s ago", sources_text(row.sources),
            str(row.proposals),
        ))
    widths = [max(_width(line[column]) for line in lines) for column in range(len(header))]
    return "\n".join("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(line)).rstrip() for line in lines)


def wall_command(args: Any, out: Any, err: Any) -> int:
    """``liveroom wall --once``: the rooms printed once (``--json``: a list); the window is console.cli's.

    Exit 0 also with no room; 1 with one line on stderr when the database
    cannot be opened or read (its password never shown).
    """
    db_url = getattr(args, "db", None)
    within = float(getattr(args, "ended_within", None) or 0.0)
    import json

    from db.engine import open_database, open_failure

    try:
        engine = open_database(db_url)
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        print(f"liveroom wall: {open_failure(db_url, exc)}", file=err)
        return 1
    try:
        found = rooms(engine, include_ended_within_s=within)
    except Exception as exc:  # noqa: BLE001 - the server went away between open and read
        print(f"liveroom wall: {open_failure(db_url, exc)}", file=err)
        return 1
    finally:
        engine.dispose()
    if getattr(args, "json", False):
        print(json.dumps([row.as_dict() for row in found], ensure_ascii=False), file=out)
    else:
        print(format_table(found), file=out)
    return 0
