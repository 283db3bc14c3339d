"""Audience faults end to end: a replay with a viewer collapse and a banned comment,
run headless, opens the viewers-drop and banned-word incidents (and only one each)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from db import schema
from db.engine import open_database

SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"


def _replay(path: Path) -> Path:
    lines = []
    start = 1_800_000_000.0
    for second in range(0, 200, 5):
        # 1,000 online for a minute and a half, then half of them leave within 20 s.
        online = 1000 if second < 90 else max(450, 1000 - (second - 85) * 30)
        lines.append({"ts": start + second, "kind": "viewers", "online": online, "entered": 5})
    lines.append({"ts": start + 40, "kind": "comment", "user": "u1", "text": "想要的加 微 信"})
    lines.append({"ts": start + 45, "kind": "comment", "user": "u2", "text": "加V私聊"})
    lines.append({"ts": start + 50, "kind": "comment", "user": "u3", "text": "好看"})
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return path


def test_viewer_collapse_and_banned_comments_open_one_incident_each(tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    db = f"sqlite:///{tmp_path / 'run.sqlite'}"
    run = subprocess.run([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--no-obs",
                          "--speed", "40", "--replay", str(_replay(tmp_path / "collapse.jsonl")), "--db", db,
                          "--intake", "127.0.0.1:0"], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    engine = open_database(db)
    with engine.connect() as connection:
        incidents = connection.execute(select(schema.incidents.c.playbook_id, schema.incidents.c.module_id,
                                              schema.incidents.c.id)).all()
        entries = connection.execute(select(schema.incident_entries.c.incident_id, schema.incident_entries.c.kind,
                                            schema.incident_entries.c.text)).all()
    engine.dispose()
    by_playbook: dict[str, list] = {}
    for incident in incidents:
        by_playbook.setdefault(incident.playbook_id, []).append(incident)
    assert len(by_playbook.get("viewers-drop", [])) == 1, incidents
    assert len(by_playbook.get("banned-word", [])) == 1, incidents
    # The second banned comment arrived while the incident was open: logged on it, no new incident.
    banned = by_playbook["banned-word"][0]
    assert banned.module_id == "opening"
    assert any(e.incident_id == banned.id and e.kind == "trigger" for e in entries)
    drop = by_playbook["viewers-drop"][0]
    assert drop.module_id in ("product", "closing"), (drop, incidents)
