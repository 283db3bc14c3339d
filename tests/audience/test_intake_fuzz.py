"""Hypothesis fuzz of the endpoint: any body gets an answer, the server stays up, valid events are always accepted."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.audience.events import parse_lines
from tests.audience.conftest import post

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

text = st.text(min_size=1, max_size=20)
user = st.text(min_size=1, max_size=12)
ts = st.one_of(st.integers(0, 4_000_000_000), st.floats(0, 4e9, allow_nan=False, allow_infinity=False),
               st.sampled_from(["2026-12-01T20:00:00+08:00", "2026-12-01T12:00:00Z", "2026-12-01T12:00:00.5-05:00"]))
count = st.integers(1, 10**6)
money = st.one_of(st.integers(0, 10**7), st.floats(0, 1e7, allow_nan=False, allow_infinity=False))

valid_event = st.one_of(
    st.fixed_dictionaries({"ts": ts, "kind": st.just("viewers"), "online": st.integers(0, 10**7),
                           "entered": st.integers(0, 10**6)}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("comment"), "user": user, "text": st.text(max_size=60)},
                          optional={"nick": st.text(max_size=10)}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("like"), "count": count}, optional={"user": user}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("share"), "count": count}, optional={"user": user}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("follow"), "user": user}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("gift"), "user": user, "value": money}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("product_click"), "sku": text, "count": count}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("order"), "order_id": text, "sku": text,
                           "qty": st.integers(1, 1000), "amount": money}, optional={"user": user}),
    st.fixed_dictionaries({"ts": ts, "kind": st.just("refund"), "order_id": text, "amount": money}),
    st.fixed_dictionaries({"ts": ts, "kind": st.text(min_size=1, max_size=10).filter(
        lambda k: k not in {"viewers", "comment", "like", "share", "follow", "gift", "product_click", "order",
                            "refund"}), "extra": st.integers()}),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
# Objects that look like events but with arbitrary field values: the validator's corner cases.
near_events = st.fixed_dictionaries(
    {"ts": json_values | ts, "kind": st.sampled_from(["viewers", "comment", "like", "order", "refund", "gift"])},
    optional={"online": json_values, "entered": json_values, "user": json_values, "text": json_values,
              "count": json_values, "order_id": json_values, "sku": json_values, "qty": json_values,
              "amount": json_values, "value": json_values},
)


@FUZZ
@given(body=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode)
       | st.lists(json_values | near_events, max_size=8).map(lambda xs: "\n".join(json.dumps(x) for x in xs).encode()))
def test_any_body_gets_a_json_answer_and_the_server_stays_up(intake, body):
    answer = post(intake, body)
    assert answer.status in (202, 400)
    payload = answer.json()
    expected = parse_lines(body)
    assert payload["accepted"] == len(expected.events)
    assert [(r["line"], r["error"]) for r in payload["rejected"]] == [tuple(r) for r in expected.rejected[:1000]]
    assert (answer.status == 202) == bool(expected.events)


@FUZZ
@given(events=st.lists(valid_event, min_size=1, max_size=20), blank_every=st.integers(0, 3))
def test_valid_events_are_always_accepted_and_stored(intake, database, events, blank_every):
    engine, _ = database
    lines = []
    for index, event in enumerate(events):
        lines.append(json.dumps(event, ensure_ascii=bool(index % 2)))
        if blank_every and index % blank_every == 0:
            lines.append("  ")
    from tests.audience.conftest import stored_rows

    before = len(stored_rows(engine))
    answer = post(intake, "\n".join(lines))
    assert answer.status == 202, answer.body
    assert answer.json() == {"accepted": len(events), "rejected": []}
    assert len(stored_rows(engine)) == before + len(events)
