"""Drill files (YAML), linted like scripts and playbooks: every error at FILE:LINE:COL.

```yaml
version: 1
drill: {id: monthly-crisis, title: 月度应急演练}
faults:
  - {at: 30s, fault: mic_mute, input: 麦克风}
  - {at: 2m, fault: camera_freeze, source: 摄像头A, for: 20s}
  - {at: 4m, fault: viewer_collapse, percent: 60}
  - {at: 5m, fault: banned_comment, text: 全网最低价}
  - {at: 6m, fault: complaint_burst, comments: 20}
  - {at: 7m, fault: sold_out, sku: A1, qty: 5}
```
A file is told from a script and a playbook by its top-level ``drill`` key.
"""

from __future__ import annotations

import re
from pathlib import Path

from console.drills.model import FAULTS, Drill, Fault
from console.show.node_checks import NodeChecks
from console.yamlpos import Diagnostic, PMap, PNode, Position, YamlLoadError, load_file, load_text

TOP_FIELDS = ("version", "drill", "faults")
ID_PATTERN = re.compile(r"^[a-z0-9_-]+$")


def is_drill(root: PNode | None) -> bool:
    return isinstance(root, PMap) and "drill" in root and "faults" in root


def load_drill_file(path: str | Path) -> tuple[Drill | None, list[Diagnostic]]:
    try:
        root = load_file(path)
    except YamlLoadError as exc:
        return None, [exc.diagnostic]
    return drill_from_tree(root, str(path))


def load_drill_text(text: str, file: str = "<string>") -> tuple[Drill | None, list[Diagnostic]]:
    try:
        root = load_text(text, file)
    except YamlLoadError as exc:
        return None, [exc.diagnostic]
    return drill_from_tree(root, file)


def drill_from_tree(root: PNode | None, file: str) -> tuple[Drill | None, list[Diagnostic]]:
    checks = _DrillChecks(file)
    drill = checks.drill(root)
    diagnostics = sorted(checks.diagnostics, key=lambda d: (d.position.line, d.position.col))
    if any(d.severity == "error" for d in diagnostics):
        drill = None
    return drill, diagnostics


class _DrillChecks(NodeChecks):
    def drill(self, root: PNode | None) -> Drill | None:
        if root is None:
            self.error(Position(self.file, 1, 1), "empty", "the file is empty; a drill needs 'drill' and 'faults'")
            return None
        top = self.mapping(root, "a drill")
        if top is None:
            return None
        self.fields(top, TOP_FIELDS, ("drill", "faults"), "the drill file")
        version = top.get("version")
        if version is not None and version.plain() != 1:
            self.error(version.pos, "bad-version", f"unsupported drill version {version.plain()!r} (supported: 1)")
        head = self.mapping(top.get("drill"), "'drill'") if top.get("drill") is not None else None
        drill_id = title = None
        if head is not None:
            self.fields(head, ("id", "title"), ("id", "title"), "'drill'")
            drill_id = self.text_field(head, "id", "'drill'")
            title = self.text_field(head, "title", "'drill'")
            if drill_id is not None and not ID_PATTERN.match(drill_id):
                self.error(head.get("id").pos, "bad-id",  # type: ignore[union-attr]
                           f"drill id '{drill_id}' may use only a-z, 0-9, '-' and '_'")
        faults: list[Fault] = []
        node = top.get("faults")
        sequence = self.sequence(node, "'faults'") if node is not None else None
        if sequence is not None:
            if len(sequence) == 0:
                self.error(sequence.pos, "empty", "'faults' lists no fault")
            for index, entry in enumerate(sequence):
                fault = self.fault(index, entry)
                if fault is not None:
                    faults.append(fault)
        if any(d.severity == "error" for d in self.diagnostics) or drill_id is None or title is None:
            return None
        return Drill(drill_id, title, tuple(sorted(faults, key=lambda f: (f.at_s, f.index))), self.file)

    def fault(self, index: int, node: PNode) -> Fault | None:
        what = f"fault {index + 1}"
        entry = self.mapping(node, what)
        if entry is None:
            return None
        kind = self.text_field(entry, "fault", what)
        if kind is None:
            self.error(entry.pos, "missing-field", f"{what} needs 'fault' (one of {', '.join(FAULTS)})")
            return None
        if kind not in FAULTS:
            self.error(entry.get("fault").pos, "unknown-fault",  # type: ignore[union-attr]
                       f"unknown fault '{kind}' (one of {', '.join(FAULTS)})")
            return None
        _detector, required, optional = FAULTS[kind]
        if not self.fields(entry, ("at", "fault", *required, *optional), ("at", "fault", *required), what):
            return None
        at = self.duration(entry, "at", what, positive=False)
        params: dict[str, object] = {}
        for name in (*required, *optional):
            if name not in entry:
                continue
            if name == "for":
                params[name] = self.duration(entry, name, what, positive=True)
            elif name in ("percent",):
                value = self.number_field(entry, name, what)
                if value is not None and not 0 < value <= 100:
                    self.error(entry.get(name).pos, "bad-value",  # type: ignore[union-attr]
                               f"'percent' of {what} must be above 0 and at most 100, not {value}")
                params[name] = value
            elif name in ("comments", "qty"):
                value = self.number_field(entry, name, what, integer=True)
                if value == 0:
                    self.error(entry.get(name).pos, "bad-value",  # type: ignore[union-attr]
                               f"'{name}' of {what} must be at least 1")
                params[name] = value
            else:
                params[name] = self.text_field(entry, name, what)
        if at is None or any(value is None for value in params.values()):
            return None
        return Fault(index, float(at), kind, params, entry.pos)
