"""The rooms wall shows a room whose operator has a proposal to answer: the count and the newest one's line,
through the heartbeat (console.wall) to the window's column and tooltip."""

from __future__ import annotations

from console import wall
from tests.rules.test_replay_rules import UNIX_START, run_show


def test_a_waiting_proposal_reaches_the_wall_and_goes_when_answered(db_engine, tmp_path):
    session, recorder = run_show(db_engine, tmp_path, collapse=True, mode="propose", seconds=300)
    (first,) = session.rules.engine.proposals
    session.close(300.0)
    recorder.close()
    at = int(first.raised_at - UNIX_START) + 2
    session, recorder = run_show(db_engine, tmp_path, collapse=True, mode="propose", seconds=at)
    try:
        (waiting,) = session.rules.open_proposals()
        assert wall.live_extras(session)["proposals"] == {"open": 1, "latest": waiting.reason()}
        for second in range(at + 1, at + 7):  # a heartbeat (every 5 s) carries it
            session.tick(float(second))
        recorder.flush()
        (row,) = [r for r in wall.rooms(db_engine, now=UNIX_START + at + 7) if r.show_id == session.show_id]
        assert (row.proposals, row.proposal) == (1, waiting.reason())
        assert wall.format_table([row]).splitlines()[1].rstrip().endswith("  1")
        session.rules.dismiss(waiting.id, float(at + 7))
        for second in range(at + 8, at + 14):
            session.tick(float(second))
        recorder.flush()
        (row,) = [r for r in wall.rooms(db_engine, now=UNIX_START + at + 14) if r.show_id == session.show_id]
        assert (row.proposals, row.proposal) == (0, None)
    finally:
        session.close(float(at + 14))
        recorder.close()


def test_the_wall_window_has_a_proposals_column_with_the_line_in_its_tooltip(qapp):
    import dataclasses

    from PySide6.QtCore import Qt

    from ui.panels.rooms_table import COLUMNS, RoomsModel

    fields = {f.name: None for f in dataclasses.fields(wall.RoomRow) if f.default is dataclasses.MISSING}
    fields.update(show_id="s", room="一号间", title="专场", kind="live", status="running", health="live", speed=1.0,
                  started_at=0.0, obs="ok", incidents=0, beat_wall=0.0, beat_age_s=1.0)
    row = wall.RoomRow(**fields, proposals=2, proposal="online drop: 42% → jump to interaction")
    model = RoomsModel()
    model.set_rooms([row])
    index = model.index(0, COLUMNS.index("proposals"))
    assert model.data(index) == "2"
    assert "online drop: 42% → jump to interaction" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    quiet = dataclasses.replace(row, proposals=0, proposal=None)
    model.set_rooms([quiet])
    assert model.data(model.index(0, COLUMNS.index("proposals"))) == "—"
