"""A show's summary is written when it closes (headless here; the window does it on a worker), under the
anchor the operator named at the start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from console.anchors import summary
from console.review import queries
from db.engine import open_database

TESTS = Path(__file__).parents[1]


def test_a_headless_run_leaves_its_summary_equal_to_its_review(tmp_path):
    url = f"sqlite:///{tmp_path / 'run.sqlite'}"
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    run = subprocess.run([sys.executable, "-m", "console.cli", "run", str(TESTS / "show" / "fixtures" / "three_modules.yaml"),
                          "--headless", "--no-obs", "--speed", "60", "--replay",
                          str(TESTS / "audience" / "fixtures" / "show.jsonl"), "--db", url, "--intake", "127.0.0.1:0",
                          "--anchor", "阿杰"],
                         capture_output=True, text=True, timeout=90, env=env)
    assert run.returncode == 0, run.stderr
    engine = open_database(url)
    try:
        assert summary.missing_summaries(engine) == []  # written at close, not by a period view
        (stored,) = summary.load_totals(engine)
        review = queries.load_review(engine, stored.show_id)
        total = review.kpis[-1]
        assert (stored.entries, stored.orders, stored.comments, stored.gmv) == (
            total.entries, total.orders, total.comments, total.gmv)
        assert stored.entries > 0 and stored.comments > 0  # (the replay outlasts the show at this speed)
        assert stored.anchor == review.show.anchor == "阿杰"  # named at the start, over the script's 小雅
        assert stored.kind == review.show.kind
    finally:
        engine.dispose()
