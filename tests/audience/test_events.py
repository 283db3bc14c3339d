"""Validation at the edge: each refusal has its line number and a specific reason; the rest is kept."""

from __future__ import annotations

import json

import pytest

from console.audience.events import (
    CommentEvent,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    ProductClickEvent,
    RefundEvent,
    Rejection,
    ShareEvent,
    UnknownEvent,
    ViewersEvent,
    from_stored,
    parse_lines,
)

TS = 1796126400


def line(**fields) -> str:
    return json.dumps({"ts": TS, **fields}, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json", "not valid JSON: Expecting value at column 1"),
        ('{"ts": 1, "kind": "like", "count": 1', "not valid JSON: Expecting ',' delimiter at column 37"),
        ("[1, 2]", "expected a JSON object, got an array"),
        ('"hello"', "expected a JSON object, got a string"),
        ("42", "expected a JSON object, got a number"),
        ("null", "expected a JSON object, got null"),
        ('{"kind": "like", "count": 1}', "field 'ts' is missing"),
        ('{"ts": 1}', "field 'kind' is missing"),
        ('{"ts": 1, "kind": ""}', "field 'kind' must be a non-empty string, got \"\""),
        ('{"ts": 1, "kind": 3}', "field 'kind' must be a non-empty string, got 3"),
        ('{"ts": true, "kind": "like", "count": 1}',
         "field 'ts' must be Unix seconds or an ISO 8601 time with offset, got true"),
        ('{"ts": -5, "kind": "like", "count": 1}',
         "field 'ts' must be Unix seconds or an ISO 8601 time with offset, got -5"),
        ('{"ts": 1796126400000, "kind": "like", "count": 1}',  # milliseconds, a common mistake
         "field 'ts' must be Unix seconds or an ISO 8601 time with offset, got 1796126400000"),
        ('{"ts": "2026-12-01T20:00:00", "kind": "like", "count": 1}',
         "field 'ts' must have a UTC offset (e.g. +08:00 or Z), got \"2026-12-01T20:00:00\""),
        ('{"ts": "1960-01-01T00:00:00Z", "kind": "like", "count": 1}',
         "field 'ts' must be Unix seconds or an ISO 8601 time with offset, got \"1960-01-01T00:00:00Z\""),
        ('{"ts": "0001-01-01T00:00:00+14:00", "kind": "like", "count": 1}',
         "field 'ts' must be Unix seconds or an ISO 8601 time with offset, got \"0001-01-01T00:00:00+14:00\""),
        ('{"ts": "yesterday", "kind": "like", "count": 1}',
         "field 'ts' must be Unix seconds or an ISO 8601 time with offset, got \"yesterday\""),
        ('{"ts": NaN, "kind": "like", "count": 1}', "not valid JSON: NaN is not allowed (numbers must be finite)"),
        ('{"ts": 1, "kind": "like", "count": Infinity}',
         "not valid JSON: Infinity is not allowed (numbers must be finite)"),
        (line(kind="like", count=-2), "field 'count' must be an integer ≥ 1, got -2"),
        (line(kind="like", count=0), "field 'count' must be an integer ≥ 1, got 0"),
        (line(kind="like", count=True), "field 'count' must be an integer ≥ 1, got true"),
        (line(kind="like", count=2.0), "field 'count' must be an integer ≥ 1, got 2.0"),
        (line(kind="like", count="3"), "field 'count' must be an integer ≥ 1, got \"3\""),
        (line(kind="like"), "field 'count' is missing"),
        (line(kind="share", count=0), "field 'count' must be an integer ≥ 1, got 0"),
        (line(kind="viewers", online=-1, entered=0), "field 'online' must be an integer ≥ 0, got -1"),
        (line(kind="viewers", online=False, entered=0), "field 'online' must be an integer ≥ 0, got false"),
        (line(kind="viewers", online=5), "field 'entered' is missing"),
        (line(kind="viewers", online=5, entered=-3), "field 'entered' must be an integer ≥ 0, got -3"),
        (line(kind="comment", text="hi"), "field 'user' is missing"),
        (line(kind="comment", user="", text="hi"), "field 'user' must be a non-empty string, got \"\""),
        (line(kind="comment", user=7, text="hi"), "field 'user' must be a non-empty string, got 7"),
        (line(kind="comment", user="u"), "field 'text' is missing"),
        (line(kind="comment", user="u", text="hi", nick=5), "field 'nick' must be a string, got 5"),
        (line(kind="follow"), "field 'user' is missing"),
        (line(kind="gift", user="u", value="6"), "field 'value' must be a finite number ≥ 0, got \"6\""),
        (line(kind="gift", user="u", value=-1), "field 'value' must be a finite number ≥ 0, got -1"),
        (line(kind="gift", user="u", value=True), "field 'value' must be a finite number ≥ 0, got true"),
        ('{"ts": 1, "kind": "gift", "user": "u", "value": 1e400}',
         "field 'value' must be a finite number ≥ 0, got inf"),
        (line(kind="product_click", sku="A", count=0), "field 'count' must be an integer ≥ 1, got 0"),
        (line(kind="product_click", count=1), "field 'sku' is missing"),
        (line(kind="order", order_id="o", sku="A", qty=0, amount=1), "field 'qty' must be an integer ≥ 1, got 0"),
        (line(kind="order", order_id="o", sku="A", qty=1), "field 'amount' is missing"),
        (line(kind="order", order_id="", sku="A", qty=1, amount=1),
         "field 'order_id' must be a non-empty string, got \"\""),
        (line(kind="order", order_id="o", sku="A", qty=1, amount=1, user=3),
         "field 'user' must be a non-empty string, got 3"),
        (line(kind="order", order_id="o", sku="A", qty=1, amount=1, estimated=1),
         "field 'estimated' must be true or false, got 1"),
        (line(kind="order", order_id="o", sku="A", qty=1, amount=1, estimated="yes"),
         "field 'estimated' must be true or false, got \"yes\""),
        (line(kind="refund", order_id="o"), "field 'amount' is missing"),
        (line(kind="refund", order_id="o", amount=[1]), "field 'amount' must be a finite number ≥ 0, got [1]"),
    ],
)
def test_each_refusal_names_its_line_and_reason(text, reason):
    body = "\n".join([line(kind="like", count=1), text, line(kind="like", count=2)])
    result = parse_lines(body)
    assert result.rejected == [Rejection(2, reason)]
    assert [e.count for e in result.events] == [1, 2]  # the rest of the batch is kept


def test_a_long_bad_value_is_quoted_short():
    (rejection,) = parse_lines(line(kind="comment", user="x" * 500, text=1)).rejected
    assert rejection.error.startswith("field 'text' must be a string, got ")
    assert len(rejection.error) < 80


def test_every_kind_parses_into_its_typed_event():
    body = "\n".join([
        line(kind="viewers", online=10, entered=2),
        line(kind="comment", user="u1", text="多少钱", nick="小雨"),
        line(kind="comment", user="u1", text=""),
        line(kind="like", count=3, user="u2"),
        line(kind="share", count=1),
        line(kind="follow", user="u3"),
        line(kind="gift", user="u4", value=52),
        line(kind="product_click", sku="A-1001", count=2),
        line(kind="order", order_id="o1", sku="A-1001", qty=2, amount=498.5, user="u5"),
        line(kind="refund", order_id="o1", amount=249.25),
        line(kind="red_packet", amount=8, user="u6"),
    ])
    result = parse_lines(body)
    assert result.rejected == []
    assert result.events == [
        ViewersEvent(TS, 10, 2),
        CommentEvent(TS, "u1", "多少钱", "小雨"),
        CommentEvent(TS, "u1", ""),
        LikeEvent(TS, 3, "u2"),
        ShareEvent(TS, 1),
        FollowEvent(TS, "u3"),
        GiftEvent(TS, "u4", 52.0),
        ProductClickEvent(TS, "A-1001", 2),
        OrderEvent(TS, "o1", "A-1001", 2, 498.5, "u5"),
        RefundEvent(TS, "o1", 249.25),
        UnknownEvent(TS, "red_packet", {"amount": 8, "user": "u6"}),
    ]
    assert result.events[-1].kind == "red_packet"
    assert isinstance(result.events[6].value, float)


def test_timestamps_iso_with_offset_and_z_equal_unix_seconds():
    body = "\n".join([
        '{"ts": "2026-12-01T20:00:00+08:00", "kind": "follow", "user": "a"}',
        '{"ts": "2026-12-01T12:00:00Z", "kind": "follow", "user": "b"}',
        '{"ts": "2026-12-01T12:00:00.250+00:00", "kind": "follow", "user": "c"}',
        '{"ts": 1796126400, "kind": "follow", "user": "d"}',
    ])
    assert [e.ts for e in parse_lines(body).events] == [1796126400.0, 1796126400.0, 1796126400.25, 1796126400.0]


def test_blank_lines_crlf_bom_and_bad_utf8_keep_line_numbers():
    body = (b"\xef\xbb\xbf" + line(kind="follow", user="a").encode() + b"\r\n\r\n   \n"
            + b'{"ts": 1, "kind": "follow", "user": "\xff"}\n'
            + line(kind="follow", user="b").encode() + b"\n")
    result = parse_lines(body)
    assert [e.user for e in result.events] == ["a", "b"]
    assert result.rejected == [Rejection(4, "not valid UTF-8 (byte 38)")]


def test_null_optional_fields_count_as_absent_and_null_required_as_missing():
    result = parse_lines("\n".join([line(kind="like", count=1, user=None), line(kind="follow", user=None)]))
    assert result.events == [LikeEvent(TS, 1, None)]
    assert result.rejected == [Rejection(2, "field 'user' is missing")]


def test_rejection_formats():
    result = parse_lines("x\n", source="show.jsonl")
    assert str(result.rejected[0]) == "line 1: not valid JSON: Expecting value at column 1"
    assert result.diagnostics() == ["show.jsonl:1:1: error: not valid JSON: Expecting value at column 1"]


def test_stored_form_round_trips():
    events = parse_lines("\n".join([
        line(kind="order", order_id="o1", sku="A", qty=1, amount=9.5),
        line(kind="comment", user="u", text="t", nick="n"),
        line(kind="red_packet", amount=8),
    ])).events
    for event in events:
        data = json.loads(json.dumps(event.to_data()))
        assert "ts" not in data and "kind" not in data
        assert from_stored(event.ts, event.kind, data) == event


def test_deep_nesting_is_a_rejection_not_a_crash():
    body = "[" * 100_000 + "\n" + line(kind="follow", user="a")
    result = parse_lines(body)
    assert len(result.events) == 1
    assert result.rejected[0].line == 1 and result.rejected[0].error.startswith("not valid JSON")


def test_a_kind_longer_than_its_column_is_refused_alone():
    # audience_events.kind is VARCHAR(32): PostgreSQL refused the whole batch a longer unknown kind came in.
    from console.audience.events import MAX_KIND_LENGTH
    from db import schema

    assert schema.audience_events.c.kind.type.length == MAX_KIND_LENGTH
    body = "\n".join([json.dumps({"ts": 1, "kind": "k" * MAX_KIND_LENGTH}),
                      json.dumps({"ts": 1, "kind": "k" * (MAX_KIND_LENGTH + 1)})])
    result = parse_lines(body)
    assert [e.kind for e in result.events] == ["k" * MAX_KIND_LENGTH]
    assert [r.line for r in result.rejected] == [2]
    assert "longer than 32 characters" in result.rejected[0].error


def test_order_estimated_is_an_optional_boolean_kept_in_the_stored_data():
    # §8: an order the oba source builds from the script's price says so.
    result = parse_lines("\n".join([
        line(kind="order", order_id="o1", sku="A", qty=1, amount=249, estimated=True),
        line(kind="order", order_id="o2", sku="A", qty=1, amount=249, estimated=None),
    ]))
    assert result.rejected == []
    first, second = result.events
    assert first.estimated is True and first.to_data()["estimated"] is True
    assert second.estimated is None and "estimated" not in second.to_data()
