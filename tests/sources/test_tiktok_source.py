"""The tiktok source end to end without internet: its real child process, TikTokLive's own parser fed
frames built with TikTokLive's protobuf classes, posting to a real intake that commits to SQLite.

Only real waits here (a process, a socket, the child's own clock for staleness), each bounded.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import sys
from pathlib import Path

import pytest

from console.sources import tiktok
from console.sources.base import Backoff
from console.sources.tiktok import TikTokSource, find_child_python, sign_settings
from tests.audience.conftest import TOKEN, intake, pipeline, stored_rows  # noqa: F401 - fixtures used below
from tests.sources.conftest import StateLog, wait_until
from tests.sources.test_tiktok_format import FRAMES_TOOL, SPEC, run_tool

#: A child imports TikTokLive (about 2 s, more on a loaded machine) before it says anything.
CHILD_WAIT_S = 180.0  # TikTokLive's import took 26 s at a load average of 25 on 2 cores
STREAM_ENDED = 3  # TikTokLive's ControlAction.CONTROL_ACTION_STREAM_ENDED


def frames_file(folder: Path, spec: list[dict]) -> str:
    (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    run_tool(str(folder / "spec.json"), str(folder / "frames.jsonl"))
    return str(folder / "frames.jsonl")


@pytest.fixture(scope="module")
def room_frames(tmp_path_factory) -> str:
    return frames_file(tmp_path_factory.mktemp("room"), SPEC)


@pytest.fixture()
def make_source(pipeline, intake):  # noqa: F811 - the fixtures imported above
    made = []

    def make(frames: str, **kwargs) -> TikTokSource:
        kwargs.setdefault("backoff", Backoff(0.05, 0.2, jitter=0.1))
        kwargs.setdefault("signing", dict)
        source = TikTokSource(pipeline.submit, "@shop_live", intake_url=intake.url, intake_token=lambda: TOKEN,
                              frames=frames, **kwargs)
        made.append(source)
        return source

    yield make
    for source in made:
        source.stop()


def kinds(engine) -> list[str]:
    return [row["kind"] for row in stored_rows(engine)]


def test_the_child_posts_the_room_to_the_intake_and_reports_live(make_source, room_frames, database):
    engine, _recorder = database
    source = make_source(room_frames)
    states = StateLog(source)
    source.start()
    states.wait("live", timeout=CHILD_WAIT_S)
    wait_until(lambda: len(stored_rows(engine)) >= 11, timeout=CHILD_WAIT_S, what="the room's events committed")
    rows = stored_rows(engine)
    assert [r["kind"] for r in rows] == ["viewers", "comment", "like", "follow", "share", "gift", "tiktok_gift",
                                         "gift", "tiktok_gift", "room_enter", "viewers"]
    assert rows[1]["data"] == {"user": "7001", "nick": "Ann", "text": "多少钱? how much"}
    assert rows[1]["ts"] == 1796126401.0 and rows[1]["module_id"] == "opening"
    wait_until(lambda: source.health().events >= 11, what="the child's counters reaching the parent")
    health = source.health()
    assert (health.state.value, health.events, health.duplicates, health.rejected) == ("live", 11, 1, 0)
    assert health.events_per_minute > 0
    source.stop()
    assert states.states[0] == "connecting" and states.states[-1] == "ended"
    assert states.threads == {"source-tiktok"}
    assert source.child is None and len(stored_rows(engine)) == 11  # nothing more, nothing lost


def test_a_killed_child_is_noticed_restarted_and_the_outage_recorded_as_a_gap(make_source, room_frames, database):
    engine, _recorder = database
    source = make_source(room_frames)
    states = StateLog(source)
    source.start()
    first_live = states.wait("live", timeout=CHILD_WAIT_S)
    wait_until(lambda: len(stored_rows(engine)) >= 11, timeout=CHILD_WAIT_S, what="the first child's events")
    pid = source.child.pid
    os.kill(pid, signal.SIGKILL)
    down = states.wait("backoff", after=first_live)
    assert "ended unexpectedly" in states.statuses[down].reason and "-9" in states.statuses[down].reason
    states.wait("live", after=down, timeout=CHILD_WAIT_S)
    assert source.children_started == 2 and source.child.pid != pid
    wait_until(lambda: "source_gap" in kinds(engine), what="the gap marker")
    gap = next(r for r in stored_rows(engine) if r["kind"] == "source_gap")
    assert gap["data"]["source"] == "tiktok:@shop_live" and gap["data"]["from"] <= gap["data"]["to"]
    # The second child replays the same room: its messages are new to it (a new process), and the
    # viewer count restarts from the total the first child saw, so no entries are counted twice.
    wait_until(lambda: kinds(engine).count("viewers") >= 4, timeout=CHILD_WAIT_S, what="the second child's events")
    viewers = [r["data"] for r in stored_rows(engine) if r["kind"] == "viewers"]
    assert [v["entered"] for v in viewers] == [0, 25, 0, 25]


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP")
def test_a_hung_child_is_killed_and_restarted(make_source, room_frames):
    source = make_source(room_frames, child_silent_s=2.0)
    states = StateLog(source)
    source.start()
    live = states.wait("live", timeout=CHILD_WAIT_S)
    wait_until(lambda: source.health().events >= 11, timeout=CHILD_WAIT_S, what="the child's first reports")
    hung = source.child
    os.kill(hung.pid, signal.SIGSTOP)  # frozen: no report, no exit
    down = states.wait("backoff", after=live, timeout=CHILD_WAIT_S)
    assert states.statuses[down].reason.startswith("the TikTok process stopped answering for 2 s and was restarted")
    assert hung.poll() is not None  # killed, not left behind
    states.wait("live", after=down, timeout=CHILD_WAIT_S)


def test_silence_makes_it_stale_and_the_next_event_live_again(make_source, tmp_path, database):
    engine, _recorder = database
    spec = [SPEC[0], {**SPEC[1], "delay": 3.0}]
    source = make_source(frames_file(tmp_path, spec), stale_after_s=1.0)
    states = StateLog(source)
    source.start()
    live = states.wait("live", timeout=CHILD_WAIT_S)
    stale = states.wait("stale", after=live)
    assert "no event for 1 s" in states.statuses[stale].reason
    states.wait("live", after=stale)
    wait_until(lambda: "source_gap" in kinds(engine), what="the stale hole's gap marker")


def test_the_end_of_the_live_is_shown_as_ended_and_checked_again(make_source, tmp_path):
    spec = [SPEC[0], {"method": "WebcastControlMessage", "fields": {"action": STREAM_ENDED,
                                                                    "base_message": {"message_id": 99}}}]
    source = make_source(frames_file(tmp_path, spec), slow_retry_s=0.5)
    states = StateLog(source)
    source.start()
    live = states.wait("live", timeout=CHILD_WAIT_S)
    ended = states.wait("ended", after=live, timeout=CHILD_WAIT_S)
    assert states.statuses[ended].reason.startswith("the LIVE of @shop_live ended")
    # It keeps looking (the anchor may go live again) without flickering through "connecting".
    wait_until(lambda: source.children_started >= 2, timeout=CHILD_WAIT_S, what="a second look")
    states.wait("live", after=ended, timeout=CHILD_WAIT_S)
    assert "connecting" not in states.states[ended:]


def test_a_closed_connection_is_retried_with_backoff(make_source, tmp_path):
    source = make_source(frames_file(tmp_path, [SPEC[0]]), after_frames="close")
    states = StateLog(source)
    source.start()
    live = states.wait("live", timeout=CHILD_WAIT_S)
    down = states.wait("backoff", after=live, timeout=CHILD_WAIT_S)
    assert states.statuses[down].reason.startswith("TikTok closed the connection; retrying in")


def test_without_tiktoklives_environment_it_fails_saying_how_to_install_it(make_source, room_frames, monkeypatch):
    monkeypatch.setenv(tiktok.PYTHON_ENV, "/nonexistent/python")
    source = make_source(room_frames, slow_retry_s=60)
    states = StateLog(source)
    source.start()
    failed = states.wait("failed")
    assert "LIVEROOM_TIKTOK_PYTHON=/nonexistent/python is not a file" in states.statuses[failed].reason
    monkeypatch.delenv(tiktok.PYTHON_ENV)
    assert Path(find_child_python()).is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_sign_key_reaches_the_child_on_stdin_never_its_command_line(make_source, room_frames):
    source = make_source(room_frames, signing=lambda: {"sign_api_key": "euler-SECRET-42"})
    states = StateLog(source)
    source.start()
    states.wait("live", timeout=CHILD_WAIT_S)
    command_line = Path(f"/proc/{source.child.pid}/cmdline").read_bytes()
    assert b"euler-SECRET-42" not in command_line and FRAMES_TOOL.name.encode() not in command_line
    assert b"tiktok_child.py" in command_line


def test_sign_settings_come_from_the_environment_first(monkeypatch):
    monkeypatch.setenv(tiktok.SIGN_KEY_ENV, "from-env")
    monkeypatch.setenv(tiktok.SIGN_URL_ENV, "https://sign.example.invalid")
    assert sign_settings() == {"sign_api_key": "from-env", "sign_url": "https://sign.example.invalid"}


def test_targets_must_be_an_at_unique_id():
    for good in ("@shop_live", "@a.b_c9"):
        tiktok.check_target(good)
    for bad in ("shop_live", "@", "@has space", "@x/y", "@" + "a" * 65):
        with pytest.raises(ValueError, match="expected @unique_id"):
            tiktok.check_target(bad)




class FakeSignServer:
    """A local stand-in for TikTokLive's sign server: answers every ``/webcast/fetch/`` with one status."""

    def __init__(self, status: int, headers: dict[str, str] | None = None, body: dict | None = None) -> None:
        import http.server

        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server's name for it
                server.requests.append({"path": self.path, "api_key": self.headers.get("X-Api-Key", "")})
                payload = json.dumps(body or {}).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="fake-sign-server", daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture()
def sign_server_for():
    servers = []

    def make(status: int, **kwargs) -> FakeSignServer:
        servers.append(FakeSignServer(status, **kwargs))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def real_connection(make_source, sign_server: FakeSignServer, **kwargs) -> TikTokSource:
    """The child's real connection path (TikTokLive's own client and HTTP calls) against the local sign server.

    A known room id skips TikTok's page, so the first request TikTokLive makes is to the sign server.
    """
    return make_source(None, room_id=7_300_000_000_000_000_001, slow_retry_s=60,
                       signing=lambda: {"sign_api_key": "euler-KEY-7", "sign_url": sign_server.url}, **kwargs)


def test_a_rate_limiting_sign_server_makes_it_rate_limited_for_as_long_as_it_says(make_source, sign_server_for):
    server = sign_server_for(429, headers={"RateLimit-Remaining": "42", "RateLimit-Reset": "1796126442"},
                             body={"message": "Too many requests for this key"})
    source = real_connection(make_source, server)
    states = StateLog(source)
    source.start()
    limited = states.wait("rate_limited", timeout=CHILD_WAIT_S)
    wait_until(lambda: "retrying in 42 s" in source.status.reason, timeout=CHILD_WAIT_S, what="the retry delay")
    assert "the sign server limits requests" in states.statuses[limited].reason
    # The key from the keyring/environment reached TikTokLive, which sent it to the sign server.
    assert server.requests[0]["api_key"] == "euler-KEY-7"
    assert server.requests[0]["path"].startswith("/webcast/fetch/?client=ttlive-python&room_id=7300000000000000001")
    assert "connecting" not in states.states[limited:] and "live" not in states.states


def test_a_refused_api_key_makes_it_auth_expired(make_source, sign_server_for):
    server = sign_server_for(401, body={"message": "Invalid API key"})
    source = real_connection(make_source, server)
    states = StateLog(source)
    source.start()
    refused = states.wait("auth_expired", timeout=CHILD_WAIT_S)
    assert "the sign server refused the API key" in states.statuses[refused].reason
    assert "Invalid API key" in states.statuses[refused].reason


def test_an_unreachable_sign_server_is_retried_with_backoff(make_source, sign_server_for):
    server = sign_server_for(200)
    server.close()  # nothing listens there any more
    source = real_connection(make_source, server)
    states = StateLog(source)
    source.start()
    first = states.wait("backoff", timeout=CHILD_WAIT_S)
    assert "SignAPIError" in states.statuses[first].reason and "retrying in" in states.statuses[first].reason
    wait_until(lambda: source.children_started >= 2, timeout=CHILD_WAIT_S, what="a second attempt")


def test_events_the_intake_refuses_are_kept_and_delivered_once_it_takes_them(make_source, room_frames, database,
                                                                             pipeline, intake):  # noqa: F811
    engine, _recorder = database
    refusing = {"on": True}
    real_submit = pipeline.submit

    def submit(events):
        if refusing["on"]:
            from concurrent.futures import Future

            refused: Future = Future()
            refused.set_exception(RuntimeError("the show has not started yet"))
            return refused
        return real_submit(events)

    intake.sink = submit  # the intake's own sink, as a session that refuses before its start
    source = make_source(room_frames)
    states = StateLog(source)
    source.start()
    states.wait("live", timeout=CHILD_WAIT_S)
    wait_until(lambda: "events held: 11" in source.status.reason, timeout=CHILD_WAIT_S, what="the held events shown")
    assert "503" in source.status.reason and stored_rows(engine) == []
    refusing["on"] = False
    wait_until(lambda: len(stored_rows(engine)) >= 11, timeout=CHILD_WAIT_S, what="the held events delivered")
    wait_until(lambda: "events held" not in source.status.reason, what="the reason back to plain live")
    assert [r["kind"] for r in stored_rows(engine)].count("comment") == 1 and len(stored_rows(engine)) == 11


def test_sign_settings_come_from_the_keyring_when_the_environment_has_none(monkeypatch):
    from console.secrets import delete_secret, set_secret

    monkeypatch.delenv(tiktok.SIGN_KEY_ENV, raising=False)
    monkeypatch.delenv(tiktok.SIGN_URL_ENV, raising=False)
    set_secret(tiktok.SIGN_KEY_SECRET, "from-keyring")
    try:
        assert sign_settings() == {"sign_api_key": "from-keyring"}
        monkeypatch.setenv(tiktok.SIGN_KEY_ENV, "from-env")
        assert sign_settings() == {"sign_api_key": "from-env"}
    finally:
        delete_secret(tiktok.SIGN_KEY_SECRET)
    monkeypatch.delenv(tiktok.SIGN_KEY_ENV)
    assert sign_settings() == {}


def test_an_interpreter_that_cannot_run_is_shown_as_failed_and_tried_again(make_source, room_frames, tmp_path):
    not_a_program = tmp_path / "python"
    not_a_program.write_text("not a program")  # a file, but not executable
    source = make_source(room_frames, python=str(not_a_program), slow_retry_s=0.2)
    states = StateLog(source)
    source.start()
    failed = states.wait("failed")
    assert states.statuses[failed].reason.startswith(f"cannot start {not_a_program}: Permission denied")
    wait_until(lambda: "checking again in 0 s" in source.status.reason, what="the slow retry")
    assert source.status.state.value == "failed" and source.children_started == 0
