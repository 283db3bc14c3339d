"""Replay (rebased, time passed in) and the simulator (deterministic, follows the module type)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from console.audience.events import CommentEvent, OrderEvent, ViewersEvent, parse_lines
from console.audience.replay import ReplayError, ReplaySource
from console.audience.simulator import BANNED_COMMENTS, AudienceSimulator, SimulatorRates

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "show.jsonl"


def test_replay_rebases_so_the_first_event_happens_at_the_start(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(
        '{"ts": 1000.5, "kind": "follow", "user": "b"}\n'
        '{"ts": 1000, "kind": "follow", "user": "a"}\n'
        'garbage\n'
        '{"ts": 1010, "kind": "follow", "user": "c"}\n', encoding="utf-8")
    source = ReplaySource(path, start_ts=5000.0)
    assert source.diagnostics() == [f"{path}:3:1: error: not valid JSON: Expecting value at column 1"]
    assert (source.total, source.duration) == (3, 10.0)
    assert [(e.user, e.ts) for e in source.due(0.0)] == [("a", 5000.0)]
    assert source.due(0.4) == []
    assert [(e.user, e.ts) for e in source.due(0.5)] == [("b", 5000.5)]
    assert source.due(9.99) == [] and source.remaining == 1
    assert [e.user for e in source.due(100.0)] == ["c"]
    assert source.done and source.due(1000.0) == []


def test_replay_speed_divides_file_offsets(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(f'{{"ts": {t}, "kind": "like", "count": 1}}' for t in (0, 10, 20, 30)))
    source = ReplaySource(path, speed=10.0, start_ts=100.0)
    assert [e.ts for e in source.due(1.0)] == [100.0, 110.0]  # 1 wall second = 10 file seconds
    assert [e.ts for e in source.due(3.0)] == [120.0, 130.0]
    with pytest.raises(ValueError):
        ReplaySource(path, speed=0)


def test_replay_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ReplayError, match="cannot read the replay file"):
        ReplaySource(tmp_path / "nope.jsonl")


def test_replay_fixture_keeps_every_valid_line():
    source = ReplaySource(FIXTURE)
    released = source.due(10**6)
    assert len(released) == len(parse_lines(FIXTURE.read_bytes()).events) == source.total
    assert released[0].ts == 0.0 and [e.ts for e in released] == sorted(e.ts for e in released)


def run(simulator, module_type, seconds, dt=0.5, start=0.0):
    events, t = [], start
    while t < start + seconds - 1e-9:
        t += dt
        events += simulator.step(t, module_type, dt)
    return events


def test_simulator_is_deterministic_with_a_seed():
    a = run(AudienceSimulator(seed=7), "interaction", 60)
    b = run(AudienceSimulator(seed=7), "interaction", 60)
    c = run(AudienceSimulator(seed=8), "interaction", 60)
    assert a == b and a != c


def test_simulator_follows_the_module_type():
    counts = {}
    for module_type in ("interaction", "conversion", "break"):
        counts[module_type] = Counter(e.kind for e in run(AudienceSimulator(seed=3), module_type, 300))
    assert counts["interaction"]["comment"] > 2 * counts["conversion"]["comment"]
    assert counts["conversion"]["order"] > 3 * counts["interaction"]["order"]
    assert counts["break"]["comment"] < counts["conversion"]["comment"] / 2
    assert all(c["viewers"] == 300 for c in counts.values())  # one sample per show second


def test_simulator_events_are_valid_ordered_inside_the_step_and_order_ids_unique():
    simulator = AudienceSimulator(seed=1, rates=SimulatorRates(orders_per_s=2.0, refund_probability=0.3))
    t = 100.0
    events = []
    for _ in range(400):
        step = simulator.step(t + 0.25, "conversion", 0.25)
        assert all(t < e.ts <= t + 0.25 for e in step)
        assert [e.ts for e in step] == sorted(e.ts for e in step)
        events += step
        t += 0.25
    order_ids = [e.order_id for e in events if isinstance(e, OrderEvent)]
    assert len(order_ids) == len(set(order_ids)) > 50
    assert any(e.kind == "refund" for e in events)
    # Every event survives the intake's own validation when serialised.
    import json

    body = "\n".join(json.dumps({"ts": e.ts, "kind": e.kind, **e.to_data()}, ensure_ascii=False) for e in events)
    assert parse_lines(body).rejected == []


def test_simulator_comments_are_chinese_and_sometimes_banned():
    events = run(AudienceSimulator(seed=2, rates=SimulatorRates(comments_per_s=50)), "interaction", 60)
    comments = [e for e in events if isinstance(e, CommentEvent)]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in c.text) for c in comments)
    banned = [c for c in comments if c.text in BANNED_COMMENTS]
    assert 0 < len(banned) < len(comments) * 0.1


def test_simulator_soak_rate_200_comments_per_second():
    rates = SimulatorRates(comments_per_s=200)
    simulator = AudienceSimulator(seed=4, rates=rates, profiles={"soak": __import__(
        "console.audience.simulator", fromlist=["Profile"]).Profile(comments=1.0)})
    comments = sum(isinstance(e, CommentEvent) for e in run(simulator, "soak", 30, dt=0.1))
    assert 200 * 30 * 0.9 < comments < 200 * 30 * 1.1


def test_cues_bump_the_audience_and_the_bump_decays():
    quiet = AudienceSimulator(seed=5)
    stirred = AudienceSimulator(seed=5)
    stirred.on_cue("coupon")
    a = sum(isinstance(e, CommentEvent) for e in run(quiet, "explanation", 30))
    b = sum(isinstance(e, CommentEvent) for e in run(stirred, "explanation", 30))
    assert b > 1.5 * a
    later_quiet = sum(isinstance(e, CommentEvent) for e in run(quiet, "explanation", 60, start=300))
    run(stirred, "explanation", 270, start=30)
    later_stirred = sum(isinstance(e, CommentEvent) for e in run(stirred, "explanation", 60, start=300))
    assert later_stirred < 1.3 * later_quiet + 10


def test_viewers_drift_towards_the_module_target():
    simulator = AudienceSimulator(seed=9, rates=SimulatorRates(base_online=1000))
    events = run(simulator, "interaction", 600)
    online = [e.online for e in events if isinstance(e, ViewersEvent)]
    assert online[0] < 700 and 1050 < sum(online[-60:]) / 60 < 1350
    events = run(simulator, "closing", 600, start=600)
    online = [e.online for e in events if isinstance(e, ViewersEvent)]
    assert sum(online[-60:]) / 60 < 650
