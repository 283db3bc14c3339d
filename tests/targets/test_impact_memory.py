"""A live show's impact tracker lets go of the comments no open incident can ask about (the soak's 4 million
comment instants were 128 MB), and every impact it can still be asked for is the same as with all of them."""

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


def test_without_open_incidents_only_the_last_minutes_are_kept_and_a_new_incident_sees_them(monkeypatch):
    monkeypatch.setattr(impact_module, "FORGET_BATCH", 1_000)
    open_since: list[float] = []
    live = ShowTargets(show_start=lambda: START, oldest_open=lambda: min(open_since, default=None))
    everything = ImpactTracker(START)
    for t in range(1_200):  # 20 minutes
        batch = _second(t)
        live.on_accepted(batch)
        everything.add(batch)
        if t == 600:
            open_since.append(START + 600)  # an incident opens at 10 min and stays open
    kept = len(live._impact._comments)
    assert kept <= (1_200 - 240) * RATE, "the comments before the open incident's window (and a minute) went"
    assert kept >= (1_200 - 600 + 300) * RATE, "its window and everything since are kept"
    now = START + 1_199.5
    assert live.impact(START + 600, now) == everything.impact(START + 600, now)
    assert live.impact(START + 1_150, now) == everything.impact(START + 1_150, now)  # one opening now


def test_with_no_incident_the_tracker_stays_bounded(monkeypatch):
    monkeypatch.setattr(impact_module, "FORGET_BATCH", 1_000)
    live = ShowTargets(show_start=lambda: START, oldest_open=lambda: None)
    for t in range(1_800):
        live.on_accepted(_second(t))
    assert len(live._impact._comments) <= (300 + 60) * RATE + 1_000 + RATE
