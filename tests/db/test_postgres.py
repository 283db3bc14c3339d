"""The team database: the same schema, migrations and recorder on a real PostgreSQL.

The test command starts a PostgreSQL server and exports LIVEROOM_TEST_PG_URL;
each test works in a database of its own, created and dropped here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from console.recording import Recorder
from db import schema
from db.engine import open_database

pytestmark = pytest.mark.postgres
#: A password put into the database URLs here: it must never be printed, logged or shown.
URL_PASSWORD = "Pg-url-secret-7f3a9c"


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
    for recorder, show_id, room in zip(recorders, show_ids, rooms, strict=True):
        recorder.write(schema.shows, _show(show_id, room)).result(10)

    def write(recorder: Recorder, show_id: str) -> None:
        for batch in range(20):
            rows = [{"show_id": show_id, "ts": float(batch * 100 + i), "kind": "comment", "module_id": "m",
                     "data": {"user": f"u{i}", "text": "好看"}} for i in range(100)]
            recorder.write(schema.audience_events, rows)
        recorder.flush(30)

    threads = [threading.Thread(target=write, args=(r, s)) for r, s in zip(recorders, show_ids, strict=True)]
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


def _with_password(url: str) -> str:
    """``url`` with a password: the test server trusts local connections, so it is carried and ignored."""
    return make_url(url).set(password=URL_PASSWORD).render_as_string(hide_password=False)


def _no_secret(*texts: str) -> None:
    for text in texts:
        assert URL_PASSWORD not in text, text


def test_headless_run_and_review_on_postgres(pg_url, tmp_path):
    """`run --headless`, `review --list`, `review latest --export .csv/.html`; a password in the URL never printed."""
    script = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"
    replay = Path(__file__).parents[1] / "audience" / "fixtures" / "show.jsonl"
    pg_url = _with_password(pg_url)
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"), LIVEROOM_LOG="debug")
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
    out_html = tmp_path / "review.html"
    exported_html = subprocess.run([sys.executable, "-m", "console.cli", "review", "latest", "--export",
                                    str(out_html), "--db", pg_url], capture_output=True, text=True, timeout=60, env=env)
    assert exported_html.returncode == 0, exported_html.stderr
    page = out_html.read_text(encoding="utf-8")
    assert "三段测试" in page and "精华液讲解" in page
    for done in (run, listed, exported, exported_html):
        _no_secret(done.stdout, done.stderr)
    _no_secret(page, *(path.read_text(encoding="utf-8", errors="replace")
                       for path in (tmp_path / "home").rglob("*.log")))


def _refused_url() -> str:
    """A PostgreSQL URL with a password on a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql+psycopg://liveroom:{URL_PASSWORD}@127.0.0.1:{port}/liveroom"


@pytest.mark.parametrize("command", [
    ["review", "--list"],
    ["review", "latest", "--export", "{tmp}/review.html"],
    ["review", "latest", "--export", "{tmp}/review.csv"],
    ["run", str(Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"), "--headless", "--no-obs",
     "--intake", "127.0.0.1:0"],
    [],  # the window
], ids=["review-list", "export-html", "export-csv", "run-headless", "window"])
def test_an_unreachable_database_is_one_line_exit_1_and_no_password(command, tmp_path):
    url = _refused_url()
    argv = [part.replace("{tmp}", str(tmp_path)) for part in command] + ["--db", url]
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-m", "console.cli", *argv], capture_output=True, text=True, timeout=60,
                          env=env)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("liveroom") and "cannot open the database" in lines[0], lines[0]
    assert "liveroom:***@127.0.0.1" in lines[0]  # which database, its password hidden
    _no_secret(done.stdout, done.stderr, *(path.read_text(encoding="utf-8", errors="replace")
                                           for path in (tmp_path / "home").rglob("*") if path.is_file()))


@pytest.mark.obs
@pytest.mark.keyring
def test_the_window_on_postgres_records_obs_and_closes_on_sigterm(pg_url, obs_sandbox, keyring_backend, tmp_path):
    """`liveroom --db postgresql+psycopg://…` as a real process on the test display, against the real OBS."""
    from console.secrets import set_obs_password
    from tests.harness.window import WindowProcess, connection_states, window_env, window_ids_of, window_title

    set_obs_password(obs_sandbox.url, obs_sandbox.password)
    home = tmp_path / "home"
    url = _with_password(pg_url)
    window = WindowProcess(["--db", url, "--obs-url", obs_sandbox.url, "--intake", "127.0.0.1:0"],
                           window_env(LIVEROOM_HOME=str(home), LIVEROOM_LOG="info"), tmp_path / "logs")
    try:
        window.wait_until(lambda: "ok" in connection_states(pg_url), "an OBS connection recorded in PostgreSQL")
        [shown] = window.wait_until(lambda: window_ids_of(window.process.pid), "a window on the display")
        title = window_title(shown)
        assert URL_PASSWORD not in title and "postgresql" not in title, title
        assert window.terminate() == 0, window.stderr
    finally:
        window.kill()
    states = connection_states(pg_url)
    assert states[-1] == "disconnected", states  # the client stopped on the way out, and it was recorded
    assert (home / "config" / "console.ini").exists()  # the layout was saved: closed as the operator would
    _no_secret(window.stdout, window.stderr, *(path.read_text(encoding="utf-8", errors="replace")
                                               for path in home.rglob("*") if path.is_file() and path.suffix != ".sqlite"))
