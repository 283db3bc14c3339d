"""The core (console/) and the database layer (db/) never import Qt or pyqtgraph; ui/ keeps its layers.

Independent checks: the import-linter contracts in pyproject.toml (the static
import graph: no Qt in the core, and ui's layers), a search of that graph for
import circles, and a fresh interpreter that imports every console.* and db.*
module and then looks at sys.modules (what really gets loaded, including
imports hidden in functions that run at import time).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

IMPORT_EVERYTHING = r"""
import importlib, json, pkgutil, sys
names = []
for package_name in ("console", "db"):
    package = importlib.import_module(package_name)
    names.append(package_name)
    for module in pkgutil.walk_packages(package.__path__, package_name + "."):
        # Alembic's env.py and revision files run only inside alembic's context.
        if not module.name.startswith("db.migrations"):
            names.append(module.name)
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6", "ui"))
print(json.dumps({"modules": names, "qt": loaded}))
"""


#: The contracts in pyproject.toml, each of which must be there and kept.
CONTRACTS = (
    "The core and the database layer never import Qt or pyqtgraph",
    "The window's layers: windows above panels above widgets and bridges above theme",
)

#: Strongly connected components of the project's import graph (Tarjan): every
#: group of two or more modules that import each other, directly or not.
FIND_CIRCLES = r"""
import json, sys, grimp
sys.setrecursionlimit(10_000)
graph = grimp.build_graph("console", "db", "ui", cache_dir=None)
index, low, stack, on_stack, circles = {}, {}, [], set(), []

def visit(module):
    index[module] = low[module] = len(index)
    stack.append(module)
    on_stack.add(module)
    for imported in graph.find_modules_directly_imported_by(module):
        if imported not in graph.modules:
            continue
        if imported not in index:
            visit(imported)
            low[module] = min(low[module], low[imported])
        elif imported in on_stack:
            low[module] = min(low[module], index[imported])
    if low[module] == index[module]:
        group = []
        while True:
            member = stack.pop()
            on_stack.discard(member)
            group.append(member)
            if member == module:
                break
        if len(group) > 1:
            circles.append(sorted(group))

for module in sorted(graph.modules):
    if module not in index:
        visit(module)
print(json.dumps(circles))
"""


def test_import_linter_contracts_hold():
    command = shutil.which("lint-imports")
    assert command, "lint-imports (import-linter) is not installed: pip install -e '.[test]'"
    result = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout
    for name in CONTRACTS:
        assert f"{name} KEPT" in result.stdout, f"contract missing or broken: {name}\n{result.stdout}"


def test_no_modules_import_each_other():
    """No import circles in console/, db/ or ui/ (imports inside functions count too)."""
    result = subprocess.run([sys.executable, "-c", FIND_CIRCLES], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    circles = json.loads(result.stdout.strip().splitlines()[-1])
    assert circles == [], "import circles: " + "; ".join(" <-> ".join(group) for group in circles)


def test_importing_every_core_module_loads_no_qt():
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(report["modules"]) > 20, report["modules"]  # it really walked the packages
    assert "console.obs.sandbox" in report["modules"] and "db.schema" in report["modules"]
    assert report["qt"] == [], f"Qt loaded by the core: {report['qt']}"
