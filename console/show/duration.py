"""Durations in show scripts: ``90s``, ``5m``, ``4m30s``, ``1h``, ``1h30m``.

A duration is written with units, largest first, each at most once:
``[Nh][Nm][Ns]`` (spaces between the parts are allowed, ``1.5m`` too).
A bare number is **refused**, except ``0`` (a cue at the very start): in a
90-minute show ``duration: 5`` is far more likely a forgotten ``m`` than five
seconds, and YAML 1.1 silently reads ``4:30`` as the integer 270. Both get an
error that says how to write it.
"""

from __future__ import annotations

import re

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m)?\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s)?\s*$"
)


class DurationError(ValueError):
    """The text is not a duration; the message says how to write one."""


def parse_duration(value: object) -> float:
    """Seconds for ``value`` (a string like ``4m30s``, or the number 0)."""
    if isinstance(value, bool):
        raise DurationError(f"expected a duration such as 90s, 5m or 4m30s, got {str(value).lower()}")
    if isinstance(value, (int, float)):
        if value == 0:
            return 0.0
        raise DurationError(
            f"a duration needs a unit: write {_suggest(float(value))} (a bare number such as {value!r} is ambiguous)"
        )
    if not isinstance(value, str):
        raise DurationError(f"expected a duration such as 90s, 5m or 4m30s, got a {type(value).__name__}")
    match = _DURATION.match(value)
    if not match or not any(match.group(unit) for unit in "hms"):
        raise DurationError(f"'{value}' is not a duration; write it like 90s, 5m, 4m30s, 1h or 1h30m")
    hours, minutes, seconds = (float(match.group(unit) or 0) for unit in "hms")
    return hours * 3600 + minutes * 60 + seconds


def format_duration(seconds: float) -> str:
    """The script notation for ``seconds`` (``270`` → ``4m30s``); negative keeps a sign."""
    sign = "-" if seconds < 0 else ""
    remaining = abs(seconds)
    whole = int(remaining)
    fraction = remaining - whole
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or fraction or not parts:
        parts.append(f"{secs + fraction:g}s")
    return sign + "".join(parts)


def format_clock(seconds: float) -> str:
    """``MM:SS`` (or ``H:MM:SS``) for countdowns; negative values get a sign."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes:02d}:{secs:02d}"


def _suggest(value: float) -> str:
    if value >= 60:
        return f"{format_duration(value)} if you mean seconds, or {value:g}m"
    return f"{value:g}s or {value:g}m"
