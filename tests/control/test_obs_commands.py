"""Camera commands and auto-arm against the real OBS sandbox (issue 18 points 1, 4, 5).

What OBS did is read back from OBS itself through a second connection (the
witness), not from the console's own snapshot.
"""

from __future__ import annotations

import time

import pytest

from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from tests.control.test_api import _running, _wait_for

pytestmark = [pytest.mark.obs, pytest.mark.keyring]


@pytest.fixture()
def obs_pair(obs_sandbox):
    """(the console's client, a witness client) on the session's sandbox; studio mode off and Fade after."""
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    witness = ObsClient(obs_sandbox.url, obs_sandbox.password, name="witness").start()
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        assert witness.wait_for_state(ConnectionState.OK, timeout=10)
        yield client, witness
    finally:
        witness.call("SetStudioModeEnabled", {"studioModeEnabled": False})
        if witness.call("GetStreamStatus").data.get("outputActive"):
            witness.call("StopStream")
        client.stop()
        witness.stop()


def _program(witness) -> str:
    return witness.call("GetCurrentProgramScene").data["currentProgramSceneName"]


def _preview(witness) -> str:
    return witness.call("GetCurrentPreviewScene").data["currentPreviewSceneName"]


def test_cameras_are_taken_cut_and_studio_taken_in_obs(controlled, obs_pair):
    client, witness = obs_pair
    assert witness.call("SetCurrentSceneTransition", {"transitionName": "Cut"}).ok
    show = controlled(obs=client)
    _running(show)
    scenes = list(client.snapshot.scenes)
    assert len(scenes) >= 3
    status, state = show.do("take_camera", index=2)
    assert status == 200, state
    assert _program(witness) == scenes[1]
    assert state["program_scene"] == scenes[1], "the answer carries the switch OBS confirmed"
    assert state["scenes"] == scenes
    status, answer = show.do("take_camera", index=len(scenes) + 1)
    assert status == 409 and f"no camera {len(scenes) + 1}" in answer["error"]
    status, answer = show.do("studio_take")
    assert status == 409 and "studio mode" in answer["error"]

    # Studio mode: a camera goes to preview; take and cut put it on program.
    assert witness.call("SetStudioModeEnabled", {"studioModeEnabled": True}).ok
    _wait_for(show, lambda s: s["studio_mode"] and s["preview_scene"] == scenes[1])
    time.sleep(0.5)  # OBS 29 finishes entering studio mode (preview := program) after it reports it
    assert witness.call("SetCurrentSceneTransition", {"transitionName": "Fade"}).ok
    status, state = show.do("take_camera", index=3)
    assert status == 200
    assert _preview(witness) == scenes[2] and _program(witness) == scenes[1]
    status, state = show.do("studio_take")
    assert status == 200
    _wait_for(show, lambda s: s["program_scene"] == scenes[2], timeout=5)  # after the Fade
    assert _program(witness) == scenes[2]
    assert show.do("take_camera", index=1)[0] == 200
    status, state = show.do("cut")
    assert status == 200
    _wait_for(show, lambda s: s["program_scene"] == scenes[0], timeout=5)
    assert _program(witness) == scenes[0]
    # The operator's transition is back after the cut (once OBS has reported the switch).
    deadline = time.monotonic() + 5
    while witness.call("GetCurrentSceneTransition").data["transitionName"] != "Fade":
        assert time.monotonic() < deadline, "the transition was not restored"
        time.sleep(0.05)


def test_camera_commands_are_journalled_with_origin_api(controlled, obs_pair, db_engine):
    from sqlalchemy import select

    from db import schema

    client, witness = obs_pair
    show = controlled(obs=client)
    _running(show)
    assert show.do("take_camera", index=2)[0] == 200
    show.recorder.flush(10)
    table = schema.obs_actions
    with db_engine.connect() as connection:
        rows = connection.execute(select(table.c.request, table.c.origin).where(table.c.origin == "api")).all()
    assert [(row.request, row.origin) for row in rows] == [("SetCurrentProgramScene", "api")]


def test_auto_arm_starts_the_show_with_the_stream_and_ends_it_when_the_stream_stops(controlled, obs_pair):
    client, witness = obs_pair
    show = controlled(obs=client, start=False, auto_arm=True)
    state = _wait_for(show, lambda s: s["show"] is not None)
    assert state["show"]["state"] == "loaded"
    assert witness.call("StartStream").ok
    state = _wait_for(show, lambda s: s["show"]["state"] == "running", timeout=15)
    assert state["streaming"] is True and state["module"]["id"] == "opening"
    time.sleep(1.0)  # a stream of one second
    assert witness.call("StopStream").ok
    state = _wait_for(show, lambda s: s["show"]["state"] == "ended", timeout=15)
    assert show.commands() == [("start", "auto-arm"), ("stop", "auto-arm")]
    assert show.control.auto_arm.queued == ["start", "stop"]
