"""source_stale and source_down, their default playbooks, and viewers_drop ignoring a source gap.

The detectors are fed source reports and instants (no clock read); the end-to-end test runs a real
oba source against a local server that stops and comes back, through a show with its playbooks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from console.contingency.detectors import DetectorBank
from console.contingency.loader import load_playbook_file
from console.contingency.session import SessionPlaybooks
from console.contingency.source_detectors import feed_sources, mask_viewers_gaps
from console.paths import resource
from console.recording import Recorder
from console.session import ShowSession
from console.sources.base import Backoff
from console.sources.show_sources import SourceGaps, SourceReport
from console.sources.spec import SourceSpec
from db import schema
from tests.harness.common import WallClock
from tests.show.conftest import three_modules
from tests.sources.conftest import wait_until
from tests.sources.oba_server import FakeObaServer

PLAYBOOKS = Path(resource("playbooks"))


def playbook(name: str):
    loaded, diagnostics = load_playbook_file(PLAYBOOKS / f"{name}.yaml")
    assert loaded is not None and not [d for d in diagnostics if d.severity == "error"], diagnostics
    return loaded


def report(state: str, events: int = 0, reason: str = "") -> SourceReport:
    return SourceReport("oba", "ws://127.0.0.1:12354", state, reason, 0.0, events, 0.0)


def test_source_down_fires_after_its_debounce_and_clears_when_the_feed_is_back():
    bank = DetectorBank([playbook("source_down")])
    feed_sources(bank, [report("live")], 100.0)
    assert bank.evaluate(100.0) == []
    feed_sources(bank, [report("backoff", reason="connection refused")], 101.0)
    assert bank.evaluate(101.0) == []
    assert bank.evaluate(110.9) == [], "within the playbook's for: 10s"
    [fired] = bank.evaluate(111.0)
    assert fired.kind == "fired" and "backoff" in fired.detail and "connection refused" in fired.detail
    feed_sources(bank, [report("live")], 120.0)
    [cleared] = bank.evaluate(120.0)
    assert cleared.kind == "cleared"


@pytest.mark.parametrize("state", ["rate_limited", "auth_expired", "failed"])
def test_every_state_that_delivers_nothing_is_down(state):
    bank = DetectorBank([playbook("source_down")])
    feed_sources(bank, [report(state)], 0.0)
    bank.evaluate(0.0)
    assert [t.kind for t in bank.evaluate(10.0)] == ["fired"]


def test_connecting_and_ended_are_not_down():
    bank = DetectorBank([playbook("source_down")])
    feed_sources(bank, [report("connecting"), report("ended")], 0.0)
    assert bank.evaluate(0.0) == [] and bank.evaluate(100.0) == []


def test_source_stale_fires_when_a_live_source_says_nothing_for_its_after():
    bank = DetectorBank([playbook("source_stale")])
    for second in range(0, 50, 5):  # events keep arriving: never stale
        feed_sources(bank, [report("live", events=second)], float(second))
        assert bank.evaluate(float(second)) == []
    feed_sources(bank, [report("live", events=45)], 104.0)
    assert bank.evaluate(104.0) == [], "59 s of silence"
    feed_sources(bank, [report("live", events=45)], 105.0)
    [fired] = bank.evaluate(105.0)
    assert fired.kind == "fired" and "no event for 60 s" in fired.detail
    feed_sources(bank, [report("live", events=46)], 106.0)
    assert [t.kind for t in bank.evaluate(106.0)] == ["cleared"]


def test_the_sources_own_stale_state_is_stale_and_an_outage_is_not_silence():
    bank = DetectorBank([playbook("source_stale")])
    feed_sources(bank, [report("stale", events=3, reason="no message for 30 s")], 0.0)
    [fired] = bank.evaluate(0.0)
    assert "no message for 30 s" in fired.detail
    feed_sources(bank, [report("backoff", events=3)], 10.0)
    assert [t.kind for t in bank.evaluate(10.0)] == ["cleared"]
    feed_sources(bank, [report("live", events=3)], 500.0)  # back after a long outage: silence counts from here
    assert bank.evaluate(500.0) == []


def _viewers_bank():
    bank = DetectorBank([playbook("viewers_drop")])  # 30 % within 60 s
    return bank


def test_viewers_drop_fires_on_a_real_fall_without_a_gap():
    bank = _viewers_bank()
    bank.on_viewers(1000, 100.0)
    bank.on_viewers(400, 130.0)
    mask_viewers_gaps(bank, SourceGaps(), 130.0)
    assert [t.kind for t in bank.evaluate(130.0)] == ["fired"]


def test_viewers_drop_ignores_a_fall_across_a_source_gap():
    gaps = SourceGaps()
    bank = _viewers_bank()
    bank.on_viewers(1000, 100.0)
    gaps.record(105.0, 125.0)
    bank.on_viewers(400, 130.0)
    mask_viewers_gaps(bank, gaps, 130.0)
    assert bank.evaluate(130.0) == []
    bank.on_viewers(380, 140.0)  # after the gap, on its own terms: 400 → 380 is no collapse
    mask_viewers_gaps(bank, gaps, 140.0)
    assert bank.evaluate(140.0) == []
    bank.on_viewers(200, 150.0)  # a real fall after the gap still fires
    mask_viewers_gaps(bank, gaps, 150.0)
    assert [t.kind for t in bank.evaluate(150.0)] == ["fired"]


def test_viewers_drop_says_nothing_during_an_outage_in_progress():
    gaps = SourceGaps()
    bank = _viewers_bank()
    bank.on_viewers(1000, 100.0)
    gaps.opened("oba:ws://x", 110.0)
    bank.on_viewers(300, 115.0)  # a last, late count from another feed while the source is out
    mask_viewers_gaps(bank, gaps, 120.0)
    assert bank.evaluate(120.0) == []


def test_a_source_outage_opens_source_down_records_a_gap_and_clears(db_engine):
    """Real parts: the session, its default playbooks, an oba source and a local server on one port."""
    wall = WallClock(1_800_000_000.0)
    recorder = Recorder(db_engine)
    server = FakeObaServer().start()
    playbooks, _diagnostics = SessionPlaybooks.load_default()
    session = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall,
                          playbooks=playbooks, sources=[SourceSpec("oba", server.url)])
    session.sources._options = {"backoff": Backoff(0.02, 0.1, jitter=0.1)}
    try:
        session.start_sources()
        session.start(0.0)
        wait_until(lambda: [r.state for r in session.source_health()] == ["live"], what="live")
        session.tick(1.0)
        server.stop()
        wait_until(lambda: [r.state for r in session.source_health()] == ["backoff"], what="backoff")
        session.tick(2.0)
        assert not [i for i in playbooks.runner.open_incidents() if i.playbook.id == "source-down"]
        session.tick(13.0)  # 11 show seconds later: past the playbook's for: 10s
        assert len([i for i in playbooks.runner.open_incidents() if i.playbook.id == "source-down"]) == 1
        assert session.sources.gaps.in_gap(session.runtime.unix_at(13.0)), "an outage in progress is a gap"

        server.start()  # the same port: oba's operator starts listening again
        wait_until(lambda: [r.state for r in session.source_health()] == ["live"], what="live again")
        session.tick(14.0)
        assert not [i for i in playbooks.runner.open_incidents() if i.playbook.id == "source-down"], \
            "resolve: auto — the feed is back"
        assert session.source_health()[0].events == 1, "the gap marker went into the show"
    finally:
        session.close(20.0)
        server.stop()
    with db_engine.connect() as connection:
        gaps = connection.execute(select(schema.audience_events.c.data).where(
            schema.audience_events.c.show_id == session.show_id,
            schema.audience_events.c.kind == "source_gap")).scalars().all()
        incidents = connection.execute(select(schema.incidents.c.playbook_id).where(
            schema.incidents.c.show_id == session.show_id)).scalars().all()
    [gap] = gaps
    assert gap["source"] == f"oba:{server.url}" and gap["to"] >= gap["from"]
    assert "source-down" in incidents
    recorder.close()
