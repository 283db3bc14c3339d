"""Cue-to-program latency: a switch request until OBS's CurrentProgramSceneChanged.

Measured through the console's client (queue → worker → OBS → receive thread
→ worker → signal) against a bare obs-websocket-py call on its own connection
(call → OBS → its receive thread → callback), with a Cut transition, in the
same run against the same real OBS. The two paths alternate sample by sample
so that OBS's own frame timing (the switch lands on a render tick) affects
both alike. Prints the CONTRACTS.md §7 BENCH line.

Run: ``python -m tests.bench.bench_switch_latency`` (starts a sandbox OBS), or
with ``LIVEROOM_BENCH_OBS_URL`` and ``LIVEROOM_BENCH_OBS_PASSWORD`` against a
running OBS.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from obswebsocket import events as obs_events
from obswebsocket import obsws
from obswebsocket import requests as obs_requests

from console.obs.client import ObsClient
from console.obs.connection import parse_url
from console.obs.model import ConnectionState

SAMPLES = 60  # per path; ~33 ms each at 30 fps keeps the whole bench under 10 s
WARMUP = 5


@contextmanager
def _obs() -> Iterator[tuple[str, str]]:
    url = os.environ.get("LIVEROOM_BENCH_OBS_URL")
    if url:
        yield url, os.environ.get("LIVEROOM_BENCH_OBS_PASSWORD", "")
        return
    from console.obs.sandbox import ObsSandbox

    with ObsSandbox() as sandbox:
        yield sandbox.url, sandbox.password


def measure(url: str, password: str, samples: int = SAMPLES) -> dict[str, float]:
    client = ObsClient(url, password).start()
    host, port = parse_url(url)
    bare = obsws(host, port, password, timeout=5)
    try:
        if not client.wait_for_state(ConnectionState.OK, timeout=10):
            raise RuntimeError(f"OBS not reachable: {client.state_reason}")
        scenes = [s for s in client.snapshot.scenes][:2]
        if len(scenes) < 2:
            raise RuntimeError("the bench needs two scenes")
        original_transition = client.snapshot.transition
        assert client.call("SetCurrentSceneTransition", {"transitionName": "Cut"}).ok
        bare.connect()

        console_event = threading.Event()
        console_target: list[str] = [""]

        def on_console_event(event_type: str, data: dict) -> None:
            if event_type == "CurrentProgramSceneChanged" and data.get("sceneName") == console_target[0]:
                console_event.set()

        client.obs_event.connect(on_console_event)
        bare_event = threading.Event()
        bare_target: list[str] = [""]

        def on_bare_event(event) -> None:
            if event.getSceneName() == bare_target[0]:
                bare_event.set()

        bare.register(on_bare_event, obs_events.CurrentProgramSceneChanged)

        def console_switch(scene: str) -> float:
            console_target[0] = scene
            console_event.clear()
            started = time.perf_counter()
            answer = client.request("SetCurrentProgramScene", {"sceneName": scene}, origin="bench")
            if not console_event.wait(5):
                result = answer.result(5)
                reason = "" if result.ok else f" (OBS refused it: {result.error_text})"
                raise RuntimeError(f"console path: no CurrentProgramSceneChanged for {scene!r}{reason}")
            return (time.perf_counter() - started) * 1000

        def bare_switch(scene: str) -> float:
            bare_target[0] = scene
            bare_event.clear()
            started = time.perf_counter()
            bare.call(obs_requests.SetCurrentProgramScene(sceneName=scene))
            if not bare_event.wait(5):
                raise RuntimeError("bare path: no CurrentProgramSceneChanged")
            return (time.perf_counter() - started) * 1000

        console_ms: list[float] = []
        bare_ms: list[float] = []
        current = client.snapshot.program_scene
        for i in range(WARMUP + samples):
            for path, sink in ((console_switch, console_ms), (bare_switch, bare_ms)):
                target = scenes[1] if current == scenes[0] else scenes[0]
                value = path(target)
                current = target
                if i >= WARMUP:
                    sink.append(value)
        if original_transition:
            client.call("SetCurrentSceneTransition", {"transitionName": original_transition})
        return {
            "console_median_ms": statistics.median(console_ms),
            "bare_median_ms": statistics.median(bare_ms),
            "console_p90_ms": statistics.quantiles(console_ms, n=10)[-1],
            "bare_p90_ms": statistics.quantiles(bare_ms, n=10)[-1],
            "n": len(console_ms),
        }
    finally:
        try:
            bare.disconnect()
        except Exception:  # noqa: BLE001
            pass
        client.stop()


def bench_line(result: dict[str, float]) -> str:
    value, baseline = result["console_median_ms"], result["bare_median_ms"]
    return (f"BENCH name=switch_to_program_latency value={value:.2f} unit=ms baseline={baseline:.2f} "
            f"ratio={value / baseline:.3f} n={int(result['n'])}")


def test_switch_latency_bench() -> None:
    with _obs() as (url, password):
        result = measure(url, password)
    print()
    print(bench_line(result))
    print(f"# p90 console {result['console_p90_ms']:.2f} ms, bare {result['bare_p90_ms']:.2f} ms")


if __name__ == "__main__":
    test_switch_latency_bench()
