"""The batched recorder: commit before acknowledging, order kept, bad rows isolated."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from console.recording import Recorder, RecorderClosed
from db import schema
from db.engine import open_database


@pytest.fixture()
def engine(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'rec.sqlite'}")
    yield engine
    engine.dispose()


def _show(show_id: str = "s1") -> dict:
    return {"id": show_id, "title": "t", "kind": "live", "room": "", "speed": 1.0, "started_at": 1.0, "status": "running"}


def test_future_resolves_only_after_commit_and_rows_are_readable_elsewhere(engine, tmp_path):
    recorder = Recorder(engine)
    try:
        recorder.write(schema.shows, _show()).result(5)
        rows = [{"show_id": "s1", "ts": float(i), "kind": "like", "data": {"count": 1}} for i in range(1000)]
        assert recorder.write(schema.audience_events, rows).result(5) == 1000
        # A second, independent engine (another process would see the same) reads them.
        other = open_database(f"sqlite:///{tmp_path / 'rec.sqlite'}")
        with other.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(schema.audience_events)) == 1000
        other.dispose()
    finally:
        recorder.close()


def test_many_threads_writing_lose_nothing_and_keep_per_thread_order(engine):
    recorder = Recorder(engine)
    recorder.write(schema.shows, _show()).result(5)

    def writer(thread_no: int) -> None:
        for i in range(200):
            recorder.write(schema.samples, {"show_id": "s1", "ts": float(i), "series": f"t{thread_no}", "value": i})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recorder.flush()
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(schema.samples)) == 1600
        for n in range(8):
            values = connection.scalars(select(schema.samples.c.value).where(schema.samples.c.series == f"t{n}")
                                        .order_by(schema.samples.c.id)).all()
            assert values == [float(i) for i in range(200)]
    recorder.close()


def test_a_bad_row_fails_alone(engine):
    recorder = Recorder(engine)
    recorder.write(schema.shows, _show()).result(5)
    good_before = recorder.write(schema.samples, {"show_id": "s1", "ts": 1.0, "series": "a", "value": 1})
    bad = recorder.write(schema.module_runs, {"show_id": "s1"})  # missing NOT NULL columns
    good_after = recorder.write(schema.samples, {"show_id": "s1", "ts": 2.0, "series": "a", "value": 2})
    assert good_before.result(5) == 1
    assert good_after.result(5) == 1
    with pytest.raises(IntegrityError):
        bad.result(5)
    recorder.close()


def test_call_runs_in_order_with_writes_and_returns_its_value(engine):
    recorder = Recorder(engine)
    recorder.write(schema.shows, _show())

    def count(connection):
        return connection.scalar(select(func.count()).select_from(schema.shows))

    assert recorder.call(count).result(5) == 1
    recorder.close()


def test_close_flushes_and_later_writes_are_refused(engine):
    recorder = Recorder(engine)
    recorder.write(schema.shows, _show())
    futures = [recorder.write(schema.samples, {"show_id": "s1", "ts": float(i), "series": "x", "value": 0}) for i in range(50)]
    recorder.close()
    assert all(f.done() and f.exception() is None for f in futures)
    late = recorder.write(schema.samples, {"show_id": "s1", "ts": 0.0, "series": "x", "value": 0})
    assert isinstance(late.exception(1), RecorderClosed)
    assert not recorder.alive


def test_wal_mode_and_synchronous_normal(engine):
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_migrations_reach_head_and_match_the_schema(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() is not None
        assert compare_metadata(context, schema.metadata) == []
    engine.dispose()


def test_rows_with_different_keys_keep_their_values_and_defaults(engine):
    recorder = Recorder(engine)
    recorder.write(schema.shows, _show())
    recorder.write(schema.obs_actions, [
        {"show_id": "s1", "ts": 1.0, "origin": "cue", "request": "A", "ok": True},
        {"show_id": "s1", "ts": 2.0, "origin": "cue", "request": "B", "ok": False, "code": 600, "comment": "nope"},
    ])
    recorder.write(schema.obs_actions, {"show_id": "s1", "ts": 3.0, "origin": "cue", "request": "C", "ok": False,
                                        "comment": "late"})
    recorder.flush()
    with engine.connect() as connection:
        rows = connection.execute(select(schema.obs_actions.c.request, schema.obs_actions.c.code,
                                         schema.obs_actions.c.comment).order_by(schema.obs_actions.c.ts)).all()
    assert [tuple(r) for r in rows] == [("A", None, None), ("B", 600, "nope"), ("C", None, "late")]
    recorder.close()
