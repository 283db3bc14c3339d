"""Safe YAML and the constant-time token compare, proven by behaviour and by the source (issue 9 item 5).

YAML: a show script, a playbook and ``liveroom lint`` given PyYAML's
code-running tags fail with a positioned error and run nothing; and every
PyYAML entry point used in console/, db/, ui/ is a safe one (``ast``).
Token: the intake compares the bearer token with ``hmac.compare_digest``
and nowhere with ``==`` (a timing test on a loaded 2-core machine would only
measure noise; the source says it for certain).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from console.contingency.loader import load_playbook_text
from console.show.loader import load_script_text

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("console", "db", "ui")
#: PyYAML calls that build objects or nodes from text; each must be given SafeLoader (or be the safe_* form).
YAML_CALLS = {"load", "load_all", "compose", "compose_all", "full_load", "full_load_all", "unsafe_load",
              "unsafe_load_all", "parse", "scan"}
SAFE_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}


def _tag_payloads(marker: Path) -> list[str]:
    command = f"touch {marker}"
    return [f'!!python/object/apply:os.system ["{command}"]',
            f'!!python/object/new:subprocess.Popen [["sh", "-c", "{command}"]]',
            '!!python/name:os.system']


@pytest.mark.parametrize("index", range(3))
def test_code_running_yaml_tags_run_nothing_in_scripts_playbooks_or_lint(tmp_path, index):
    """Composed with SafeLoader, a python tag is only a node: at most plain text or a positioned error."""
    marker = tmp_path / "ran"
    payload = _tag_payloads(marker)[index]
    script = f"version: 1\nshow:\n  title: {payload}\n  scenes: {{wide: A}}\nmodules: []\n"
    result = load_script_text(script, "evil.yaml")
    assert result.errors  # no modules, at least
    if result.script is not None:
        assert type(result.script.show.title) is str
    playbook = f"version: 1\nid: x\ntitle: {payload}\nwhen: {{detector: cpu_high}}\nseverity: info\nsteps: []\n"
    loaded, _diagnostics = load_playbook_text(playbook, "evil-playbook.yaml")
    assert loaded is None or type(loaded.title) is str
    path = tmp_path / "evil.yaml"
    path.write_text(script, encoding="utf-8")
    lint = subprocess.run([sys.executable, "-m", "console.cli", "lint", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert lint.returncode == 1 and f"{path}:" in lint.stdout + lint.stderr
    assert "Traceback" not in lint.stderr
    assert not marker.exists(), "a YAML tag ran a command"


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def test_every_yaml_entry_point_in_the_source_is_safe():
    seen = 0
    problems = []
    for folder in SCANNED:
        for file in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for call in _calls(tree):
                owner = call.func.value
                if not (isinstance(owner, ast.Name) and owner.id == "yaml"):
                    continue
                name = call.func.attr
                if name in ("safe_load", "safe_load_all", "safe_dump", "dump", "safe_dump_all", "YAMLError"):
                    seen += name.startswith("safe_load")
                    continue
                if name not in YAML_CALLS:
                    continue
                seen += 1
                loader = next((k.value for k in call.keywords if k.arg == "Loader"),
                              call.args[1] if len(call.args) > 1 else None)
                loader_name = loader.attr if isinstance(loader, ast.Attribute) else getattr(loader, "id", None)
                if loader_name not in SAFE_LOADERS:
                    problems.append(f"{file.relative_to(ROOT)}:{call.lineno}: yaml.{name} without SafeLoader")
    assert seen >= 2, "the scan found no YAML loading at all: it is looking in the wrong place"
    assert not problems, "\n".join(problems)


def test_the_intake_token_is_compared_in_constant_time_only():
    source = (ROOT / "console" / "audience" / "intake.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    compared = [c for c in _calls(tree) if c.func.attr == "compare_digest"
                and isinstance(c.func.value, ast.Name) and c.func.value.id in ("hmac", "secrets")]
    assert compared, "the intake does not use hmac.compare_digest"
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | \
                    {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
            assert not names & {"token", "_token", "secret"}, \
                f"line {node.lineno}: the token compared with ==: {ast.unparse(node)}"
