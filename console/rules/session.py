"""The adjustment rules of a running show: metrics fed from the session, decisions applied to it.

:class:`SessionRules` is the ``rules`` facade :class:`console.session.ShowSession`
calls, built in one place (console.show_assembly) from the script's ``rules:``
list and ``--rules FILE``. Threads: every hook runs on the session's tick
thread (the GUI thread in the window, the headless loop otherwise):
:meth:`audience` with each published batch, :meth:`tick` once per tick, and
the operator's :meth:`accept` / :meth:`dismiss`. Its signals fire there too.

What it does to the show goes through the same commands as the operator's
keys (``ShowSession.command``), recorded in ``operator_commands`` with
``who = "rule:<id>"``; every proposal, acceptance, dismissal, expiry and
automatic action is a ``rule_events`` row with the figure that triggered it
and who answered (CONTRACTS §9.2, §9.3 ``adjustments``).
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from console.events import Signal
from console.rules.complaint import SCAN_BATCH_FROM, complaint_matcher
from console.rules.engine import Decision, Proposal, RuleEngine, never_in_gap
from console.rules.metrics import RuleMetrics
from console.rules.model import Rule, RuleSet

log = logging.getLogger(__name__)



class SessionRules:
    def __init__(self, ruleset: RuleSet, *, in_gap: Callable[[float], bool] = never_in_gap) -> None:
        """``in_gap(ts)``: True while an audience source has a data gap at ``ts`` (the sources part's
        ``SourceGaps.in_gap``; the lead wires it in console.show_assembly)."""
        self.ruleset = ruleset
        self.metrics = RuleMetrics(module_row=self._module_row)
        self.engine = RuleEngine(ruleset, self.metrics, in_gap=in_gap)
        self._wants_complaints = any(rule.when.metric == "complaint_rate" for rule in ruleset.rules)
        self._matcher = complaint_matcher() if self._wants_complaints else None
        self.session: Any = None
        self._last_now: float | None = None
        self._last_mono: float | None = None
        self.proposal_raised = Signal("SessionRules.proposal_raised")
        """(Proposal) — a propose rule fired; on the tick's thread."""
        self.proposal_closed = Signal("SessionRules.proposal_closed")
        """(Proposal) — accepted, dismissed or expired; on the tick's thread."""
        self.applied = Signal("SessionRules.applied")
        """(Rule, ok: bool, detail: str) — an action was carried out (auto or accepted); on the tick's thread."""
        self.noted = Signal("SessionRules.noted")
        """(Rule, text) — a ``note`` action: a line for the controller; on the tick's thread."""

    @property
    def in_gap(self) -> Callable[[float], bool]:
        return self.engine.in_gap

    @in_gap.setter
    def in_gap(self, value: Callable[[float], bool]) -> None:
        self.engine.in_gap = value

    # ------------------------------------------------------------ hooks
    def show_started(self, session: Any) -> None:
        """The show started, or resumed after a crash: then the rules' cooldowns and the proposals nobody
        answered come back from the record (read with the recovery, on its worker)."""
        self.session = session
        recovery = getattr(session, "recovery", None)
        if recovery is not None and recovery.rule_events and not self.engine.proposals:
            for proposal in self.engine.restore(recovery.rule_events):
                self.proposal_raised.emit(proposal)

    def audience(self, events: list[Any]) -> None:
        """A published batch (the tick's thread): what the windows need, O(1) per event."""
        metrics = self.metrics
        comments = []
        for event in events:
            kind = event.kind
            if kind == "viewers":
                metrics.on_viewers(event.ts, event.online)
            elif kind == "comment":
                comments.append(event)
            elif kind == "order":
                metrics.on_order(event.ts)
        if comments:
            matcher = self._matcher
            if matcher is None:
                hits: list[Any] = [()] * len(comments)
            elif len(comments) <= SCAN_BATCH_FROM:  # a few: one by one; a burst: one scan
                hits = [matcher.find(comment.text) for comment in comments]
            else:  # a burst: one scan of the batch (console.compliance.matcher.scan_many)
                hits = matcher.scan_many([comment.text for comment in comments])
            for comment, found in zip(comments, hits, strict=True):
                metrics.on_comment(comment.ts, bool(found))

    def tick(self, session: Any, mono: float, now_ts: float) -> None:
        self.session = session
        self._last_now, self._last_mono = now_ts, mono
        if session.ended:
            return
        module = session.runtime.run_of_show.current_module
        decisions = self.engine.evaluate(now_ts, module.type if module else None, module.id if module else None)
        for decision in decisions:
            self._decided(decision, mono)

    def close(self, now_ts: float | None = None) -> None:
        """The show is over: open proposals expire (recorded)."""
        now = now_ts if now_ts is not None else (self._last_now or 0.0)
        for proposal in self.engine.close_all(now):
            self._record(proposal.rule, "expired", now, proposal.value, None, proposal=proposal)
            self.proposal_closed.emit(proposal)

    # ---------------------------------------------------------- commands
    def open_proposals(self) -> list[Proposal]:
        return self.engine.open_proposals()

    def accept(self, proposal_id: int, mono: float, *, who: str = "operator") -> Proposal:
        """Carry out an open proposal (ValueError when it is closed already or the show is not running)."""
        now = self._now(mono)
        proposal = self.engine.close(proposal_id, "accepted", now, who)
        self._record(proposal.rule, "accepted", now, proposal.value, who, proposal=proposal)
        self.proposal_closed.emit(proposal)
        self._apply(proposal.rule, proposal.value, mono, now, who, proposal)
        return proposal

    def dismiss(self, proposal_id: int, mono: float, *, who: str = "operator") -> Proposal:
        now = self._now(mono)
        proposal = self.engine.close(proposal_id, "dismissed", now, who)
        self._record(proposal.rule, "dismissed", now, proposal.value, who, proposal=proposal)
        self.proposal_closed.emit(proposal)
        return proposal

    # ------------------------------------------------------------ inside
    def _now(self, mono: float) -> float:
        if self.session is None or not self.session.started:
            raise ValueError("the show is not running")
        return self.session.show_now(mono)

    def _module_row(self, now: float) -> Any:
        session = self.session
        module = session.runtime.run_of_show.current_module if session is not None else None
        return None if module is None else session.live.row(module.id, now)

    def _decided(self, decision: Decision, mono: float) -> None:
        rule = decision.rule
        if decision.kind == "expired":
            self._record(rule, "expired", decision.at, decision.value, None, proposal=decision.proposal)
            self.proposal_closed.emit(decision.proposal)
        elif decision.kind == "propose":
            self._record(rule, "proposed", decision.at, decision.value, None, proposal=decision.proposal)
            self.proposal_raised.emit(decision.proposal)
        else:
            self._apply(rule, decision.value, mono, decision.at, f"rule:{rule.id}", None)

    def _apply(self, rule: Rule, value: float, mono: float, now: float, who: str, proposal: Proposal | None) -> None:
        from console.rules.actions import apply_action

        module_id = self.session._module_at(now)  # where the rule fired, before a jump moves on
        try:
            ok, detail = apply_action(self.session, rule, mono, now)
        except Exception as exc:  # a rule must never take the show down
            log.exception("rule %s: %s failed", rule.id, rule.do.describe())
            ok, detail = False, f"internal error: {exc}"
        if proposal is None:  # an auto rule: the application is its record
            self._record(rule, "applied" if ok else "failed", now, value, who, detail=detail, module_id=module_id)
        elif not ok:
            self._record(rule, "failed", now, value, who, proposal=proposal, detail=detail, module_id=module_id)
        if rule.do.action == "note" and ok:
            self.noted.emit(rule, str(rule.do.params["text"]))
        self.applied.emit(rule, ok, detail)

    def _record(self, rule: Rule, event: str, now: float, value: float | None, who: str | None, *,
                proposal: Proposal | None = None, detail: str | None = None, module_id: str | None = None) -> None:
        session = self.session
        if session is None or session.recorder is None:
            return
        from db import schema

        if module_id is None:
            module_id = proposal.module_id if proposal is not None and proposal.module_id else session._module_at(now)
        row = {"show_id": session.show_id, "ts": now, "rule_id": rule.id,
               "proposal": proposal.id if proposal is not None else None, "event": event, "mode": rule.mode,
               "metric": rule.when.metric, "value": value, "action": rule.do.as_json(), "module_id": module_id,
               "who": who, "detail": {"condition": rule.when.describe(), "window_s": rule.when.window_s,
                                      **({"result": detail} if detail else {})}}
        session.recorder.write(schema.rule_events, row)
