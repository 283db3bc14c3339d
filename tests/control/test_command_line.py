"""`liveroom control token` and `liveroom run --headless --control` as real processes (issue 18 point 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from db import schema
from db.engine import open_database
from tests.harness.common import LineReader, free_port, stop_process

pytestmark = pytest.mark.keyring
SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"


def _liveroom(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console.cli", *args], capture_output=True, text=True, timeout=60,
                          env=env)


def test_the_token_is_made_once_and_kept_in_the_keyring(keyring_backend, tmp_path):
    from console.control.token import CONTROL_USER
    from console.secrets import get_secret

    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    first = _liveroom("control", "token", env=env)
    second = _liveroom("control", "token", env=env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr
    token = first.stdout.strip()
    assert len(token) >= 43 and token == second.stdout.strip()
    assert get_secret(CONTROL_USER) == token
    assert token != _liveroom("ingest", "token", env=env).stdout.strip()


def test_a_bad_control_address_is_one_line_and_exit_1(keyring_backend, tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    result = _liveroom("run", str(SCRIPT), "--headless", "--no-obs", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}",
                       "--intake", f"127.0.0.1:{free_port()}", "--control", "nowhere", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("liveroom: the control API is off:")


def test_a_headless_show_is_driven_over_the_control_api(keyring_backend, tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    token = _liveroom("control", "token", env=env).stdout.strip()
    port = free_port()
    db = f"sqlite:///{tmp_path / 'run.sqlite'}"
    process = subprocess.Popen([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--no-obs",
                                "--db", db, "--intake", f"127.0.0.1:{free_port()}",
                                "--control", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, errors = LineReader(process), LineReader(process, "stderr")
    url = f"http://127.0.0.1:{port}"

    def post(body: dict, bearer: str = token) -> tuple[int, dict]:
        request = urllib.request.Request(url + "/v1/control", data=json.dumps(body).encode(), method="POST",
                                         headers={"Authorization": f"Bearer {bearer}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    try:
        # The process imports the console, opens the database, reads the keyring and starts the server:
        # seconds here, far more on a machine shared by many builds (it took over 30 s under load).
        out.wait_for(f"control: {url}/v1/state", 90)
        out.wait_for("▶ opening", 30)
        assert post({"do": "next"}, bearer="wrong")[0] == 401
        status, state = post({"do": "next"})
        assert status == 200 and state["module"]["id"] == "product"
        out.wait_for("▶ product", 5)
        status, state = post({"do": "jump", "module_id": "closing"})
        assert status == 200 and state["module"]["id"] == "closing"
        status, state = post({"do": "stop"})
        assert status == 200 and state["show"]["state"] == "ended"
        process.wait(30)
        out.join()
        errors.join()
    finally:
        stop_process(process)
    assert process.returncode == 0, errors.lines
    assert not any("threads still running" in line for line in errors.lines), errors.lines
    engine = open_database(db)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(schema.operator_commands.c.command, schema.operator_commands.c.who)
                                      .order_by(schema.operator_commands.c.id)).all()
    finally:
        engine.dispose()
    assert [(row.command, row.who) for row in rows] == [("start", "operator"), ("next", "api"), ("jump", "api"),
                                                        ("stop", "api")]
