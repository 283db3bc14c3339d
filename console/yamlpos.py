"""Safe YAML loading that keeps the position of every node.

Show scripts and playbooks are written by hand, so every error must point at
``FILE:LINE:COL`` (1-based) of the offending node. PyYAML's ``compose`` gives
nodes with marks; this module turns them into a small tree of :class:`PMap`,
:class:`PSeq` and :class:`PScalar`, each with its :class:`Position`, and
rejects what a plain ``safe_load`` would accept silently:

- duplicate keys in a mapping (``safe_load`` keeps the last one);
- recursive aliases, and alias expansion past :data:`MAX_NODES` nodes
  (the "billion laughs" file);
- files over :data:`MAX_FILE_BYTES`, and bytes that are not UTF-8
  (reported at the line and column of the first bad byte).

Only the safe loader's types are constructed: a document can never run code.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Iterator

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: A show script of 90 minutes is about 20 KB; 2 MB leaves room for very long
#: talking points while refusing a file that would stall the loader.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Upper bound on nodes after alias expansion.
MAX_NODES = 200_000


@dataclasses.dataclass(frozen=True, slots=True)
class Position:
    file: str
    line: int  # 1-based
    col: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclasses.dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a file, printed as ``FILE:LINE:COL: severity: message``."""

    position: Position
    severity: str  # "error" | "warning"
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.severity}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.position.file,
            "line": self.position.line,
            "col": self.position.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class YamlLoadError(Exception):
    """The file could not be read as YAML at all (one positioned diagnostic)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class PNode:
    pos: Position

    def plain(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclasses.dataclass(slots=True)
class PScalar(PNode):
    value: Any
    pos: Position

    def plain(self) -> Any:
        return self.value


@dataclasses.dataclass(slots=True)
class PSeq(PNode):
    items: list[PNode]
    pos: Position

    def __iter__(self) -> Iterator[PNode]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def plain(self) -> list[Any]:
        return [item.plain() for item in self.items]


@dataclasses.dataclass(slots=True)
class PMap(PNode):
    """A mapping whose keys are strings (other keys are rejected at load)."""

    entries: dict[str, tuple[Position, PNode]]
    pos: Position

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> PNode | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def key_pos(self, key: str) -> Position:
        return self.entries[key][0]

    def keys(self) -> list[str]:
        return list(self.entries)

    def items(self) -> Iterator[tuple[str, PNode]]:
        for key, (_, node) in self.entries.items():
            yield key, node

    def plain(self) -> dict[str, Any]:
        return {key: node.plain() for key, node in self.items()}


def _position(file: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(file, 1, 1)
    return Position(file, mark.line + 1, mark.column + 1)


def _decode(data: bytes, file: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlLoadError(
            Diagnostic(
                Position(file, line, col),
                "error",
                "encoding",
                f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be decoded); save it as UTF-8",
            )
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.active: set[int] = set()
        self.constructor = SafeConstructor()

    def error(self, node: Node, code: str, message: str) -> YamlLoadError:
        return YamlLoadError(Diagnostic(_position(self.file, node.start_mark), "error", code, message))

    def build(self, node: Node) -> PNode:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(node, "too-large", f"the document expands to more than {MAX_NODES} nodes (aliases?)")
        if id(node) in self.active:
            raise self.error(node, "recursive", "recursive alias: a node contains itself")
        pos = _position(self.file, node.start_mark)
        if isinstance(node, ScalarNode):
            try:
                value = self.constructor.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                raise self.error(node, "yaml", f"bad scalar: {exc}") from None
            return PScalar(value, pos)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return PSeq([self.build(item) for item in node.value], pos)
            if isinstance(node, MappingNode):
                entries: dict[str, tuple[Position, PNode]] = {}
                for key_node, value_node in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        raise self.error(key_node, "yaml", "merge keys (<<) are not supported; write the fields out")
                    if not isinstance(key_node, ScalarNode):
                        raise self.error(key_node, "yaml", "a mapping key must be a plain string")
                    key = str(self.constructor.construct_object(key_node))
                    if key in entries:
                        first = entries[key][0]
                        raise self.error(key_node, "duplicate-key", f"duplicate key '{key}' (first at line {first.line})")
                    entries[key] = (_position(self.file, key_node.start_mark), self.build(value_node))
                return PMap(entries, pos)
        finally:
            self.active.discard(id(node))
        raise self.error(node, "yaml", f"unsupported YAML node {node.tag}")  # pragma: no cover


def load_text(text: str, file: str = "<string>") -> PNode | None:
    """Parse one YAML document; ``None`` for an empty document."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or str(exc)
        context = f" ({exc.context})" if exc.context else ""
        raise YamlLoadError(Diagnostic(_position(file, mark), "error", "yaml", f"YAML syntax: {problem}{context}")) from None
    except yaml.YAMLError as exc:
        raise YamlLoadError(Diagnostic(Position(file, 1, 1), "error", "yaml", f"YAML syntax: {exc}")) from None
    if root is None:
        return None
    return _Builder(file).build(root)


def load_file(path: str | Path) -> PNode | None:
    """Read and parse ``path``; every failure is a :class:`YamlLoadError`."""
    path = Path(path)
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlLoadError(
                Diagnostic(Position(file, 1, 1), "error", "too-large", f"the file is {size} bytes; the limit is {MAX_FILE_BYTES}")
            )
        data = path.read_bytes()
    except OSError as exc:
        raise YamlLoadError(Diagnostic(Position(file, 1, 1), "error", "io", f"cannot read the file: {exc.strerror or exc}")) from None
    return load_text(_decode(data, file), file)
