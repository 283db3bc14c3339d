"""A real `liveroom run --headless` is killed with SIGKILL mid-show against the real OBS, and a new
process resumes it: same module, elapsed from the record, open incident still open with its
deadlines, OBS's state read afresh, and every audience event the intake acknowledged still there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from itertools import pairwise

import pytest
from sqlalchemy import select

from console.recovery import find_interrupted
from db import schema
from db.engine import open_database
from tests.harness import obs as harness
from tests.harness.common import LineReader, free_port, post_events, stop_process

pytestmark = [pytest.mark.obs, pytest.mark.keyring]

SPEED = 10.0
SCRIPT = """\
version: 1
show:
  title: 断电恢复测试
  scenes: {wide: 机位A 全景, closeup: 机位B 特写, product: 机位C 产品台, standby: 稍后回来}
modules:
  - id: opening
    type: opening
    title: 开场
    duration: 60s
    scene: wide
    cues:
      - {at: 20s, do: show_text, source: 字幕条, text: 欢迎}
  - id: product
    type: explanation
    title: 讲解
    duration: 4m
    scene: product
    cues:
      - {at: 10s, do: note, text: 讲库存}
      - {at: 1m30s, do: show_text, source: 字幕条, text: 限时优惠}
      - {at: 3m, do: show_text, source: 字幕条, text: 最后一分钟}
  - id: closing
    type: closing
    title: 收尾
    duration: 30s
    scene: wide
"""


def _run(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "console.cli", "run", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_a_killed_headless_show_resumes_where_it_was(obs_sandbox, keyring_backend, tmp_path):
    from console.secrets import set_obs_password

    set_obs_password(obs_sandbox.url, obs_sandbox.password)
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"), LIVEROOM_ROOM="room-7")
    script = tmp_path / "crash.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    token = subprocess.run([sys.executable, "-m", "console.cli", "ingest", "token"], capture_output=True, text=True,
                           timeout=30, env=env).stdout.strip()
    assert token
    db = f"sqlite:///{tmp_path / 'show.sqlite'}"
    port = free_port()
    common = [str(script), "--headless", "--speed", str(SPEED), "--obs-url", obs_sandbox.url, "--db", db,
              "--intake", f"127.0.0.1:{port}"]
    acknowledged: list[str] = []
    first = _run(common, env)
    resumed = None
    try:
        out, err1 = LineReader(first), LineReader(first, "stderr")
        out.wait_for("▶ opening", 30)
        # A banned comment opens the banned-word incident (manual resolve: it stays open).
        sent = [{"ts": time.time(), "kind": "comment", "user": "u-ban", "text": "加微信买更便宜"}]
        assert post_events(port, token, sent) == 1
        acknowledged.append("u-ban")
        out.wait_for("▶ product", 20)
        for n in range(5):
            batch = [{"ts": time.time(), "kind": "comment", "user": f"u{n}", "text": "好看"}]
            assert post_events(port, token, batch) == 1
            acknowledged.append(f"u{n}")
        engine = open_database(db)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                with engine.connect() as connection:
                    incident = connection.execute(select(schema.incidents)).first()
                if incident is not None:
                    break
                time.sleep(0.2)
            assert incident is not None and incident.playbook_id == "banned-word"
            # Let a heartbeat with the module go out, then kill it hard.
            time.sleep(0.5)
            first.send_signal(signal.SIGKILL)
            first.wait(10)
            killed_wall = time.time()
            out.join()
            err1.join()
            assert first.returncode == -signal.SIGKILL

            (found,) = find_interrupted(engine, room="room-7")
            assert found.module_id == "product" and found.open_incidents == 1
            assert found.down_s < 10, "a dead process on this machine is known at once, not after 15 s"
        finally:
            engine.dispose()

        # While the console is down the operator puts OBS on standby by hand.
        with harness.connected(obs_sandbox) as ws:
            harness.call(ws, "SetCurrentProgramScene", sceneName="稍后回来")

        resumed = _run([*common, "--resume"], env)
        out2, err2 = LineReader(resumed), LineReader(resumed, "stderr")
        line = out2.wait_for("resumed at", 30)
        assert " in product " in line and "1 open incidents" in line, line
        elapsed = line.split("resumed at ")[1].split(" ")[0]
        h, m, s = (int(x) for x in elapsed.split(":"))
        show_t = h * 3600 + m * 60 + s
        # Real time since the recorded start, at the show's speed: the kill happened at least 6 s
        # (60 show s) in, and the resume was at most ~30 s after the kill.
        assert 60 <= show_t <= (time.time() - killed_wall + 20) * SPEED + 60, line
        out2.wait_for('OBS: program "稍后回来"', 5)
        assert post_events(port, token, [{"ts": time.time(), "kind": "comment", "user": "after", "text": "回来了"}]) == 1
        acknowledged.append("after")
        resumed.wait(60)
        out2.join()
        err2.join()
        assert resumed.returncode == 0, err2.lines
        assert any(" ended;" in line for line in out2.lines), out2.lines
    finally:
        for process in (first, resumed):
            stop_process(process)

    engine = open_database(db)
    try:
        with engine.connect() as connection:
            (show,) = connection.execute(select(schema.shows)).all()
            runs = connection.execute(select(schema.module_runs).order_by(schema.module_runs.c.id)).all()
            users = connection.execute(select(schema.audience_events.c.data)).scalars().all()
            commands = connection.execute(select(schema.operator_commands.c.command)
                                          .order_by(schema.operator_commands.c.id)).scalars().all()
            cues = connection.execute(select(schema.cue_results.c.module_id, schema.cue_results.c.cue_index,
                                             schema.cue_results.c.status, schema.cue_results.c.error)).all()
            (incident,) = connection.execute(select(schema.incidents)).all()
            entries = connection.execute(select(schema.incident_entries.c.kind, schema.incident_entries.c.text)
                                         .order_by(schema.incident_entries.c.id)).all()
    finally:
        engine.dispose()
    assert show.status == "ended" and show.room == "room-7"
    # One show, each module run once, back to back, across the crash.
    assert [r.module_id for r in runs] == ["opening", "product", "closing"]
    assert all(a.ended_at == pytest.approx(b.started_at) for a, b in pairwise(runs))
    assert commands == ["start", "recover"]
    # Every event the intake acknowledged is recorded, once.
    recorded = [u["user"] for u in users]
    assert sorted(recorded) == sorted(acknowledged)
    # Every cue has exactly one result; those due while the console was down are missed, not late.
    keys = [(c.module_id, c.cue_index) for c in cues]
    assert len(keys) == len(set(keys)) == 3 + 4  # 3 module starts + 4 cues
    assert {c.status for c in cues} <= {"fired", "missed"}
    assert all(c.error == "the console was not running when it fell due" for c in cues if c.status == "missed")
    # The incident is still open, with its history and the restore on it.
    assert incident.state == "open"
    assert [e.kind for e in entries].count("trigger") == 1
    assert ("note", "console restarted: incident restored, checks due as before") in [tuple(e) for e in entries]
