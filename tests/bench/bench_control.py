"""Control round trip: ``POST next`` until the WebSocket pushes the new module, against a bare ``GET /v1/state``.

A loaded show: the sample script (resources/shows/skincare_launch.yaml) as a
rehearsal with the audience simulator at :data:`COMMENTS_PER_S` comments per
second (every event committed to SQLite, the compliance matcher and the
playbooks' detectors on each tick), ticked by a loop like ``liveroom run
--headless`` (console/control/loop.py: sleep until the tick or a command, tick,
turn the control surface). The real aiohttp server on its own thread; a
WebSocket client listening on ``/v1/stream``; ``next`` and ``previous``
alternate so every command changes the module.

Measured: from just before the POST is sent until the WebSocket message with
the new module is read (the client's view: HTTP in, the show's loop, the
state rebuilt and published, the push out). Baseline, in the same run on the
same server and load: a bare ``GET /v1/state`` on a keep-alive connection.
The two alternate sample by sample. Target (issue 18 point 6): p99 < 50 ms.

Run: ``python -m tests.bench.bench_control`` or ``pytest tests/bench/bench_control.py -s``.
"""

from __future__ import annotations

import http.client
import json
import secrets
import statistics
import tempfile
import threading
import time
from pathlib import Path

from websockets.sync.client import connect

from console import show_assembly
from console.control.server import ControlServer
from console.control.surface import ControlSurface, CoreContext
from console.paths import resource
from console.recording import Recorder
from console.show.loader import load_script
from db.engine import open_database

SAMPLES = 300  # per path
WARMUP = 20
COMMENTS_PER_S = 200.0
TICK_S = 0.1
TARGET_P99_MS = 50.0


class LoadedShow:
    """The show, its control server and its loop thread (the headless loop's shape)."""

    def __init__(self, folder: Path) -> None:
        self.engine = open_database(f"sqlite:///{folder / 'bench.sqlite'}")
        self.recorder = Recorder(self.engine)
        script = load_script(resource("shows", "skincare_launch.yaml")).script
        matcher, playbooks = show_assembly.load_show_helpers(tolerant=False)
        self.session = show_assembly.assemble_show(
            script, recorder=self.recorder, kind="rehearsal", matcher=matcher, playbooks=playbooks,
            simulator=show_assembly.audience_simulator(COMMENTS_PER_S))
        self.surface = ControlSurface()
        self._wake = threading.Event()
        self.surface.set_wake(self._wake.set)
        self.token = secrets.token_urlsafe(32)
        self.server = ControlServer(self.surface, self.token, "127.0.0.1", 0).start()
        self._stop = threading.Event()
        self.ticks = 0
        self.session.start(time.monotonic())
        self.thread = threading.Thread(target=self._loop, name="bench-show-loop", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        context = CoreContext(self.session, None)
        while not self._stop.is_set():
            self._wake.wait(TICK_S)
            self._wake.clear()
            mono = time.monotonic()
            self.session.tick(mono)
            context.mono = mono
            self.surface.turn(context, mono)
            self.ticks += 1

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self.thread.join(10)
        self.server.stop()
        self.session.close(time.monotonic())
        self.recorder.close()
        self.engine.dispose()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(samples: int = SAMPLES) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        show = LoadedShow(Path(folder))
        try:
            host, port = show.server.address
            headers = {"Authorization": f"Bearer {show.token}", "Content-Type": "application/json"}
            http_connection = http.client.HTTPConnection(host, port, timeout=10)
            round_trips: list[float] = []
            gets: list[float] = []
            with connect(f"ws://{host}:{port}/v1/stream", additional_headers=headers, open_timeout=10) as socket:
                state = json.loads(socket.recv(timeout=10))
                while state["module"] is None:  # until the loop's first turn has published the running show
                    state = json.loads(socket.recv(timeout=10))
                module = state["module"]["id"]
                for sample in range(WARMUP + samples):
                    action = "next" if sample % 2 == 0 else "previous"
                    began = time.perf_counter()
                    http_connection.request("POST", "/v1/control", json.dumps({"do": action}), headers)
                    while True:
                        state = json.loads(socket.recv(timeout=10))
                        if state["module"] and state["module"]["id"] != module:
                            module = state["module"]["id"]
                            break
                    arrived = time.perf_counter()
                    answer = http_connection.getresponse()
                    answer.read()
                    assert answer.status == 200, answer.status
                    began_get = time.perf_counter()
                    http_connection.request("GET", "/v1/state", headers=headers)
                    answer = http_connection.getresponse()
                    answer.read()
                    got = time.perf_counter()
                    assert answer.status == 200
                    if sample >= WARMUP:
                        round_trips.append((arrived - began) * 1000)
                        gets.append((got - began_get) * 1000)
            http_connection.close()
            show.recorder.flush(30)
            events = show.session.player.events_recorded
        finally:
            show.close()
    return {"p99": _percentile(round_trips, 0.99), "median": statistics.median(round_trips),
            "get_p99": _percentile(gets, 0.99), "get_median": statistics.median(gets), "n": len(round_trips),
            "events": events}


def bench_line(result: dict[str, float]) -> str:
    return (f"BENCH name=control_round_trip_p99 value={result['p99']:.2f} unit=ms baseline={result['get_p99']:.2f} "
            f"ratio={result['p99'] / result['get_p99']:.2f} n={result['n']}")


def test_control_round_trip_bench() -> None:
    result = measure()
    print()
    print(bench_line(result))
    print(f"  median round trip {result['median']:.2f} ms, bare GET median {result['get_median']:.2f} ms; "
          f"{result['events']} simulated audience events recorded meanwhile")
    assert result["events"] > 0, "the show was not loaded"
    assert result["p99"] < TARGET_P99_MS, bench_line(result)


if __name__ == "__main__":
    test_control_round_trip_bench()
