"""The pipeline commits before it publishes (on the thread that drains it); a SIGKILL never loses an
acknowledged event."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

from sqlalchemy import select

from console.audience.events import CommentEvent, LikeEvent, OrderEvent
from console.audience.pipeline import PUBLISH_SLICE_EVENTS, AudiencePipeline
from console.metrics.live import LiveKpis
from db import schema
from db.engine import open_database
from tests.audience.conftest import SHOW_ID, stored_rows

ROOT = Path(__file__).resolve().parents[2]


def test_submit_records_then_feeds_live_kpis_and_emits(database):
    engine, recorder = database
    live = LiveKpis()
    live.module_started("m1", 0.0)
    pipeline = AudiencePipeline(recorder, SHOW_ID, module_at=lambda ts: "m1" if ts < 100 else None, live_kpis=live)
    seen = []

    def on_accepted(events, module_ids):
        # Committed before anyone hears of it: the rows are already readable.
        seen.append((len(stored_rows(engine)), [e.kind for e in events], module_ids))

    pipeline.accepted.connect(on_accepted)
    events = [CommentEvent(1.0, "u", "加微信"), OrderEvent(2.0, "o1", "A", 1, 9.9), LikeEvent(200.0, 3)]
    assert pipeline.submit(events).result(5) == 3
    assert pipeline.publish_committed() == 3  # the show's tick publishes what was committed
    assert seen == [(3, ["comment", "order", "like"], ["m1", "m1", None])]
    rows = stored_rows(engine)
    assert [(r["ts"], r["kind"], r["module_id"]) for r in rows] == [
        (1.0, "comment", "m1"), (2.0, "order", "m1"), (200.0, "like", None)]
    snap = live.snapshot(10.0)
    assert (snap.show.comments, snap.show.orders, snap.show.likes) == (1, 1, 0)  # the like was outside the show
    assert pipeline.submit([]).result(1) == 0


def test_a_failed_commit_fails_the_future_and_publishes_nothing():
    class BrokenRecorder:
        def write(self, table, rows):
            future = Future()
            future.set_exception(RuntimeError("database is locked"))
            return future

    live = LiveKpis(count_unattributed=True)
    pipeline = AudiencePipeline(BrokenRecorder(), SHOW_ID, live_kpis=live)
    seen = []
    pipeline.accepted.connect(lambda *args: seen.append(args))
    future = pipeline.submit([CommentEvent(1.0, "u", "x")])
    assert isinstance(future.exception(5), RuntimeError)
    assert pipeline.publish_committed() == 0 and pipeline.unpublished == 0
    assert seen == [] and live.snapshot(2.0).show.comments == 0


def test_a_broken_subscriber_does_not_unacknowledge(database):
    _engine, recorder = database
    pipeline = AudiencePipeline(recorder, SHOW_ID)
    pipeline.accepted.connect(lambda *args: 1 / 0)
    assert pipeline.submit([CommentEvent(1.0, "u", "x")]).result(5) == 1
    assert pipeline.publish_committed() == 1  # logged, not raised: the tick goes on


def test_committed_events_are_published_on_the_draining_thread_not_the_recorders(database):
    """The recorder thread only commits and resolves; the live KPIs and ``accepted`` run where the tick drains."""
    _engine, recorder = database
    live = LiveKpis(count_unattributed=True)
    pipeline = AudiencePipeline(recorder, SHOW_ID, live_kpis=live)
    threads = []
    pipeline.accepted.connect(lambda events, module_ids: threads.append(threading.current_thread().name))
    assert pipeline.submit([CommentEvent(1.0, "u", "x"), CommentEvent(1.5, "v", "y")]).result(5) == 2
    # Committed and acknowledged, not yet published: nobody has heard of the events.
    assert threads == [] and live.snapshot(2.0).show.comments == 0 and pipeline.unpublished == 2
    drainer = threading.Thread(target=pipeline.publish_committed, name="show-tick")
    drainer.start()
    drainer.join(5)
    assert threads == ["show-tick"]
    assert live.snapshot(2.0).show.comments == 2 and pipeline.unpublished == 0


def test_a_burst_is_published_a_slice_at_a_time_in_commit_order(database):
    _engine, recorder = database
    pipeline = AudiencePipeline(recorder, SHOW_ID)
    seen: list[float] = []
    pipeline.accepted.connect(lambda events, module_ids: seen.extend(e.ts for e in events))
    small = [CommentEvent(0.5, "u", "first")]
    burst = [CommentEvent(1.0 + n / 10_000, "u", "x") for n in range(2 * PUBLISH_SLICE_EVENTS + 300)]
    pipeline.submit(small).result(5)
    pipeline.submit(burst).result(5)
    assert pipeline.publish_committed() == PUBLISH_SLICE_EVENTS  # the big batch is split at the slice
    assert pipeline.publish_committed() == PUBLISH_SLICE_EVENTS
    assert pipeline.publish_committed() == 301 and pipeline.publish_committed() == 0
    assert seen == [e.ts for e in small + burst]  # every event once, in commit order


def test_sigkill_never_loses_an_acknowledged_event(tmp_path):
    db_path = tmp_path / "killed.sqlite"
    token = "kill-test-token"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "tests.audience.intake_child", str(db_path), token, "30"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(child.stdout.readline())
        acknowledged: list[str] = []
        stop = threading.Event()
        lock = threading.Lock()

        def sender(worker: int) -> None:
            with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=10)) as connection:
                batch = 0
                while not stop.is_set():
                    users = [f"w{worker}-b{batch}-{n}" for n in range(50)]
                    body = "\n".join(json.dumps({"ts": 1796126400 + n, "kind": "follow", "user": u})
                                     for n, u in enumerate(users))
                    try:
                        connection.request("POST", "/v1/events", body=body, headers={"Authorization": f"Bearer {token}"})
                        response = connection.getresponse()
                        payload = response.read()
                    except (OSError, http.client.HTTPException):
                        return  # the server died mid-request: that batch was never acknowledged
                    if response.status == 202:
                        assert json.loads(payload)["accepted"] == 50
                        with lock:
                            acknowledged.extend(users)
                            if len(acknowledged) >= 1500 and not stop.is_set():
                                # Kill right after an acknowledgement, while other batches are in flight:
                                # the instant an early 202 (before the commit) would be caught.
                                os.kill(child.pid, signal.SIGKILL)
                                stop.set()
                    batch += 1

        threads = [threading.Thread(target=sender, args=(w,)) for w in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    engine = open_database(f"sqlite:///{db_path}")
    try:
        with engine.connect() as connection:
            stored = {row.data["user"] for row in connection.execute(
                select(schema.audience_events.c.data).where(schema.audience_events.c.show_id == "killed"))}
    finally:
        engine.dispose()
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged events lost, e.g. {sorted(missing)[:3]}"
    assert len(acknowledged) >= 1500
