"""Glue between the run of show, OBS and the recorder.

:class:`ShowRuntime` is driven from outside: the outer loop (a QTimer in the
window, the headless runner) calls :meth:`ShowRuntime.tick` with its
monotonic wall clock, and operator commands arrive with the wall instant at
which the operator gave them. The runtime maps wall time to **show time**
(``(wall − wall at start) × speed``), drives :class:`RunOfShow`, and turns
its effects into:

- OBS actions through ``console.obs.actions.perform`` (origin ``"cue"``): a
  module start switches to its scene, a cue runs its action. A cue due while
  OBS is not connected (``client.state != ok``), or in a rehearsal without
  OBS, is recorded as ``missed`` and never sent late. ``note`` cues are for
  the operator and count as fired without OBS.
- Rows through the :class:`~console.recording.Recorder`: the show and its
  plan at start, module runs (start, then end), every operator command, every
  cue result (``fired``, ``failed`` with OBS's reason, ``skipped``,
  ``missed``). A module start's scene switch is recorded as a cue result with
  ``cue_index = -1``.

Recorded timestamps are **show-clock Unix seconds**: ``shows.started_at`` is
the wall clock at start (from ``clock``) and an instant ``t`` of the show is
stored as ``started_at + t``. At speed 1 that is the wall clock; at a
rehearsal speed the review still sees the show's own durations.

Threads: commands and ticks may come from any thread (a lock serialises them
with the run-of-show). :attr:`changed` and :attr:`effects` fire on the thread that
called the command or tick; :attr:`cue_result` fires there for missed,
skipped and note cues, and on the ``obs-actions`` thread when OBS answers.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from concurrent.futures import Future, wait
from typing import Any, Callable

from console.events import Signal
from console.obs.protocol import ObsLink
from console.show.effects import (CommandIgnored, CueDue, CueSkipped, ModuleEnded, ModuleInserted, ModuleStarted,
                                  SceneSwitch, ShowEnded)
from console.show.model import ShowScript
from console.show.run_of_show import HORIZON_EPSILON_S, RunOfShow
from console.show.show_row import ShowRowRecording
from console.show.status import ENDED, ShowStatus

log = logging.getLogger(__name__)

#: How often (wall seconds) the console's heartbeat (not OBS's: console.obs.client) — the show row's heartbeat and live summary are
#: written: the rooms wall and crash detection need "alive a few seconds ago",
#: not every tick.
CONSOLE_HEARTBEAT_INTERVAL_S = 5.0
KINDS = ("live", "rehearsal")
#: Why a cue that fell due while the console was down was not sent (crash recovery).
DOWN = "the console was not running when it fell due"


@dataclasses.dataclass(frozen=True, slots=True)
class CueResult:
    """What became of one cue (or, with ``cue_index == -1``, of a module's scene switch)."""

    module_id: str
    module_index: int
    cue_index: int
    action: dict[str, Any]
    status: str  # fired | failed | skipped | missed
    error: str | None
    at: float  # show time the cue was due / skipped
    ts: float  # show-clock Unix time (see module docstring)


def _default_perform(client: ObsLink, action: dict[str, Any], *, roles: dict[str, str], origin: str) -> Future:
    from console.obs.actions import perform

    return perform(client, action, roles=roles, origin=origin)


class ShowRuntime(ShowRowRecording):
    def __init__(
        self,
        script: ShowScript,
        run_of_show: RunOfShow | None = None,
        obs_client: ObsLink | None = None,
        recorder: Any | None = None,
        *,
        show_id: str | None = None,
        clock: Callable[[], float] = time.time,
        kind: str = "live",
        speed: float | None = None,
        room: str = "",
        obs_url: str | None = None,
        script_path: str | None = None,
        perform: Callable[..., Future] | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        if kind == "live" and obs_client is None:
            raise ValueError("a live show needs an OBS client; run a rehearsal to go without OBS")
        self.script = script
        self.run_of_show = run_of_show if run_of_show is not None else RunOfShow(script, speed=speed or 1.0)
        self.speed = float(speed if speed is not None else self.run_of_show.speed)
        if self.speed <= 0:
            raise ValueError("speed must be positive")
        self.obs = obs_client
        self.recorder = recorder
        self.show_id = show_id or str(uuid.uuid4())
        self.kind = kind
        self.room = room
        #: Who presents this run: the script's ``show.anchor`` unless the operator names another before the
        #: start (CONTRACTS.md §12: ``liveroom run --anchor``); recorded with the show.
        self.anchor = script.show.anchor
        self.obs_url = obs_url
        self.script_path = script_path or script.file
        self._clock = clock
        self._perform = perform or _default_perform
        self._lock = threading.RLock()
        self._wall_start: float | None = None
        self._opened_at: float | None = None  # the pre-show record's opening (record_opening)
        self.unix_start: float | None = None
        self._last_heartbeat: float | None = None
        #: While a recovery catches up: what fell due before this show instant is missed.
        self._catch_up_until: float | None = None
        self._pending: set[Future] = set()
        self._pending_lock = threading.Lock()
        self.results: list[CueResult] = []
        #: ``cue_result(CueResult)``: see the module docstring for the thread.
        self.cue_result = Signal("ShowRuntime.cue_result")
        #: ``changed()``: state changed (module, hold, extension, end); thread of the command/tick.
        self.changed = Signal("ShowRuntime.changed")
        #: ``effects(list)``: the run-of-show's effects of one command/tick; same thread.
        self.effects = Signal("ShowRuntime.effects")
        #: More of the live summary written with each heartbeat (the rooms wall:
        #: connection, stream health, incidents, headline KPIs). Called on the
        #: tick's thread under the runtime's lock; must be quick and never raise.
        self.summary_extra: Callable[[], dict[str, Any]] | None = None

    # ------------------------------------------------------------ time
    def show_time(self, wall_now: float) -> float:
        """Show seconds since the start for the monotonic wall instant ``wall_now`` (0 before start)."""
        if self._wall_start is None:
            return 0.0
        return max(0.0, (wall_now - self._wall_start) * self.speed)

    def unix_at(self, show_t: float) -> float:
        """The show-clock Unix time recorded for show instant ``show_t``."""
        return (self.unix_start or 0.0) + show_t

    def show_time_of_unix(self, ts: float) -> float:
        """Inverse of :meth:`unix_at` (for events stamped in show-clock Unix time)."""
        return ts - (self.unix_start or 0.0)

    def module_at_unix(self, ts: float) -> str | None:
        """The module actually on at show-clock Unix time ``ts`` (KPI attribution)."""
        return self.run_of_show.module_at(self.show_time_of_unix(ts))

    @property
    def started(self) -> bool:
        return self._wall_start is not None

    @property
    def ended(self) -> bool:
        return self.run_of_show.state == ENDED

    # ------------------------------------------------------------ commands
    def start(self, wall_now: float, *, who: str | None = None, args: dict[str, Any] | None = None) -> list[Any]:
        """Start the show; ``args`` are recorded with the start (``unattended`` for a headless run)."""
        with self._lock:
            if self._wall_start is not None:
                return self._run("start", wall_now, who, dict(args or {}), self.run_of_show.start)
            self._wall_start = wall_now
            self.unix_start = self._clock()
            self._last_heartbeat = wall_now
            self._record_show_start()
            return self._run("start", wall_now, who, dict(args or {}), self.run_of_show.start)

    def resume_after_crash(self, wall_now: float, recovery: Any, *, who: str | None = None) -> list[Any]:
        """Continue an interrupted show (``console.recovery``) on its own clock, from ``wall_now``.

        The run-of-show must be the one :func:`console.recovery.replay_run_of_show` rebuilt,
        and :attr:`show_id` the show's. Show time is real time since the
        recorded start; what fell due while the console was down is processed
        now and recorded as ``missed`` (never sent late); no scene switch is
        sent for the module on air (OBS kept showing what it showed). The
        catch-up is recorded as a ``recover`` command, so a second crash
        replays it exactly.
        """
        with self._lock:
            if self._wall_start is not None:
                raise RuntimeError("the show is already running")
            self.unix_start = recovery.started_at
            show_now = recovery.show_t_at(self._clock())
            self._wall_start = wall_now - show_now / self.speed
            self._last_heartbeat = wall_now
            self._catch_up_until = show_now
            try:
                effects = self._run("recover", wall_now, who,
                                    {"from_show_t": round(recovery.crash_show_t, 3)}, self.run_of_show.tick)
            finally:
                self._catch_up_until = None
            self._record_heartbeat(show_now)
            return effects

    def tick(self, wall_now: float) -> list[Any]:
        with self._lock:
            if self._wall_start is None:
                return []
            effects = self._handle(self.run_of_show.tick(self.show_time(wall_now)))
            if self._last_heartbeat is not None and wall_now - self._last_heartbeat >= CONSOLE_HEARTBEAT_INTERVAL_S:
                self._last_heartbeat = wall_now
                self._record_heartbeat(self.show_time(wall_now))
            return effects

    def next(self, wall_now: float, *, who: str | None = None) -> list[Any]:
        return self._command("next", wall_now, who, {}, self.run_of_show.next)

    def previous(self, wall_now: float, *, who: str | None = None) -> list[Any]:
        return self._command("previous", wall_now, who, {}, self.run_of_show.previous)

    def jump(self, wall_now: float, module_id: str, *, who: str | None = None) -> list[Any]:
        return self._command("jump", wall_now, who, {"module_id": module_id},
                             lambda t: self.run_of_show.jump(t, module_id))

    def insert(self, wall_now: float, module_id: str, *, who: str | None = None) -> list[Any]:
        """Run the script's reserve module ``module_id`` after the current one (ValueError if not in ``reserve``)."""
        module = next((m for m in self.script.reserve if m.id == module_id), None)
        if module is None:
            raise ValueError(f"no module '{module_id}' in the script's reserve")
        return self._command("insert", wall_now, who, {"module_id": module_id},
                             lambda t: self.run_of_show.insert(t, module))

    def hold(self, wall_now: float, *, who: str | None = None) -> list[Any]:
        return self._command("hold", wall_now, who, {}, self.run_of_show.hold)

    def resume(self, wall_now: float, *, who: str | None = None) -> list[Any]:
        return self._command("resume", wall_now, who, {}, self.run_of_show.resume)

    def extend(self, wall_now: float, seconds: float, *, who: str | None = None) -> list[Any]:
        return self._command("extend", wall_now, who, {"seconds": seconds}, lambda t: self.run_of_show.extend(t, seconds))

    def shorten(self, wall_now: float, seconds: float, *, who: str | None = None) -> list[Any]:
        return self._command("shorten", wall_now, who, {"seconds": seconds},
                             lambda t: self.run_of_show.shorten(t, seconds))

    def stop(self, wall_now: float, *, early: bool | None = None, who: str | None = None) -> list[Any]:
        return self._command("stop", wall_now, who, {} if early is None else {"early": early},
                             lambda t: self.run_of_show.stop(t, early=early))

    def status(self, wall_now: float) -> ShowStatus:
        with self._lock:
            return self.run_of_show.status(self.show_time(wall_now))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every OBS action sent so far has answered (end of a run, tests)."""
        with self._pending_lock:
            pending = list(self._pending)
        done, not_done = wait(pending, timeout=timeout)
        return not not_done

    def close(self, wall_now: float, timeout: float = 10.0) -> None:
        """Stop the show if it still runs (recorded as early) and wait for OBS answers."""
        if self.started and not self.ended:
            self.stop(wall_now, early=True, who="system")
        self.wait_idle(timeout)

    # ------------------------------------------------------------ internals
    def _command(self, name: str, wall_now: float, who: str | None, args: dict[str, Any],
                 apply: Callable[[float], list[Any]]) -> list[Any]:
        with self._lock:
            if self._wall_start is None:
                # Not recorded: there is no show row yet to attach it to.
                return self._handle([CommandIgnored(name, 0.0, "the show has not started")])
            return self._run(name, wall_now, who, args, apply)

    def _run(self, name: str, wall_now: float, who: str | None, args: dict[str, Any],
             apply: Callable[[float], list[Any]]) -> list[Any]:
        show_now = self.show_time(wall_now)
        self._record_command(name, show_now, who, args)
        return self._handle(apply(show_now))

    def _handle(self, effects: list[Any]) -> list[Any]:
        if not effects:
            return effects
        for effect in effects:
            try:
                self._apply(effect)
            except Exception:  # one bad effect must not stop the show
                log.exception("handling %r failed", effect)
        self.effects.emit(effects)
        self.changed.emit()
        return effects

    def _apply(self, effect: Any) -> None:
        if isinstance(effect, ModuleStarted):
            self._write("module_runs", {"show_id": self.show_id, "module_id": effect.module.id,
                                        "idx": effect.index, "started_at": self.unix_at(effect.at)})
        elif isinstance(effect, ModuleEnded):
            self._end_module_run(effect.index, self.unix_at(effect.at))
        elif isinstance(effect, SceneSwitch):
            if self._fell_due_while_down(effect.at):
                self._result(effect.module.id, effect.index, -1, effect.action(), 0.0, effect.at, "missed", DOWN)
            else:
                self._send(effect.module.id, effect.index, -1, effect.action(), 0.0, effect.at)
        elif isinstance(effect, CueDue):
            cue = effect.cue
            if self._fell_due_while_down(effect.due_at):
                self._result(effect.module.id, effect.module_index, effect.cue_index, cue.action(), cue.at,
                             effect.due_at, "missed", DOWN)
            elif not cue.sends_to_obs:
                self._result(effect.module.id, effect.module_index, effect.cue_index, cue.action(), cue.at,
                             effect.due_at, "fired", None)
            else:
                self._send(effect.module.id, effect.module_index, effect.cue_index, cue.action(), cue.at,
                           effect.due_at)
        elif isinstance(effect, CueSkipped):
            self._result(effect.module.id, effect.module_index, effect.cue_index, effect.cue.action(),
                         effect.cue.at, effect.at, "skipped", effect.reason)
        elif isinstance(effect, ShowEnded):
            self._record_show_end(effect)
        elif isinstance(effect, ModuleInserted):  # the plan gains the reserve module, at its own index
            module = effect.module
            self._write("planned_modules", {"show_id": self.show_id, "idx": effect.index, "module_id": module.id,
                                            "type": module.type, "title": module.title, "planned_s": module.duration,
                                            **({"anchor": module.anchor} if module.anchor else {})})
        elif isinstance(effect, CommandIgnored):
            log.info("command %s ignored: %s", effect.command, effect.reason)

    def _fell_due_while_down(self, at: float) -> bool:
        return self._catch_up_until is not None and at < self._catch_up_until - HORIZON_EPSILON_S

    def _obs_unavailable(self) -> str | None:
        if self.obs is None:
            return "no OBS in this rehearsal"
        state = getattr(self.obs, "state", None)
        value = getattr(state, "value", state)
        if value != "ok":
            return f"OBS is not connected ({value})"
        return None

    def _send(self, module_id: str, module_index: int, cue_index: int, action: dict[str, Any], at_s: float,
              due_at: float) -> None:
        reason = self._obs_unavailable()
        if reason is not None:
            self._result(module_id, module_index, cue_index, action, at_s, due_at, "missed", reason)
            return
        try:
            future = self._perform(self.obs, action, roles=dict(self.script.show.scenes), origin="cue")
        except Exception as exc:  # noqa: BLE001
            self._result(module_id, module_index, cue_index, action, at_s, due_at, "failed", f"internal error: {exc}")
            return
        with self._pending_lock:
            self._pending.add(future)

        def done(finished: Future) -> None:
            # On the obs-actions thread (or here, if it already finished).
            try:
                outcome = finished.result()
                ok, error = bool(outcome.ok), outcome.error
            except Exception as exc:  # noqa: BLE001
                ok, error = False, f"internal error: {exc}"
            self._result(module_id, module_index, cue_index, action, at_s, due_at,
                         "fired" if ok else "failed", None if ok else (error or "OBS refused the action"))
            with self._pending_lock:
                self._pending.discard(finished)

        future.add_done_callback(done)

    def _result(self, module_id: str, module_index: int, cue_index: int, action: dict[str, Any], at_s: float,
                show_t: float, status: str, error: str | None) -> None:
        result = CueResult(module_id, module_index, cue_index, dict(action), status, error, show_t,
                           self.unix_at(show_t))
        self.results.append(result)  # list.append is atomic; read it after wait_idle()
        detail: dict[str, Any] = {"due_at": show_t}
        if cue_index == -1:
            detail["module_start"] = True
        if status == "skipped":
            detail["reason"] = error
        self._write("cue_results", {"show_id": self.show_id, "module_id": module_id, "cue_index": cue_index,
                                    "action": str(action.get("do")), "at_s": float(at_s), "ts": result.ts,
                                    "status": status, "error": error, "detail": detail})
        self.cue_result.emit(result)

    # ------------------------------------------------------------ recording
    def _table(self, name: str) -> Any:
        from db import schema

        return getattr(schema, name)

    def _write(self, table: str, rows: dict[str, Any] | list[dict[str, Any]]) -> None:
        if self.recorder is None:
            return
        future = self.recorder.write(self._table(table), rows)
        future.add_done_callback(_log_failure)

    def _update(self, fn: Callable[[Any], Any]) -> None:
        if self.recorder is None:
            return
        self.recorder.call(fn).add_done_callback(_log_failure)

    def _record_command(self, name: str, show_now: float, who: str | None, args: dict[str, Any]) -> None:
        self._write("operator_commands", {"show_id": self.show_id, "ts": self.unix_at(show_now), "command": name,
                                          "args": {**args, "show_t": show_now}, "who": who})

    def _end_module_run(self, index: int, ended_at: float) -> None:
        from sqlalchemy import update

        table = self._table("module_runs")
        show_id = self.show_id
        self._update(lambda connection: connection.execute(
            update(table).where(table.c.show_id == show_id, table.c.idx == index, table.c.ended_at.is_(None))
            .values(ended_at=ended_at)))


def _log_failure(future: Future) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("recording failed: %s", exc)
