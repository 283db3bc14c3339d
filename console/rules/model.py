"""Adjustment rules (CONTRACTS.md §9.2) as typed, frozen values, and the vocabulary they may use.

A rule reads one live metric over a window (``when``), optionally only
during some module types (``during``), and when its condition has held for
``for`` it either proposes (``mode: propose``: a banner the operator accepts
or dismisses, expiring after ``expire``) or applies (``mode: auto``) one
action on the run-of-show (``do``); then it rests for ``cooldown``. Nothing
here runs code: the loader only builds these values.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, Mapping

from console.yamlpos import Position

MODES = ("auto", "propose")

#: Metrics a rule may read; True when the metric is measured over ``window``
#: (the module rates are "of the running module so far" and ignore it).
METRICS: Mapping[str, bool] = MappingProxyType({
    "online_drop_pct": True,  # fall of online from its maximum in the window, in %
    "comments_per_min": True,
    "orders_per_min": True,
    "interaction_rate": False,  # of the running module so far (CONTRACTS §4 / §4.1)
    "conversion_rate": False,
    "complaint_rate": True,  # share of the window's comments that hit the complaint lexicon (0..1)
})

#: Actions → (required fields, optional fields) besides ``action``.
ACTIONS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "jump_to": (("module_id",), ()),
    "jump_to_type": (("type",), ()),
    "extend": (("by",), ()),
    "shorten": (("by",), ()),
    "cue": (("cue",), ()),
    "playbook": (("id",), ()),
    "insert": (("module_id",), ()),
    "note": (("text",), ()),
})

#: A window when a windowed metric names none: the contract's example (one minute of audience).
DEFAULT_WINDOW_S = 60.0
#: Rest after a rule fired when it names no cooldown: a show should not be steered twice in
#: five minutes by the same reading (the plan's 5-minute review rhythm).
DEFAULT_COOLDOWN_S = 300.0
#: How long a proposal waits for the operator before it expires: a reading a minute old no
#: longer describes the room.
DEFAULT_EXPIRE_S = 60.0


@dataclasses.dataclass(frozen=True, slots=True)
class Condition:
    metric: str
    window_s: float
    above: float | None
    below: float | None
    for_s: float

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        if self.above is not None and not value > self.above:
            return False
        if self.below is not None and not value < self.below:
            return False
        return True

    def describe(self) -> str:
        bound = f"> {self.above:g}" if self.above is not None else f"< {self.below:g}"
        return f"{self.metric} {bound}"


@dataclasses.dataclass(frozen=True, slots=True)
class Action:
    action: str
    params: Mapping[str, Any]  # ``by`` in seconds; ``cue`` a console.show.model.Cue
    pos: Position | None = dataclasses.field(default=None, compare=False)
    #: Where each field's value is (a module id, a type) for checks against a script.
    field_positions: Mapping[str, Position] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def describe(self) -> str:
        if self.action == "cue":
            return f"cue {self.params['cue'].describe()}"
        if self.action in ("extend", "shorten"):
            return f"{self.action} {self.params['by']:g}s"
        value = next(iter(self.params.values()), "")
        return f"{self.action} {value}".strip()

    def as_json(self) -> dict[str, Any]:
        """The action as recorded (a cue as its OBS action dict)."""
        params = {key: (value.action() if key == "cue" else value) for key, value in self.params.items()}
        return {"action": self.action, **params}


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    id: str
    when: Condition
    do: Action
    mode: str
    cooldown_s: float
    expire_s: float
    during: tuple[str, ...] = ()
    pos: Position | None = None
    title: str = ""

    def applies_to(self, module_type: str | None) -> bool:
        return not self.during or module_type in self.during


@dataclasses.dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    file: str = ""

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def merged(self, other: "RuleSet") -> "RuleSet":
        """``other``'s rules override this set's rules of the same id (``--rules`` over the script's list)."""
        theirs = {rule.id for rule in other.rules}
        return RuleSet(tuple(r for r in self.rules if r.id not in theirs) + other.rules, other.file or self.file)
