"""SessionPlaybooks: inputs from other threads reach the detectors on the tick; actions go to OBS."""

from __future__ import annotations

import base64
import threading
import types
from concurrent.futures import Future

from console.contingency.session import SessionPlaybooks
from console.events import Signal
from console.obs.actions import ActionQueue
from console.obs.model import ObsResult
from tests.contingency.helpers import playbook
from tests.contingency.test_detectors import bmp


class FakeObs:
    """Answers at once; like ObsClient it owns its action queue (a thread): ``stop()`` it after the test."""

    def __init__(self) -> None:
        self.state = "ok"
        self.state_changed = Signal("fake.state_changed")
        self.snapshot = types.SimpleNamespace(scenes=("稍后回来", "机位A 全景"), program_scene="机位A 全景")
        self.requests: list[tuple[str, dict, dict]] = []
        self.screenshots: list[bytes] = []
        self.action_queue = ActionQueue(self, "fake-obs").start()

    def stop(self) -> None:
        self.action_queue.stop(5)

    def request(self, request_type, params=None, *, origin="console", timeout=None, priority=0) -> Future:
        self.requests.append((request_type, dict(params or {}), {"origin": origin, "priority": priority}))
        data = {}
        if request_type == "GetSourceScreenshot":
            data = {"imageData": "data:image/bmp;base64," + base64.b64encode(self.screenshots.pop(0)).decode()}
        future: Future = Future()
        future.set_result(ObsResult(request_type, dict(params or {}), True, data, 100, None, 0.2, 0.0, origin))
        return future


def fake_session(obs) -> types.SimpleNamespace:
    return types.SimpleNamespace(recorder=None, show_id="s1", _module_at=lambda ts: "m1", obs=obs, live_stream=False, speed=1.0,
                                 script=types.SimpleNamespace(show=types.SimpleNamespace(
                                     scenes={"standby": "稍后回来", "wide": "机位A 全景"})))


STEPS = "  - {do: switch_scene, scene: standby}\n  - {check: 通知主播, within: 5m}\n"


def test_stream_reconnecting_event_from_another_thread_switches_to_standby(stopped_after_test):
    obs = stopped_after_test(FakeObs())
    facade = SessionPlaybooks([playbook("stream_down", for_="1s", steps=STEPS),
                               playbook("obs_disconnected", steps=STEPS, resolve="manual")])
    session = fake_session(obs)
    facade.show_started(session, 0.0)
    opened = []
    facade.runner.incident_opened.connect(opened.append)
    states = ["OBS_WEBSOCKET_OUTPUT_STARTED", "OBS_WEBSOCKET_OUTPUT_RECONNECTING"]
    sender = threading.Thread(target=lambda: [facade.obs_event(session, "StreamStateChanged", {"outputState": s})
                                              for s in states])
    sender.start()
    sender.join()
    facade.tick(session, 0.0, 1000.0)
    assert opened == []
    facade.tick(session, 1.0, 1001.0)
    assert [i.playbook.id for i in opened] == ["stream-down"]
    incident = opened[0]
    running = incident.steps[0].future
    if running is not None:
        running.result(timeout=5)  # the fake client's action thread runs it (it may be done already)
    facade.tick(session, 1.1, 1001.1)
    assert incident.steps[0].status == "ok"
    assert ("SetCurrentProgramScene", {"sceneName": "稍后回来"}) in [(r[0], r[1]) for r in obs.requests]
    facade.obs_event(session, "StreamStateChanged", {"outputState": "OBS_WEBSOCKET_OUTPUT_RECONNECTED"})
    facade.tick(session, 2.0, 1002.0)
    assert incident.state == "resolved"
    # The client's state changes arrive through its signal.
    obs.state = "reconnecting"
    obs.state_changed.emit("reconnecting", "heartbeat lost")
    facade.tick(session, 3.0, 1003.0)
    assert [i.playbook.id for i in opened] == ["stream-down", "obs-disconnected"]
    assert opened[1].steps[0].status == "waiting_obs"  # OBS away: the action waits for it
    facade.close(session, 4.0)
    assert len(obs.state_changed) == 0


def test_camera_frozen_polls_bmp_screenshots_in_the_background(stopped_after_test):
    obs = stopped_after_test(FakeObs())
    facade = SessionPlaybooks([playbook("camera_frozen", params="source: 摄像头A", for_="1s", steps=STEPS)])
    session = fake_session(obs)
    facade.show_started(session, 0.0)
    obs.screenshots = [bmp(8, 4, 10)] + [bmp(8, 4, 99)] * 10
    mono = 0.0
    while mono < 3.0 and not facade.runner.incidents:
        facade.tick(session, mono, 500.0 + mono)
        mono = round(mono + 0.1, 1)
    shots = [r for r in obs.requests if r[0] == "GetSourceScreenshot"]
    assert shots[0][1] == {"sourceName": "摄像头A", "imageFormat": "bmp", "imageWidth": 64}
    assert shots[0][2]["priority"] == 1
    # frames every 0.5 s: 10 at 0.0, 99 from 0.5; the same for 1 s at 1.5 → fired on the tick after (1.6).
    assert facade.runner.incidents and facade.runner.incidents[0].opened_at == 501.6


def test_audience_viewers_and_flagged_comments_and_drill():
    facade = SessionPlaybooks([playbook("viewers_drop", params="percent: 50;window: 60s", steps=STEPS),
                               playbook("banned_word", steps=STEPS, resolve="manual")])
    session = fake_session(None)
    facade.show_started(session, 0.0)
    viewers = type("ViewersEvent", (), {})
    first, second = viewers(), viewers()
    first.online, first.ts, second.online, second.ts = 1000, 10.0, 400, 20.0
    hit = types.SimpleNamespace(term="加微信", category="引流")
    comment = types.SimpleNamespace(user="u", text="加微信")
    facade.audience(session, [first, second], [(comment, "m1", (hit,)), (comment, "m1", ())])
    facade.tick(session, 0.0, 20.0)
    assert sorted(i.playbook.id for i in facade.runner.incidents) == ["banned-word", "viewers-drop"]
    failed = facade.runner.incidents[0].steps[0]
    assert failed.status == "failed" and failed.error == "no OBS connection in this session"
    drill = facade.drill("viewers-drop", who="导播")
    assert drill.drill and drill.opened_at == 20.0


def test_a_switch_to_a_role_the_show_lacks_is_a_positioned_warning_at_show_start():
    facade = SessionPlaybooks([playbook("stream_down", steps="  - {do: switch_scene, scene: backup}\n"
                                                             "  - {do: switch_scene, scene: \"scene:稍后回来\"}\n")])
    facade.show_started(fake_session(None), 0.0)
    assert [(d.severity, d.code, d.position.line, d.position.col) for d in facade.diagnostics] == [
        ("warning", "unknown-role", 8, 5)]
    assert "no scene role 'backup'" in facade.diagnostics[0].message
