"""A proposal nobody answered before the console died is open again when the show resumes, with its own
expiry; the rule keeps resting for its cooldown (it does not fire again at once on the same collapse)."""

from __future__ import annotations

from console import recovery as rec
from console.recording import Recorder
from console.rules.session import SessionRules
from console.session import ShowSession
from tests.harness.common import WallClock
from tests.rules.helpers import script
from tests.rules.test_replay_rules import UNIX_START, rule_events, run_show


def test_an_unanswered_proposal_survives_a_crash_and_can_be_accepted_after_the_resume(db_engine, tmp_path):
    session, recorder = run_show(db_engine, tmp_path, collapse=True, mode="propose", seconds=300)
    (first,) = session.rules.engine.proposals
    show_id = session.show_id
    # Replay the same show to the moment just after the proposal was raised, then "crash" (nothing closed).
    session.close(300.0)
    recorder.close()
    session, recorder = run_show(db_engine, tmp_path, collapse=True, mode="propose",
                                 seconds=int(first.raised_at - UNIX_START) + 2)
    (raised,) = session.rules.open_proposals()
    show_id = session.show_id
    session.runtime.wait_idle(5)
    recorder.flush()
    recorder.close()

    recovery = rec.load_recovery(db_engine, show_id)
    assert [row["event"] for row in recovery.rule_events] == ["proposed"]
    recorder = Recorder(db_engine)
    shown = []
    rules = SessionRules(script("propose").rules)
    rules.proposal_raised.connect(shown.append)
    resumed = ShowSession.from_recovery(recovery, recorder=recorder, clock=WallClock(UNIX_START), rules=rules)
    try:
        resume_at = raised.raised_at - UNIX_START + 5.0
        resumed.resume(resume_at)
        (again,) = resumed.rules.open_proposals()
        assert (again.id, again.rule.id, again.value, again.raised_at, again.expires_at, again.module_id) == (
            raised.id, raised.rule.id, raised.value, raised.raised_at, raised.expires_at, raised.module_id)
        assert shown == [again]  # the banner hears of it as of a new one
        resumed.tick(resume_at)
        assert resumed.rules.open_proposals() == [again], "it keeps its expiry; the rule rests (cooldown)"
        resumed.rules.accept(again.id, resume_at + 1.0)
        resumed.tick(resume_at + 1.0)
        recorder.flush()
        events = [(row["event"], row["proposal"]) for row in rule_events(db_engine, show_id)]
        assert events == [("proposed", raised.id), ("accepted", raised.id)]
        assert resumed.runtime.run_of_show.current_module.type == "interaction"  # the accepted jump happened
    finally:
        resumed.close(resume_at + 2.0)
        recorder.close()


def test_restore_skips_answered_proposals_and_rules_the_show_no_longer_has():
    from console.rules.engine import RuleEngine

    engine = RuleEngine(script("propose").rules)
    rows = [
        {"ts": 100.0, "rule_id": "rescue-viewers", "proposal": 1, "event": "proposed", "value": 40.0, "module_id": "explain"},
        {"ts": 120.0, "rule_id": "rescue-viewers", "proposal": 1, "event": "dismissed", "value": 40.0, "module_id": "explain"},
        {"ts": 130.0, "rule_id": "gone-rule", "proposal": 2, "event": "proposed", "value": 1.0, "module_id": "explain"},
    ]
    assert engine.restore(rows) == []
    assert engine._rest_until == {"rescue-viewers": 100.0 + 300.0}
    assert next(engine._ids) == 3  # new proposals never reuse a recorded id
