"""``liveroom lint FILE.yaml… [--json]`` and the check of a script against OBS.

Files are told apart by their top-level keys: ``modules``/``show`` make a
show script (CONTRACTS.md §2), ``steps``/``when`` a playbook (§5, validated by
``console.contingency.loader``), ``drill`` a drill (``console.drills.loader``), ``targets``/``by_module_type`` a
targets file (§9.1, ``console.targets.loader``). Output: one ``FILE:LINE:COL: severity:
MESSAGE`` line per finding on ``out`` (or, with ``--json``, one JSON list of
``{file, line, col, severity, code, message}``); with any error, a one-line
summary on ``err`` and exit code 1, else 0 (warnings do not fail).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, TextIO

from console.show.loader import script_from_tree
from console.show.model import ShowScript
from console.targets.loader import TARGETS_FILE_KEYS, load_targets_file
from console.yamlpos import Diagnostic, PMap, YamlLoadError, load_file

SCRIPT_KEYS = ("modules", "show")
PLAYBOOK_KEYS = ("steps", "when")


def lint_file(path: str) -> list[Diagnostic]:
    """Every diagnostic for one file, script or playbook; never raises for bad input."""
    try:
        root = load_file(path)
    except YamlLoadError as exc:
        return [exc.diagnostic]
    if isinstance(root, PMap):
        keys = set(root.keys())
        if "drill" in keys and not keys & set(SCRIPT_KEYS):
            from console.drills.loader import drill_from_tree

            return drill_from_tree(root, str(path))[1]
        from console.rules.loader import is_rules_document, rules_from_tree

        if is_rules_document(root):  # adjustment rules (CONTRACTS §9.2)
            return rules_from_tree(root, str(path))[1]
        if not keys & set(SCRIPT_KEYS) and keys & set(PLAYBOOK_KEYS):
            return _lint_playbook(path)
        if not keys & set(SCRIPT_KEYS) and keys & set(TARGETS_FILE_KEYS):
            return load_targets_file(path)[1]
        if not keys & set(SCRIPT_KEYS):
            return [Diagnostic(root.pos, "error", "unknown-format",
                               "neither a show script (needs 'show' and 'modules'), a playbook "
                               "(needs 'when' and 'steps') nor a rules file (needs 'rules')")]
    text = Path(path).read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return script_from_tree(root, text, str(path)).diagnostics


def _lint_playbook(path: str) -> list[Diagnostic]:
    from console.contingency.loader import load_playbook_file

    _playbook, diagnostics = load_playbook_file(path)
    return list(diagnostics)


def lint_command(paths: list[str], as_json: bool, out: TextIO, err: TextIO) -> int:
    """Run the lint over ``paths``; returns the exit code (0 clean or warnings, 1 errors)."""
    findings: list[Diagnostic] = []
    for path in paths:
        findings.extend(lint_file(path))
    errors = sum(1 for d in findings if d.severity == "error")
    warnings = len(findings) - errors
    if as_json:
        json.dump([d.as_json() for d in findings], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for diagnostic in findings:
            out.write(f"{diagnostic}\n")
    if errors:
        err.write(f"lint: {errors} error(s), {warnings} warning(s) in {len(paths)} file(s)\n")
        return 1
    return 0


def check_against_obs(script: ShowScript, scene_names: Iterable[str], source_names: Iterable[str]) -> list[Diagnostic]:
    """Warnings for every scene role, ``scene:NAME`` and source/input the connected OBS does not have.

    ``scene_names`` and ``source_names`` come from OBS (GetSceneList,
    GetInputList); each warning points at the name in the script.
    """
    scenes = set(scene_names)
    sources = set(source_names)
    findings: list[Diagnostic] = []
    for role, scene in script.show.scenes.items():
        if scene not in scenes:
            pos = script.show.scene_positions.get(role, script.show.pos)
            findings.append(Diagnostic(pos, "warning", "obs-missing-scene",
                                       f"scene '{scene}' (role '{role}') does not exist in OBS"))
    for module in script.modules:
        if module.scene.startswith("scene:") and module.scene[6:] not in scenes:
            findings.append(Diagnostic(module.field_positions.get("scene", module.pos), "warning",
                                       "obs-missing-scene", f"scene '{module.scene[6:]}' does not exist in OBS"))
        for cue in module.cues:
            if cue.scene is not None and cue.scene.startswith("scene:") and cue.scene[6:] not in scenes:
                findings.append(Diagnostic(cue.field_positions.get("scene", cue.pos), "warning",
                                           "obs-missing-scene", f"scene '{cue.scene[6:]}' does not exist in OBS"))
            for field in ("source", "input"):
                name = getattr(cue, field)
                if name is not None and name not in sources:
                    findings.append(Diagnostic(cue.field_positions.get(field, cue.pos), "warning",
                                               "obs-missing-source", f"{field} '{name}' does not exist in OBS"))
    return sorted(findings, key=lambda d: (d.position.line, d.position.col))
