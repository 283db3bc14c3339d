"""`liveroom run --headless` opens the audience intake: events posted during the show are committed,
attributed to the module that was running, and acknowledged only after the commit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from db import schema
from db.engine import open_database
from tests.harness.common import LineReader, free_port, stop_process

pytestmark = pytest.mark.keyring
SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"


def test_events_posted_during_a_headless_show_are_recorded(keyring_backend, tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    token = subprocess.run([sys.executable, "-m", "console.cli", "ingest", "token"], capture_output=True, text=True,
                           timeout=30, env=env).stdout.strip()
    assert token
    port = free_port()
    db = f"sqlite:///{tmp_path / 'run.sqlite'}"
    process = subprocess.Popen([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--no-obs",
                                "--speed", "20", "--db", db, "--intake", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, errors = LineReader(process), LineReader(process, "stderr")
    try:
        # Stamp events only once the show is on: an event stamped before the start belongs to no module
        # (CONTRACTS §4), and a stamp taken just before the start once made this test flaky.
        out.wait_for("▶ opening", 30)
        answers = []
        for _ in range(3):
            now = time.time()
            body = "\n".join([
                json.dumps({"ts": now, "kind": "comment", "user": f"u{len(answers)}", "text": "好看"}),
                json.dumps({"ts": now, "kind": "order", "order_id": f"o{len(answers)}", "sku": "A-1001", "qty": 1,
                            "amount": 249}),
                "not json",
            ]).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/events", data=body, method="POST",
                                             headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request, timeout=5) as response:  # the show is on: no retry needed
                answers.append((response.status, json.loads(response.read())))
            time.sleep(0.5)
        process.wait(30)
        out.join()
        errors.join()
    finally:
        stop_process(process)
    assert process.returncode == 0, errors.lines
    assert any("audience intake: http://127.0.0.1:" in line for line in out.lines)
    assert len(answers) == 3
    for status, payload in answers:
        assert status == 202
        assert payload["accepted"] == 2
        assert payload["rejected"][0]["line"] == 3
    engine = open_database(db)
    with engine.connect() as connection:
        rows = connection.execute(select(schema.audience_events.c.kind, schema.audience_events.c.module_id)).all()
    engine.dispose()
    assert len(rows) == 6
    assert all(module in ("opening", "product", "closing") for _kind, module in rows)
