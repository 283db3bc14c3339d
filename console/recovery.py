"""Crash recovery: find a show whose console died, and bring it back where it was.

A console killed mid-show (SIGKILL, power cut of the controller's laptop, a
crash) leaves its show row at ``status = 'running'`` with a heartbeat that
stops. :func:`find_interrupted` lists such shows: still "running", no beat
for :data:`console.wall.CONSOLE_STALE_AFTER_S` wall seconds (three heartbeats).

Everything needed to continue is in the database, because the engine is
deterministic (:mod:`console.show.run_of_show`): the same commands at the same
show instants give the same state. :func:`load_recovery` reads

- the show row: the script **as it was run** (``script_text``), its speed,
  the wall-clock instant of the start (``started_at``), kind and room;
- every operator command with its show instant (``args.show_t``), in order;
- the last sign of life (the latest of the heartbeat, commands, cue results
  and OBS samples): the show instant at which the console died;
- the incidents still open, with their timeline (steps done, checks ticked,
  escalations), so their deadlines stand as they were.

:func:`replay_run_of_show` rebuilds the :class:`RunOfShow` by replaying those
commands and ticking up to the last sign of life, without touching OBS or the
database. The show's clock is real time since the recorded start: a live show
does not pause while the console restarts, so the time it was down counts in
the module's actual duration and the over/under. What fell due while it was
down (cues, a module's scene switch) is recorded as ``missed`` by
:meth:`console.show.runtime.ShowRuntime.resume`, never sent late; the resume
itself is recorded as a ``recover`` command, so a second crash replays the
first recovery exactly.

Nothing here reads the clock except through ``now_wall`` defaults; nothing
runs on the GUI thread (the window calls it from a worker).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any, Iterator

from sqlalchemy import func, select, update

from console.liveness import process_gone
from console.show.run_of_show import RunOfShow
from console.show.status import ENDED
from console.wall import CONSOLE_STALE_AFTER_S, STALE, rooms
from db import schema

log = logging.getLogger(__name__)

#: Commands the run-of-show knows, with how their recorded args apply.
_REPLAYABLE = ("start", "next", "previous", "jump", "hold", "resume", "extend", "shorten", "stop", "recover")


class RecoveryError(Exception):
    """A one-line reason why a show cannot be resumed."""


@dataclasses.dataclass(frozen=True, slots=True)
class Interrupted:
    """A show whose console stopped beating while it ran (what the resume offer shows)."""

    show_id: str
    title: str
    room: str
    kind: str
    speed: float
    module_id: str | None
    module_title: str | None
    show_t: float  # show seconds at the last sign of life
    beat_wall: float  # wall-clock Unix time of the last heartbeat
    down_s: float  # wall seconds since then
    open_incidents: int  # not counting drills


@dataclasses.dataclass(frozen=True, slots=True)
class Command:
    name: str
    show_t: float
    args: dict[str, Any]
    who: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class IncidentRecord:
    row: dict[str, Any]  # the incidents row
    entries: tuple[dict[str, Any], ...]  # its incident_entries rows, in order


@dataclasses.dataclass(frozen=True)
class Recovery:
    show_id: str
    script: Any  # ShowScript, as it was run (unattended applied when the run was)
    kind: str
    speed: float
    room: str
    script_path: str | None
    obs_url: str | None
    started_at: float  # wall-clock Unix time of the start (= show-clock Unix time of show instant 0)
    unattended: bool
    commands: tuple[Command, ...]
    crash_show_t: float  # the last sign of life, in show seconds
    incidents: tuple[IncidentRecord, ...]
    engine_url: str = ""
    #: The show's ``rule_events`` rows (ts, rule_id, proposal, event, value, module_id), in order: the
    #: rules pick up their cooldowns and the proposals still unanswered (console.rules.engine.restore).
    rule_events: tuple[dict[str, Any], ...] = ()

    def show_t_at(self, now_wall: float) -> float:
        """Show seconds at wall instant ``now_wall``: real time since the start, at the show's speed."""
        return max(self.crash_show_t, (now_wall - self.started_at) * self.speed)


# ---------------------------------------------------------------- finding
def find_interrupted(engine: Any, *, room: str | None = None, now_wall: float | None = None,
                     stale_after_s: float = CONSOLE_STALE_AFTER_S) -> list[Interrupted]:
    """Shows still marked running whose console is gone (newest first); ``room`` filters.

    The rooms wall's own reading (:func:`console.wall.rooms`: last beat, module
    from the last module run, open incidents) decides: a stale beat, or a
    console process on this machine that no longer exists.
    """
    now_wall = time.time() if now_wall is None else now_wall
    found: list[Interrupted] = []
    running = [r for r in rooms(engine, now=now_wall, stale_after_s=stale_after_s)
               if r.status == "running" and (room is None or r.room == room)]
    with engine.connect() as connection:
        for row in sorted(running, key=lambda r: r.started_at, reverse=True):
            if row.health != STALE and not process_gone(row.host, row.pid, row.pid_started):
                continue  # alive: another console runs it
            found.append(Interrupted(
                show_id=row.show_id, title=row.title, room=row.room, kind=row.kind, speed=row.speed,
                module_id=row.module_id, module_title=row.module_title,
                show_t=max(0.0, _last_sign(connection, row.show_id) - row.started_at), beat_wall=row.beat_wall,
                down_s=row.beat_age_s, open_incidents=row.incidents))
    return found


def _last_sign(connection: Any, show_id: str) -> float:
    """The show-clock instant of the last thing the console recorded: beat, command, cue result, module
    start or OBS sample."""
    shows = schema.shows
    last = [float(connection.execute(select(func.coalesce(shows.c.heartbeat_at, shows.c.started_at))
                                     .where(shows.c.id == show_id)).scalar_one())]
    for table in (schema.operator_commands, schema.cue_results, schema.samples, schema.module_runs):
        column = table.c.started_at if table is schema.module_runs else table.c.ts
        value = connection.execute(select(func.max(column)).where(table.c.show_id == show_id)).scalar()
        if value is not None:
            last.append(float(value))
    return max(last)


# ---------------------------------------------------------------- loading
def load_recovery(engine: Any, show_id: str) -> Recovery:
    """Everything needed to continue ``show_id``; :class:`RecoveryError` with the reason otherwise."""
    from console.show.loader import load_script_text

    shows = schema.shows
    with engine.connect() as connection:
        show = connection.execute(select(shows).where(shows.c.id == show_id)).one_or_none()
        if show is None:
            raise RecoveryError(f"no show {show_id} in the database")
        if show.status != "running":
            raise RecoveryError(f"show {show_id} has {show.status.replace('_', ' ')}; there is nothing to resume")
        if not show.script_text:
            raise RecoveryError(f"show {show_id} has no recorded script; it cannot be replayed")
        table = schema.operator_commands
        commands = []
        for row in connection.execute(select(table.c.command, table.c.args, table.c.who, table.c.ts)
                                      .where(table.c.show_id == show_id).order_by(table.c.id)):
            args = dict(row.args or {})
            show_t = args.pop("show_t", None)
            if not isinstance(show_t, (int, float)):
                show_t = float(row.ts) - float(show.started_at)
            commands.append(Command(row.command, float(show_t), args, row.who))
        last_sign = _last_sign(connection, show_id)
        incidents = []
        rows = connection.execute(select(schema.incidents).where(
            schema.incidents.c.show_id == show_id, schema.incidents.c.state != "resolved")
            .order_by(schema.incidents.c.opened_at)).mappings().all()
        for row in rows:
            entries = connection.execute(select(schema.incident_entries).where(
                schema.incident_entries.c.incident_id == row["id"])
                .order_by(schema.incident_entries.c.ts, schema.incident_entries.c.id)).mappings().all()
            incidents.append(IncidentRecord(dict(row), tuple(dict(e) for e in entries)))
        re_ = schema.rule_events
        rule_events = tuple(dict(row) for row in connection.execute(
            select(re_.c.ts, re_.c.rule_id, re_.c.proposal, re_.c.event, re_.c.value, re_.c.module_id)
            .where(re_.c.show_id == show_id).order_by(re_.c.ts, re_.c.id)).mappings())
    result = load_script_text(show.script_text, show.script_path or f"<show {show_id}>")
    if result.script is None or result.errors:
        reason = "; ".join(str(d) for d in result.errors[:3]) or "it does not load"
        raise RecoveryError(f"the recorded script of show {show_id} does not load: {reason}")
    start = next((c for c in commands if c.name == "start"), None)
    if start is None:
        raise RecoveryError(f"show {show_id} has no recorded start; it cannot be replayed")
    unattended = bool(start.args.get("unattended"))
    script = unattended_script(result.script) if unattended else result.script
    crash_show_t = max(0.0, last_sign - float(show.started_at))
    return Recovery(
        show_id=show_id, script=script, kind=show.kind, speed=float(show.speed or 1.0), room=show.room or "",
        script_path=show.script_path, obs_url=show.obs_url, started_at=float(show.started_at),
        unattended=unattended, commands=tuple(commands), crash_show_t=crash_show_t, incidents=tuple(incidents),
        engine_url=str(engine.url), rule_events=rule_events)


def unattended_script(script: Any) -> Any:
    """No operator (a headless run): modules that would hold for one advance at their planned end."""
    modules = tuple(dataclasses.replace(module, end="advance") for module in script.modules)
    return dataclasses.replace(script, modules=modules)


# ---------------------------------------------------------------- replaying
def replay_run_of_show(recovery: Recovery) -> tuple[RunOfShow, list[Any]]:
    """The run-of-show as it was at the last sign of life, and every effect it produced on the way (in order).

    Pure: no OBS, no database. A command the run-of-show refuses now was refused
    then too (same inputs, same outputs); it is skipped with a log line.
    """
    run_of_show = RunOfShow(recovery.script, speed=recovery.speed)
    effects: list[Any] = []
    for command in recovery.commands:
        effects += _apply(run_of_show, command)
        if run_of_show.state == ENDED:
            break
    if run_of_show.state != ENDED:
        effects += run_of_show.tick(max(recovery.crash_show_t, run_of_show.horizon or 0.0))
    return run_of_show, effects


def _apply(run_of_show: RunOfShow, command: Command) -> list[Any]:
    t, args = command.show_t, command.args
    try:
        if command.name in ("start", "next", "previous", "hold", "resume"):
            return getattr(run_of_show, command.name)(t)
        if command.name == "insert":  # a reserve module inserted by a rule (console.rules)
            return run_of_show.insert(t, run_of_show.script.module(str(args.get("module_id"))))
        if command.name == "jump":
            return run_of_show.jump(t, str(args.get("module_id")))
        if command.name in ("extend", "shorten"):
            return getattr(run_of_show, command.name)(t, float(args.get("seconds", 0)))
        if command.name == "stop":
            return run_of_show.stop(t, early=args.get("early"))
        if command.name == "recover":
            return run_of_show.tick(t)  # the catch-up of an earlier recovery: processed like then
    except (ValueError, TypeError, KeyError) as exc:
        log.warning("replaying %s at %.1f s: %s", command.name, t, exc)
        return []
    log.info("replay: command %s is not part of the run of show; skipped", command.name)
    return []


def replay_events(engine: Any, show_id: str, batch: int = 5000) -> Iterator[tuple[float, Any, str | None]]:
    """The show's recorded audience events as (ts, AudienceEvent, module_id), in time order, streamed."""
    from console.audience.events import from_stored

    table = schema.audience_events
    query = (select(table.c.ts, table.c.kind, table.c.data, table.c.module_id)
             .where(table.c.show_id == show_id).order_by(table.c.ts, table.c.id))
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=batch).execute(query)
        for row in result:
            try:
                yield float(row.ts), from_stored(float(row.ts), row.kind, dict(row.data or {})), row.module_id
            except Exception as exc:  # noqa: BLE001 - one odd stored row must not stop a recovery
                log.warning("a stored %s event at %.3f does not load: %s", row.kind, row.ts, exc)


def recorded_series(engine: Any, show_id: str, prefixes: tuple[str, ...] = ("kpi.", "obs.", "audio.")
                    ) -> Iterator[tuple[str, float, float]]:
    """The show's recorded samples (series, ts, value) in time order, for the charts' history."""
    table = schema.samples
    query = (select(table.c.series, table.c.ts, table.c.value).where(table.c.show_id == show_id)
             .order_by(table.c.ts, table.c.id))
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, yield_per=5000).execute(query)
        for row in result:
            if row.value is not None and row.series.startswith(prefixes):
                yield row.series, float(row.ts), float(row.value)


# ---------------------------------------------------------------- giving up
def abandon(engine: Any, show_id: str, *, now_wall: float | None = None) -> bool:
    """End an interrupted show as ``ended_early`` at its last sign of life ("End it"); False if not running."""
    recovery = load_recovery(engine, show_id)
    ended_at = recovery.started_at + recovery.crash_show_t
    shows, runs = schema.shows, schema.module_runs
    with engine.begin() as connection:
        done = connection.execute(update(shows).where(shows.c.id == show_id, shows.c.status == "running")
                                  .values(status="ended_early", ended_at=ended_at, heartbeat_at=ended_at))
        connection.execute(update(runs).where(runs.c.show_id == show_id, runs.c.ended_at.is_(None))
                           .values(ended_at=ended_at))
        connection.execute(schema.operator_commands.insert().values(
            show_id=show_id, ts=ended_at, command="abandon",
            args={"show_t": recovery.crash_show_t,
                  "down_s": round((time.time() if now_wall is None else now_wall)
                                  - (recovery.started_at + recovery.crash_show_t / recovery.speed), 1)},
            who="operator"))
    return bool(done.rowcount)
