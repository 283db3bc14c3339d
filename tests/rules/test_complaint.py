"""The complaint sentinel: a 5 % complaint burst fires the complaint-wave playbook, a single complaint does
not; the playbook's follow-ups are recorded open, listed by the review and closed by name."""

from __future__ import annotations

import types

from console.audience.events import CommentEvent
from console.contingency.loader import load_playbook_file
from console.contingency.session import SessionPlaybooks
from console.paths import resource
from console.recording import Recorder
from console.rules.complaint import ComplaintRate, complaint_matcher
from console.rules.follow_ups import complete_follow_up, follow_ups, format_follow_ups

T0 = 1_800_000_000.0
COMPLAINTS = ["你们卖的是假货吧", "我要退款！", "质量太差了", "骗子直播间", "用了过敏烂脸", "已经投诉12315了"]


def comments(count: int, complaints: int, start: float = T0, spread_s: float = 50.0):
    """``count`` comments spread over ``spread_s`` seconds, ``complaints`` of them complaints (spread evenly)."""
    every = count // complaints if complaints else count + 1
    batch = []
    for index in range(count):
        complaint = complaints and index % every == 0 and index // every < complaints
        text = COMPLAINTS[(index // every) % len(COMPLAINTS)] if complaint else "主播今天的口红色号好好看"
        batch.append((CommentEvent(start + index * spread_s / count, user=f"u{index}", text=text), "m1", ()))
    return batch


def detector(**params):
    defaults = {"share": 0.05, "window": 60.0, "min_complaints": 3.0}
    return ComplaintRate({**defaults, **params}, 0.0)


def test_the_lexicon_covers_the_four_complaint_categories():
    matcher = complaint_matcher()
    assert {hit.category for text in COMPLAINTS for hit in matcher.find(text)} == {
        "fake_goods", "refund", "quality", "cheated"}
    assert matcher.find("这个颜色好看吗") == []
    assert matcher.find("假 货") and matcher.find("退　款")  # the compliance matcher's normalisation


def test_a_five_percent_burst_fires():
    sentinel = detector()
    sentinel.on_all_comments(comments(200, 10), T0 + 50)
    condition = sentinel.condition(T0 + 55)
    assert condition.active and "10/200" in condition.detail


def test_just_under_five_percent_does_not_fire():
    sentinel = detector()
    sentinel.on_all_comments(comments(200, 9), T0 + 50)
    assert not sentinel.condition(T0 + 55).active


def test_a_single_complaint_does_not_fire_even_among_few_comments():
    sentinel = detector()
    sentinel.on_all_comments(comments(4, 1), T0 + 50)  # 25 % of the comments, but one viewer
    assert not sentinel.condition(T0 + 55).active


def test_the_burst_leaves_the_window():
    sentinel = detector()
    sentinel.on_all_comments(comments(200, 10), T0 + 50)
    sentinel.on_all_comments(comments(200, 0, start=T0 + 120), T0 + 170)
    assert not sentinel.condition(T0 + 175).active


def test_the_complaint_playbook_fires_on_a_burst_and_opens_two_follow_ups(db_engine):
    playbook, diagnostics = load_playbook_file(resource("playbooks", "complaint_wave.yaml"))
    assert playbook is not None and diagnostics == []
    facade = SessionPlaybooks([playbook])
    recorder = Recorder(db_engine)
    session = types.SimpleNamespace(recorder=recorder, show_id="show-1", _module_at=lambda ts: "m1", obs=None,
                                    live_stream=False, speed=1.0,
                                    script=types.SimpleNamespace(show=types.SimpleNamespace(scenes={})))
    try:
        facade.show_started(session, 0.0)
        single = comments(30, 1)
        facade.audience(session, [event for event, _, _ in single], single)
        facade.tick(session, 1.0, T0 + 50)
        assert facade.runner.incidents == []
        burst = comments(200, 10, start=T0 + 60)
        facade.audience(session, [event for event, _, _ in burst], burst)
        facade.tick(session, 2.0, T0 + 110)
        [incident] = facade.runner.incidents
        assert incident.playbook.id == "complaint-wave"
        facade.tick(session, 3.0, T0 + 111)
        recorder.flush()
        items = follow_ups(db_engine, "show-1")
        assert [(item.text[:4], item.due_at - item.created_at) for item in items] == [
            ("回访投诉", 48 * 3600.0), ("复盘投诉", 72 * 3600.0)]
        assert all(not item.done for item in items)
        lines = format_follow_ups(items, T0 + 49 * 3600)
        assert "OVERDUE" in lines[0] and "[open]" in lines[1]
        done = complete_follow_up(db_engine, "show-1", items[0].id, "小王", T0 + 3600)
        assert done.done_by == "小王"
        assert [item.text[:4] for item in follow_ups(db_engine, "show-1", open_only=True)] == ["复盘投诉"]
        try:
            complete_follow_up(db_engine, "show-1", items[0].id, "小王", T0 + 3700)
        except ValueError as exc:
            assert "already done" in str(exc)
        else:
            raise AssertionError("a follow-up is done once")
    finally:
        recorder.close()
