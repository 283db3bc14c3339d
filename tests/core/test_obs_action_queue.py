"""Each OBS client runs its actions on its own serial queue, started and stopped with it.

Against the fake obs-websocket server (tests/fakes/fake_obs.py); the queue's
waits run on a fake clock, so a wait that never ends shows as a hang here.
"""

from __future__ import annotations

import threading

from console.obs.actions import ActionQueue, perform
from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from tests.fakes.fake_clock import FakeClock
from tests.fakes.fake_obs import FakeObsServer

CLIENT_THREADS = 2


def _thread_names() -> set[str]:
    return {thread.name for thread in threading.enumerate()}


def test_each_client_has_its_own_action_thread_named_for_it():
    with FakeObsServer(password=None) as server:
        with ObsClient(server.url, name="studio-a") as first, ObsClient(server.url, name="studio-b") as second:
            assert first.wait_for_state(ConnectionState.OK, timeout=5)
            assert second.wait_for_state(ConnectionState.OK, timeout=5)
            assert {"studio-a-actions", "studio-b-actions"} <= _thread_names()
            outcome = perform(first, {"do": "switch_scene", "scene": "scene:B"}, origin="operator").result(5)
            assert outcome.ok and outcome.scene == "B"
            assert [r.request for r in outcome.results] == ["SetCurrentProgramScene"]
        assert not {"studio-a-actions", "studio-b-actions"} & _thread_names()


def test_actions_run_in_the_order_they_were_performed():
    with FakeObsServer(password=None) as server, ObsClient(server.url) as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        futures = [perform(client, {"do": "switch_scene", "scene": f"scene:{name}"}) for name in "ABAB"]
        assert [f.result(5).scene for f in futures] == ["A", "B", "A", "B"]
        sent = [m["d"]["requestData"]["sceneName"] for m in server.requests
                if m.get("op") == 6 and m["d"]["requestType"] == "SetCurrentProgramScene"]
        assert sent == ["A", "B", "A", "B"]


def test_a_client_never_started_or_stopped_refuses_actions_at_once():
    client = ObsClient("ws://127.0.0.1:9")
    outcome = perform(client, {"do": "start_stream"}).result(1)
    assert not outcome.ok and "not running" in outcome.error
    with FakeObsServer(password=None) as server:
        client = ObsClient(server.url, name="studio").start()
        client.stop()
        outcome = perform(client, {"do": "start_stream"}).result(1)
        assert not outcome.ok and outcome.error == "the OBS client 'studio' is not running"


def test_stop_refuses_waiting_actions_and_ends_the_running_one_without_a_hang():
    clock = FakeClock()
    with FakeObsServer(password=None) as server:
        client = ObsClient(server.url, name="studio", clock=clock).start()
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        server.mode = "hang"  # the running action's request is never answered (its timeout is fake time)
        running = perform(client, {"do": "switch_scene", "scene": "scene:B"})
        waiting = perform(client, {"do": "start_stream"})
        clock.settle(CLIENT_THREADS)
        assert not running.done() and not waiting.done()
        client.stop()
        assert waiting.result(0).error == "the OBS client 'studio' stopped before the action ran"
        outcome = running.result(0)
        assert not outcome.ok and "stopped" in outcome.error
        assert "studio-actions" not in _thread_names()


def test_stop_cuts_short_an_action_that_waits_for_the_stream():
    # GetStreamStatus always says "not active": restart_stream waits (on the fake clock) for it to come up.
    clock = FakeClock()
    with FakeObsServer(password=None) as server:
        client = ObsClient(server.url, name="studio", clock=clock).start()
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        restart = perform(client, {"do": "restart_stream"})
        clock.settle(CLIENT_THREADS, until=lambda: clock.deadline_of("studio-actions") is not None)  # it pauses
        assert not restart.done()
        client.stop()
        outcome = restart.result(0)
        assert not outcome.ok and "stopped" in outcome.error


def test_a_fake_client_owns_a_queue_like_the_real_one():
    """What tests/ fakes do: any object with request() and snapshot can own an ActionQueue."""

    class Silent:
        snapshot = None

        def request(self, *args, **kwargs):  # pragma: no cover - the action below sends nothing
            raise AssertionError("nothing to send")

    fake = Silent()
    fake.action_queue = ActionQueue(fake, "fake").start()
    try:
        assert perform(fake, {"do": "note", "text": "hello"}).result(5).ok
    finally:
        fake.action_queue.stop(5)
    assert not perform(fake, {"do": "note"}).result(0).ok
