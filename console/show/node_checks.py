"""Typed checks of a position-carrying YAML tree (console.yamlpos), each failure a positioned diagnostic.

The generic half of validating a file at the edge: "this is a mapping", "these
fields and no others", "this is text, not a number" — with the message at the
offending node (``FILE:LINE:COL``). :mod:`console.show.loader` builds the show
script's schema on it.
"""

from __future__ import annotations

from typing import Iterable

from console.show.duration import DurationError, parse_duration
from console.yamlpos import Diagnostic, PMap, PNode, PScalar, Position, PSeq


def describe_kind(node: PNode | None) -> str:
    """What ``node`` is, for a message: "a list", "the number 10", "the text 'x'", "nothing"."""
    if isinstance(node, PMap):
        return "a mapping"
    if isinstance(node, PSeq):
        return "a list"
    if node is None or node.plain() is None:
        return "nothing"
    value = node.plain()
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text '{value}'"
    return f"a {type(value).__name__}"


class NodeChecks:
    """Collects diagnostics; each check returns the typed value, or None after reporting why not."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    # -- reporting --------------------------------------------------------
    def error(self, pos: Position, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(pos, "error", code, message))

    def warning(self, pos: Position, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(pos, "warning", code, message))

    # -- generic checks ---------------------------------------------------
    def mapping(self, node: PNode | None, what: str) -> PMap | None:
        if isinstance(node, PMap):
            return node
        pos = node.pos if node is not None else Position(self.file, 1, 1)
        self.error(pos, "wrong-type", f"{what} must be a mapping (key: value lines), not {describe_kind(node)}")
        return None

    def sequence(self, node: PNode, what: str) -> PSeq | None:
        if isinstance(node, PSeq):
            return node
        self.error(node.pos, "wrong-type", f"{what} must be a list, not {describe_kind(node)}")
        return None

    def fields(self, mapping: PMap, allowed: Iterable[str], required: Iterable[str], what: str) -> bool:
        """Unknown keys (at the key) and missing required ones (at the mapping); True if all required are there."""
        allowed = tuple(allowed)
        for key in mapping.keys():
            if key not in allowed:
                self.error(mapping.key_pos(key), "unknown-field",
                           f"unknown field '{key}' in {what} (known: {', '.join(allowed)})")
        complete = True
        for key in required:
            node = mapping.get(key)
            if node is None:
                self.error(mapping.pos, "missing-field", f"{what} is missing the required field '{key}'")
                complete = False
            elif isinstance(node, PScalar) and node.value is None:
                # An empty value has no text of its own: point at its key.
                self.error(mapping.key_pos(key), "missing-field",
                           f"the required field '{key}' of {what} is empty")
                complete = False
        return complete

    def text_field(self, mapping: PMap, key: str, what: str) -> str | None:
        node = mapping.get(key)
        if node is None or (isinstance(node, PScalar) and node.value is None):
            return None
        if isinstance(node, PScalar) and isinstance(node.value, str):
            return node.value
        hint = "; put it in quotes" if isinstance(node, PScalar) else ""
        self.error(node.pos, "wrong-type", f"'{key}' of {what} must be text, not {describe_kind(node)}{hint}")
        return None

    def number_field(self, mapping: PMap, key: str, what: str, *, integer: bool = False) -> float | int | None:
        node = mapping.get(key)
        if node is None or (isinstance(node, PScalar) and node.value is None):
            return None
        value = node.plain() if isinstance(node, PScalar) else None
        wanted = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted):
            kind = "a whole number" if integer else "a number"
            self.error(node.pos, "wrong-type", f"'{key}' of {what} must be {kind}, not {describe_kind(node)}")
            return None
        if value < 0:
            self.error(node.pos, "bad-value", f"'{key}' of {what} cannot be negative ({value})")
            return None
        return value

    def duration(self, entry: PMap, key: str, what: str, *, positive: bool) -> float | None:
        node = entry.get(key)
        if node is None or (isinstance(node, PScalar) and node.value is None):
            return None  # reported as missing by fields()
        if not isinstance(node, PScalar):
            self.error(node.pos, "bad-duration", f"'{key}' of {what} must be a duration such as 5m, not {describe_kind(node)}")
            return None
        try:
            seconds = parse_duration(node.value)
        except DurationError as exc:
            self.error(node.pos, "bad-duration", f"'{key}' of {what}: {exc}")
            return None
        if positive and seconds <= 0:
            self.error(node.pos, "bad-duration", f"'{key}' of {what} must be positive, not {node.value}")
            return None
        return seconds

    def positions(self, mapping: PMap) -> dict[str, Position]:
        """Where each field's value starts (the key when the value is empty)."""
        result = {}
        for key, node in mapping.items():
            result[key] = node.pos
        return result

    def error_count(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")
