"""Intake throughput: events per second accepted over HTTP *and committed*, none lost.

Several clients POST JSON Lines batches of :data:`BATCH` events (a realistic
mix from the simulator, serialised before the clock starts) to a real
:class:`AudienceIntake` on loopback, each on its own keep-alive connection,
for :data:`DURATION_S` seconds. Every 202 means the batch is committed to a
temp SQLite file through the real pipeline and recorder. The database is then
counted: every acknowledged event must be there, exactly once.

Baseline, in the same run: the same rows (ts, kind, module_id, data JSON)
inserted with a bare ``sqlite3.executemany`` into an identical table, one
transaction per batch of :data:`BATCH`, WAL and ``synchronous=NORMAL`` like
the console's database — the cost of storing alone, with no HTTP, parsing or
validation.

Run: ``python -m tests.bench.bench_intake`` or ``pytest tests/bench/bench_intake.py -s``.
Target (issue 5): at least 10,000 events/s sustained.
"""

from __future__ import annotations

import http.client
import json
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from console.audience.intake import AudienceIntake
from console.audience.pipeline import AudiencePipeline
from console.audience.simulator import AudienceSimulator, SimulatorRates
from console.recording import Recorder
from db import schema
from db.engine import open_database

BATCH = 500
CLIENTS = 3
DURATION_S = 5.0
TARGET_EVENTS_PER_S = 10_000
TOKEN = "bench-token"


def _bodies(count: int) -> list[tuple[bytes, list[tuple]]]:
    """``count`` bodies of BATCH events each, with the rows the baseline inserts for them."""
    simulator = AudienceSimulator(seed=11, rates=SimulatorRates(comments_per_s=300, likes_per_s=100,
                                                                  orders_per_s=20, clicks_per_s=30))
    events: list = []
    t = 1796126400.0
    while len(events) < count * BATCH:
        t += 0.5
        events += simulator.step(t, "conversion", 0.5)
    bodies = []
    for n in range(count):
        chunk = events[n * BATCH:(n + 1) * BATCH]
        lines = [json.dumps({"ts": e.ts, "kind": e.kind, **e.to_data()}, ensure_ascii=False) for e in chunk]
        rows = [("bench", e.ts, e.kind, "m1", json.dumps(e.to_data(), ensure_ascii=False)) for e in chunk]
        bodies.append(("\n".join(lines).encode("utf-8"), rows))
    return bodies


def measure_intake(db_path: Path, bodies: list[tuple[bytes, list[tuple]]]) -> tuple[float, int, int]:
    """(events/s, acknowledged, stored) over DURATION_S with CLIENTS keep-alive clients."""
    engine = open_database(f"sqlite:///{db_path}")
    recorder = Recorder(engine)
    recorder.write(schema.shows, {"id": "bench", "title": "bench", "kind": "rehearsal", "room": "", "speed": 1.0,
                                  "started_at": 0.0, "status": "running"}).result(10)
    pipeline = AudiencePipeline(recorder, "bench", module_at=lambda ts: "m1")
    intake = AudienceIntake("127.0.0.1", 0, TOKEN, pipeline.submit).start()
    acknowledged = [0] * CLIENTS
    failures: list[str] = []
    deadline = [0.0]
    start_barrier = threading.Barrier(CLIENTS + 1)

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(*intake.address, timeout=30)
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
        start_barrier.wait()
        n = index
        while time.perf_counter() < deadline[0]:
            body, _rows = bodies[n % len(bodies)]
            connection.request("POST", "/v1/events", body=body, headers=headers)
            response = connection.getresponse()
            payload = json.loads(response.read())
            if response.status != 202 or payload["accepted"] != BATCH:
                failures.append(f"{response.status} {payload}")
                break
            acknowledged[index] += BATCH
            n += CLIENTS
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + DURATION_S
    start_barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    intake.stop()
    recorder.close()
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(schema.audience_events))
    engine.dispose()
    if failures:
        raise AssertionError(f"the intake refused a valid batch: {failures[0]}")
    total = sum(acknowledged)
    return total / elapsed, total, int(stored)


def measure_executemany(db_path: Path, bodies: list[tuple[bytes, list[tuple]]], events: int) -> float:
    """events/s of a bare sqlite3.executemany of the same rows, one transaction per batch."""
    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE audience_events (id INTEGER PRIMARY KEY AUTOINCREMENT, show_id VARCHAR(36) "
                       "NOT NULL, ts FLOAT NOT NULL, kind VARCHAR(32) NOT NULL, module_id VARCHAR(64), data JSON NOT NULL)")
    connection.execute("CREATE INDEX ix_audience_events_show ON audience_events (show_id, ts)")
    inserted = 0
    n = 0
    started = time.perf_counter()
    while inserted < events:
        _body, rows = bodies[n % len(bodies)]
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO audience_events (show_id, ts, kind, module_id, data) "
                               "VALUES (?, ?, ?, ?, ?)", rows)
        connection.execute("COMMIT")
        inserted += len(rows)
        n += 1
    elapsed = time.perf_counter() - started
    stored = connection.execute("SELECT count(*) FROM audience_events").fetchone()[0]
    connection.close()
    assert stored == inserted
    return inserted / elapsed


def run() -> str:
    bodies = _bodies(60)
    with tempfile.TemporaryDirectory() as folder:
        value, acknowledged, stored = measure_intake(Path(folder) / "intake.sqlite", bodies)
        assert stored == acknowledged, f"{acknowledged - stored} acknowledged events are not in the database"
        baseline = measure_executemany(Path(folder) / "bare.sqlite", bodies, acknowledged)
    line = (f"BENCH name=intake_http value={value:.0f} unit=events/s baseline={baseline:.0f} "
            f"ratio={value / baseline:.4f} n={acknowledged}")
    print(line, flush=True)
    return line


def test_intake_bench() -> None:
    line = run()
    value = float(line.split("value=")[1].split()[0])
    if value < TARGET_EVENTS_PER_S:
        print(f"below the {TARGET_EVENTS_PER_S} events/s target on this machine now", flush=True)


if __name__ == "__main__":
    run()
