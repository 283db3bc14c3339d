"""The Companion presets (resources/control/companion-presets.json) work against the real API (issue 18 point 3).

Every button is pressed as Companion's Generic HTTP module would send it
(the preset's URL, header and body, variables substituted) against a real
show on the real OBS: none may be refused as malformed or unauthorised. Every
JSONPath the feedbacks and variables read must exist in the real state.
"""

from __future__ import annotations

import json
import re

import pytest

from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from console.paths import resource
from tests.control.test_api import _running, _wait_for

pytestmark = [pytest.mark.obs, pytest.mark.keyring]

JSONPATH = re.compile(r"jsonpath\(\$\(custom:liveroom_state\), '(\$[^']*)'\)")


def _presets() -> dict:
    return json.loads(resource("control", "companion-presets.json").read_text(encoding="utf-8"))


def _resolve(state: dict, path: str) -> object:
    """The subset of JSONPath the presets use: $.a.b, $.a[0].b."""
    value: object = state
    for name, index in re.findall(r"\.(\w+)|\[(\d+)\]", path[1:]):
        if name:
            assert isinstance(value, dict) and name in value, f"{path}: no '{name}'"
            value = value[name]
        else:
            assert isinstance(value, list) and int(index) < len(value), f"{path}: no item {index}"
            value = value[int(index)]
    return value


def test_every_preset_button_is_accepted_and_every_path_exists(controlled, obs_sandbox):
    presets = _presets()
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        show = controlled(obs=client)
        _running(show)
        assert client.call("SetStudioModeEnabled", {"studioModeEnabled": True}).ok
        _wait_for(show, lambda s: s["studio_mode"])
        playbook = show.session.playbooks.playbooks[0]
        status, state = show.do("drill", playbook_id=playbook.id)
        assert status == 200

        texts = json.dumps(presets, ensure_ascii=False)
        paths = set(JSONPATH.findall(texts))
        assert len(paths) >= 10
        for path in paths:
            _resolve(state, path)

        variables = {"custom:liveroom_token": show.token, "expression:first_incident_id": state["incidents"][0]["id"]}

        def substitute(text: str) -> str:
            return re.sub(r"\$\(([\w:]+)\)", lambda match: variables[match.group(1)], text)

        poll = presets["poll_trigger"]["action"]
        status, polled = show.request("GET", poll["url"], token=None, headers=json.loads(substitute(poll["header"])))
        assert status == 200 and set(polled) == set(state)
        pressed = 0
        for button in presets["buttons"]:
            for press in button["press"]:
                assert press["url"] == "/v1/control" and press["contenttype"] == "application/json"
                status, answer = show.request("POST", press["url"], raw=substitute(press["body"]).encode(),
                                              token=None, headers=json.loads(substitute(press["header"])))
                # 409 is fine (e.g. RESUME on a running clock); malformed or refused is not.
                assert status in (200, 409), (button["text"], status, answer)
                pressed += 1
        assert pressed >= 12
        acknowledged = show.session.playbooks.runner.incident(variables["expression:first_incident_id"])
        assert acknowledged.state == "acknowledged" and acknowledged.acknowledged_by == "api"
    finally:
        client.call("SetStudioModeEnabled", {"studioModeEnabled": False})
        client.stop()
