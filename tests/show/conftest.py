from __future__ import annotations

from pathlib import Path

import pytest

from console.show.loader import load_script, load_script_text

FIXTURE = Path(__file__).parent / "fixtures" / "three_modules.yaml"


def three_modules(end: str = "advance"):
    """The three-module fixture (opening 60s, product 2m, closing 30s), every module ending with ``end``."""
    text = FIXTURE.read_text(encoding="utf-8").replace("end: advance", f"end: {end}")
    result = load_script_text(text, str(FIXTURE))
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.script


@pytest.fixture()
def script():
    result = load_script(FIXTURE)
    assert result.ok
    return result.script
