"""Load and validate playbooks (CONTRACTS.md §5) into :mod:`console.contingency.model`.

``load_playbook_file(path)`` / ``load_playbook_text(text, file)`` never raise
for bad input: they return ``(playbook or None, diagnostics)`` with every
error at its YAML node (``FILE:LINE:COL``). ``load_playbooks(dirs)`` loads
every ``*.yaml``/``*.yml`` of each directory in order: a bad file is reported
and the others still load; the same id in a later directory overrides the
earlier one (the user's config directory overrides the shipped defaults), the
same id twice in one directory is an error on the second file.

The generic checks (mapping, list, known/required fields, text, durations)
are the show-script loader's, so both formats word their errors alike.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable

from console import paths
from console.contingency.model import (
    ACTION_FIELDS,
    DETECTORS,
    RESOLVE_MODES,
    SEVERITIES,
    ActionStep,
    CheckStep,
    Playbook,
    Step,
    Trigger,
)
from console.show.loader import ID_PATTERN, MAX_ID_LENGTH
from console.show.node_checks import NodeChecks, describe_kind
from console.yamlpos import Diagnostic, PMap, PNode, PScalar, Position, YamlLoadError, load_file, load_text

TOP_FIELDS = ("version", "id", "title", "when", "severity", "steps", "resolve")
REQUIRED_TOP = ("id", "title", "when", "steps")
SUPPORTED_VERSIONS = (1,)
DEFAULT_SEVERITY = "warning"
DEFAULT_RESOLVE = "manual"


def load_playbook_file(path: str | Path) -> tuple[Playbook | None, list[Diagnostic]]:
    try:
        root = load_file(path)
    except YamlLoadError as exc:
        return None, [exc.diagnostic]
    return playbook_from_tree(root, str(path))


def load_playbook_text(text: str, file: str = "<string>") -> tuple[Playbook | None, list[Diagnostic]]:
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = load_text(text, file)
    except YamlLoadError as exc:
        return None, [exc.diagnostic]
    return playbook_from_tree(root, file)


def playbook_from_tree(root: PNode | None, file: str) -> tuple[Playbook | None, list[Diagnostic]]:
    validator = _PlaybookValidator(file)
    playbook = validator.playbook(root)
    diagnostics = sorted(validator.diagnostics, key=lambda d: (d.position.line, d.position.col))
    if any(d.severity == "error" for d in diagnostics):
        playbook = None
    return playbook, diagnostics


def default_dirs() -> list[Path]:
    """Shipped playbooks first, then the user's (which override by id)."""
    return [paths.resource("playbooks"), paths.config_dir() / "playbooks"]


def load_playbooks(dirs: Iterable[str | Path] | None = None) -> tuple[list[Playbook], list[Diagnostic]]:
    by_id: dict[str, Playbook] = {}
    diagnostics: list[Diagnostic] = []
    for directory in (default_dirs() if dirs is None else dirs):
        directory = Path(directory)
        if not directory.is_dir():
            continue
        seen_here: dict[str, str] = {}
        files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        for path in files:
            playbook, found = load_playbook_file(path)
            diagnostics.extend(found)
            if playbook is None:
                continue
            if playbook.id in seen_here:
                diagnostics.append(Diagnostic(playbook.pos or Position(str(path), 1, 1), "error", "duplicate-id",
                                              f"playbook id '{playbook.id}' is already used by {seen_here[playbook.id]}"))
                continue
            seen_here[playbook.id] = str(path)
            by_id[playbook.id] = playbook  # a later directory overrides an earlier one
    return list(by_id.values()), diagnostics


class _PlaybookValidator(NodeChecks):
    def playbook(self, root: PNode | None) -> Playbook | None:
        if root is None:
            self.error(Position(self.file, 1, 1), "empty", "the file is empty; a playbook needs 'id', 'title', "
                                                            "'when' and 'steps'")
            return None
        top = self.mapping(root, "a playbook")
        if top is None:
            return None
        self.fields(top, TOP_FIELDS, REQUIRED_TOP, "the playbook")
        version = top.get("version")
        if version is not None and version.plain() not in SUPPORTED_VERSIONS:
            self.error(version.pos, "bad-version",
                       f"unsupported playbook version {version.plain()!r} (supported: 1)")
        playbook_id = self.text_field(top, "id", "the playbook")
        if playbook_id is not None and not ID_PATTERN.match(playbook_id):
            self.error(top.get("id").pos, "bad-id",  # type: ignore[union-attr]
                       f"playbook id '{playbook_id}' may use only a-z, 0-9, '-' and '_'")
        elif playbook_id is not None and len(playbook_id) > MAX_ID_LENGTH:
            self.error(top.get("id").pos, "bad-id",  # type: ignore[union-attr]
                       f"playbook id '{playbook_id}' is {len(playbook_id)} characters long; at most {MAX_ID_LENGTH}")
        title = self.text_field(top, "title", "the playbook")
        severity = self.choice(top, "severity", SEVERITIES, DEFAULT_SEVERITY)
        resolve = self.choice(top, "resolve", RESOLVE_MODES, DEFAULT_RESOLVE)
        trigger = self.trigger(top.get("when")) if top.get("when") is not None else None
        steps = self.steps(top.get("steps")) if top.get("steps") is not None else None
        if any(d.severity == "error" for d in self.diagnostics):
            return None
        assert playbook_id and title and severity and resolve and trigger is not None and steps is not None
        return Playbook(playbook_id, title, severity, trigger, steps, resolve, self.file, top.pos)

    def choice(self, top: PMap, key: str, allowed: tuple[str, ...], default: str) -> str | None:
        node = top.get(key)
        if node is None:
            return default
        value = self.text_field(top, key, "the playbook")
        if value is None:
            return None
        if value not in allowed:
            self.error(node.pos, f"bad-{key}", f"'{key}' must be one of {', '.join(allowed)}, not '{value}'")
            return None
        return value

    def trigger(self, node: PNode) -> Trigger | None:
        when = self.mapping(node, "'when'")
        if when is None:
            return None
        detector = self.text_field(when, "detector", "'when'")
        if detector is None:
            self.fields(when, ("detector", "for"), ("detector",), "'when'")
            return None
        if detector not in DETECTORS:
            self.error(when.get("detector").pos, "unknown-detector",  # type: ignore[union-attr]
                       f"unknown detector '{detector}' (known: {', '.join(DETECTORS)})")
            return None
        spec = DETECTORS[detector]
        what = f"detector {detector}"
        required = [name for name, (_, _, needed) in spec.items() if needed]
        self.fields(when, ("detector", "for", *spec), ("detector", *required), what)
        for_s = self.duration(when, "for", what, positive=False) if when.get("for") is not None else 0.0
        params: dict[str, Any] = {}
        for name, (kind, default, _needed) in spec.items():
            value = self.parameter(when, name, kind, what)
            params[name] = default if value is None else value
        if for_s is None:
            return None
        return Trigger(detector, MappingProxyType(params), for_s, when.pos)

    def parameter(self, entry: PMap, name: str, kind: str, what: str) -> Any:
        node = entry.get(name)
        if node is None or (isinstance(node, PScalar) and node.value is None):
            return None
        if kind == "duration":
            return self.duration(entry, name, what, positive=True)
        if kind == "text":
            return self.text_field(entry, name, what)
        value = node.plain() if isinstance(node, PScalar) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(node.pos, "wrong-type", f"'{name}' of {what} must be a number, not {describe_kind(node)}")
            return None
        limits = {"fraction": (0.0, 1.0), "percent": (0.0, 100.0)}.get(kind)
        if limits is not None and not limits[0] <= value <= limits[1]:
            hint = " (a fraction: 5 % is 0.05)" if kind == "fraction" else ""
            self.error(node.pos, "bad-value",
                       f"'{name}' of {what} must be between {limits[0]:g} and {limits[1]:g}, not {value}{hint}")
            return None
        return float(value)

    def steps(self, node: PNode) -> tuple[Step, ...] | None:
        items = self.sequence(node, "'steps'")
        if items is None:
            return None
        if len(items) == 0:
            self.error(node.pos, "empty-steps", "'steps' is empty; a playbook needs at least one step")
            return None
        steps: list[Step] = []
        for index, item in enumerate(items, start=1):
            step = self.step(item, f"step {index}")
            if step is not None:
                steps.append(step)
        return tuple(steps)

    def step(self, node: PNode, what: str) -> Step | None:
        entry = self.mapping(node, what)
        if entry is None:
            return None
        if "check" in entry:
            self.fields(entry, ("check", "within"), ("check", "within"), f"the check of {what}")
            text = self.text_field(entry, "check", f"the check of {what}")
            within = self.duration(entry, "within", f"the check of {what}", positive=True)
            if text is None or within is None:
                return None
            return CheckStep(text, within, entry.pos)
        do = self.text_field(entry, "do", what)
        if do is None:
            self.fields(entry, ("do", "check"), ("do",), f"{what} (an action needs 'do', a check needs 'check')")
            return None
        if do not in ACTION_FIELDS:
            self.error(entry.get("do").pos, "unknown-action",  # type: ignore[union-attr]
                       f"unknown action '{do}' (known: {', '.join(ACTION_FIELDS)})")
            return None
        required, optional = ACTION_FIELDS[do]
        step_what = f"the {do} {what}"
        errors_before = self.error_count()
        self.fields(entry, ("do", *required, *optional), required, step_what)
        params: dict[str, Any] = {}
        for name in (*required, *optional):
            if entry.get(name) is None:
                continue
            if name in ("for", "due"):
                params[name] = self.duration(entry, name, step_what, positive=True)
            elif name == "retry":
                params[name] = self.number_field(entry, name, step_what, integer=True)
            else:
                params[name] = self.text_field(entry, name, step_what)
        if self.error_count() != errors_before or any(value is None for value in params.values()):
            return None
        return ActionStep(do, MappingProxyType(params), entry.pos)
