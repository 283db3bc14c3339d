"""The team database: the same schema, migrations and recorder on a real PostgreSQL.

The test command starts a PostgreSQL server and exports LIVEROOM_TEST_PG_URL;
each test works in a database of its own, created and dropped here.
"""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from sqlalchemy import func, select

from console.recording import Recorder
from db import schema
from db.engine import open_database

pytestmark = pytest.mark.postgres


def _show(show_id: str, room: str) -> dict:
    return {"id": show_id, "title": f"{room} 专场", "kind": "live", "room": room, "speed": 1.0, "started_at": 1.0,
            "status": "running"}


def test_migrations_run_on_postgres_and_match_the_schema(pg_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = open_database(pg_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() is not None
        assert compare_metadata(context, schema.metadata) == []
    engine.dispose()


def test_several_rooms_write_one_database_at_once(pg_url):
    """Four consoles (each its own engine and recorder, as separate processes would) write at once."""
    rooms = [f"room-{n}" for n in range(4)]
    engines = [open_database(pg_url) for _ in rooms]
    recorders = [Recorder(engine) for engine in engines]
    show_ids = [str(uuid.uuid4()) for _ in rooms]
    for recorder, show_id, room in zip(recorders, show_ids, rooms):
        recorder.write(schema.shows, _show(show_id, room)).result(10)

    def write(recorder: Recorder, show_id: str) -> None:
        for batch in range(20):
            rows = [{"show_id": show_id, "ts": float(batch * 100 + i), "kind": "comment", "module_id": "m",
                     "data": {"user": f"u{i}", "text": "好看"}} for i in range(100)]
            recorder.write(schema.audience_events, rows)
        recorder.flush(30)

    threads = [threading.Thread(target=write, args=(r, s)) for r, s in zip(recorders, show_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for recorder in recorders:
        recorder.close()
    with engines[0].connect() as connection:
        counts = dict(connection.execute(select(schema.audience_events.c.show_id, func.count())
                                         .group_by(schema.audience_events.c.show_id)).all())
    assert counts == {show_id: 2000 for show_id in show_ids}
    for engine in engines:
        engine.dispose()


def test_json_and_unicode_round_trip(pg_url):
    engine = open_database(pg_url)
    recorder = Recorder(engine)
    show_id = str(uuid.uuid4())
    recorder.write(schema.shows, _show(show_id, "一号间"))
    recorder.write(schema.audience_events, {"show_id": show_id, "ts": 1.5, "kind": "comment", "module_id": None,
                                            "data": {"user": "小雨", "text": "<script>alert(1)</script> 加微信"}}).result(10)
    recorder.close()
    with engine.connect() as connection:
        row = connection.execute(select(schema.audience_events)).one()
    assert row.data["text"] == "<script>alert(1)</script> 加微信"
    engine.dispose()


def test_headless_run_and_review_on_postgres(pg_url, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"
    replay = Path(__file__).parents[1] / "audience" / "fixtures" / "show.jsonl"
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    run = subprocess.run([sys.executable, "-m", "console.cli", "run", str(script), "--headless", "--no-obs",
                          "--speed", "60", "--replay", str(replay), "--db", pg_url, "--intake", "127.0.0.1:0"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    listed = subprocess.run([sys.executable, "-m", "console.cli", "review", "--list", "--db", pg_url],
                            capture_output=True, text=True, timeout=60, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "三段测试" in listed.stdout
    out_csv = tmp_path / "review.csv"
    exported = subprocess.run([sys.executable, "-m", "console.cli", "review", "latest", "--export", str(out_csv),
                               "--db", pg_url], capture_output=True, text=True, timeout=60, env=env)
    assert exported.returncode == 0, exported.stderr
    lines = out_csv.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("module_id,type,title,planned_s")
    assert [line.split(",")[0] for line in lines[1:]] == ["opening", "product", "closing", "TOTAL"]
