"""Issue 15 point 7: a viewer collapse during an explanation module makes an ``auto`` rule jump to the next
interaction module within the rule's window plus one second; the same replay without the collapse fires
nothing; nothing fires while a source has a data gap. A real ShowSession, a real recorder and database, the
replay played by the show's own player."""

from __future__ import annotations

from sqlalchemy import select

from console.audience.replay import ReplaySource
from console.recording import Recorder
from console.rules.session import SessionRules
from console.session import ShowSession
from db import schema
from tests.harness.common import WallClock
from tests.rules.helpers import COLLAPSE_AT_S, script, write_replay

UNIX_START = 1_800_000_000.0
WINDOW_S = 60.0


def run_show(db_engine, tmp_path, *, collapse: bool, in_gap=None, seconds: int = 400, mode: str = "auto"):
    """Play the replay through a rehearsal, one tick per show second; the session and its recorder."""
    show_script = script(mode)
    rules = SessionRules(show_script.rules, **({"in_gap": in_gap} if in_gap is not None else {}))
    replay = ReplaySource(write_replay(tmp_path / "audience.jsonl", collapse=collapse))
    recorder = Recorder(db_engine)
    session = ShowSession(show_script, recorder=recorder, kind="rehearsal", clock=WallClock(UNIX_START),
                          replay=replay, rules=rules)
    session.start(0.0)
    for second in range(seconds + 1):
        session.tick(float(second))
        recorder.flush()  # what the player submitted is committed before the next tick publishes it
    return session, recorder


def module_starts(session) -> list[tuple[str, float]]:
    return [(entry.module_id, entry.start) for entry in session.runtime.run_of_show.timeline]


def rule_events(db_engine, show_id):
    with db_engine.connect() as connection:
        return connection.execute(select(schema.rule_events).where(schema.rule_events.c.show_id == show_id)
                                  .order_by(schema.rule_events.c.id)).mappings().all()


def test_collapse_during_explanation_jumps_to_the_next_interaction_module(db_engine, tmp_path):
    session, recorder = run_show(db_engine, tmp_path, collapse=True)
    try:
        starts = module_starts(session)
        assert [module for module, _ in starts][:3] == ["opening", "explain", "game"], starts
        jumped_at = dict(starts)["game"]
        assert COLLAPSE_AT_S <= jumped_at <= COLLAPSE_AT_S + WINDOW_S + 1.0
        session.close(float(400))
        events = rule_events(db_engine, session.show_id)
        assert [(e["rule_id"], e["event"], e["mode"], e["who"]) for e in events] == [
            ("rescue-viewers", "applied", "auto", "rule:rescue-viewers")]
        assert events[0]["metric"] == "online_drop_pct" and events[0]["value"] > 30
        assert events[0]["module_id"] == "explain"
        assert events[0]["action"] == {"action": "jump_to_type", "type": "interaction"}
        with db_engine.connect() as connection:
            commands = connection.execute(select(schema.operator_commands.c.command, schema.operator_commands.c.who)
                                          .where(schema.operator_commands.c.show_id == session.show_id)).all()
        assert ("jump", "rule:rescue-viewers") in [tuple(row) for row in commands]
    finally:
        session.close(float(400))
        recorder.close()


def test_the_same_replay_without_the_collapse_fires_nothing(db_engine, tmp_path):
    session, recorder = run_show(db_engine, tmp_path, collapse=False)
    try:
        assert [module for module, _ in module_starts(session)] == ["opening", "explain"]
        session.close(float(400))
        assert rule_events(db_engine, session.show_id) == []
    finally:
        session.close(float(400))
        recorder.close()


def test_no_rule_fires_while_a_source_has_a_data_gap(db_engine, tmp_path):
    gap = (UNIX_START + COLLAPSE_AT_S - 20, UNIX_START + 400)
    session, recorder = run_show(db_engine, tmp_path, collapse=True, in_gap=lambda ts: gap[0] <= ts <= gap[1])
    try:
        assert [module for module, _ in module_starts(session)] == ["opening", "explain"]
        session.close(float(400))
        assert rule_events(db_engine, session.show_id) == []
    finally:
        session.close(float(400))
        recorder.close()


def test_a_propose_rule_raises_a_proposal_that_expires_unanswered(db_engine, tmp_path):
    session, recorder = run_show(db_engine, tmp_path, collapse=True, mode="propose", seconds=300)
    try:
        assert [module for module, _ in module_starts(session)] == ["opening", "explain"]  # nothing applied
        proposals = session.rules.engine.proposals
        assert len(proposals) == 1 and proposals[0].outcome == "expired"
        assert COLLAPSE_AT_S <= proposals[0].raised_at - UNIX_START <= COLLAPSE_AT_S + WINDOW_S + 1.0
        session.close(float(300))
        assert [e["event"] for e in rule_events(db_engine, session.show_id)] == ["proposed", "expired"]
    finally:
        session.close(float(300))
        recorder.close()
