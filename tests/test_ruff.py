"""The tree passes ruff with the configuration in pyproject.toml ([tool.ruff]).

Every `noqa` names a rule that is enabled, and RUF100 fails a `noqa` that
suppresses nothing, so each one the code carries still means something.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["console", "ui", "db", "tests", "scripts"]


def test_ruff_passes_on_the_tree():
    command = shutil.which("ruff")
    assert command, "ruff is not installed: pip install -e '.[test]'"
    result = subprocess.run(
        [command, "check", "--no-cache", "--output-format", "concise", *CHECKED],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
