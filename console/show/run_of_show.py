"""The run of show: a deterministic state machine over show time.

Time is an argument. Every command and :meth:`RunOfShow.tick` take ``now``,
the **show clock** in seconds (any monotonic origin; the runtime maps wall
time to show time with the speed factor). Nothing here reads a clock, sleeps
or starts a thread, so tests pass instants in and the same inputs always give
the same outputs.

How time is processed: the run of show keeps a *horizon*, the last instant it has
processed. A command or a tick at ``now`` first processes every item due up to
``now`` **in time order, at the instant it was due** (a cue at its offset, an
``end: advance`` module at its planned end, the warning phase), then applies
the command at ``now``. Hence a command applied late, with its own instant and
no tick in between, reaches exactly the state it would have reached on time,
and how often ``tick`` is called does not change the outcome (only
``CueDue.fired_at``, the instant the caller learned of it). The run of show never
rewrites what already happened: a command whose instant lies before the
horizon is applied at the horizon.

Module clock and hold: each module run has its own clock (``elapsed``) that
starts at 0 and drives its cues, its countdown and its planned end. ``hold``
freezes that clock (no cue fires, an ``advance`` module does not move on)
until ``resume``; the show keeps running, so the held time counts in the
module's actual duration and in the over/under. ``extend``/``shorten`` move
the planned end of the current run (``planned_duration``); over/under is
always measured against the script's plan.

At the planned end, an ``end: advance`` module moves on (the last one ends the
show); an ``end: hold`` module stays on, reports :class:`ModuleOverrun` once
and its remaining time goes negative until the operator moves on.

What it reports is in :mod:`console.show.effects`, what it shows in
:mod:`console.show.status`.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Callable

from console.events import Signal
from console.show.effects import (CommandIgnored, CueDue, CueSkipped, DurationChanged, Effect, Held, ModuleEnded,
                                  ModuleOverrun, ModuleStarted, Resumed, SceneSwitch, ShowEnded, ShowStarted,
                                  WarningPhase)
from console.show.model import Module, ShowScript
from console.show.reserve import ReserveDetours
from console.show.status import ENDED, IDLE, RUNNING, ModuleRun, NextCue, ShowStatus, TimelineEntry

log = logging.getLogger(__name__)

#: The warning phase is the last minute of a module (issue 4): long enough for
#: the anchor to wrap up a sentence and the controller to decide hold or extend.
WARNING_PHASE_S = 60.0

#: Instants this close to the last processed one count as processed (float round trips).
HORIZON_EPSILON_S = 1e-6

_CUE, _WARNING, _END = 0, 1, 2  # order of items due at the same instant


class RunOfShow:
    """The run-of-show state machine. Not thread-safe: one thread (or a lock held by the caller) drives it.

    Every command returns the list of effects it produced, in time order, and
    :attr:`effects` publishes the same list (if not empty) **on the thread that
    called the command or tick**.
    """

    def __init__(self, script: ShowScript, *, speed: float = 1.0, auto_advance: bool = False) -> None:
        """``auto_advance``: treat every module as ``end: advance`` (a headless run has no operator)."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.script = script
        #: Show seconds per wall second; the run of show only keeps it for display,
        #: the runtime does the mapping.
        self.speed = speed
        self.modules: tuple[Module, ...] = script.modules
        self.auto_advance = auto_advance
        self.state = IDLE
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self.ended_early: bool | None = None
        self._horizon: float | None = None
        self._run: ModuleRun | None = None
        self._runs_per_module = [0] * len(self.modules)
        self.reserve = ReserveDetours(len(self.modules))  # inserted reserve modules (console.show.reserve)
        self._fired: set[tuple[int, int]] = set()
        self._timeline: list[TimelineEntry] = []
        # Cues of each module in the order they fall due (file order breaks ties).
        self._cue_order: list[list[int]] = [
            sorted(range(len(m.cues)), key=lambda i, m=m: (m.cues[i].at, i)) for m in self.modules
        ]
        #: Published with the list of effects of each command/tick that had any.
        self.effects = Signal("RunOfShow.effects")

    # ------------------------------------------------------------ commands
    def start(self, now: float) -> list[Effect]:
        return self._command("start", now, self._do_start)

    def next(self, now: float) -> list[Effect]:
        return self._command("next", now, self._do_next)

    def previous(self, now: float) -> list[Effect]:
        return self._command("previous", now, self._do_previous)

    def jump(self, now: float, module_id: str) -> list[Effect]:
        """Go to ``module_id`` (from its beginning); ValueError for an id not in the script."""
        target = next((index for index, module in enumerate(self.modules) if module.id == module_id), None)
        if target is None:
            raise ValueError(f"no module '{module_id}' in the script")
        return self._command("jump", now, lambda t: self._do_jump(t, target))

    def insert(self, now: float, module: Module) -> list[Effect]:
        """Run ``module`` (a reserve module of the script) after the current one, then carry on as planned."""
        return self._command("insert", now, lambda t: self.reserve.insert(self, t, module) if self._run is not None
                             else self._ignored("insert", t))

    def hold(self, now: float) -> list[Effect]:
        return self._command("hold", now, self._do_hold)

    def resume(self, now: float) -> list[Effect]:
        return self._command("resume", now, self._do_resume)

    def extend(self, now: float, seconds: float) -> list[Effect]:
        if seconds <= 0:
            raise ValueError("extend by a positive number of seconds")
        return self._command("extend", now, lambda t: self._do_change(t, seconds))

    def shorten(self, now: float, seconds: float) -> list[Effect]:
        if seconds <= 0:
            raise ValueError("shorten by a positive number of seconds")
        return self._command("shorten", now, lambda t: self._do_change(t, -seconds))

    def stop(self, now: float, *, early: bool | None = None) -> list[Effect]:
        """End the show. ``early`` defaults to "the last module has not reached its planned end"."""
        return self._command("stop", now, lambda t: self._do_stop(t, early))

    end = stop

    def tick(self, now: float) -> list[Effect]:
        """Process everything due up to ``now`` (call it from the outer loop, any rate)."""
        return self._command("tick", now, None)

    # ------------------------------------------------------------- queries
    @property
    def horizon(self) -> float | None:
        """The last instant processed."""
        return self._horizon

    @property
    def current_index(self) -> int | None:
        return self._run.index if self._run is not None else None

    @property
    def current_module(self) -> Module | None:
        return self.modules[self._run.index] if self._run is not None else None

    @property
    def held(self) -> bool:
        return self._run is not None and self._run.running_since is None

    @property
    def fired_cues(self) -> frozenset[tuple[int, int]]:
        """(module index, cue index) of every cue fired so far."""
        return frozenset(self._fired)

    @property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        return tuple(self._timeline)

    def elapsed(self, now: float) -> float:
        """The current module's clock (holds excluded); 0 with no module on."""
        return self._run.elapsed(self._at(now)) if self._run else 0.0

    def actual_elapsed(self, now: float) -> float:
        return max(0.0, self._at(now) - self._run.started_at) if self._run else 0.0

    def planned_duration(self) -> float:
        """The current run's planned duration: the script's, extended or shortened."""
        if self._run is None:
            return 0.0
        return max(0.0, self.modules[self._run.index].duration + self._run.extension)

    def remaining(self, now: float) -> float:
        """Countdown of the current module; negative is the overrun."""
        return self.planned_duration() - self.elapsed(now) if self._run else 0.0

    def module_over_under(self, now: float) -> float:
        """Actual time of the current run so far minus the script's plan (negative: time left in the plan)."""
        if self._run is None:
            return 0.0
        return self.actual_elapsed(now) - self.modules[self._run.index].duration

    def show_over_under(self, now: float) -> float:
        """Running total: actual − planned for every module left, plus the current module's overrun.

        A module run several times counts with all its runs against one plan;
        modules never run do not count.
        """
        now = self._at(now)
        actual: dict[int, float] = {}
        for entry in self._timeline:
            end = entry.end if entry.end is not None else now
            actual[entry.index] = actual.get(entry.index, 0.0) + max(0.0, end - entry.start)
        total = 0.0
        current = self._run.index if self._run is not None else None
        for index, seconds in actual.items():
            difference = seconds - self.modules[index].duration
            total += max(0.0, difference) if index == current else difference
        return total

    def in_warning_phase(self, now: float) -> bool:
        return self.phase(now) == "warning"

    def phase(self, now: float) -> str:
        if self.state == IDLE:
            return "idle"
        if self.state == ENDED:
            return "ended"
        if self.held:
            return "held"
        remaining = self.remaining(now)
        if remaining <= 0:
            return "overrun"
        if remaining <= WARNING_PHASE_S:
            return "warning"
        return "normal"

    def next_cue(self, now: float) -> NextCue | None:
        """The next cue of the current module that will fire if nothing changes."""
        if self._run is None:
            return None
        run = self._run
        module = self.modules[run.index]
        elapsed = run.elapsed(self._at(now))
        for cue_index in self._pending_cues(run):
            cue = module.cues[cue_index]
            return NextCue(run.index, cue_index, cue, max(0.0, cue.at - elapsed))
        return None

    def module_at(self, t: float) -> str | None:
        """The id of the module actually on at show time ``t`` (KPI attribution).

        At a change-over instant the module that starts wins. None before the
        start and after the end.

        An instant past the horizon (an audience event stamped after the last
        tick: at 1x that is almost every live event) gets the module the plan
        puts there if no operator command comes first: the module on air
        stays on unless it is an ``advance`` module whose planned end falls
        before ``t``, which the next tick will process at that very instant.
        Nothing is changed by asking.
        """
        for entry in reversed(self._timeline):
            if entry.start <= t and (entry.end is None or t < entry.end):
                # The tolerance absorbs the round trip through Unix seconds
                # ((start + t) - start != t in floating point).
                if entry.end is None and self._horizon is not None and t > self._horizon + HORIZON_EPSILON_S:
                    return self._planned_module_at(t)
                return entry.module_id
        return None

    def _planned_module_at(self, t: float) -> str | None:
        """The module on at ``t`` (past the horizon) if only the plan acts until then."""
        run = self._run
        if self.state != RUNNING or run is None:
            return None
        index = run.index
        module = self.modules[index]
        if run.running_since is None or not self._advances(module):
            return module.id  # held, or an ``end: hold`` module: it stays on until the operator moves on
        end = run.at_clock(max(0.0, module.duration + run.extension))
        while end <= t:
            index = self.reserve.next_index(index, consume=False)
            if index is None:
                return None  # the last module will have ended the show
            module = self.modules[index]
            if not self._advances(module):
                return module.id
            end += max(0.0, module.duration)
        return module.id

    def status(self, now: float) -> ShowStatus:
        now = self._at(now)
        return ShowStatus(
            now=now, state=self.state, index=self.current_index, module=self.current_module,
            phase=self.phase(now), held=self.held, elapsed=self.elapsed(now),
            actual_elapsed=self.actual_elapsed(now), planned_duration=self.planned_duration(),
            remaining=self.remaining(now), module_over_under=self.module_over_under(now),
            show_over_under=self.show_over_under(now), next_cue=self.next_cue(now), timeline=self.timeline,
        )

    # ------------------------------------------------------------ internals
    def _at(self, now: float) -> float:
        return now if self._horizon is None or now >= self._horizon else self._horizon

    def _command(self, name: str, now: float, apply: Callable[[float], list[Effect]] | None) -> list[Effect]:
        now = float(now)
        if self._horizon is not None and now < self._horizon:
            if apply is not None:
                log.info("%s at %.3f is before the last processed instant %.3f; applied there", name, now,
                         self._horizon)
            now = self._horizon
        effects = self._advance_to(now)
        if apply is not None:
            effects += apply(now)
            effects += self._advance_to(now)  # a shortened module may end now, a cue at 0 fire now
        self._horizon = now
        if effects:
            self.effects.emit(effects)
        return effects

    def _advances(self, module: Module) -> bool:
        return self.auto_advance or module.advances

    def _pending_cues(self, run: ModuleRun) -> list[int]:
        """Cues of the run not yet fired that it can still reach, in due order."""
        module = self.modules[run.index]
        limit = module.duration + run.extension
        pending = []
        for cue_index in self._cue_order[run.index]:
            if (run.index, cue_index) in self._fired:
                continue
            cue = module.cues[cue_index]
            if self._advances(module) and cue.at >= limit:
                continue  # the module ends before this cue
            pending.append(cue_index)
        return pending

    def _next_due(self) -> tuple[float, int, int] | None:
        """(instant, kind, cue index) of the earliest item due in the current run."""
        run = self._run
        if run is None or run.running_since is None:
            return None
        module = self.modules[run.index]
        candidates: list[tuple[float, int, int]] = []
        pending = self._pending_cues(run)
        if pending:
            candidates.append((run.at_clock(module.cues[pending[0]].at), _CUE, pending[0]))
        limit = max(0.0, module.duration + run.extension)
        if not run.warned and (self._advances(module) or not run.overrun_reported):
            candidates.append((run.at_clock(max(0.0, limit - WARNING_PHASE_S)), _WARNING, -1))
        if self._advances(module) or not run.overrun_reported:
            candidates.append((run.at_clock(limit), _END, -1))
        return min(candidates) if candidates else None

    def _advance_to(self, now: float) -> list[Effect]:
        effects: list[Effect] = []
        while self.state == RUNNING:
            due = self._next_due()
            if due is None or due[0] > now:
                break
            at, kind, cue_index = due
            run = self._run
            assert run is not None
            module = self.modules[run.index]
            if kind == _CUE:
                self._fired.add((run.index, cue_index))
                effects.append(CueDue(module, run.index, cue_index, module.cues[cue_index], at, now))
            elif kind == _WARNING:
                run.warned = True
                if run.elapsed(at) < max(0.0, module.duration + run.extension):
                    effects.append(WarningPhase(module, run.index, at))
            elif self._advances(module):
                effects += self._leave(at, "advance", "passed")
                following = self.reserve.next_index(run.index)
                if following is not None:
                    effects += self._enter(following, at)
                else:
                    effects += self._finish(at, early=False)
            else:
                run.overrun_reported = True
                run.warned = True
                effects.append(ModuleOverrun(module, run.index, at))
        return effects

    def _enter(self, index: int, at: float) -> list[Effect]:
        module = self.modules[index]
        self._runs_per_module[index] += 1
        self._run = ModuleRun(index, at, running_since=at, floor=at)
        self._timeline.append(TimelineEntry(module.id, index, at, None))
        return [ModuleStarted(module, at, index, self._runs_per_module[index]),
                SceneSwitch(module, index, module.scene, at)]

    def _leave(self, at: float, reason: str, skip_reason: str) -> list[Effect]:
        run = self._run
        assert run is not None
        module = self.modules[run.index]
        effects: list[Effect] = [ModuleEnded(module, at, run.index, reason)]
        effects += self._skip(run.index, skip_reason, at)
        last = self._timeline[-1]
        self._timeline[-1] = dataclasses.replace(last, end=at)
        self._run = None
        return effects

    def _skip(self, index: int, reason: str, at: float) -> list[Effect]:
        module = self.modules[index]
        return [CueSkipped(module, index, cue_index, module.cues[cue_index], reason, at)
                for cue_index in self._cue_order[index] if (index, cue_index) not in self._fired]

    def _finish(self, at: float, *, early: bool) -> list[Effect]:
        self.state = ENDED
        self.ended_at = at
        self.ended_early = early
        return [ShowEnded(at, early)]

    def _ignored(self, command: str, at: float) -> list[Effect]:
        reason = {IDLE: "the show has not started", ENDED: "the show has ended"}.get(self.state, "")
        return [CommandIgnored(command, at, reason)]

    def _do_start(self, now: float) -> list[Effect]:
        if self.state != IDLE:
            return [CommandIgnored("start", now, "the show has already started")]
        self.state = RUNNING
        self.started_at = now
        return [ShowStarted(now)] + self._enter(0, now)

    def _do_next(self, now: float) -> list[Effect]:
        if self._run is None:
            return self._ignored("next", now)
        index = self._run.index
        effects = self._leave(now, "next", "jumped")
        following = self.reserve.next_index(index)
        if following is not None:
            return effects + self._enter(following, now)
        return effects + self._finish(now, early=False)

    def _do_previous(self, now: float) -> list[Effect]:
        if self._run is None:
            return self._ignored("previous", now)
        if self._run.index == 0:
            return [CommandIgnored("previous", now, "already at the first module")]
        index = self._run.index
        return self._leave(now, "previous", "jumped") + self._enter(self.reserve.previous_index(index), now)

    def _do_jump(self, now: float, target: int) -> list[Effect]:
        if self._run is None:
            return self._ignored("jump", now)
        index = self._run.index
        effects = self._leave(now, "jump", "jumped")
        for passed in range(index + 1, target):
            effects += self._skip(passed, "jumped", now)
        return effects + self._enter(target, now)

    def _do_hold(self, now: float) -> list[Effect]:
        run = self._run
        if run is None:
            return self._ignored("hold", now)
        if run.running_since is None:
            return [CommandIgnored("hold", now, "already held")]
        run.clock_base = run.elapsed(now)
        run.running_since = None
        run.held_since = now
        return [Held(self.modules[run.index], run.index, now)]

    def _do_resume(self, now: float) -> list[Effect]:
        run = self._run
        if run is None:
            return self._ignored("resume", now)
        if run.running_since is not None:
            return [CommandIgnored("resume", now, "not held")]
        held_for = now - (run.held_since if run.held_since is not None else now)
        run.running_since = now
        run.held_since = None
        return [Resumed(self.modules[run.index], run.index, now, held_for)]

    def _do_change(self, now: float, delta: float) -> list[Effect]:
        run = self._run
        command = "extend" if delta > 0 else "shorten"
        if run is None:
            return self._ignored(command, now)
        module = self.modules[run.index]
        before = max(0.0, module.duration + run.extension)
        run.extension = max(run.extension + delta, -module.duration)
        run.floor = now
        after = module.duration + run.extension
        remaining = after - run.elapsed(now)
        # Re-arm the warning and overrun reports when the end moved away again.
        if remaining > WARNING_PHASE_S:
            run.warned = False
        if remaining > 0:
            run.overrun_reported = False
        return [DurationChanged(module, run.index, now, after - before, after)]

    def _do_stop(self, now: float, early: bool | None) -> list[Effect]:
        if self.state != RUNNING:
            return self._ignored("stop", now)
        run = self._run
        assert run is not None
        if early is None:
            early = self.reserve.next_index(run.index, consume=False) is not None or self.remaining(now) > 0
        index = run.index
        effects = self._leave(now, "stop", "stopped")
        for never in range(min(index + 1, self.reserve.planned_count), len(self.modules)):
            if self._runs_per_module[never] == 0:
                effects += self._skip(never, "stopped", now)
        return effects + self._finish(now, early=early)
