"""Dual anchors: a module names its own anchor (an expert guest); the show's record keeps it, and the
scorecards and the health diagnosis split the show between its anchors by the modules they presented."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from console import cli
from console.review import queries
from console.show.loader import load_script_text
from db.engine import open_database

FIXTURE = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"
REPLAY = Path(__file__).parents[1] / "audience" / "fixtures" / "show.jsonl"
GUEST = "张医生"


def _script_with_a_guest() -> str:
    text = FIXTURE.read_text(encoding="utf-8")
    return text.replace("    title: 精华液讲解\n", f"    title: 精华液讲解\n    anchor: {GUEST}\n", 1)


def test_a_module_anchor_is_parsed_and_a_bad_one_is_refused_at_its_position():
    result = load_script_text(_script_with_a_guest(), "show.yaml")
    assert result.ok, [str(d) for d in result.diagnostics]
    assert [m.anchor for m in result.script.modules] == [None, GUEST, None]
    bad = load_script_text(_script_with_a_guest().replace(f"anchor: {GUEST}", "anchor: [a, b]"), "show.yaml")
    assert [(d.code, d.position.line) for d in bad.errors] == [("wrong-type", 27)]


def test_the_scorecards_split_a_show_between_its_anchors(tmp_path):
    script = tmp_path / "guest.yaml"
    script.write_text(_script_with_a_guest(), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    run = subprocess.run([sys.executable, "-m", "console.cli", "run", str(script), "--headless", "--no-obs",
                          "--speed", "60", "--replay", str(REPLAY), "--db", url, "--intake", "127.0.0.1:0"],
                         capture_output=True, text=True, timeout=180, env=env)
    assert run.returncode == 0, run.stderr
    engine = open_database(url)
    try:
        review = queries.load_review(engine, queries.resolve_show_id(engine, "latest"))
    finally:
        engine.dispose()
    assert [m.anchor for m in review.planned] == [None, GUEST, None]
    timings = {t.module.module_id: t for t in review.timings()}
    rows = {row.module_id: row for row in review.kpis}
    out, err = io.StringIO(), io.StringIO()
    assert cli._dispatch(cli.build_parser().parse_args(["anchors", "--json", "--db", url]), out, err) == 0, \
        err.getvalue()
    cards = {card["name"]: card for card in json.loads(out.getvalue())}
    assert set(cards) == {"小雅", GUEST}
    # Rehearsal hours (--no-obs runs a rehearsal), split by the modules each presented.
    guest_s = timings["product"].actual_s
    host_s = timings["opening"].actual_s + timings["closing"].actual_s
    assert cards[GUEST]["rehearsal_hours"] == pytest.approx(guest_s / 3600)
    assert cards["小雅"]["rehearsal_hours"] == pytest.approx(host_s / 3600)
    assert cards[GUEST]["rehearsals"] == cards["小雅"]["rehearsals"] == 1
    assert rows["product"].actual_s == pytest.approx(guest_s)
