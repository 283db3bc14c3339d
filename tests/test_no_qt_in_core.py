"""The core (console/) and the database layer (db/) never import Qt or pyqtgraph.

Two independent checks: the import-linter contract in pyproject.toml (the
static import graph), and a fresh interpreter that imports every console.* and
db.* module and then looks at sys.modules (what really gets loaded, including
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


def test_import_linter_contract_holds():
    command = shutil.which("lint-imports")
    assert command, "lint-imports (import-linter) is not installed: pip install -e '.[test]'"
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_importing_every_core_module_loads_no_qt():
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(report["modules"]) > 20, report["modules"]  # it really walked the packages
    assert "console.obs.sandbox" in report["modules"] and "db.schema" in report["modules"]
    assert report["qt"] == [], f"Qt loaded by the core: {report['qt']}"
