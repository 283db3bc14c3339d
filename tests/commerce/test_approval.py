"""The sign-off gate (issue 16 point 6): refusal, acceptance after `liveroom approve`, voiding by an edit."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from console.commerce.approval import live_refusal, regulated_hits
from console.show.loader import load_script
from db import schema
from db.engine import open_database
from tests.commerce.fixtures_script import COMMERCE_SCRIPT

MEDICAL = COMMERCE_SCRIPT.replace("这款精华液保质期三年，温和不刺激。", "这款精华液保质期三年，可以治疗湿疹。")


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console.cli", *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_live_is_refused_until_approved_and_an_edit_voids_the_approval(tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    db = f"sqlite:///{tmp_path / 'approvals.sqlite'}"
    path = tmp_path / "medical.yaml"
    path.write_text(MEDICAL, encoding="utf-8")
    script = load_script(path).script
    assert script is not None
    assert [(h.term, h.category) for h in regulated_hits(script)] == [("治疗", "medical")]

    # Refused: one line, exit 1, before any OBS is contacted (an unreachable OBS URL is never tried).
    refused = _cli("run", str(path), "--headless", "--live", "--db", db, "--obs-url", "ws://127.0.0.1:9",
                   "--intake", "127.0.0.1:0", env=env)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert "cannot run --live" in lines[0] and "'治疗'" in lines[0] and "no approval" in lines[0]
    assert "OBS" not in lines[0]

    approved = _cli("approve", str(path), "--by", "法务 王律师", "--db", db, env=env)
    assert approved.returncode == 0, approved.stderr
    assert "法务 王律师" in approved.stdout and "治疗" in approved.stdout
    engine = open_database(db)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(schema.script_approvals.c.approved_by,
                                             schema.script_approvals.c.sha256)).all()
        import hashlib

        assert rows == [("法务 王律师", hashlib.sha256(MEDICAL.encode("utf-8")).hexdigest())]
        assert live_refusal(engine, load_script(path).script) is None  # accepted

        # Editing the script voids it, even an edit that keeps the wording.
        path.write_text(MEDICAL.replace("坚果礼盒今天秒杀。", "坚果礼盒今天限时秒杀。"), encoding="utf-8")
        refusal = live_refusal(engine, load_script(path).script)
        assert refusal is not None and "voided by an edit" in refusal
    finally:
        engine.dispose()
    again = _cli("run", str(path), "--headless", "--live", "--db", db, "--obs-url", "ws://127.0.0.1:9",
                 "--intake", "127.0.0.1:0", env=env)
    assert again.returncode == 1 and "voided by an edit" in again.stderr


def test_rehearsals_and_clean_scripts_are_always_allowed(tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    db = f"sqlite:///{tmp_path / 'approvals.sqlite'}"
    path = tmp_path / "medical.yaml"
    # A short show: one module of 10 s, at 100× speed.
    short = MEDICAL.split("  - id: snacks")[0].replace("duration: 5m", "duration: 10s").replace(
        "- {at: 3m, do: link_up, sku: A-1}", "- {at: 5s, do: link_up, sku: A-1}").replace(
        "{at: 10s, do: explain, sku: A-1, every: 8s, until: 2m}", "{at: 1s, do: explain, sku: A-1}")
    path.write_text(short, encoding="utf-8")
    rehearsal = _cli("run", str(path), "--headless", "--live", "--no-obs", "--speed", "100", "--db", db,
                     "--intake", "127.0.0.1:0", env=env)
    assert rehearsal.returncode == 0, rehearsal.stderr
    clean = tmp_path / "clean.yaml"
    clean.write_text(COMMERCE_SCRIPT, encoding="utf-8")
    engine = open_database(db)
    try:
        assert live_refusal(engine, load_script(clean).script) is None
    finally:
        engine.dispose()
