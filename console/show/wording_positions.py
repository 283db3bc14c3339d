"""Where in the file a term found inside a YAML scalar's value is (the wording warnings' positions)."""

from __future__ import annotations

import bisect

import yaml

from console.yamlpos import PScalar, Position


class ScalarSpans:
    """Maps an offset inside a scalar's *value* to the line and column in the file.

    PyYAML gives a scalar's start and end marks, not where each character of
    its value came from (indentation is stripped from block scalars, quotes
    and escapes from quoted ones, line breaks folded). Terms flagged by the
    compliance matcher are short and contain no line break, so the n-th
    occurrence of the term in the value is the n-th occurrence in the raw
    text of the node, after a block scalar's header line (``|`` or ``>`` and
    an optional comment, which is not part of the value). When a term was
    split by folding, the position falls back to the start of the node.
    """

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.spans: dict[tuple[int, int], tuple[int, int, str | None]] = {}
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:  # the tree was built from the same text; cannot happen
            root = None
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                key = (node.start_mark.line + 1, node.start_mark.column + 1)
                self.spans[key] = (node.start_mark.index, node.end_mark.index, node.style)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                for _key_node, value_node in node.value:
                    stack.append(value_node)

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index) - 1
        return Position(self.file, line + 1, index - self.line_starts[line] + 1)

    def position_in(self, node: PScalar, value: str, start: int, end: int) -> Position:
        span = self.spans.get((node.pos.line, node.pos.col))
        if span is None:
            return node.pos
        begin, finish, style = span
        if style in ("|", ">"):
            newline = self.text.find("\n", begin, finish)
            begin = newline + 1 if newline != -1 else finish
        term = value[start:end]
        if not term:
            return node.pos
        occurrence = _count(value, term, start)
        raw = self.text[begin:finish]
        found = -1
        search_from = 0
        for _ in range(occurrence + 1):
            found = raw.find(term, search_from)
            if found == -1:
                return node.pos
            search_from = found + 1
        return self.position(begin + found)


def _count(text: str, term: str, before: int) -> int:
    """Occurrences of ``term`` (overlapping) that start before ``before``."""
    count = 0
    index = text.find(term)
    while index != -1 and index < before:
        count += 1
        index = text.find(term, index + 1)
    return count
