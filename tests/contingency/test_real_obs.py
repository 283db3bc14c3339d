"""Real faults against the real OBS sandbox: a killed RTMP sink, a paused camera, a SIGKILLed OBS, a muted mic.

What OBS did is read from OBS through a second connection (the witness), and
timed from OBS's own RECONNECTING event.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from console.contingency.session import SessionPlaybooks
from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from console.obs.processes import RtmpSink
from console.recording import Recorder
from console.session import ShowSession
from console.show.loader import load_script
from db.engine import open_database
from tests.contingency.helpers import playbook

pytestmark = pytest.mark.obs

SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"
STANDBY = "稍后回来"
FOR_S = 1.0


def test_killed_sink_puts_standby_on_air_within_for_plus_2s(obs_sandbox, rtmp_sink, fresh_sink, tmp_path):
    script = load_script(SCRIPT).script
    engine = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    witness = ObsClient(obs_sandbox.url, obs_sandbox.password, name="witness").start()
    events: list[tuple[float, str, str]] = []
    seen = threading.Event()

    def on_event(kind: str, data: dict) -> None:
        if kind == "StreamStateChanged":
            events.append((time.monotonic(), kind, data.get("outputState", "")))
        elif kind == "CurrentProgramSceneChanged":
            events.append((time.monotonic(), kind, data.get("sceneName", "")))
            if data.get("sceneName") == STANDBY:
                seen.set()

    witness.obs_event.connect(on_event)
    facade = SessionPlaybooks([playbook("stream_down", for_=f"{FOR_S:g}s", steps=(
        "  - {do: switch_scene, scene: standby}\n  - {do: show_text, source: 字幕条, text: 信号调整中，马上回来}\n"
        "  - {check: 通知主播, within: 5m}\n"))])
    session = None
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        assert witness.wait_for_state(ConnectionState.OK, timeout=10)
        assert client.call("SetCurrentSceneTransition", {"transitionName": "Cut"}).ok
        assert client.call("SetStreamServiceSettings", {"streamServiceType": "rtmp_custom", "streamServiceSettings": {
            "server": fresh_sink.url, "key": "contingency"}}).ok
        session = ShowSession(script, recorder=recorder, obs=client, kind="rehearsal", speed=1.0, playbooks=facade)
        session.start(time.monotonic())
        assert client.call("StartStream").ok
        deadline = time.monotonic() + 15
        while not any(e[2] == "OBS_WEBSOCKET_OUTPUT_STARTED" for e in events) and time.monotonic() < deadline:
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert any(e[2] == "OBS_WEBSOCKET_OUTPUT_STARTED" for e in events), events
        for _ in range(10):  # the show's own first scene switch settles, then the fault
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert facade.runner.incidents == []
        seen.clear()
        fresh_sink.kill()
        deadline = time.monotonic() + 15
        while not seen.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)
            session.tick(time.monotonic())
        reconnecting = next(t for t, _k, v in events if v == "OBS_WEBSOCKET_OUTPUT_RECONNECTING")
        on_air = next(t for t, k, v in events if k == "CurrentProgramSceneChanged" and v == STANDBY and t > reconnecting)
        print(f"stream_down: RECONNECTING → standby on program {on_air - reconnecting:.2f} s (for {FOR_S:g} s)")
        assert on_air - reconnecting <= FOR_S + 2.0, (on_air - reconnecting, events)
        assert witness.call("GetCurrentProgramScene").data["currentProgramSceneName"] == STANDBY
        assert [i.playbook.id for i in facade.runner.incidents] == ["stream-down"]
        for _ in range(40):  # the caption step and its confirmation
            time.sleep(0.05)
            session.tick(time.monotonic())
            if all(s.status in ("ok", "failed") for s in facade.runner.incidents[0].steps):
                break
        incident = facade.runner.incidents[0]
        assert [s.status for s in incident.steps] == ["ok", "ok"], [(s.status, s.error) for s in incident.steps]
        assert incident.first_action_at is not None
        caption = witness.call("GetInputSettings", {"inputName": "字幕条"}).data["inputSettings"]["text"]
        assert caption == "信号调整中，马上回来"
        # The sink comes back on the same port: OBS reconnects and the incident resolves by itself.
        with RtmpSink(port=fresh_sink.port):
            deadline = time.monotonic() + 20
            while incident.open and time.monotonic() < deadline:
                time.sleep(0.05)
                session.tick(time.monotonic())
            assert incident.state == "resolved" and incident.resolved_by == "system", events
            assert any(v == "OBS_WEBSOCKET_OUTPUT_RECONNECTED" for _t, _k, v in events)
    finally:
        if session is not None:
            session.close(time.monotonic())
        client.call("StopStream")
        deadline = time.monotonic() + 10
        while client.call("GetStreamStatus").data.get("outputActive") and time.monotonic() < deadline:
            time.sleep(0.1)  # teardown: OBS stops the output asynchronously
        client.call("SetStreamServiceSettings", {"streamServiceType": "rtmp_custom", "streamServiceSettings": {
            "server": rtmp_sink.url, "key": "liveroom"}})
        witness.stop()
        client.stop()
        recorder.close()
        engine.dispose()


def test_paused_camera_is_camera_frozen_within_for_plus_1s(obs_sandbox, tmp_path):
    """Timed from the freeze as OBS shows it: a witness connection takes screenshots every 50 ms
    (OBS stops the picture 0.05-1.3 s after the pause request, measured), and the freeze
    starts at the first of the identical pictures."""
    from tests.contingency.helpers import FreezeWitness

    script = load_script(SCRIPT).script
    engine = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    witness = ObsClient(obs_sandbox.url, obs_sandbox.password, name="witness").start()
    freeze_for = 2.0
    facade = SessionPlaybooks([playbook("camera_frozen", params="source: 摄像头A", for_=f"{freeze_for:g}s",
                                        steps="  - {do: note, text: 检查摄像头}\n")])
    session = None
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        assert witness.wait_for_state(ConnectionState.OK, timeout=10)
        with FreezeWitness(witness, "摄像头A") as watcher:
            session = ShowSession(script, recorder=recorder, obs=client, kind="rehearsal", speed=1.0,
                                  playbooks=facade)
            session.start(time.monotonic())
            end = time.monotonic() + 3.0
            while time.monotonic() < end:  # a moving camera: no incident
                time.sleep(0.05)
                session.tick(time.monotonic())
            assert facade.runner.incidents == []
            assert facade.bank.detectors["camera-frozen"].previous, "no screenshot was decoded"
            assert client.call("TriggerMediaInputAction", {
                "inputName": "摄像头A", "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PAUSE"}).ok
            paused = time.monotonic()
            deadline = paused + 10
            while not facade.runner.incidents and time.monotonic() < deadline:
                time.sleep(0.05)
                session.tick(time.monotonic())
            detected = time.monotonic()
            frozen = watcher.last_change
        print(f"camera_frozen: pause→freeze {frozen - paused:.2f} s, freeze→incident {detected - frozen:.2f} s "
              f"(for {freeze_for:g} s)")
        assert [i.playbook.id for i in facade.runner.incidents] == ["camera-frozen"]
        assert detected - frozen <= freeze_for + 1.0
    finally:
        client.call("TriggerMediaInputAction", {"inputName": "摄像头A",
                                                "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PLAY"})
        if session is not None:
            session.close(time.monotonic())
        witness.stop()
        client.stop()
        recorder.close()
        engine.dispose()


def test_sigkilled_obs_opens_obs_disconnected_and_pending_action_runs_when_it_is_back(fresh_obs, tmp_path):
    import signal

    script = load_script(SCRIPT).script
    engine = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(fresh_obs.url, fresh_obs.password).start()
    facade = SessionPlaybooks([playbook("obs_disconnected", for_="1s", resolve="manual", steps=(
        "  - {do: switch_scene, scene: standby}\n  - {check: 通知主播, within: 5m}\n"))])
    session = None
    restart = threading.Thread(target=fresh_obs.start_obs_again, name="test-obs-restart")
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        assert client.call("SetCurrentSceneTransition", {"transitionName": "Cut"}).ok
        session = ShowSession(script, recorder=recorder, obs=client, kind="rehearsal", speed=1.0, playbooks=facade)
        session.start(time.monotonic())
        for _ in range(10):
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert facade.runner.incidents == []
        fresh_obs.kill_obs(signal.SIGKILL)
        deadline = time.monotonic() + 20
        while not facade.runner.incidents and time.monotonic() < deadline:
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert [i.playbook.id for i in facade.runner.incidents] == ["obs-disconnected"]
        incident = facade.runner.incidents[0]
        assert incident.steps[0].status == "waiting_obs"
        restart.start()
        deadline = time.monotonic() + 28  # inside the runner's 30 s limit
        while incident.steps[0].status in ("waiting_obs", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert incident.steps[0].status == "ok", (incident.steps[0].status, incident.steps[0].error)
        assert client.call("GetCurrentProgramScene").data["currentProgramSceneName"] == STANDBY
        assert any(e.text.startswith("waiting for OBS") for e in incident.entries)
        for _ in range(5):  # the client's state change reaches the detector on the next tick
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert incident.open  # resolve: manual
        assert [e.text for e in incident.entries].count("condition cleared; resolve manually") == 1
    finally:
        if restart.is_alive() or restart.ident is not None:
            restart.join(60)
        if session is not None:
            session.close(time.monotonic())
        client.stop()
        recorder.close()
        engine.dispose()


def test_muted_mic_is_mic_silent_within_for_plus_1s(obs_sandbox, tmp_path):
    script = load_script(SCRIPT).script
    engine = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    silent_for = 2.0
    facade = SessionPlaybooks([playbook("mic_silent", params="input: 麦克风;below_db: -50", for_=f"{silent_for:g}s",
                                        steps="  - {do: unmute, input: 麦克风}\n")])
    session = None
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        assert client.call("SetInputMute", {"inputName": "麦克风", "inputMuted": False}).ok
        session = ShowSession(script, recorder=recorder, obs=client, kind="rehearsal", speed=1.0, playbooks=facade)
        session.start(time.monotonic())
        end = time.monotonic() + 3.0
        while time.monotonic() < end:  # the tone is on: no incident
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert facade.runner.incidents == []
        assert facade.bank.detectors["mic-silent"].level > -50  # the meters do arrive
        assert client.call("SetInputMute", {"inputName": "麦克风", "inputMuted": True}).ok
        muted = time.monotonic()
        deadline = muted + 10
        while not facade.runner.incidents and time.monotonic() < deadline:
            time.sleep(0.05)
            session.tick(time.monotonic())
        detected = time.monotonic()
        print(f"mic_silent: mute → incident {detected - muted:.2f} s (for {silent_for:g} s)")
        assert [i.playbook.id for i in facade.runner.incidents] == ["mic-silent"]
        assert detected - muted <= silent_for + 1.0
        incident = facade.runner.incidents[0]
        deadline = time.monotonic() + 5
        while incident.steps[0].status != "ok" and time.monotonic() < deadline:  # the playbook unmutes
            time.sleep(0.05)
            session.tick(time.monotonic())
        assert client.call("GetInputMute", {"inputName": "麦克风"}).data["inputMuted"] is False
    finally:
        client.call("SetInputMute", {"inputName": "麦克风", "inputMuted": False})
        if session is not None:
            session.close(time.monotonic())
        client.stop()
        recorder.close()
        engine.dispose()
