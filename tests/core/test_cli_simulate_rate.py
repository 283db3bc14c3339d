"""``liveroom run --simulate-rate COMMENTS_PER_S`` (an extension of CONTRACTS §1, docs/soak.md)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from console.cli import main
from db import schema
from db.engine import open_database
from tests.show.conftest import FIXTURE


def test_a_rate_that_is_not_positive_is_one_line_and_exit_1(tmp_liveroom_home, capsys):
    assert main(["run", str(FIXTURE), "--headless", "--no-obs", "--simulate-rate", "0"]) == 1
    err = capsys.readouterr().err
    assert err == "liveroom: --simulate-rate must be positive\n"


def test_the_rate_implies_the_simulator_and_every_event_it_made_is_counted_and_recorded(tmp_liveroom_home, tmp_path,
                                                                                       capsys):
    db = f"sqlite:///{tmp_path / 'rate.sqlite'}"
    assert main(["run", str(FIXTURE), "--headless", "--no-obs", "--rehearsal", "--speed", "200",
                 "--simulate-rate", "50", "--db", db, "--intake", "127.0.0.1:0"]) == 0
    out = capsys.readouterr().out
    match = re.search(r"audience: (\d+) of (\d+) replayed/simulated events recorded \(0 failed batches\)", out)
    assert match and match.group(1) == match.group(2), out
    engine = open_database(db)
    try:
        with engine.connect() as connection:
            comments = connection.execute(select(func.count()).select_from(schema.audience_events)
                                          .where(schema.audience_events.c.kind == "comment")).scalar_one()
            events = connection.execute(select(func.count()).select_from(schema.audience_events)).scalar_one()
    finally:
        engine.dispose()
    assert events == int(match.group(1))
    # 3.5 minutes of show at a base of 50 comments/s (the module profiles scale it between 0.3 and 3).
    assert 0.3 * 50 * 210 < comments < 3 * 50 * 210 * 2
