"""``--source KIND[:TARGET]`` on the command line: parsed, refused with the reason, and run headless.

Real parts: the ``liveroom`` process, a local oba server on a real socket, SQLite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from console.cli import build_parser
from console.sources.oba import DEFAULT_URL
from console.sources.spec import SourceSpec
from db import schema
from db.engine import open_database
from tests.sources.oba_server import FakeObaServer

SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"


def test_run_and_demo_take_repeatable_sources():
    args = build_parser().parse_args(["run", "s.yaml", "--headless", "--source", "oba",
                                      "--source", "oba:ws://10.0.0.5:12354"])
    assert args.sources == [SourceSpec("oba", DEFAULT_URL), SourceSpec("oba", "ws://10.0.0.5:12354")]
    assert build_parser().parse_args(["demo", "--source", "oba"]).sources == [SourceSpec("oba", DEFAULT_URL)]
    assert build_parser().parse_args(["run", "s.yaml", "--headless"]).sources == []


@pytest.mark.parametrize(("value", "says"), [
    ("nosuch:x", "unknown audience source kind 'nosuch'"),
    ("oba:http://127.0.0.1:1", "expected ws://HOST:PORT"),
])
def test_a_bad_source_is_a_usage_error_that_says_why(value, says, tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    run = subprocess.run([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--no-obs",
                          "--source", value], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 2
    assert says in run.stderr and "--source" in run.stderr


def test_a_headless_run_records_what_its_oba_source_delivers(tmp_path):
    db_path = tmp_path / "show.sqlite"
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    with FakeObaServer() as server:
        process = subprocess.Popen(
            [sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--no-obs", "--speed", "20",
             "--db", f"sqlite:///{db_path}", "--intake", "127.0.0.1:0", "--source", f"oba:{server.url}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            server.wait_clients(1, timeout=30)
            now_ms = int(time.time() * 1000)
            server.send([{"msg_type": "comment", "msg_id": "m1", "time": now_ms, "nick_name": "小王",
                          "content": "主播好"},
                         {"msg_type": "room_like", "msg_id": "l1", "time": now_ms, "user_id": "u9",
                          "nick_name": "小李"}])
            out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 0, err
    assert f"audience source: oba:{server.url}" in out
    engine = open_database(f"sqlite:///{db_path}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(schema.audience_events.c.kind, schema.audience_events.c.data)
                                      .order_by(schema.audience_events.c.id)).all()
    finally:
        engine.dispose()
    assert [(kind, data.get("text")) for kind, data in rows] == [("comment", "主播好"), ("like", None)]
