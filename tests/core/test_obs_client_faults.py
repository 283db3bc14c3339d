"""The OBS client against a fake obs-websocket server that misbehaves on purpose.

The fake speaks the real handshake and checks the real auth hash; the faults
are the ones a real OBS cannot be made to produce on demand.
"""

from __future__ import annotations

import subprocess
import sys
import time
from itertools import pairwise

import pytest

from console.obs import client as client_module
from console.obs.client import ObsClient
from console.obs.model import CONNECTION_LOST, NOT_CONNECTED, TIMED_OUT, ConnectionState
from tests.fakes.fake_obs import FakeObsServer


def _states(client: ObsClient) -> list[tuple[ConnectionState, str]]:
    seen: list[tuple[ConnectionState, str]] = []
    client.state_changed.connect(lambda state, reason: seen.append((state, reason)))
    return seen


def test_connects_with_the_real_auth_hash_and_reads_state():
    with FakeObsServer(password="s3cret") as server, ObsClient(server.url, "s3cret") as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        assert client.snapshot.obs_version == "29.0.2-fake"
        # GetSceneList lists bottom-up; the client shows OBS's dock order (top-down).
        assert client.snapshot.scenes == ("A", "B")
        assert client.snapshot.program_scene == "A"
        assert server.identified == 1


def test_wrong_password_is_auth_failed_without_a_retry_loop():
    with FakeObsServer(password="right") as server, ObsClient(server.url, "wrong") as client:
        assert client.wait_for_state(ConnectionState.AUTH_FAILED, timeout=5)
        assert "password" in client.state_reason
        time.sleep(1.5)  # long enough for several backoff rounds, were there any
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
    with FakeObsServer(mode="kick", password=None) as server, ObsClient(server.url) as client:
        seen = _states(client)
        assert client.wait_for_state(ConnectionState.DISCONNECTED, timeout=5)
        time.sleep(1.0)
        assert server.connections == 1
        assert any("kicked" in reason for state, reason in seen if state == ConnectionState.DISCONNECTED)


def test_garbage_instead_of_hello_is_a_clear_reason_and_retried():
    with FakeObsServer(mode="garbage") as server, ObsClient(server.url, "x") as client:
        time.sleep(1.2)
        assert client.state == ConnectionState.CONNECTING
        assert "does not speak obs-websocket" in client.state_reason
        assert server.connections >= 2  # retried with backoff, the link may come right


def test_silent_server_times_out_the_handshake(monkeypatch):
    with FakeObsServer(mode="silent") as server:
        client = ObsClient(server.url, "x", connect_timeout=0.5)
        with client:
            time.sleep(1.5)
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
    with FakeObsServer(password=None) as server, ObsClient(server.url, request_timeout=1.0) as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        server.mode = "hang"
        started = time.monotonic()
        pending = client.request("GetVersion")
        assert client.wait_for_state(ConnectionState.RECONNECTING, timeout=3)
        assert time.monotonic() - started < 2.0
        result = pending.result(3)
        assert not result.ok and result.code in (TIMED_OUT, NOT_CONNECTED)
        # New requests are refused at once while OBS is silent.
        quick = client.request("GetVersion").result(0.5)
        assert not quick.ok and quick.code == NOT_CONNECTED


def test_slow_answers_time_out_and_the_next_request_still_works():
    with FakeObsServer(password=None) as server, ObsClient(server.url, request_timeout=0.3) as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        server.mode, server.delay = "slow", 0.6
        result = client.request("GetVersion").result(3)
        assert not result.ok and result.code == TIMED_OUT
        assert "did not answer within 0.3 s" in result.error_text
        server.mode = "normal"
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        assert client.request("GetVersion", timeout=2).result(3).ok


def test_backoff_grows_to_its_cap_and_resets_after_success(monkeypatch):
    monkeypatch.setattr(client_module, "RECONNECT_BACKOFF_FIRST_S", 0.05)
    monkeypatch.setattr(client_module, "RECONNECT_BACKOFF_CAP_S", 0.4)
    server = FakeObsServer(password=None)
    port = server.port
    server.stop()  # nothing listens: every attempt is refused
    attempts: list[float] = []
    client = ObsClient(f"ws://127.0.0.1:{port}")
    client.state_changed.connect(lambda *_: None)
    original_open = client._open

    def counting_open():
        attempts.append(time.monotonic())
        return original_open()

    monkeypatch.setattr(client, "_open", counting_open)
    with client:
        time.sleep(2.0)
    gaps = [b - a for a, b in pairwise(attempts)]
    assert len(gaps) >= 4
    assert gaps[0] < 0.2  # first retry comes fast
    assert max(gaps) < 0.4 + 0.25  # capped (plus loop slack)
    assert gaps[-1] >= 0.3  # and it did grow to the cap


def test_connection_loss_fails_the_pending_request_and_reconnects():
    with FakeObsServer(password=None) as server, ObsClient(server.url) as client:
        assert client.wait_for_state(ConnectionState.OK, timeout=5)
        server.mode = "hang"
        pending = client.request("GetVersion")
        time.sleep(0.2)
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
