"""Scores of a drill, from the record: per injected fault, when its incident opened, was acknowledged and
first acted on, against the playbook's first deadline.

- ``opened_s``: from the injection to the incident of the expected detector (the detectors' speed);
- ``ack_s``: from the injection to the acknowledgement (the controller noticed);
- ``first_action_s``: from the injection to the first checklist item done or note written by a person
  (the controller and anchor did something about it);
- ``deadline_s``: the playbook's first ``check`` ``within``; ``outcome`` is ``ok`` when the first action
  came within it, ``late`` when it came after it or never, ``missed`` when no incident opened at all
  (``skipped`` when the fault could not be injected, e.g. no OBS).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable, Mapping

#: An incident counts as the answer to a fault when it opens this long after it at most.
MATCH_WINDOW_S = 180.0
#: Entry kinds that are a person's action on an incident (a check ticked, a note).
ACTION_KINDS = ("check", "note", "resolve")
#: Who is not a person.
AUTOMATIC = (None, "", "system", "console", "playbook", "drill")


@dataclasses.dataclass(frozen=True, slots=True)
class StepScore:
    index: int
    fault: str
    detector: str
    injected_at: float
    incident_id: str | None
    opened_s: float | None
    ack_s: float | None
    first_action_s: float | None
    deadline_s: float | None
    outcome: str  # ok | late | missed | skipped

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def first_deadlines(playbooks: Iterable[Any]) -> dict[str, float]:
    """playbook id → its first check's ``within`` (seconds)."""
    from console.contingency.model import CheckStep

    deadlines = {}
    for playbook in playbooks:
        checks = [step for step in playbook.steps if isinstance(step, CheckStep)]
        if checks:
            deadlines[playbook.id] = float(checks[0].within_s)
    return deadlines


def score(commands: Iterable[Any], incidents: Iterable[Any], detectors: Mapping[str, str | None],
          deadlines: Mapping[str, float]) -> list[StepScore]:
    """``commands``: the show's operator commands (ts, command, args, who); ``incidents``: its incidents with
    their entries; ``detectors``: incident id → detector."""
    faults = [c for c in commands if c.command == "drill_fault"]
    taken: set[str] = set()
    scores = []
    for command in sorted(faults, key=lambda c: c.ts):
        args = command.args or {}
        detector = args.get("detector", "")
        base = dict(index=int(args.get("index", 0)), fault=args.get("fault", ""), detector=detector,
                    injected_at=command.ts)
        if args.get("skipped"):
            scores.append(StepScore(**base, incident_id=None, opened_s=None, ack_s=None, first_action_s=None,
                                    deadline_s=None, outcome="skipped"))
            continue
        match = next((i for i in sorted(incidents, key=lambda i: i.opened_at)
                      if i.id not in taken and detectors.get(i.id) == detector
                      and command.ts - 1.0 <= i.opened_at <= command.ts + MATCH_WINDOW_S), None)
        if match is None:
            scores.append(StepScore(**base, incident_id=None, opened_s=None, ack_s=None, first_action_s=None,
                                    deadline_s=None, outcome="missed"))
            continue
        taken.add(match.id)
        acted = [e.ts for e in match.entries if e.kind in ACTION_KINDS and e.who not in AUTOMATIC]
        first_action = min(acted) - command.ts if acted else None
        deadline = deadlines.get(match.playbook_id)
        on_time = first_action is not None and (deadline is None or first_action <= deadline)
        scores.append(StepScore(
            **base, incident_id=match.id, opened_s=match.opened_at - command.ts,
            ack_s=None if match.acknowledged_at is None else match.acknowledged_at - command.ts,
            first_action_s=first_action, deadline_s=deadline, outcome="ok" if on_time else "late"))
    return scores
