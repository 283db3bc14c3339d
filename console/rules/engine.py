"""Rule evaluation: conditions held ``for`` a while, cooldowns, proposals and their expiry.

:class:`RuleEngine` is a plain state machine over the show clock: the caller
feeds :class:`~console.rules.metrics.RuleMetrics` and calls :meth:`RuleEngine.evaluate`
with ``now`` and the running module's type; it answers with
:class:`Decision` s — an ``auto`` rule's action to apply, a ``propose`` rule's
new :class:`Proposal`, a proposal that expired. It never acts on the show
itself (console.rules.session does), reads no clock and starts no thread.

Data gaps: ``in_gap(ts)`` (the sources part's ``SourceGaps.in_gap``) says
whether an audience source had no data at ``ts``. While it does, no rule
fires and every held condition starts over: a hole in the feed is not a
collapse of the room (CONTRACTS §8, STYLE 15).
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any, Callable, Iterable, Mapping

from console.rules.metrics import RuleMetrics
from console.rules.model import Rule, RuleSet


def never_in_gap(ts: float) -> bool:
    return False


@dataclasses.dataclass
class Proposal:
    """A ``propose`` rule waiting for the operator; ``outcome`` once closed (accepted/dismissed/expired)."""

    id: int
    rule: Rule
    value: float
    raised_at: float
    expires_at: float
    module_id: str | None = None
    outcome: str | None = None
    closed_at: float | None = None
    closed_by: str | None = None

    @property
    def open(self) -> bool:
        return self.outcome is None

    def reason(self) -> str:
        """One line for the banner: the figure that triggered it and what the rule would do."""
        return f"{self.rule.when.describe()}: {format_value(self.rule.when.metric, self.value)} → {self.rule.do.describe()}"


@dataclasses.dataclass(frozen=True, slots=True)
class Decision:
    kind: str  # "apply" (auto) | "propose" | "expired"
    rule: Rule
    at: float
    value: float
    proposal: Proposal | None = None


def format_value(metric: str, value: float) -> str:
    if metric in ("interaction_rate", "conversion_rate", "complaint_rate"):
        return f"{value * 100:.1f}%"
    if metric == "online_drop_pct":
        return f"−{value:.0f}%"
    return f"{value:.1f}/min"


class RuleEngine:
    def __init__(self, ruleset: RuleSet, metrics: RuleMetrics | None = None, *,
                 in_gap: Callable[[float], bool] = never_in_gap) -> None:
        self.ruleset = ruleset
        self.metrics = metrics if metrics is not None else RuleMetrics()
        for rule in ruleset.rules:
            self.metrics.add_window(rule.when.window_s)
        self.in_gap = in_gap
        self._since: dict[str, float] = {}
        self._rest_until: dict[str, float] = {}
        #: Every proposal of the show, oldest first (the history); the open ones also by rule id, so a
        #: tick's cost does not grow with the show's length.
        self.proposals: list[Proposal] = []
        self._open: dict[str, Proposal] = {}
        self._ids = itertools.count(1)

    def open_proposals(self) -> list[Proposal]:
        return sorted(self._open.values(), key=lambda proposal: proposal.id)

    def proposal(self, proposal_id: int) -> Proposal:
        for proposal in self.proposals:
            if proposal.id == proposal_id:
                return proposal
        raise KeyError(proposal_id)

    def evaluate(self, now: float, module_type: str | None, module_id: str | None = None) -> list[Decision]:
        """Everything that happens at ``now`` (show-clock Unix seconds), in rule order."""
        decisions: list[Decision] = []
        for proposal in [p for p in self._open.values() if now >= p.expires_at]:
            proposal.outcome, proposal.closed_at, proposal.closed_by = "expired", now, None
            del self._open[proposal.rule.id]
            decisions.append(Decision("expired", proposal.rule, now, proposal.value, proposal))
        if not self.ruleset.rules:
            return decisions
        self.metrics.expire(now)
        if self.in_gap(now):
            self._since.clear()
            return decisions
        since, rest, values = self._since, self._rest_until, {}
        for rule in self.ruleset.rules:
            rule_id = rule.id
            rest_until = rest.get(rule_id)
            if (rest_until is not None and now < rest_until) or (rule.during and module_type not in rule.during):
                since.pop(rule_id, None)
                continue
            condition = rule.when
            key = (condition.metric, condition.window_s)
            value = values[key] if key in values else values.setdefault(
                key, self.metrics.value(condition.metric, condition.window_s, now))  # once per tick
            if not condition.holds(value):
                since.pop(rule_id, None)
                continue
            started = since.setdefault(rule_id, now)
            if now - started < condition.for_s:
                continue
            del since[rule_id]
            if rule_id in self._open:
                continue  # the operator has not answered the last one yet
            rest[rule_id] = now + rule.cooldown_s
            assert value is not None
            if rule.mode == "auto":
                decisions.append(Decision("apply", rule, now, value))
            else:
                proposal = Proposal(next(self._ids), rule, value, now, now + rule.expire_s, module_id)
                self.proposals.append(proposal)
                self._open[rule_id] = proposal
                decisions.append(Decision("propose", rule, now, value, proposal))
        return decisions

    def close(self, proposal_id: int, outcome: str, now: float, who: str | None) -> Proposal:
        """Accept or dismiss an open proposal; ValueError when it is no longer open."""
        proposal = self.proposal(proposal_id)
        if not proposal.open:
            raise ValueError(f"proposal {proposal_id} is already {proposal.outcome}")
        proposal.outcome, proposal.closed_at, proposal.closed_by = outcome, now, who
        self._open.pop(proposal.rule.id, None)
        return proposal

    def restore(self, rows: Iterable[Mapping[str, Any]]) -> list[Proposal]:
        """Pick up an interrupted show (its ``rule_events`` rows in order): each rule rests until its last
        firing's cooldown ends, and the proposals nobody answered are open again with their own expiry
        (one that lapsed while the console was down expires at the next :meth:`evaluate`, recorded).
        Rows of rules this show no longer has are skipped. Returns the reopened proposals."""
        rules = {rule.id: rule for rule in self.ruleset.rules}
        raised: dict[tuple[str, int], Mapping[str, Any]] = {}
        closed: set[tuple[str, int]] = set()
        last_id = 0
        for row in rows:
            proposal_id = row["proposal"]
            if proposal_id is not None:
                last_id = max(last_id, int(proposal_id))
            rule = rules.get(row["rule_id"])
            if rule is None:
                continue
            event = row["event"]
            if event == "proposed" or (event in ("applied", "failed") and proposal_id is None):
                self._rest_until[rule.id] = float(row["ts"]) + rule.cooldown_s
            if event == "proposed":
                raised[(rule.id, int(proposal_id))] = row
            elif proposal_id is not None and event in ("accepted", "dismissed", "expired"):
                closed.add((rule.id, int(proposal_id)))
        self._ids = itertools.count(last_id + 1)
        reopened = []
        for (rule_id, proposal_id), row in raised.items():
            if (rule_id, proposal_id) in closed:
                continue
            rule, at = rules[rule_id], float(row["ts"])
            proposal = Proposal(proposal_id, rule, float(row["value"]), at, at + rule.expire_s, row["module_id"])
            self.proposals.append(proposal)
            self._open[rule_id] = proposal
            reopened.append(proposal)
        return reopened

    def close_all(self, now: float) -> list[Proposal]:
        """The show ended: every open proposal expires; returns them."""
        closed = self.open_proposals()
        for proposal in closed:
            proposal.outcome, proposal.closed_at, proposal.closed_by = "expired", now, None
        self._open.clear()
        return closed
