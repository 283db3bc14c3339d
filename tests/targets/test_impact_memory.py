"""A live show's impact tracker keeps a few minutes of comment instants and counts per second before them
(the soak's 4 million comment instants were 128 MB): a new incident is measured exactly, an old one to the
second at its old edges; a headless show's incident that nobody resolves holds nothing back."""

from __future__ import annotations

from console.audience.events import CommentEvent, OrderEvent, ViewersEvent
from console.targets import impact as impact_module
from console.targets.impact import ImpactTracker
from console.targets.live import ShowTargets

START = 1_800_000_000.0
RATE = 50  # comments a second


def _second(t: int) -> list:
    events = [CommentEvent(START + t + i / RATE, f"u{i}", "好") for i in range(RATE)]
    if t % 5 == 0:
        events.append(ViewersEvent(START + t, 1000 - t // 10, 3))
    if t % 7 == 0:
        events.append(OrderEvent(START + t + 0.5, f"o{t}", "A-1", 1, 99.0))
    return events


def _feed(seconds: int) -> tuple[ShowTargets, ImpactTracker]:
    live = ShowTargets(show_start=lambda: START)
    everything = ImpactTracker(START)
    for t in range(seconds):
        batch = _second(t)
        live.on_accepted(batch)
        everything.add(batch)
    return live, everything


def test_the_instants_kept_are_bounded_and_impacts_match_the_full_record(monkeypatch):
    monkeypatch.setattr(impact_module, "FORGET_BATCH", 1_000)
    live, everything = _feed(1_800)  # 30 minutes
    assert len(live._impact._comments) <= (300 + 60) * RATE + 1_000 + RATE
    now = START + 1_799.5
    assert live.impact(START + 1_700, now) == everything.impact(START + 1_700, now)  # opened now: exact
    assert live.impact(START + 600, now) == everything.impact(START + 600, now)  # old, on whole seconds
    old = live.impact(START + 600.5, now)  # old, mid-second: counted to the second at its edges
    exact = everything.impact(START + 600.5, now)
    minutes_before, minutes_during = 5.0, (now - START - 600.5) / 60
    assert abs(old.comments_per_min_before - exact.comments_per_min_before) <= RATE / minutes_before
    assert abs(old.comments_per_min_during - exact.comments_per_min_during) <= RATE / minutes_during
    assert (old.online_delta, old.estimated_loss) == (exact.online_delta, exact.estimated_loss)


def test_a_late_comment_before_the_first_is_counted(monkeypatch):
    monkeypatch.setattr(impact_module, "FORGET_BATCH", 1)
    tracker = ImpactTracker(START - 100)
    tracker.add([CommentEvent(START + 10.2, "a", "x"), CommentEvent(START + 5.7, "b", "y")])
    tracker.add([CommentEvent(START + 1_000 + i, "c", "z") for i in range(3)])
    assert tracker.forget_comments_before(START + 900) == 2
    assert tracker._count_comments(START, START + 950) == 2
    assert tracker._count_comments(START + 6, START + 1_001.5) == 1 + 2
