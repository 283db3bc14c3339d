"""Load and validate adjustment rules (CONTRACTS.md §9.2) into :mod:`console.rules.model`.

Two places carry rules: a rules file (``version``, ``rules``; ``--rules FILE``,
``liveroom lint``) and a show script's ``rules:`` list. Both go through
:class:`RuleValidator`, so their errors read alike and point at the offending
node (``FILE:LINE:COL``). Nothing here raises for bad input: the functions
return ``(RuleSet or None, diagnostics)``.

What a rule refers to in a show (a module id, a module of a type, a reserve
module, a playbook) can only be checked against that show: :func:`check_against_script`
(at ``liveroom run``, in the window, and when the lint sees the script's own
list) and :func:`check_playbooks`.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable

from console.rules.model import (
    ACTIONS,
    DEFAULT_COOLDOWN_S,
    DEFAULT_EXPIRE_S,
    DEFAULT_WINDOW_S,
    METRICS,
    MODES,
    Action,
    Condition,
    Rule,
    RuleSet,
)
from console.show.model import CUE_FIELDS, MODULE_TYPES, Cue
from console.show.node_checks import NodeChecks, describe_kind
from console.yamlpos import Diagnostic, PMap, PNode, PScalar, Position, YamlLoadError, load_file, load_text

#: Rule ids: the shape and width of module ids (console.show.loader, which imports this module, so not from there).
ID_PATTERN = re.compile(r"^[a-z0-9_-]+$")
MAX_ID_LENGTH = 64
TOP_FIELDS = ("version", "rules")
RULE_FIELDS = ("id", "title", "when", "during", "do", "mode", "cooldown", "expire")
WHEN_FIELDS = ("metric", "window", "above", "below", "for")
SUPPORTED_VERSIONS = (1,)


def load_rules_file(path: str | Path) -> tuple[RuleSet | None, list[Diagnostic]]:
    try:
        root = load_file(path)
    except YamlLoadError as exc:
        return None, [exc.diagnostic]
    return rules_from_tree(root, str(path))


def load_rules_text(text: str, file: str = "<string>") -> tuple[RuleSet | None, list[Diagnostic]]:
    try:
        root = load_text(text, file)
    except YamlLoadError as exc:
        return None, [exc.diagnostic]
    return rules_from_tree(root, file)


def rules_from_tree(root: PNode | None, file: str) -> tuple[RuleSet | None, list[Diagnostic]]:
    """A rules file (``version: 1``, ``rules: [...]``) already parsed (``lint`` parses once)."""
    validator = RuleValidator(file)
    ruleset = validator.document(root)
    return _result(ruleset, validator.diagnostics)


def rules_from_node(node: PNode, file: str) -> tuple[RuleSet | None, list[Diagnostic]]:
    """A show script's ``rules:`` list."""
    validator = RuleValidator(file)
    rules = validator.rules_list(node, "'rules'")
    return _result(RuleSet(rules, file) if rules is not None else None, validator.diagnostics)


def _result(ruleset: RuleSet | None, diagnostics: list[Diagnostic]) -> tuple[RuleSet | None, list[Diagnostic]]:
    diagnostics = sorted(diagnostics, key=lambda d: (d.position.line, d.position.col))
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return ruleset, diagnostics


class RuleValidator(NodeChecks):
    def document(self, root: PNode | None) -> RuleSet | None:
        if root is None:
            self.error(Position(self.file, 1, 1), "empty", "the file is empty; a rules file needs 'rules'")
            return None
        top = self.mapping(root, "a rules file")
        if top is None:
            return None
        self.fields(top, TOP_FIELDS, ("rules",), "the rules file")
        version = top.get("version")
        if version is not None and (isinstance(version.plain(), bool) or version.plain() not in SUPPORTED_VERSIONS):
            self.error(version.pos, "bad-value", f"unsupported version {describe_kind(version)}; this console reads version 1")
        node = top.get("rules")
        if node is None:
            return None
        rules = self.rules_list(node, "'rules'")
        return RuleSet(rules, self.file) if rules is not None else None

    def rules_list(self, node: PNode, what: str) -> tuple[Rule, ...] | None:
        if isinstance(node, PScalar) and node.value is None:
            return ()
        items = self.sequence(node, what)
        if items is None:
            return None
        rules: list[Rule] = []
        seen: dict[str, Position] = {}
        for item in items:
            rule = self.rule(item, seen)
            if rule is not None:
                rules.append(rule)
        return tuple(rules)

    def rule(self, node: PNode, seen: dict[str, Position]) -> Rule | None:
        entry = self.mapping(node, "a rule")
        if entry is None:
            return None
        errors_before = self.error_count()
        rule_id = self.text_field(entry, "id", "a rule")
        what = f"rule '{rule_id}'" if rule_id else "a rule"
        self.fields(entry, RULE_FIELDS, ("id", "when", "do"), what)
        if rule_id is not None:
            id_pos = entry.get("id").pos  # type: ignore[union-attr]
            if not ID_PATTERN.match(rule_id) or len(rule_id) > MAX_ID_LENGTH:
                self.error(id_pos, "bad-id", f"rule id '{rule_id}' may only use a-z, 0-9, '_' and '-' "
                                             f"(at most {MAX_ID_LENGTH} characters)")
            elif rule_id in seen:
                self.error(id_pos, "duplicate-id", f"duplicate rule id '{rule_id}' (first at line {seen[rule_id].line})")
            else:
                seen[rule_id] = id_pos
        title = self.text_field(entry, "title", what) or ""
        when = self.condition(entry.get("when"), what) if entry.get("when") is not None else None
        do = self.action(entry.get("do"), what) if entry.get("do") is not None else None
        during = self.during(entry.get("during"), what)
        mode = self.text_field(entry, "mode", what) or "propose"
        if mode not in MODES:
            self.error(entry.get("mode").pos, "bad-value",  # type: ignore[union-attr]
                       f"'mode' of {what} must be auto or propose, not '{mode}'")
        cooldown = (self.duration(entry, "cooldown", what, positive=False)
                    if entry.get("cooldown") is not None else DEFAULT_COOLDOWN_S)
        expire = (self.duration(entry, "expire", what, positive=True)
                  if entry.get("expire") is not None else DEFAULT_EXPIRE_S)
        if self.error_count() != errors_before or None in (rule_id, when, do, during, cooldown, expire):
            return None
        return Rule(rule_id, when, do, mode, cooldown, expire, during, entry.pos, title)  # type: ignore[arg-type]

    def condition(self, node: PNode | None, what: str) -> Condition | None:
        when = self.mapping(node, f"'when' of {what}")
        if when is None:
            return None
        errors_before = self.error_count()
        self.fields(when, WHEN_FIELDS, ("metric",), f"'when' of {what}")
        metric = self.text_field(when, "metric", f"'when' of {what}")
        if metric is not None and metric not in METRICS:
            self.error(when.get("metric").pos, "unknown-metric",  # type: ignore[union-attr]
                       f"unknown metric '{metric}' (known: {', '.join(METRICS)})")
        window = (self.duration(when, "window", f"'when' of {what}", positive=True)
                  if when.get("window") is not None else DEFAULT_WINDOW_S)
        for_s = self.duration(when, "for", f"'when' of {what}", positive=False) if when.get("for") is not None else 0.0
        above = self.bound(when, "above", what)
        below = self.bound(when, "below", what)
        if "above" not in when and "below" not in when:
            self.error(when.pos, "missing-field", f"'when' of {what} needs 'above' or 'below'")
        elif "above" in when and "below" in when:
            self.error(when.key_pos("below"), "bad-value", f"'when' of {what} takes 'above' or 'below', not both")
        if metric == "complaint_rate":
            for bound in (above, below):
                if bound is not None and bound > 1:
                    self.error(when.pos, "bad-value", f"complaint_rate is a share between 0 and 1 (5 % is 0.05), "
                                                      f"not {bound:g}")
        if self.error_count() != errors_before or metric is None or window is None or for_s is None:
            return None
        return Condition(metric, window, above, below, for_s)

    def bound(self, when: PMap, key: str, what: str) -> float | None:
        node = when.get(key)
        if node is None:
            return None
        value = node.plain() if isinstance(node, PScalar) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(node.pos, "wrong-type", f"'{key}' of {what} must be a number, not {describe_kind(node)}")
            return None
        return float(value)

    def during(self, node: PNode | None, what: str) -> tuple[str, ...] | None:
        if node is None or (isinstance(node, PScalar) and node.value is None):
            return ()
        items = self.sequence(node, f"'during' of {what}")
        if items is None:
            return None
        types: list[str] = []
        for item in items:
            value = item.plain() if isinstance(item, PScalar) else None
            if value not in MODULE_TYPES:
                self.error(item.pos, "unknown-module-type",
                           f"unknown module type {describe_kind(item)} in 'during' of {what} "
                           f"(known: {', '.join(MODULE_TYPES)})")
                return None
            types.append(value)
        return tuple(types)

    def action(self, node: PNode | None, what: str) -> Action | None:
        entry = self.mapping(node, f"'do' of {what}")
        if entry is None:
            return None
        name = self.text_field(entry, "action", f"'do' of {what}")
        if name is None:
            self.fields(entry, ("action",), ("action",), f"'do' of {what}")
            return None
        if name not in ACTIONS:
            self.error(entry.get("action").pos, "unknown-action",  # type: ignore[union-attr]
                       f"unknown action '{name}' (known: {', '.join(ACTIONS)})")
            return None
        required, optional = ACTIONS[name]
        action_what = f"the {name} action of {what}"
        errors_before = self.error_count()
        self.fields(entry, ("action", *required, *optional), required, action_what)
        params: dict[str, Any] = {}
        for field in (*required, *optional):
            if entry.get(field) is None:
                continue
            if field == "by":
                params[field] = self.duration(entry, field, action_what, positive=True)
            elif field == "cue":
                params[field] = self.cue(entry.get(field), action_what)  # type: ignore[arg-type]
            else:
                params[field] = self.text_field(entry, field, action_what)
        if name == "jump_to_type" and params.get("type") is not None and params["type"] not in MODULE_TYPES:
            self.error(entry.get("type").pos, "unknown-module-type",  # type: ignore[union-attr]
                       f"unknown module type '{params['type']}' (known: {', '.join(MODULE_TYPES)})")
        if self.error_count() != errors_before or any(value is None for value in params.values()):
            return None
        return Action(name, MappingProxyType(params), entry.pos, self.positions(entry))

    def cue(self, node: PNode, what: str) -> Cue | None:
        """Any §2 cue, without ``at`` (it fires when the rule does)."""
        entry = self.mapping(node, f"the cue of {what}")
        if entry is None:
            return None
        do = self.text_field(entry, "do", f"the cue of {what}")
        if do is None:
            self.fields(entry, ("do",), ("do",), f"the cue of {what}")
            return None
        if do not in CUE_FIELDS:
            self.error(entry.get("do").pos, "unknown-action",  # type: ignore[union-attr]
                       f"unknown cue action '{do}' (known: {', '.join(CUE_FIELDS)})")
            return None
        required, optional = CUE_FIELDS[do]
        errors_before = self.error_count()
        self.fields(entry, ("do", *required, *optional), required, f"the {do} cue of {what}")
        values = {name: self.text_field(entry, name, f"the {do} cue of {what}") for name in (*required, *optional)}
        if self.error_count() != errors_before:
            return None
        return Cue(0.0, do, entry.pos, **{k: v for k, v in values.items() if v is not None},
                   field_positions=self.positions(entry))


def check_against_script(ruleset: RuleSet, script: Any) -> list[Diagnostic]:
    """Errors for every module id, module type or reserve module a rule names that ``script`` lacks."""
    modules = {module.id for module in script.modules}
    types = {module.type for module in script.modules}
    reserve = {module.id for module in getattr(script, "reserve", ())}
    roles = set(script.show.scenes)
    findings: list[Diagnostic] = []
    for rule in ruleset.rules:
        action = rule.do
        where = action.field_positions
        params = action.params
        if action.action == "jump_to" and params["module_id"] not in modules:
            findings.append(Diagnostic(where.get("module_id", rule.pos), "error", "unknown-module",
                                       f"rule '{rule.id}': no module '{params['module_id']}' in the script"))
        elif action.action == "jump_to_type" and params["type"] not in types:
            findings.append(Diagnostic(where.get("type", rule.pos), "warning", "no-module-of-type",
                                       f"rule '{rule.id}': the script has no {params['type']} module"))
        elif action.action == "insert" and params["module_id"] not in reserve:
            known = ", ".join(sorted(reserve)) or "none"
            findings.append(Diagnostic(where.get("module_id", rule.pos), "error", "unknown-reserve-module",
                                       f"rule '{rule.id}': no module '{params['module_id']}' in the script's "
                                       f"'reserve' list (reserve: {known})"))
        elif action.action == "cue" and params["cue"].do == "switch_scene":
            scene = params["cue"].scene or ""
            if not scene.startswith("scene:") and scene not in roles:
                findings.append(Diagnostic(params["cue"].field_positions.get("scene", rule.pos), "error",
                                           "unknown-role", f"rule '{rule.id}': the show has no scene role '{scene}'"))
    return findings


def check_playbooks(ruleset: RuleSet, playbook_ids: Iterable[str]) -> list[Diagnostic]:
    """Warnings for a ``playbook`` action naming a playbook not in the library."""
    known = set(playbook_ids)
    return [Diagnostic(rule.do.field_positions.get("id", rule.pos), "warning", "unknown-playbook",
                       f"rule '{rule.id}': no playbook '{rule.do.params['id']}' in the library")
            for rule in ruleset.rules if rule.do.action == "playbook" and rule.do.params["id"] not in known]


def is_rules_document(root: PNode | None) -> bool:
    """A file whose top level has ``rules`` and no show-script or playbook keys (``liveroom lint``)."""
    return isinstance(root, PMap) and "rules" in root and not {"modules", "show", "steps", "when"} & set(root.keys())


__all__ = ["check_against_script", "check_playbooks", "is_rules_document", "load_rules_file",
           "load_rules_text", "rules_from_node", "rules_from_tree"]
