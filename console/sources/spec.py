"""``--source KIND[:TARGET]`` (CONTRACTS §8) read into a :class:`SourceSpec`.

The text splits at its first colon: the kind before it, the target after it
(a target may hold colons of its own: ``oba:ws://127.0.0.1:12354``). A bare
``KIND`` leaves the target to the kind's default
(:mod:`console.sources.registry` fills it in and checks it). Nothing here
knows any kind: the registry does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A kind's name: lower-case letters, digits, ``_`` and ``-``, starting with a letter.
KIND_PATTERN = re.compile(r"[a-z][a-z0-9_-]*")


class SourceSpecError(ValueError):
    """A ``--source`` value (or a remembered one) that cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One audience source chosen for a show: its kind and its target (None: the kind's default)."""

    kind: str
    target: str | None = None

    def __str__(self) -> str:
        return self.kind if self.target is None else f"{self.kind}:{self.target}"


def parse_source_spec(text: str) -> SourceSpec:
    """``KIND`` or ``KIND:TARGET`` → a spec; :class:`SourceSpecError` naming the fault otherwise."""
    stripped = text.strip()
    if not stripped:
        raise SourceSpecError("an audience source must be KIND or KIND:TARGET, got an empty value")
    kind, colon, target = stripped.partition(":")
    kind = kind.strip()
    if not KIND_PATTERN.fullmatch(kind):
        raise SourceSpecError(f"'{text}': the source kind must be a lower-case name (like oba or tiktok) "
                              f"before the first ':', got '{kind}'")
    target = target.strip()
    if colon and not target:
        raise SourceSpecError(f"'{text}': nothing after ':' (give a target, or the kind alone for its default)")
    return SourceSpec(kind, target or None)


def format_source_specs(specs: list[SourceSpec] | tuple[SourceSpec, ...]) -> str:
    """Specs as one line, space-separated (the window's remembered choice, log lines)."""
    return " ".join(str(spec) for spec in specs)


def parse_source_specs(text: str) -> list[SourceSpec]:
    """The inverse of :func:`format_source_specs` (whitespace-separated specs; none for blank)."""
    return [parse_source_spec(part) for part in text.split()]
