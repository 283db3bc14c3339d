"""The OBS client against a real OBS 29 (Debian's obs-studio under Xvfb).

Every switch is confirmed by OBS's own events and checked through a second,
independent connection, never through the console's own state alone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from console.obs.client import ObsClient
from console.obs.model import ConnectionState

pytestmark = pytest.mark.obs


def _wait_event(client: ObsClient, event_type: str, predicate=lambda data: True):
    """Arm a waiter before acting; call the result to wait (returns the event data)."""
    box: dict = {}
    done = threading.Event()

    def handler(kind: str, data: dict) -> None:
        if kind == event_type and predicate(data):
            box["data"] = data
            done.set()

    client.obs_event.connect(handler)

    def wait(timeout: float = 5.0) -> dict:
        try:
            assert done.wait(timeout), f"no {event_type} within {timeout} s"
            return box["data"]
        finally:
            client.obs_event.disconnect(handler)

    return wait


def _other_connection(sandbox) -> ObsClient:
    """An independent client, used as the witness of what OBS really shows."""
    witness = ObsClient(sandbox.url, sandbox.password, name="witness").start()
    assert witness.wait_for_state(ConnectionState.OK, timeout=10), witness.state_reason
    return witness


@pytest.fixture()
def client(obs_sandbox):
    with ObsClient(obs_sandbox.url, obs_sandbox.password) as c:
        assert c.wait_for_state(ConnectionState.OK, timeout=10), c.state_reason
        yield c


def test_connects_authenticates_and_reads_the_demo_collection(client):
    snapshot = client.snapshot
    assert snapshot.obs_version.startswith("29.")
    for scene in ("机位A 全景", "机位B 特写", "机位C 产品台", "稍后回来"):
        assert scene in snapshot.scenes
    assert snapshot.program_scene in snapshot.scenes
    assert any(i.name == "麦克风" for i in snapshot.audio_inputs)
    assert "Cut" in snapshot.transitions


def test_heartbeat_delivers_health_about_once_a_second(client):
    samples = []
    client.health.connect(samples.append)
    time.sleep(2.6)
    assert 2 <= len(samples) <= 4
    assert samples[-1].fps > 0
    assert samples[-1].render_total_frames > samples[0].render_total_frames


def test_volume_meters_are_subscribed(client):
    wait = _wait_event(client, "InputVolumeMeters")
    data = wait(3)
    assert any(i.get("inputName") == "麦克风" for i in data["inputs"])


def test_wrong_password_gives_auth_failed_and_no_retry_loop(obs_sandbox):
    states = []
    with ObsClient(obs_sandbox.url, "not-the-password") as c:
        c.state_changed.connect(lambda s, r: states.append(s))
        assert c.wait_for_state(ConnectionState.AUTH_FAILED, timeout=10)
        time.sleep(1.5)
        assert c.state == ConnectionState.AUTH_FAILED
    assert states.count(ConnectionState.AUTH_FAILED) == 1
    assert ConnectionState.RECONNECTING not in states


def test_switch_program_confirmed_by_obs_event_and_by_a_witness(client, obs_sandbox):
    target = "机位B 特写" if client.snapshot.program_scene != "机位B 特写" else "机位A 全景"
    wait = _wait_event(client, "CurrentProgramSceneChanged", lambda d: d["sceneName"] == target)
    result = client.request("SetCurrentProgramScene", {"sceneName": target}, origin="operator").result(5)
    assert result.ok, result.error_text
    wait()
    witness = _other_connection(obs_sandbox)
    try:
        assert witness.call("GetCurrentProgramScene").data["currentProgramSceneName"] == target
    finally:
        witness.stop()
    assert client.snapshot.program_scene == target


def test_unknown_scene_keeps_obs_reason(client):
    result = client.request("SetCurrentProgramScene", {"sceneName": "没有这个场景"}).result(5)
    assert not result.ok
    assert result.code == 600
    assert "没有这个场景" in result.comment


def test_studio_mode_preview_and_take(client, obs_sandbox):
    try:
        enabled = _wait_event(client, "StudioModeStateChanged", lambda d: d["studioModeEnabled"])
        assert client.request("SetStudioModeEnabled", {"studioModeEnabled": True}).result(5).ok
        enabled()
        program = client.snapshot.program_scene
        target = "机位C 产品台" if program != "机位C 产品台" else "机位A 全景"
        preview = _wait_event(client, "CurrentPreviewSceneChanged", lambda d: d["sceneName"] == target)
        assert client.request("SetCurrentPreviewScene", {"sceneName": target}).result(5).ok
        preview()
        assert client.snapshot.studio_mode and client.snapshot.preview_scene == target
        assert client.snapshot.program_scene == program  # preview does not touch program
        take = _wait_event(client, "CurrentProgramSceneChanged", lambda d: d["sceneName"] == target)
        assert client.request("TriggerStudioModeTransition").result(5).ok
        take()
        witness = _other_connection(obs_sandbox)
        try:
            assert witness.call("GetCurrentProgramScene").data["currentProgramSceneName"] == target
        finally:
            witness.stop()
    finally:
        client.request("SetStudioModeEnabled", {"studioModeEnabled": False}).result(5)


def test_sigkill_obs_reconnects_and_rereads_state(fresh_obs):
    lost_at: list[float] = []
    lost = threading.Event()

    def on_state(state: ConnectionState, _reason: str) -> None:
        if state == ConnectionState.RECONNECTING and not lost.is_set():
            lost_at.append(time.monotonic())
            lost.set()

    with ObsClient(fresh_obs.url, fresh_obs.password) as c:
        c.state_changed.connect(on_state)
        assert c.wait_for_state(ConnectionState.OK, timeout=10)
        assert c.request("SetCurrentProgramScene", {"sceneName": "机位C 产品台"}).result(5).ok
        killed_at = time.monotonic()
        fresh_obs.kill_obs(signal.SIGKILL)
        # Waits for the listener, not the state: state_changed is emitted just after the state is set.
        assert lost.wait(3)
        assert lost_at[0] - killed_at < 1.0
        # While OBS is gone, a request fails at once with the reason.
        failed = c.request("GetVersion").result(1)
        assert not failed.ok and "not connected" in failed.error_text
        fresh_obs.start_obs_again()
        # No operator step: the client comes back by itself and re-reads the state.
        assert c.wait_for_state(ConnectionState.OK, timeout=30), c.state_reason
        assert "机位A 全景" in c.snapshot.scenes
        assert c.snapshot.program_scene in c.snapshot.scenes
        time.sleep(1.5)
        assert c.snapshot.health is not None and c.snapshot.health.fps > 0


def test_sigstop_is_not_live_within_two_seconds_and_sigcont_is_live_again(fresh_obs):
    with ObsClient(fresh_obs.url, fresh_obs.password) as c:
        assert c.wait_for_state(ConnectionState.OK, timeout=10)
        time.sleep(1.2)
        stopped_at = time.monotonic()
        fresh_obs.kill_obs(signal.SIGSTOP)
        try:
            assert c.wait_for_state(ConnectionState.RECONNECTING, timeout=4)
            assert time.monotonic() - stopped_at < 2.0
        finally:
            fresh_obs.kill_obs(signal.SIGCONT)
        assert c.wait_for_state(ConnectionState.OK, timeout=10)
        assert c.request("GetVersion").result(5).ok


# -- the command line against the real OBS -----------------------------------------

def _cli(*args: str, env_extra: dict | None = None, stdin: str | None = None, tmp_home=None):
    env = dict(os.environ)
    if tmp_home is not None:
        env["LIVEROOM_HOME"] = str(tmp_home)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "console.cli", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env=env)


@pytest.mark.keyring
def test_cli_against_real_obs(obs_sandbox, keyring_backend, tmp_path):
    url = obs_sandbox.url
    stored = _cli("obs", "set-password", "--obs-url", url, stdin=obs_sandbox.password + "\n", tmp_home=tmp_path)
    assert stored.returncode == 0, stored.stderr
    assert obs_sandbox.password not in stored.stdout + stored.stderr

    status = _cli("obs", "status", "--json", "--obs-url", url, tmp_home=tmp_path)
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["connection"] == "ok"
    assert data["obs_version"].startswith("29.")
    for key in ("program_scene", "preview_scene", "studio_mode", "streaming", "recording", "fps", "cpu"):
        assert key in data
    assert data["preview_scene"] is None and data["studio_mode"] is False

    scenes = _cli("obs", "scenes", "--json", "--obs-url", url, tmp_home=tmp_path)
    assert scenes.returncode == 0, scenes.stderr
    rows = json.loads(scenes.stdout)
    assert [r["name"] for r in rows][:4] == ["机位A 全景", "机位B 特写", "机位C 产品台", "稍后回来"]
    assert sum(r["program"] for r in rows) == 1

    switched = _cli("obs", "switch", "机位B 特写", "--obs-url", url, tmp_home=tmp_path)
    assert switched.returncode == 0, switched.stderr
    witness = _other_connection(obs_sandbox)
    try:
        assert witness.call("GetCurrentProgramScene").data["currentProgramSceneName"] == "机位B 特写"
    finally:
        witness.stop()

    unknown = _cli("obs", "switch", "不存在", "--obs-url", url, tmp_home=tmp_path)
    assert unknown.returncode == 1 and len(unknown.stderr.strip().splitlines()) == 1
    no_preview = _cli("obs", "switch", "机位A 全景", "--preview", "--obs-url", url, tmp_home=tmp_path)
    assert no_preview.returncode == 1 and "studio mode" in no_preview.stderr

    # A wrong stored password: auth_failed, exit 1, one line.
    _cli("obs", "set-password", "--obs-url", url, stdin="wrong\n", tmp_home=tmp_path)
    wrong = _cli("obs", "status", "--json", "--obs-url", url, tmp_home=tmp_path)
    assert wrong.returncode == 1
    assert json.loads(wrong.stdout)["connection"] == "auth_failed"
    assert len(wrong.stderr.strip().splitlines()) == 1
    _cli("obs", "set-password", "--obs-url", url, stdin=obs_sandbox.password + "\n", tmp_home=tmp_path)
