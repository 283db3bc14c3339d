"""Colours live in ui/theme.py: no other Python module of ui/ spells a hex colour."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
#: #rgb, #rrggbb and #rrggbbaa (a QSS or HTML colour, or a QColor name).
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def hex_colours(source: str) -> list[tuple[int, str]]:
    return [(number, match.group()) for number, line in enumerate(source.splitlines(), 1)
            for match in HEX_COLOUR.finditer(line)]


def test_the_pattern_finds_every_spelling_of_a_colour():
    found = hex_colours('a = "#e5484d"\nb = QColor("#fff")\nc = "#3b82f622"  # alpha\nd = "issue-13"\n')
    assert found == [(1, "#e5484d"), (2, "#fff"), (3, "#3b82f622")]


def test_no_ui_module_but_the_theme_holds_a_hex_colour():
    modules = sorted(path for path in UI.rglob("*.py") if path != UI / "theme.py")
    assert len(modules) > 20  # the walk really covers ui/
    offenders = [f"{path.relative_to(UI.parent)}:{number}: {colour}" for path in modules
                 for number, colour in hex_colours(path.read_text(encoding="utf-8"))]
    assert offenders == [], "name these colours in ui/theme.py:\n" + "\n".join(offenders)
