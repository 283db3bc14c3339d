"""oba source throughput: messages per second from a local oba server into *committed* rows.

A local server speaking oba's format (tests/sources/oba_server.py, in a
process of its own like the real oba, so it does not share the source's GIL) sends
:data:`MESSAGES` frames (a live room's mix: comments — some repeated, as on
the real wire —, entries, likes, follows, paid orders of script products),
serialised before the clock starts, as fast as it can. The real
:class:`ObaSource`, built from a ``--source`` spec by the registry and owned by
:class:`ShowSources` as in a show, maps and validates them and hands them (through
``ShowSources``' sink, which watches for gap markers) to the real
:class:`AudiencePipeline` → :class:`Recorder` → a temp SQLite file. The clock
stops when the last batch is committed; the database is then counted: every
unique message must be there, exactly once. A separate 10,000-message burst
must arrive complete too (issue 14, point 8).

Baseline, in the same run: the intake's own HTTP rate, measured by
tests/bench/bench_intake.py's ``measure_intake`` (3 keep-alive clients posting
500-event batches, every 202 committed). Target: ratio ≥ 1 — the source is not
the bottleneck of a show's audience path.

Run: ``python -m tests.bench.bench_sources`` or ``pytest tests/bench/bench_sources.py -s``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from console.audience.pipeline import AudiencePipeline
from console.recording import Recorder
from console.sources.base import SourceState
from console.sources.show_sources import ShowSources
from console.sources.spec import SourceSpec
from db import schema
from db.engine import open_database
from tests.bench.bench_intake import _bodies, measure_intake

MESSAGES = 50_000
BURST = 10_000
#: One comment in this many is sent twice (the wire repeats comments).
REPEAT_EVERY = 20
#: The script's products as a show gives them to the registry's oba factory (platform ids → sku, price).
SCRIPT_PRODUCTS = [{"sku": "A-1001", "platform_ids": ["3701"], "price": 249.0},
                   {"sku": "B-2002", "platform_ids": ["3702"], "price": 99.0}]
TIMEOUT_S = 120.0


def _frames(count: int, start_ms: int = 1796126400000) -> tuple[list[str], int]:
    """``count`` frames of a realistic mix, and how many events they must become."""
    frames: list[str] = []
    unique = 0
    n = 0
    while len(frames) < count:
        t = start_ms + n * 7
        slot = n % 20
        if slot < 14:
            message = {"msg_type": "comment", "msg_id": f"c{n}", "time": t, "nick_name": f"观众{n % 997}",
                       "content": "这个多少钱？有优惠吗"}
        elif slot < 16:
            message = {"msg_type": "room_enter", "msg_id": f"e{n}", "time": t, "nick_name": f"观众{n % 997}",
                       "user_id": f"u{n % 997}"}
        elif slot < 18:
            message = {"msg_type": "room_like", "msg_id": f"l{n}", "time": t, "nick_name": "x", "user_id": f"u{n % 997}"}
        elif slot == 18:
            message = {"msg_type": "room_follow", "msg_id": f"f{n}", "time": t, "nick_name": "x", "user_id": f"u{n}"}
        else:
            message = {"msg_type": "live_order", "msg_id": f"o{n}#3", "time": t, "nick_name": "x",
                       "order_status": "已付款", "order_ts": t // 1000, "product_id": "3701" if n % 40 else "3702",
                       "product_title": "修护精华液"}
        frame = json.dumps(message, ensure_ascii=False)
        frames.append(frame)
        unique += 1
        if slot == 0 and n % (REPEAT_EVERY * 20) == 0 and len(frames) < count:
            frames.append(frame)  # a repeat, dropped by msg_id
        n += 1
    return frames[:count], unique


def measure_source(db_path: Path, frames: list[str], expected: int) -> tuple[float, int]:
    """(messages/s from the first frame sent to the last row committed, rows stored)."""
    engine = open_database(f"sqlite:///{db_path}")
    recorder = Recorder(engine)
    recorder.write(schema.shows, {"id": "bench", "title": "bench", "kind": "rehearsal", "room": "", "speed": 1.0,
                                  "started_at": 0.0, "status": "running"}).result(10)
    pipeline = AudiencePipeline(recorder, "bench", module_at=lambda ts: "m1")
    committed = [0]
    done = threading.Event()
    finished = [0.0]
    lock = threading.Lock()

    def on_commit(future) -> None:
        with lock:
            committed[0] += future.result()
            if committed[0] >= expected and not done.is_set():
                finished[0] = time.perf_counter()
                done.set()

    def sink(events) -> None:
        pipeline.submit(events).add_done_callback(on_commit)

    frames_file = db_path.with_suffix(".frames")
    frames_file.write_text("\n".join(frames), encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "tests.sources.oba_server", str(frames_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    source = None
    try:
        port = int(server.stdout.readline())
        # The show's own path: built by the registry from a --source spec, events through ShowSources' sink.
        source = ShowSources([SourceSpec("oba", f"ws://127.0.0.1:{port}")], sink=sink, products=SCRIPT_PRODUCTS)
        live = threading.Event()
        assert source.start() == []
        [oba] = source.sources
        oba.state_changed.connect(lambda _s, status: status.state is SourceState.LIVE and live.set())
        if oba.status.state is SourceState.LIVE:
            live.set()
        assert live.wait(10), "the source never connected"
        started = time.perf_counter()
        server.stdin.write("go\n")
        server.stdin.flush()
        assert done.wait(TIMEOUT_S), f"only {committed[0]} of {expected} events committed"
        elapsed = finished[0] - started
    finally:
        if source is not None:
            source.stop()
        server.stdin.close()
        server.stdout.close()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        recorder.close()
    with engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(schema.audience_events))
    engine.dispose()
    return len(frames) / elapsed, int(stored)


def run() -> str:
    frames, expected = _frames(MESSAGES)
    burst, burst_expected = _frames(BURST, start_ms=1796130000000)
    bodies = _bodies(60)
    with tempfile.TemporaryDirectory() as folder:
        _rate, burst_stored = measure_source(Path(folder) / "burst.sqlite", burst, burst_expected)
        assert burst_stored == burst_expected, f"burst: {burst_stored} of {burst_expected} events stored"
        value, stored = measure_source(Path(folder) / "source.sqlite", frames, expected)
        assert stored == expected, f"{expected - stored} of {expected} events are not in the database"
        baseline, acknowledged, intake_stored = measure_intake(Path(folder) / "intake.sqlite", bodies)
        assert intake_stored == acknowledged
    line = (f"BENCH name=oba_source value={value:.0f} unit=messages/s baseline={baseline:.0f} "
            f"ratio={value / baseline:.4f} n={len(frames)}")
    print(line, flush=True)
    print(f"burst: {BURST} messages → {burst_stored} events committed (all of them)", flush=True)
    return line


def test_sources_bench() -> None:
    line = run()
    ratio = float(line.split("ratio=")[1].split()[0])
    if ratio < 1:
        print("the oba source is slower than the HTTP intake on this machine now (target ratio ≥ 1)", flush=True)


if __name__ == "__main__":
    run()
