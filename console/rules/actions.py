"""What a rule's action does to a running show (CONTRACTS §9.2 actions).

Run-of-show changes go through ``ShowSession.command`` — the very path of the
operator's keys — with ``who = "rule:<id>"``, so they are recorded, replayed
by crash recovery and shown like any command. A cue goes to OBS through the
session's action path (origin ``rule:<id>``); a playbook is triggered on the
session's playbook runner. Called on the session's tick thread.
"""

from __future__ import annotations

from typing import Any

from console.rules.model import Rule
from console.show.effects import CommandIgnored


def next_module_of_type(session: Any, module_type: str) -> str | None:
    """The id of the first module after the running one whose type is ``module_type``."""
    run_of_show = session.runtime.run_of_show
    index = run_of_show.current_index
    if index is None:
        return None
    for module in run_of_show.modules[index + 1:]:
        if module.type == module_type:
            return module.id
    return None


def _command(session: Any, name: str, mono: float, *args: Any, who: str) -> tuple[bool, str]:
    effects = session.command(name, mono, *args, who=who)
    ignored = [effect for effect in effects if isinstance(effect, CommandIgnored)]
    if ignored:
        return False, f"{name} ignored: {ignored[0].reason}"
    return True, " ".join([name, *(str(arg) for arg in args)])


def apply_action(session: Any, rule: Rule, mono: float, now: float) -> tuple[bool, str]:
    """Carry out ``rule.do`` on ``session``; (ok, a short result for the record)."""
    action, params = rule.do.action, rule.do.params
    who = f"rule:{rule.id}"
    if action == "jump_to":
        return _command(session, "jump", mono, params["module_id"], who=who)
    if action == "jump_to_type":
        target = next_module_of_type(session, params["type"])
        if target is None:
            return False, f"no {params['type']} module after the current one"
        return _command(session, "jump", mono, target, who=who)
    if action in ("extend", "shorten"):
        return _command(session, action, mono, float(params["by"]), who=who)
    if action == "insert":
        return _command(session, "insert", mono, params["module_id"], who=who)
    if action == "cue":
        cue = params["cue"]
        if not cue.sends_to_obs:
            return True, cue.describe()
        if session.obs is None:
            return False, "no OBS in this session"
        session._perform(cue.action(), who)
        return True, cue.describe()  # OBS's answer is journalled with origin rule:<id>
    if action == "playbook":
        playbooks = session.playbooks
        if playbooks is None:
            return False, "no playbooks in this session"
        incident = playbooks.runner.trigger(params["id"], now, f"rule {rule.id}: {rule.when.describe()}", who=who)
        return True, f"incident {incident.id}"
    if action == "note":
        return True, str(params["text"])
    return False, f"unknown action {action}"
