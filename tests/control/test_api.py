"""The control API over real HTTP and WebSocket (CONTRACTS §11; issue 18 points 1 and 5).

Every request goes through a real socket to the real aiohttp server; the show
is a real ShowSession recorded in SQLite and in the team PostgreSQL; the token
is the real keyring's. Camera commands and auto-arm against the real OBS are
in test_obs_commands.py.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

pytestmark = pytest.mark.keyring

CONTRACT_FIELDS = {"show", "module", "next_cue", "program_scene", "preview_scene", "streaming", "recording",
                   "incidents", "kpis"}


def _wait_for(show, predicate, timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    state = show.state()
    while not predicate(state):
        assert time.monotonic() < deadline, f"the state never got there: {state}"
        time.sleep(0.05)
        state = show.state()
    return state


def _running(show) -> dict:
    return _wait_for(show, lambda state: state["module"] is not None)


def test_the_state_has_every_field_of_the_contract(controlled):
    show = controlled()
    state = _running(show)
    assert CONTRACT_FIELDS <= set(state)
    assert state["show"] == {"id": show.session.show_id, "title": "三段测试", "kind": "rehearsal",
                             "state": "running", "modules": 3}
    module = state["module"]
    assert (module["id"], module["index"], module["title"], module["type"]) == ("opening", 0, "开场", "opening")
    assert 55 <= module["remaining_s"] <= 60 and module["planned_s"] == 60
    assert module["over_under_s"] <= 0 and module["held"] is False
    assert state["next_cue"]["do"] == "show_text" and state["next_cue"]["text"] == "欢迎来到直播间"
    assert 5 <= state["next_cue"]["in_s"] <= 10
    assert state["next_module"]["id"] == "product"
    # No OBS in this rehearsal: said so, not made up.
    assert (state["obs"], state["program_scene"], state["preview_scene"]) == ("none", None, None)
    assert state["streaming"] is False and state["recording"] is False
    assert state["incidents"] == []
    assert set(state["kpis"]) >= {"online", "gmv", "orders", "conversion_rate", "comments_per_min"}
    assert all(set(kpi) == {"value", "status"} for kpi in state["kpis"].values())


def test_the_state_carries_live_kpis(controlled):
    from console.audience.events import OrderEvent, ViewersEvent

    show = controlled()
    _running(show)
    now = show.session.show_now(time.monotonic())
    show.session.submit([ViewersEvent(ts=now, online=321, entered=400),
                         OrderEvent(ts=now, order_id="o-1", sku="A-1001", qty=2, amount=498.0)]).result(10)
    state = _wait_for(show, lambda s: s["kpis"]["online"]["value"] == 321)
    assert state["kpis"]["gmv"]["value"] == 498.0
    assert state["kpis"]["orders"]["value"] == 1
    # The show's targets, as the tiles show them: 1 order of 400 reached is 0.25 % (target ≥ 12 %).
    assert state["kpis"]["conversion_rate"]["value"] == 0.0025
    assert state["kpis"]["conversion_rate"]["status"] == "bad"
    assert state["kpis"]["gmv"]["status"] is None  # no target for GMV


def test_run_of_show_commands_change_the_show_and_are_recorded_as_api(controlled):
    show = controlled()
    _running(show)
    status, state = show.do("next")
    assert status == 200 and state["module"]["id"] == "product"
    status, state = show.do("previous")
    assert status == 200 and state["module"]["id"] == "opening"
    status, state = show.do("hold")
    assert status == 200 and state["module"]["held"] is True
    status, state = show.do("resume")
    assert status == 200 and state["module"]["held"] is False
    before = state["module"]["remaining_s"]
    status, state = show.do("extend", by=30)
    assert status == 200 and state["module"]["planned_s"] == 90
    assert state["module"]["remaining_s"] >= before + 29
    status, state = show.do("shorten", by=20)
    assert status == 200 and state["module"]["planned_s"] == 70
    status, state = show.do("extend")  # the window's step: one minute
    assert status == 200 and state["module"]["planned_s"] == 130
    status, state = show.do("jump", module_id="closing")
    assert status == 200 and state["module"]["id"] == "closing"
    assert show.commands() == [("start", "operator"), ("next", "api"), ("previous", "api"), ("hold", "api"),
                               ("resume", "api"), ("extend", "api"), ("shorten", "api"), ("extend", "api"),
                               ("jump", "api")]


def test_commands_that_do_not_apply_answer_409_with_the_reason(controlled):
    show = controlled()
    _running(show)
    cases = [
        ({"do": "jump", "module_id": "nope"}, "no module 'nope'"),
        ({"do": "take_camera", "index": 1}, "no OBS"),
        ({"do": "studio_take"}, "no OBS"),
        ({"do": "cut"}, "no OBS"),
        ({"do": "ack", "incident_id": "no-such-incident"}, "no incident"),
        ({"do": "drill", "playbook_id": "no-such-playbook"}, "no-such-playbook"),
        ({"do": "accept", "proposal_id": "1"}, "no show with adjustment rules"),  # the script has no rule
        ({"do": "dismiss", "proposal_id": "1"}, "no show with adjustment rules"),
        ({"do": "ack_selling_cue"}, "no reminder is open"),
        ({"do": "start"}, "already started"),
    ]
    for body, reason in cases:
        status, answer = show.request("POST", "/v1/control", body)
        assert status == 409, (body, answer)
        assert reason in answer["error"], (body, answer)
    assert show.do("hold")[0] == 200
    status, answer = show.do("hold")
    assert status == 409 and "held" in answer["error"]


def test_no_show_running_is_409(controlled):
    show = controlled(start=False)
    _wait_for(show, lambda state: state["show"] is not None)
    for action in ("next", "previous", "hold", "extend", "shorten"):
        status, answer = show.do(action)
        assert status == 409 and "not started" in answer["error"], (action, answer)
    status, state = show.do("start")
    assert status == 200 and state["module"]["id"] == "opening"
    assert show.commands() == [("start", "api")]


def test_without_the_token_nothing_is_served_or_done(controlled):
    show = controlled()
    _running(show)
    for token in (None, "wrong-token", show.token[:-1]):
        for method, path, body in (("GET", "/v1/state", None), ("POST", "/v1/control", {"do": "next"})):
            status, answer = show.request(method, path, body, token=token)
            assert status == 401, (token, path, answer)
            assert "token" in answer["error"]
    with pytest.raises(InvalidStatus) as refused:
        connect(show.url.replace("http", "ws") + "/v1/stream", open_timeout=5)
    assert refused.value.response.status_code == 401
    assert show.state()["module"]["id"] == "opening"
    assert show.commands() == [("start", "operator")]
    # The phone's cookie is as good as the header.
    status, state = show.request("POST", "/v1/control", {"do": "next"}, token=None,
                                 headers={"Cookie": f"liveroom_control={show.token}"})
    assert status == 200 and state["module"]["id"] == "product"


BAD_BODIES = [
    (b"next", "not JSON"),
    (b"{\"do\": \"next\"", "not JSON"),
    (b"\xff\xfe", "not JSON"),
    (json.dumps(["next"]).encode(), "JSON object"),
    (json.dumps("next").encode(), "JSON object"),
    (b"{}", "missing \"do\""),
    (json.dumps({"do": 5}).encode(), "missing \"do\""),
    (json.dumps({"do": "fly"}).encode(), "unknown action 'fly'"),
    (json.dumps({"do": "extend", "by": -5}).encode(), "\"by\""),
    (json.dumps({"do": "extend", "by": "60"}).encode(), "\"by\""),
    (json.dumps({"do": "extend", "by": 1e9}).encode(), "\"by\""),
    (b'{"do": "extend", "by": NaN}', "\"by\""),
    (json.dumps({"do": "take_camera"}).encode(), "\"index\""),
    (json.dumps({"do": "take_camera", "index": 0}).encode(), "\"index\""),
    (json.dumps({"do": "take_camera", "index": True}).encode(), "\"index\""),
    (json.dumps({"do": "take_camera", "index": 1.5}).encode(), "\"index\""),
    (json.dumps({"do": "jump"}).encode(), "\"module_id\""),
    (json.dumps({"do": "jump", "module_id": ""}).encode(), "\"module_id\""),
    (json.dumps({"do": "ack", "incident_id": 7}).encode(), "\"incident_id\""),
    (json.dumps({"do": "complete_check", "incident_id": "x", "check": -1}).encode(), "\"check\""),
    (json.dumps({"do": "accept"}).encode(), "\"proposal_id\""),
]


def test_malformed_bodies_are_400_and_change_nothing(controlled):
    show = controlled()
    before = _running(show)
    for raw, reason in BAD_BODIES:
        status, answer = show.request("POST", "/v1/control", raw=raw)
        assert status == 400, (raw, answer)
        assert reason in answer["error"], (raw, answer)
    status, _answer = show.request("POST", "/v1/control", raw=b"{\"do\": \"next\", \"pad\": \"" + b"x" * 20_000 + b"\"}")
    assert status == 413
    after = show.state()
    assert after["module"]["id"] == before["module"]["id"] == "opening"
    assert after["module"]["planned_s"] == before["module"]["planned_s"]
    assert show.commands() == [("start", "operator")]
    assert show.control.surface.pending == 0


def test_incidents_are_drilled_acknowledged_checked_and_resolved_over_the_api(controlled):
    show = controlled()
    _running(show)
    playbook = next(p for p in show.session.playbooks.playbooks if p.checks)
    status, state = show.do("drill", playbook_id=playbook.id)
    assert status == 200
    [incident] = state["incidents"]
    assert incident["title"] == playbook.title and incident["drill"] is True
    assert incident["acknowledged"] is False and incident["checks_open"] == len(playbook.checks)
    status, state = show.do("ack", incident_id=incident["id"])
    assert status == 200 and state["incidents"][0]["acknowledged"] is True
    status, state = show.do("complete_check", incident_id=incident["id"])
    assert status == 200 and state["incidents"][0]["checks_open"] == len(playbook.checks) - 1
    status, answer = show.do("ack", incident_id=incident["id"])
    assert status == 409 and "acknowledged" in answer["error"]
    status, state = show.do("resolve", incident_id=incident["id"])
    assert status == 200 and state["incidents"] == []
    runner_incident = show.session.playbooks.runner.incident(incident["id"])
    whos = {(entry.kind, entry.who) for entry in runner_incident.entries}
    assert {("trigger", "api"), ("ack", "api"), ("check", "api"), ("resolve", "api")} <= whos


def test_the_stream_pushes_a_module_change_within_200_ms(controlled):
    show = controlled()
    _running(show)
    with connect(show.url.replace("http", "ws") + "/v1/stream", open_timeout=5,
                 additional_headers={"Authorization": f"Bearer {show.token}"}) as socket:
        first = json.loads(socket.recv(timeout=5))
        assert first["module"]["id"] == "opening"
        delays = []
        for expected in ("product", "closing"):
            sent = threading.Event()
            posted_at: list[float] = []

            def post(sent: threading.Event = sent, posted_at: list[float] = posted_at) -> None:
                posted_at.append(time.monotonic())
                sent.set()
                show.do("next")

            poster = threading.Thread(target=post)
            poster.start()
            sent.wait(5)
            while True:
                state = json.loads(socket.recv(timeout=5))
                if state["module"] and state["module"]["id"] == expected:
                    delays.append(time.monotonic() - posted_at[0])
                    break
            poster.join(5)
        assert max(delays) < 0.2, delays


def test_the_stream_repeats_the_state_when_nothing_changes(controlled):
    """The phone marks itself stale on silence: a quiet show is not silence."""
    show = controlled(start=False)  # a loaded show that has not started: nothing changes on its own
    _wait_for(show, lambda state: state["show"] is not None)
    with connect(show.url.replace("http", "ws") + "/v1/stream", open_timeout=5,
                 additional_headers={"Authorization": f"Bearer {show.token}"}) as socket:
        first = json.loads(socket.recv(timeout=5))
        started = time.monotonic()
        again = json.loads(socket.recv(timeout=8))
        assert again == first
        assert 4.0 <= time.monotonic() - started <= 7.0


def test_the_phone_page_is_served_without_a_secret_in_it(controlled):
    import urllib.request

    show = controlled()
    with urllib.request.urlopen(show.url + "/remote", timeout=5) as response:
        page = response.read().decode()
        assert response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Cache-Control"] == "no-store"
    assert "/v1/stream" in page and "liveroom_control" in page
    assert show.token not in page
