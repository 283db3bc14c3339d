"""Audience events (CONTRACTS.md §3), validated at the edge into typed objects.

A JSON Lines batch — an HTTP body or a replay file — goes through
:func:`parse_lines`. Each line becomes one frozen event dataclass or one
:class:`Rejection` with its 1-based line number and a short, specific reason;
a bad line never spoils the rest of the batch. The inside of the program
trusts these objects.

Rules (stricter than bare JSON, because the KPIs add these numbers up):

- ``ts`` is Unix seconds (a finite number ≥ 0) or an ISO 8601 string *with* an
  offset (``2026-12-01T20:00:00+08:00`` or ``…Z``); it is stored as Unix seconds.
- ``kind`` is a non-empty string of at most 32 characters (the column's
  width). An unknown kind becomes :class:`UnknownEvent` (stored and counted,
  never used in a KPI).
- An integer field takes a JSON integer only: ``true`` is not 1 and ``3.0`` is
  not 3. Counts (``count``, ``qty``) are ≥ 1; ``online``/``entered`` ≥ 0.
- A number field (``amount``, ``value``) takes an integer or a finite decimal ≥ 0;
  ``NaN``/``Infinity`` (which Python's json module would accept) are refused.
- ``estimated`` (optional, on ``order``) is a JSON boolean: ``1`` is not ``true``.
- Ids and users (``user``, ``sku``, ``order_id``) are non-empty strings; ``text``
  and ``nick`` are strings. An optional field given as ``null`` counts as absent.
- Fields the contract does not name are ignored (not stored).
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, NamedTuple, Union

#: Integers above this lose precision as floats (and no real count gets near it).
MAX_INT = 2**53
#: The longest ``kind`` (``audience_events.kind`` is VARCHAR(32)): an unknown kind
#: is stored, and a longer one made PostgreSQL refuse the whole batch it came in.
MAX_KIND_LENGTH = 32
#: How much of an offending value a reason quotes.
QUOTE_LIMIT = 40


@dataclass(frozen=True, slots=True)
class _Event:
    ts: float

    KIND: ClassVar[str] = ""

    @property
    def kind(self) -> str:
        return self.KIND

    def to_data(self) -> dict[str, Any]:
        """The fields to store (``audience_events.data``), without ``ts`` and ``kind`` (columns of their own);
        optional ``None`` fields dropped."""
        data: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name == "ts":
                continue
            value = getattr(self, f.name)
            if value is not None:
                data[f.name] = value
        return data


@dataclass(frozen=True, slots=True)
class ViewersEvent(_Event):
    online: int
    entered: int
    #: Who gave the figure when it is not a feed: ``manual`` (typed in the window's quick entry).
    origin: str | None = None
    KIND: ClassVar[str] = "viewers"


@dataclass(frozen=True, slots=True)
class CommentEvent(_Event):
    user: str
    text: str
    nick: str | None = None
    KIND: ClassVar[str] = "comment"


@dataclass(frozen=True, slots=True)
class LikeEvent(_Event):
    count: int
    user: str | None = None
    KIND: ClassVar[str] = "like"


@dataclass(frozen=True, slots=True)
class ShareEvent(_Event):
    count: int
    user: str | None = None
    KIND: ClassVar[str] = "share"


@dataclass(frozen=True, slots=True)
class FollowEvent(_Event):
    user: str
    KIND: ClassVar[str] = "follow"


@dataclass(frozen=True, slots=True)
class GiftEvent(_Event):
    user: str
    value: float
    KIND: ClassVar[str] = "gift"


@dataclass(frozen=True, slots=True)
class ProductClickEvent(_Event):
    sku: str
    count: int
    KIND: ClassVar[str] = "product_click"


@dataclass(frozen=True, slots=True)
class OrderEvent(_Event):
    order_id: str
    sku: str
    qty: int
    amount: float
    user: str | None = None
    #: True when ``amount`` is the script's price, not a paid amount the platform reported (§8, the oba source).
    estimated: bool | None = None
    KIND: ClassVar[str] = "order"


@dataclass(frozen=True, slots=True)
class RefundEvent(_Event):
    order_id: str
    amount: float
    KIND: ClassVar[str] = "refund"


@dataclass(frozen=True, slots=True)
class UnknownEvent(_Event):
    """A kind the contract does not know: kept as received (minus ``ts``), counted, never in a KPI."""

    unknown_kind: str = ""
    fields: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def kind(self) -> str:  # type: ignore[override]
        return self.unknown_kind

    def to_data(self) -> dict[str, Any]:
        return dict(self.fields)


AudienceEvent = Union[
    ViewersEvent, CommentEvent, LikeEvent, ShareEvent, FollowEvent, GiftEvent,
    ProductClickEvent, OrderEvent, RefundEvent, UnknownEvent,
]

KNOWN_KINDS: tuple[str, ...] = (
    "viewers", "comment", "like", "share", "follow", "gift", "product_click", "order", "refund",
)


class Rejection(NamedTuple):
    """One refused line: 1-based ``line`` number and the reason (``error``)."""

    line: int
    error: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.error}"

    def diagnostic(self, source: str) -> str:
        """``SOURCE:LINE:1: error: REASON`` — the project's error format, for files."""
        return f"{source}:{self.line}:1: error: {self.error}"


@dataclass(slots=True)
class ParseResult:
    events: list[AudienceEvent]
    rejected: list[Rejection]
    source: str = "body"

    def diagnostics(self) -> list[str]:
        return [r.diagnostic(self.source) for r in self.rejected]


class EventError(ValueError):
    """A line's reason for rejection (the message is the reason)."""


# ------------------------------------------------------------------ fields
def _quote(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def _missing(name: str) -> EventError:
    return EventError(f"field '{name}' is missing")


def _int(obj: dict, name: str, minimum: int) -> int:
    if name not in obj or obj[name] is None:
        raise _missing(name)
    value = obj[name]
    if type(value) is not int or value < minimum or value > MAX_INT:
        raise EventError(f"field '{name}' must be an integer ≥ {minimum}, got {_quote(value)}")
    return value


def _number(obj: dict, name: str) -> float:
    if name not in obj or obj[name] is None:
        raise _missing(name)
    value = obj[name]
    if type(value) not in (int, float) or not math.isfinite(value) or value < 0 or abs(value) > 1e15:
        raise EventError(f"field '{name}' must be a finite number ≥ 0, got {_quote(value)}")
    return float(value)


def _text(obj: dict, name: str, *, required: bool = True, non_empty: bool = True) -> str | None:
    value = obj.get(name)
    if value is None:
        if required:
            raise _missing(name)
        return None
    if type(value) is not str or (non_empty and not value):
        what = "a non-empty string" if non_empty else "a string"
        raise EventError(f"field '{name}' must be {what}, got {_quote(value)}")
    return value


def _flag(obj: dict, name: str) -> bool | None:
    value = obj.get(name)
    if value is None:
        return None
    if type(value) is not bool:
        raise EventError(f"field '{name}' must be true or false, got {_quote(value)}")
    return value


def parse_ts(value: Any) -> float:
    """Unix seconds from a number or an ISO 8601 string with an offset."""
    if value is None:
        raise _missing("ts")
    if type(value) in (int, float):
        if math.isfinite(value) and 0 <= value < 1e11:
            return float(value)
    elif type(value) is str:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise EventError(f"field 'ts' must have a UTC offset (e.g. +08:00 or Z), got {_quote(value)}")
            try:
                seconds = moment.timestamp()
            except (OverflowError, ValueError):
                seconds = -1.0
            if 0 <= seconds < 1e11:
                return seconds
    raise EventError(f"field 'ts' must be Unix seconds or an ISO 8601 time with offset, got {_quote(value)}")


def _build(kind: str, ts: float, obj: dict) -> AudienceEvent:
    if kind == "viewers":
        return ViewersEvent(ts, _int(obj, "online", 0), _int(obj, "entered", 0), _text(obj, "origin", required=False))
    if kind == "comment":
        return CommentEvent(ts, _text(obj, "user"), _text(obj, "text", non_empty=False),
                            _text(obj, "nick", required=False, non_empty=False))
    if kind == "like":
        return LikeEvent(ts, _int(obj, "count", 1), _text(obj, "user", required=False))
    if kind == "share":
        return ShareEvent(ts, _int(obj, "count", 1), _text(obj, "user", required=False))
    if kind == "follow":
        return FollowEvent(ts, _text(obj, "user"))
    if kind == "gift":
        return GiftEvent(ts, _text(obj, "user"), _number(obj, "value"))
    if kind == "product_click":
        return ProductClickEvent(ts, _text(obj, "sku"), _int(obj, "count", 1))
    if kind == "order":
        return OrderEvent(ts, _text(obj, "order_id"), _text(obj, "sku"), _int(obj, "qty", 1),
                          _number(obj, "amount"), _text(obj, "user", required=False), _flag(obj, "estimated"))
    if kind == "refund":
        return RefundEvent(ts, _text(obj, "order_id"), _number(obj, "amount"))
    fields = {k: v for k, v in obj.items() if k not in ("ts", "kind")}
    return UnknownEvent(ts, kind, fields)


def parse_object(obj: Any) -> AudienceEvent:
    """Validate one decoded JSON value into an event; raises :class:`EventError` with the reason."""
    if not isinstance(obj, dict):
        raise EventError(f"expected a JSON object, got {_json_type(obj)}")
    if "ts" not in obj:
        raise _missing("ts")
    if "kind" not in obj:
        raise _missing("kind")
    kind = obj["kind"]
    if type(kind) is not str or not kind:
        raise EventError(f"field 'kind' must be a non-empty string, got {_quote(kind)}")
    if len(kind) > MAX_KIND_LENGTH:
        raise EventError(f"field 'kind' is longer than {MAX_KIND_LENGTH} characters: {_quote(kind)}")
    ts = parse_ts(obj["ts"])
    return _build(kind, ts, obj)


def from_stored(ts: float, kind: str, data: dict[str, Any]) -> AudienceEvent:
    """Rebuild an event from an ``audience_events`` row (the review's way back in)."""
    return parse_object({**data, "ts": ts, "kind": kind})


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _refuse_constant(name: str) -> Any:
    raise EventError(f"not valid JSON: {name} is not allowed (numbers must be finite)")


def parse_line(line: str) -> AudienceEvent:
    """Decode and validate one JSON line; raises :class:`EventError`."""
    try:
        obj = json.loads(line, parse_constant=_refuse_constant)
    except EventError:
        raise
    except json.JSONDecodeError as exc:
        raise EventError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:  # absurd nesting, huge int literals
        raise EventError(f"not valid JSON: {str(exc)[:80]}") from None
    return parse_object(obj)


def parse_lines(body: bytes | str, *, source: str = "body") -> ParseResult:
    """Validate a JSON Lines batch: every non-blank line becomes an event or a :class:`Rejection`.

    Lines are split on ``\\n`` only (a ``\\r`` before it is dropped), so line
    numbers match what an editor shows. Bytes are decoded line by line, so a
    line that is not UTF-8 is rejected alone. A UTF-8 byte-order mark at the
    start is ignored.
    """
    events: list[AudienceEvent] = []
    rejected: list[Rejection] = []
    if isinstance(body, (bytes, bytearray, memoryview)):
        raw_lines: list[Any] = bytes(body).split(b"\n")
        if raw_lines and raw_lines[0].startswith(b"\xef\xbb\xbf"):
            raw_lines[0] = raw_lines[0][3:]
    else:
        raw_lines = body.split("\n")
        if raw_lines and raw_lines[0].startswith("\ufeff"):
            raw_lines[0] = raw_lines[0][1:]
    for number, raw in enumerate(raw_lines, start=1):
        if isinstance(raw, bytes):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                rejected.append(Rejection(number, f"not valid UTF-8 (byte {exc.start + 1})"))
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            events.append(parse_line(line))
        except EventError as exc:
            rejected.append(Rejection(number, str(exc)))
    return ParseResult(events, rejected, source)
