"""The OBS client against a fake obs-websocket server that misbehaves on purpose.

The fake speaks the real handshake and checks the real auth hash; the faults
are the ones a real OBS cannot be made to produce on demand. The client's
timers (backoff, heartbeat, staleness, request timeouts) run on a fake clock
the tests advance: nothing sleeps to let time pass; the socket I/O with the
fake server stays real.
"""

from __future__ import annotations

import subprocess
import sys
import itertools
import threading
import time

import pytest

from console.obs.client import ObsClient
from console.obs.heartbeat import OBS_HEARTBEAT_INTERVAL_S, OBS_STALE_AFTER_S
from console.obs.model import CONNECTION_LOST, NOT_CONNECTED, TIMED_OUT, ConnectionState
from console.obs.reconnect import RECONNECT_BACKOFF_CAP_S, RECONNECT_BACKOFF_FIRST_S
from tests.fakes.fake_clock import FakeClock
from tests.fakes.fake_obs import FakeObsServer

#: Threads of an ObsClient that wait on its clock: the worker and the action queue.
CLIENT_THREADS = 2
#: Fake time long enough for several backoff rounds, were there any.
SEVERAL_BACKOFF_ROUNDS_S = 5 * RECONNECT_BACKOFF_CAP_S


def _states(client: ObsClient) -> list[tuple[ConnectionState, str]]:
    seen: list[tuple[ConnectionState, str]] = []
    client.state_changed.connect(lambda state, reason: seen.append((state, reason)))
    return seen


def _quiet(client: ObsClient, clock: FakeClock) -> None:
    """Nothing of the client's own is on the wire, and the worker waits for its next heartbeat only.

    One request at a time is in flight, so once a request of the test's is answered every request
    sent before it (the state read after connect, the audio inputs' mute read that follows it) has
    been answered too. Without that round trip the deadline test below can pass while the mute read
    is still on the wire (the heartbeat's deadline comes first): its answer, late on a loaded
    machine, then lands after the clock was advanced and counts as OBS speaking (a CI failure).
    """
    assert client.request("GetVersion").result(5).ok
    clock.settle(CLIENT_THREADS, until=lambda: _only_the_next_heartbeat_is_due(clock))


def _only_the_next_heartbeat_is_due(clock: FakeClock, worker: str = "obs-worker") -> bool:
    """The worker waits for its next heartbeat and nothing sooner: no request of its own is in flight.

    (With a heartbeat out it would wake at the staleness limit instead; a
    request's answer may still be on the wire, which :func:`_quiet` rules out.)
    """
    return clock.deadline_of(worker) == clock.now() + OBS_HEARTBEAT_INTERVAL_S


def test_connects_with_the_real_auth_hash_and_reads_state():
    with FakeObsServer(password="s3cret") as server, ObsClient(server.url, "s3cret") as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        assert client.snapshot.obs_version == "29.0.2-fake"
        # GetSceneList lists bottom-up; the client shows OBS's dock order (top-down).
        assert client.snapshot.scenes == ("A", "B")
        assert client.snapshot.program_scene == "A"
        assert server.identified == 1


def test_wrong_password_is_auth_failed_without_a_retry_loop():
    clock = FakeClock()
    with FakeObsServer(password="right") as server, ObsClient(server.url, "wrong", clock=clock) as client:
        assert client.wait_for_state(ConnectionState.AUTH_FAILED, timeout=5)
        assert "password" in client.state_reason
        clock.settle(CLIENT_THREADS)
        clock.advance(SEVERAL_BACKOFF_ROUNDS_S)
        clock.settle(CLIENT_THREADS)
        assert server.connections == 1
        assert client.state == ConnectionState.AUTH_FAILED
        # Requests fail at once with the reason, they do not queue.
        result = client.request("GetVersion").result(1)
        assert not result.ok and result.code == NOT_CONNECTED and "password" in result.error_text
        # The operator's retry with the right password connects.
        client.reconnect_now("right")
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        assert server.connections == 2


def test_kicked_session_is_disconnected_and_not_retried():
    clock = FakeClock()
    with FakeObsServer(mode="kick", password=None) as server:
        client = ObsClient(server.url, clock=clock)
        seen = _states(client)
        kicked = threading.Event()
        client.state_changed.connect(
            lambda state, reason: state == ConnectionState.DISCONNECTED and "kicked" in reason and kicked.set())
        with client:
            assert kicked.wait(5)
            clock.settle(CLIENT_THREADS)
            clock.advance(SEVERAL_BACKOFF_ROUNDS_S)
            clock.settle(CLIENT_THREADS)
            assert server.connections == 1
            assert client.state == ConnectionState.DISCONNECTED
        assert any("kicked" in reason for state, reason in seen if state == ConnectionState.DISCONNECTED)


def test_garbage_instead_of_hello_is_a_clear_reason_and_retried():
    clock = FakeClock()
    with FakeObsServer(mode="garbage") as server, ObsClient(server.url, "x", clock=clock) as client:
        clock.settle(CLIENT_THREADS)  # the first attempt failed: the client waits out its backoff
        assert client.state == ConnectionState.CONNECTING
        assert "does not speak obs-websocket" in client.state_reason
        assert server.connections == 1
        clock.advance(RECONNECT_BACKOFF_FIRST_S)
        clock.settle(CLIENT_THREADS)
        assert server.connections == 2  # retried with backoff, the link may come right


def test_silent_server_times_out_the_handshake():
    clock = FakeClock()
    with FakeObsServer(mode="silent") as server:
        # The handshake's timeout is a real socket timeout: short here.
        with ObsClient(server.url, "x", connect_timeout=0.5, clock=clock) as client:
            clock.settle(CLIENT_THREADS)
            assert client.state == ConnectionState.CONNECTING
            assert "did not complete the handshake" in client.state_reason


def test_obs_error_code_and_comment_reach_the_caller():
    with FakeObsServer(mode="error", password=None) as server, ObsClient(server.url) as client:
        # The state read fails in "error" mode, so talk to a healthy fake for the read
        # and check the error path on a request in a normal server instead.
        pass
    with FakeObsServer(password=None, responses={}) as server, ObsClient(server.url) as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        server.mode = "error"
        result = client.request("SetCurrentProgramScene", {"sceneName": "Nope"}, origin="operator").result(5)
        assert not result.ok
        assert result.code == 600
        assert "No source was found" in result.comment
        assert "ResourceNotFound 600" in result.error_text


def test_hung_obs_is_not_live_within_two_seconds_and_requests_time_out():
    clock = FakeClock()
    with FakeObsServer(password=None) as server:
        with ObsClient(server.url, request_timeout=1.0, clock=clock) as client:
            assert client.wait_for_state(ConnectionState.OK, timeout=5)
            _quiet(client, clock)
            server.mode = "hang"
            pending = client.request("GetVersion")
            clock.settle(CLIENT_THREADS)
            clock.advance(OBS_STALE_AFTER_S - 0.1)
            clock.settle(CLIENT_THREADS)
            assert client.state == ConnectionState.OK  # a second and a half of silence is not yet a fault
            clock.advance(0.2)  # silent 1.7 s: past the staleness limit, within the 2 s promised
            clock.settle(CLIENT_THREADS)
            assert client.state == ConnectionState.RECONNECTING
            clock.advance(1.0)  # the request's own timeout, had staleness not failed it already
            result = pending.result(3)
            assert not result.ok and result.code in (TIMED_OUT, NOT_CONNECTED)
            # New requests are refused at once while OBS is silent.
            quick = client.request("GetVersion").result(0.5)
            assert not quick.ok and quick.code == NOT_CONNECTED


def test_slow_answers_time_out_and_the_next_request_still_works():
    clock = FakeClock()
    with FakeObsServer(password=None) as server:
        with ObsClient(server.url, request_timeout=0.3, clock=clock) as client:
            assert client.wait_for_state(ConnectionState.OK, timeout=5)
            _quiet(client, clock)
            # Real delay: the answer is on its way when the fake 0.3 s have passed.
            server.mode, server.delay = "slow", 0.5
            pending = client.request("GetVersion")
            clock.settle(CLIENT_THREADS)
            clock.advance(0.3)
            result = pending.result(3)
            assert not result.ok and result.code == TIMED_OUT
            assert "did not answer within 0.3 s" in result.error_text
            server.mode = "normal"
            assert client.wait_for_state(ConnectionState.OK, timeout=5)
            assert client.request("GetVersion", timeout=2).result(3).ok  # the late answer was not taken for it


def test_backoff_grows_to_its_cap_and_resets_after_success(monkeypatch):
    server = FakeObsServer(password=None)
    port = server.port
    server.stop()  # nothing listens: every attempt is refused
    clock = FakeClock()
    attempts: list[float] = []
    client = ObsClient(f"ws://127.0.0.1:{port}", clock=clock)
    original_open = client._open

    def counting_open():
        attempts.append(clock.now())
        return original_open()

    monkeypatch.setattr(client, "_open", counting_open)

    def next_attempt() -> None:
        clock.settle(CLIENT_THREADS)
        clock.advance(clock.next_deadline() - clock.now())

    with client:
        for _ in range(7):
            next_attempt()
        clock.settle(CLIENT_THREADS)
        gaps = [b - a for a, b in itertools.pairwise(attempts)]
        assert gaps == pytest.approx([0.25, 0.5, 1.0, 2.0, 3.0, 3.0, 3.0])
        assert (RECONNECT_BACKOFF_FIRST_S, RECONNECT_BACKOFF_CAP_S) == (0.25, 3.0)
        # OBS comes back on its port: the client connects, then loses it again.
        with FakeObsServer(password=None, port=port):
            next_attempt()
            assert client.wait_for_state(ConnectionState.OK, timeout=5)
        assert client.wait_for_state(ConnectionState.RECONNECTING, timeout=5)
        clock.settle(CLIENT_THREADS)
        assert clock.next_deadline() - attempts[-1] == pytest.approx(RECONNECT_BACKOFF_FIRST_S)  # reset


def test_connection_loss_fails_the_pending_request_and_reconnects():
    clock = FakeClock()
    with FakeObsServer(password=None) as server, ObsClient(server.url, clock=clock) as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        server.mode = "hang"
        pending = client.request("GetVersion")
        clock.settle(CLIENT_THREADS)  # it is out (or next in line behind an unanswered heartbeat)
        server.mode = "normal"
        for sock in list(server._sockets):  # drop the TCP connection under the client
            sock.shutdown(2)
        result = pending.result(3)
        assert not result.ok and result.code == CONNECTION_LOST
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        assert server.identified == 2


def test_stop_answers_everything_queued_and_leaves_no_thread():
    with FakeObsServer(password=None, mode="hang") as server:
        client = ObsClient(server.url).start()
        futures = [client.request("GetVersion") for _ in range(5)]
        client.stop()
        assert all(f.done() for f in futures)
        assert not client.running


@pytest.mark.parametrize("mode,expected", [
    ("garbage", "does not speak obs-websocket"),
    ("kick", "kicked"),
])
def test_cli_gives_one_line_and_exit_1_on_a_broken_server(mode, expected, tmp_path):
    with FakeObsServer(mode=mode, password=None) as server:
        proc = subprocess.run([sys.executable, "-m", "console.cli", "obs", "status", "--obs-url", server.url],
                              capture_output=True, text=True, timeout=30, env=_env(tmp_path))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert expected in lines[0]
    assert "Traceback" not in proc.stderr


def test_cli_silent_server_does_not_hang(tmp_path):
    with FakeObsServer(mode="silent") as server:
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "console.cli", "obs", "scenes", "--obs-url", server.url],
                              capture_output=True, text=True, timeout=30, env=_env(tmp_path))
        elapsed = time.monotonic() - started
    assert proc.returncode == 1
    assert "did not complete the handshake within 5 s" in proc.stderr
    assert elapsed < 12


def test_cli_wrong_port_and_bad_url(tmp_path):
    server = FakeObsServer()
    url = server.url
    server.stop()
    proc = subprocess.run([sys.executable, "-m", "console.cli", "obs", "switch", "A", "--obs-url", url],
                          capture_output=True, text=True, timeout=30, env=_env(tmp_path))
    assert proc.returncode == 1 and "nothing is listening" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "console.cli", "obs", "status", "--obs-url", "http://x:1"],
                          capture_output=True, text=True, timeout=30, env=_env(tmp_path))
    assert proc.returncode == 1 and "unsupported OBS URL scheme" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "console.cli", "obs", "frobnicate"],
                          capture_output=True, text=True, timeout=30, env=_env(tmp_path))
    assert proc.returncode == 2


def _env(tmp_path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["LIVEROOM_HOME"] = str(tmp_path)
    return env
