"""Detection-to-first-action latency of two playbooks against the real OBS sandbox.

- ``stream_down``: from OBS's own ``StreamStateChanged`` RECONNECTING event (the
  RTMP sink killed while streaming) to the standby scene confirmed on program by
  a second connection (``CurrentProgramSceneChanged``);
- ``camera_frozen``: from the freeze (the first of the identical pictures, seen
  by a witness connection taking screenshots every 50 ms after the camera's
  media source is paused) to the playbook's first action confirmed by OBS (a
  caption set on ``字幕条``).

The baseline of each is the playbook's configured debounce (``for``): the ratio
says how much the console adds on top of the wait it was told to make. (OBS stops the picture 0.05–1.3 s after the
pause request, measured; that delay is OBS's and is not counted.) The
console's tick runs every 50 ms as in the window. Prints CONTRACTS.md §7 lines.

Run: ``python -m tests.bench.bench_contingency`` (starts a sandbox OBS and RTMP sinks).
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

from console.contingency.loader import load_playbook_text
from console.contingency.session import SessionPlaybooks
from tests.contingency.helpers import FreezeWitness
from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from console.obs.processes import RtmpSink
from console.obs.sandbox import ObsSandbox
from console.recording import Recorder
from console.session import ShowSession
from console.show.loader import load_script
from db.engine import open_database

SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"
SAMPLES = 3
STREAM_FOR_S = 1.0
FROZEN_FOR_S = 2.0
TICK_S = 0.05
STANDBY = "稍后回来"


def _playbook(detector: str, params: str, for_s: float, steps: str):
    text = (f"id: {detector.replace('_', '-')}\ntitle: bench\nwhen:\n  detector: {detector}\n  for: {for_s:g}s\n"
            f"{params}severity: critical\nsteps:\n{steps}resolve: auto\n")
    playbook, diagnostics = load_playbook_text(text, "bench.yaml")
    assert playbook is not None, diagnostics
    return playbook


def _run_until(session: ShowSession, done, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        time.sleep(TICK_S)
        session.tick(time.monotonic())


def _stream_down_sample(sandbox: ObsSandbox, client: ObsClient, witness_events: list, recorder: Recorder) -> float:
    script = load_script(SCRIPT).script
    with RtmpSink() as sink:
        assert client.call("SetStreamServiceSettings", {"streamServiceType": "rtmp_custom", "streamServiceSettings": {
            "server": sink.url, "key": "bench"}}).ok
        facade = SessionPlaybooks([_playbook("stream_down", "", STREAM_FOR_S,
                                             "  - {do: switch_scene, scene: standby}\n")])
        session = ShowSession(script, recorder=recorder, obs=client, kind="rehearsal", playbooks=facade)
        session.start(time.monotonic())
        witness_events.clear()
        assert client.call("StartStream").ok
        _run_until(session, lambda: any(v == "OBS_WEBSOCKET_OUTPUT_STARTED" for _t, v in witness_events), 15)
        _run_until(session, lambda: False, 0.5)  # the show's first scene settles
        sink.kill()
        _run_until(session, lambda: any(v == STANDBY for _t, v in witness_events), 15)
        reconnecting = next(t for t, v in witness_events if v == "OBS_WEBSOCKET_OUTPUT_RECONNECTING")
        on_air = next(t for t, v in witness_events if v == STANDBY and t > reconnecting)
        session.close(time.monotonic())
        client.call("StopStream")
        deadline = time.monotonic() + 10
        while client.call("GetStreamStatus").data.get("outputActive") and time.monotonic() < deadline:
            time.sleep(0.1)
    return on_air - reconnecting


def _camera_sample(client: ObsClient, witness: ObsClient, recorder: Recorder, caption: str) -> float:
    script = load_script(SCRIPT).script
    facade = SessionPlaybooks([_playbook("camera_frozen", "  source: 摄像头A\n", FROZEN_FOR_S,
                                         f"  - {{do: show_text, source: 字幕条, text: {caption}}}\n")])
    session = ShowSession(script, recorder=recorder, obs=client, kind="rehearsal", playbooks=facade)
    session.start(time.monotonic())
    try:
        # A moving picture first: OBS resumes a paused media source with a delay,
        # so wait until the detector has seen the camera move for a while.
        detector = facade.bank.detectors["camera-frozen"]
        moving_since = time.monotonic()
        deadline = moving_since + 15
        while time.monotonic() - moving_since < 2.0 and time.monotonic() < deadline:
            _run_until(session, lambda: False, TICK_S)
            if detector.previous is None or detector.same_since is not None:
                moving_since = time.monotonic()
        assert not facade.runner.incidents, "a moving camera was reported frozen"
        assert client.call("TriggerMediaInputAction", {"inputName": "摄像头A",
                                                       "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PAUSE"}).ok
        with FreezeWitness(witness, "摄像头A") as watcher:
            _run_until(session, lambda: bool(facade.runner.incidents) and
                       facade.runner.incidents[0].first_action_at is not None, 15)
            confirmed = time.monotonic()  # the tick that collected OBS's confirmation
        incident = facade.runner.incidents[0]
        assert incident.first_action_at is not None
        # Both on the show clock (speed 1): how much of the latency is the action itself.
        _camera_sample.action_s.append(incident.first_action_at - incident.opened_at)
        return confirmed - watcher.last_change
    finally:
        client.call("TriggerMediaInputAction", {"inputName": "摄像头A",
                                                "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PLAY"})
        session.close(time.monotonic())


_camera_sample.action_s = []  # type: ignore[attr-defined]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, RtmpSink() as default_sink, \
            ObsSandbox(rtmp_url=default_sink.url) as sandbox:
        engine = open_database(f"sqlite:///{tmp}/bench.sqlite")
        recorder = Recorder(engine)
        client = ObsClient(sandbox.url, sandbox.password).start()
        witness = ObsClient(sandbox.url, sandbox.password, name="witness").start()
        events: list[tuple[float, str]] = []

        def on_event(kind: str, data: dict) -> None:
            if kind == "StreamStateChanged":
                events.append((time.monotonic(), data.get("outputState", "")))
            elif kind == "CurrentProgramSceneChanged":
                events.append((time.monotonic(), data.get("sceneName", "")))

        witness.obs_event.connect(on_event)
        lock = threading.Lock()
        try:
            assert client.wait_for_state(ConnectionState.OK, timeout=10)
            assert witness.wait_for_state(ConnectionState.OK, timeout=10)
            assert client.call("SetCurrentSceneTransition", {"transitionName": "Cut"}).ok
            with lock:
                stream = [_stream_down_sample(sandbox, client, events, recorder) for _ in range(SAMPLES)]
                frozen = [_camera_sample(client, witness, recorder, f"画面调整中 {i}") for i in range(SAMPLES)]
        finally:
            witness.stop()
            client.stop()
            recorder.close()
            engine.dispose()
    print(f"camera_frozen: detection→action confirmed {statistics.median(_camera_sample.action_s):.3f} s (median)")
    for name, values, baseline in (("stream_down_to_standby", stream, STREAM_FOR_S),
                                   ("camera_frozen_to_first_action", frozen, FROZEN_FOR_S)):
        value = statistics.median(values)
        print(f"BENCH name={name} value={value:.3f} unit=s baseline={baseline:.3f} "
              f"ratio={value / baseline:.3f} n={len(values)}")


if __name__ == "__main__":
    main()
