"""Incidents: open one per playbook, run its steps, time its checklist, record everything.

:class:`PlaybookRunner` is driven by its caller: :meth:`trigger` /
:meth:`condition_cleared` (from the detectors), :meth:`tick` (every ~100 ms)
and the operator's commands (:meth:`acknowledge`, :meth:`complete_check`,
:meth:`resolve`, :meth:`drill`). Every method takes ``now`` (seconds on the
caller's clock; the session facade passes the show clock in Unix seconds, so
stamps line up with the rest of the show's records). None of them blocks:
OBS actions go through the injected ``perform(action, origin) -> Future``
and their outcome is collected by a later :meth:`tick`.

Threads: all methods must be called from ONE thread (the GUI thread in the
window, the headless loop otherwise); the facade marshals OBS inputs onto it.
The signals fire on that thread:

- ``incident_opened(incident)``
- ``incident_changed(incident)`` — a step finished, an ack, a check, a resolve, a repeat trigger
- ``escalated(incident, check)`` — a check passed its deadline undone (once per check);
  the UI makes it visible and audible.

Rules (CONTRACTS.md §5): one open incident per playbook id (a drill is kept
apart from a real one); a second trigger while it is open is logged on it;
steps run in order, a failed one is logged with OBS's reason and the next one
runs; an OBS action while OBS is away waits up to :data:`OBS_WAIT_LIMIT_S`
then fails with the reason; checks are due at trigger + ``within``.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from concurrent.futures import Future
from typing import Any, Callable, Iterable

from sqlalchemy import update

from console.contingency.model import ActionStep, CheckStep, Playbook
from console.events import Signal
from db import schema

log = logging.getLogger(__name__)

#: How long an action that needs OBS waits for the link to come back before it
#: fails: OBS restarts in ~10 s here; a scene switch a minute late would be wrong.
OBS_WAIT_LIMIT_S = 30.0
SYSTEM = "system"

Perform = Callable[[dict[str, Any], str], Future]


@dataclasses.dataclass
class StepState:
    step: ActionStep
    status: str = "pending"  # pending | waiting_obs | running | ok | failed | skipped
    error: str | None = None
    started_at: float | None = None
    finished_at: float | None = None
    waiting_since: float | None = None
    future: Future | None = dataclasses.field(default=None, repr=False)


@dataclasses.dataclass
class CheckState:
    check: CheckStep
    deadline: float
    done_at: float | None = None
    done_by: str | None = None
    escalated: bool = False

    def remaining(self, now: float) -> float:
        return self.deadline - now


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    ts: float
    kind: str  # trigger | step | ack | check | escalate | resolve | note
    text: str
    ok: bool | None = None
    error: str | None = None
    who: str | None = None
    module_id: str | None = None


@dataclasses.dataclass
class Incident:
    id: str
    playbook: Playbook
    drill: bool
    opened_at: float
    module_id: str | None
    steps: list[StepState]
    checks: list[CheckState]
    state: str = "open"  # open | acknowledged | resolved
    acknowledged_at: float | None = None
    acknowledged_by: str | None = None
    resolved_at: float | None = None
    resolved_by: str | None = None
    first_action_at: float | None = None
    triggers: int = 1
    entries: list[Entry] = dataclasses.field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.state != "resolved"

    def response_times(self) -> dict[str, Any]:
        """Seconds from the trigger to the first OBS-confirmed action, to the ack, to each check."""
        def since(ts: float | None) -> float | None:
            return None if ts is None else round(ts - self.opened_at, 3)

        return {
            "first_action_s": since(self.first_action_at),
            "acknowledged_s": since(self.acknowledged_at),
            "checks_s": {c.check.text: since(c.done_at) for c in self.checks},
            "resolved_s": since(self.resolved_at),
        }


class RunnerError(ValueError):
    """A command that does not apply (unknown incident or playbook, already resolved…)."""


class PlaybookRunner:
    def __init__(
        self,
        playbooks: Iterable[Playbook],
        *,
        perform: Perform,
        obs_ready: Callable[[], bool] = lambda: True,
        recorder: Any | None = None,
        show_id: str | None = None,
        module_at: Callable[[float], str | None] = lambda ts: None,
        obs_wait_limit_s: float = OBS_WAIT_LIMIT_S,
    ) -> None:
        self.playbooks = {p.id: p for p in playbooks}
        self.perform = perform
        self.obs_ready = obs_ready
        self.recorder = recorder
        self.show_id = show_id
        self.module_at = module_at
        self.obs_wait_limit_s = obs_wait_limit_s
        self.incidents: list[Incident] = []  # every incident, oldest first (the history)
        self._lock = threading.RLock()  # belt and braces: commands are documented single-threaded
        self.incident_opened = Signal("PlaybookRunner.incident_opened")
        self.incident_changed = Signal("PlaybookRunner.incident_changed")
        self.escalated = Signal("PlaybookRunner.escalated")

    # ------------------------------------------------------------- queries
    def open_incidents(self) -> list[Incident]:
        return [i for i in self.incidents if i.open]

    def open_incident(self, playbook_id: str, *, drill: bool = False) -> Incident | None:
        for incident in self.incidents:
            if incident.open and incident.playbook.id == playbook_id and incident.drill == drill:
                return incident
        return None

    def incident(self, incident_id: str) -> Incident:
        for incident in self.incidents:
            if incident.id == incident_id:
                return incident
        raise RunnerError(f"no incident {incident_id}")

    # ------------------------------------------------------------ triggers
    def trigger(self, playbook_id: str, now: float, detail: str = "", *, drill: bool = False,
                who: str = SYSTEM) -> Incident:
        with self._lock:
            playbook = self.playbooks.get(playbook_id)
            if playbook is None:
                raise RunnerError(f"no playbook '{playbook_id}'")
            existing = self.open_incident(playbook_id, drill=drill)
            if existing is not None:
                existing.triggers += 1
                self._entry(existing, now, "trigger", f"triggered again: {detail}".rstrip(": "), who=who)
                self.incident_changed.emit(existing)
                return existing
            module_id = self.module_at(now)
            incident = Incident(
                id=str(uuid.uuid4()), playbook=playbook, drill=drill, opened_at=now, module_id=module_id,
                steps=[StepState(step) for step in playbook.actions],
                checks=[CheckState(check, now + check.within_s) for check in playbook.checks],
            )
            self.incidents.append(incident)
            self._record_open(incident)
            text = ("drill: " if drill else "") + (detail or playbook.title)
            self._entry(incident, now, "trigger", text, who=who)
            self.incident_opened.emit(incident)
            self._advance(incident, now)
            return incident

    def drill(self, playbook_id: str, now: float, who: str = "operator") -> Incident:
        """Run ``playbook_id`` on demand, marked as a drill, with the same steps (it resolves manually)."""
        return self.trigger(playbook_id, now, "drill", drill=True, who=who)

    def condition_cleared(self, playbook_id: str, now: float, detail: str = "") -> None:
        with self._lock:
            incident = self.open_incident(playbook_id)
            if incident is None:
                return
            if incident.playbook.resolve == "auto":
                self._resolve(incident, now, SYSTEM, "condition cleared" + (f": {detail}" if detail else ""))
            else:
                self._entry(incident, now, "note", "condition cleared; resolve manually" +
                            (f": {detail}" if detail else ""), who=SYSTEM)
                self.incident_changed.emit(incident)

    def restore(self, row: dict[str, Any], entries: Iterable[dict[str, Any]], now: float) -> Incident | None:
        """Bring back an incident left open by a console that died (crash recovery).

        ``row`` is its ``incidents`` row and ``entries`` its timeline, as
        recorded. The checks keep their deadlines (trigger + ``within``), done
        checks, escalations and the acknowledgement stay done; finished steps
        keep their results; the remaining steps run on from the first
        unfinished one (a ``wait`` counts from when the step before it ended).
        Nothing already recorded is written again; the restore itself is
        logged on the incident. None when its playbook is no longer loaded.
        """
        with self._lock:
            playbook = self.playbooks.get(row["playbook_id"])
            if playbook is None:
                log.warning("incident %s: playbook '%s' is not loaded; it stays open in the record only",
                            row["id"], row["playbook_id"])
                return None
            if any(incident.id == row["id"] for incident in self.incidents):
                return None
            opened_at = float(row["opened_at"])
            detail = row.get("detail") or {}
            incident = Incident(
                id=row["id"], playbook=playbook, drill=bool(row.get("drill")), opened_at=opened_at,
                module_id=row.get("module_id"), steps=[StepState(step) for step in playbook.actions],
                checks=[CheckState(check, opened_at + check.within_s) for check in playbook.checks],
                state=row.get("state") or "open", acknowledged_at=row.get("acknowledged_at"),
                triggers=int(detail.get("triggers", 1) or 1),
            )
            first_action_s = (detail.get("response_times") or {}).get("first_action_s")
            if isinstance(first_action_s, (int, float)):
                incident.first_action_at = opened_at + first_action_s
            finished = 0
            last_finish = opened_at
            for entry in entries:
                kind, ts = entry["kind"], float(entry["ts"])
                incident.entries.append(Entry(ts, kind, entry["text"], entry.get("ok"), entry.get("error"),
                                              entry.get("who"), entry.get("module_id")))
                if kind == "step" and finished < len(incident.steps):
                    state = incident.steps[finished]
                    state.status = "ok" if entry.get("ok") else "failed"
                    state.error, state.finished_at = entry.get("error"), ts
                    finished += 1
                    last_finish = ts
                elif kind == "check":
                    for check in incident.checks:
                        if check.check.text == entry["text"] and check.done_at is None:
                            check.done_at, check.done_by = ts, entry.get("who")
                            break
                elif kind == "escalate":
                    text = str(entry["text"]).removeprefix("overdue: ")
                    for check in incident.checks:
                        if check.check.text == text:
                            check.escalated = True
                elif kind == "ack":
                    incident.acknowledged_by = entry.get("who")
            if finished < len(incident.steps) and incident.steps[finished].step.do == "wait":
                incident.steps[finished].started_at = last_finish
                incident.steps[finished].status = "running"
            self.incidents.append(incident)
            self._entry(incident, now, "note", "console restarted: incident restored, checks due as before",
                        who=SYSTEM)
            self.incident_opened.emit(incident)
            self._advance(incident, now)
            return incident

    # ------------------------------------------------------------ commands
    def acknowledge(self, incident_id: str, who: str, now: float) -> Incident:
        with self._lock:
            incident = self.incident(incident_id)
            if incident.state != "open":
                raise RunnerError(f"incident is {incident.state}, not open")
            incident.state = "acknowledged"
            incident.acknowledged_at, incident.acknowledged_by = now, who
            self._entry(incident, now, "ack", "acknowledged", who=who)
            self._record_update(incident)
            self.incident_changed.emit(incident)
            return incident

    def complete_check(self, incident_id: str, check: int | str, who: str, now: float) -> CheckState:
        """Tick off a check, by index or by its text."""
        with self._lock:
            incident = self.incident(incident_id)
            if isinstance(check, int):
                if not 0 <= check < len(incident.checks):
                    raise RunnerError(f"no check {check}")
                state = incident.checks[check]
            else:
                matches = [c for c in incident.checks if c.check.text == check]
                if not matches:
                    raise RunnerError(f"no check '{check}'")
                state = matches[0]
            if state.done_at is not None:
                raise RunnerError(f"check '{state.check.text}' is already done")
            state.done_at, state.done_by = now, who
            late = now > state.deadline
            self._entry(incident, now, "check", state.check.text, ok=not late,
                        error=f"{now - state.deadline:.0f} s late" if late else None, who=who)
            self._record_update(incident)  # the response times in the row's detail
            self.incident_changed.emit(incident)
            return state

    def resolve(self, incident_id: str, who: str, now: float, note: str | None = None) -> Incident:
        with self._lock:
            incident = self.incident(incident_id)
            if not incident.open:
                raise RunnerError("incident is already resolved")
            self._resolve(incident, now, who, note or "resolved")
            return incident

    # ---------------------------------------------------------------- time
    def tick(self, now: float) -> None:
        with self._lock:
            for incident in list(self.incidents):
                if not incident.open:
                    # An action already sent when the incident resolved still gets its result recorded.
                    for state in incident.steps:
                        if state.status == "running" and state.future is not None and state.future.done():
                            self._step(incident, state, now)
                    continue
                self._advance(incident, now)
                for check in incident.checks:
                    if check.done_at is None and not check.escalated and now > check.deadline:
                        check.escalated = True
                        self._entry(incident, now, "escalate", f"overdue: {check.check.text}", ok=False, who=SYSTEM)
                        self.escalated.emit(incident, check)
                        self.incident_changed.emit(incident)

    # ------------------------------------------------------------- internals
    def _advance(self, incident: Incident, now: float) -> None:
        """Run steps in order as far as they go without waiting."""
        for state in incident.steps:
            if state.status in ("ok", "failed", "skipped"):
                continue
            if not self._step(incident, state, now):
                return  # this step is still waiting or running: later steps wait their turn

    def _step(self, incident: Incident, state: StepState, now: float) -> bool:
        """Push one step forward; True when it has finished."""
        step = state.step
        if step.do == "wait":
            if state.started_at is None:
                state.started_at, state.status = now, "running"
            if now - state.started_at >= float(step.params["for"]):
                self._finish(incident, state, now, True, None)
                return True
            return False
        if state.status == "running":
            assert state.future is not None
            if not state.future.done():
                return False
            try:
                outcome = state.future.result()
                ok, error, confirmed = outcome.ok, outcome.error, bool(outcome.results)
            except Exception as exc:  # noqa: BLE001 - a broken perform is a failed step, not a crash
                ok, error, confirmed = False, f"internal error: {exc}", False
            self._finish(incident, state, now, ok, error)
            if ok and confirmed and incident.first_action_at is None:
                incident.first_action_at = now
            return True
        if step.do in ("note", "follow_up"):
            state.started_at = now
            if step.do == "follow_up" and not incident.drill:
                from console.rules.follow_ups import record_follow_up
                record_follow_up(self.recorder, self.show_id, incident, step, now)
            self._finish(incident, state, now, True, None)
            return True
        if not self.obs_ready():
            if state.waiting_since is None:
                state.status, state.waiting_since = "waiting_obs", now
                self._entry(incident, now, "note", f"waiting for OBS: {step.describe()}", who=SYSTEM)
                self.incident_changed.emit(incident)
            if now - state.waiting_since >= self.obs_wait_limit_s:
                self._finish(incident, state, now, False,
                             f"OBS is not connected (waited {self.obs_wait_limit_s:g} s)")
                return True
            return False
        state.status, state.started_at = "running", now
        origin = f"playbook:{incident.playbook.id}" + (":drill" if incident.drill else "")
        try:
            state.future = self.perform(step.action(), origin)
        except Exception as exc:  # noqa: BLE001
            self._finish(incident, state, now, False, f"internal error: {exc}")
            return True
        return self._step(incident, state, now)  # a fake or instant perform may be done already

    def _finish(self, incident: Incident, state: StepState, now: float, ok: bool, error: str | None) -> None:
        state.status = "ok" if ok else "failed"
        state.error, state.finished_at, state.future = error, now, None
        self._entry(incident, now, "step", state.step.describe(), ok=ok, error=error, who=SYSTEM)
        if not ok:
            log.warning("playbook %s step %s failed: %s", incident.playbook.id, state.step.describe(), error)
        self.incident_changed.emit(incident)

    def _resolve(self, incident: Incident, now: float, who: str, text: str) -> None:
        for state in incident.steps:
            if state.status in ("pending", "waiting_obs") or (state.status == "running" and state.step.do == "wait"):
                state.status = "skipped"  # the fault is over: don't keep acting on it
        incident.state = "resolved"
        incident.resolved_at, incident.resolved_by = now, who
        self._entry(incident, now, "resolve", text, who=who)
        self._record_update(incident)
        self.incident_changed.emit(incident)

    def _entry(self, incident: Incident, now: float, kind: str, text: str, *, ok: bool | None = None,
               error: str | None = None, who: str | None = None) -> None:
        module_id = self.module_at(now)
        entry = Entry(now, kind, text, ok, error, who, module_id)
        incident.entries.append(entry)
        if self.recorder is not None:
            self.recorder.write(schema.incident_entries, {
                "incident_id": incident.id, "ts": now, "kind": kind, "text": text, "ok": ok, "error": error,
                "who": who, "module_id": module_id, "detail": None,
            })

    def _detail(self, incident: Incident) -> dict[str, Any]:
        return {"detector": incident.playbook.trigger.detector, "file": incident.playbook.file,
                "triggers": incident.triggers, "response_times": incident.response_times()}

    def _record_open(self, incident: Incident) -> None:
        if self.recorder is None:
            return
        self.recorder.write(schema.incidents, {
            "id": incident.id, "show_id": self.show_id, "playbook_id": incident.playbook.id,
            "title": incident.playbook.title, "severity": incident.playbook.severity, "drill": incident.drill,
            "state": incident.state, "module_id": incident.module_id, "opened_at": incident.opened_at,
            "acknowledged_at": None, "resolved_at": None, "detail": self._detail(incident),
        })

    def _record_update(self, incident: Incident) -> None:
        if self.recorder is None:
            return
        values = {"state": incident.state, "acknowledged_at": incident.acknowledged_at,
                  "resolved_at": incident.resolved_at, "detail": self._detail(incident)}
        statement = update(schema.incidents).where(schema.incidents.c.id == incident.id).values(**values)
        self.recorder.call(lambda connection: connection.execute(statement))
