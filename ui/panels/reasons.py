"""The core's reasons (English, for the log) in the operator's language: the matching both catalogues share.

A catalogue (ui/panels/obs_reasons.py, ui/panels/source_reasons.py) lists the
reasons it knows: fixed lines, and patterns whose named groups are the variable
parts (a URL, an error, a delay), kept as written. A group named in ``nested``
holds a reason of its own ("cannot connect: …; retrying in 2.0 s") and is
translated in turn. A reason no catalogue lists (a rare failure's own words)
stays as written: a half-translated line would be worse than an English one.
"""

from __future__ import annotations

import re
from typing import Iterable

Patterns = Iterable[tuple[re.Pattern[str], str]]


def translated(reason: str, fixed: dict[str, str], patterns: Patterns, nested: tuple[str, ...] = ()) -> str:
    """``reason`` through ``fixed`` (whole lines), then the first of ``patterns`` that matches; else as written."""
    found = fixed.get(reason)
    if found is not None:
        return found
    patterns = list(patterns)
    for pattern, template in patterns:
        match = pattern.match(reason)
        if match:
            parts = {name: translated(value, fixed, patterns, nested) if name in nested else value
                     for name, value in match.groupdict().items()}
            return template.format(**parts)
    return reason
