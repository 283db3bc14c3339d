"""The HTTP intake over real loopback: every answer of CONTRACTS §3, commit before 202."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from concurrent.futures import Future

import pytest

from console.audience.intake import MAX_REPORTED_REJECTIONS, AudienceIntake, RateLimit
from tests.audience.conftest import SHOW_ID, TOKEN, post, stored_rows

TS = 1796126400


def ev(**fields) -> str:
    return json.dumps({"ts": TS, **fields}, ensure_ascii=False)


def test_mixed_batch_answers_202_after_commit_with_the_rejected_lines(intake, database):
    engine, _recorder = database
    body = "\n".join([
        ev(kind="comment", user="u1", text="多少钱"),
        ev(kind="like", count=-2),
        "",
        ev(kind="order", order_id="o1", sku="A-1001", qty=1, amount=249),
        "{oops",
        ev(kind="red_packet", amount=8),
    ])
    answer = post(intake, body)
    assert answer.status == 202
    assert answer.json() == {"accepted": 3, "rejected": [
        {"line": 2, "error": "field 'count' must be an integer ≥ 1, got -2"},
        {"line": 5, "error": "not valid JSON: Expecting property name enclosed in double quotes at column 2"},
    ]}
    # 202 means committed: the rows are readable right now, attributed, with the validated data.
    rows = stored_rows(engine)
    assert [(r["show_id"], r["kind"], r["module_id"], r["ts"]) for r in rows] == [
        (SHOW_ID, "comment", "opening", TS), (SHOW_ID, "order", "opening", TS), (SHOW_ID, "red_packet", "opening", TS)]
    assert rows[0]["data"] == {"user": "u1", "text": "多少钱"}
    assert rows[1]["data"] == {"order_id": "o1", "sku": "A-1001", "qty": 1, "amount": 249.0}


def test_rejected_lines_are_published(intake):
    seen = []
    intake.rejected.connect(lambda client, rejections: seen.append((client, rejections)))
    post(intake, "\n".join([ev(kind="follow", user="a"), "x"]))
    assert seen == [("127.0.0.1", [(2, "not valid JSON: Expecting value at column 1")])]


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN + "x", TOKEN[:-1]])
def test_401_for_missing_or_wrong_token_without_echo(intake, database, token):
    engine, _ = database
    secret_body = ev(kind="comment", user="u", text="SECRET-BODY")
    answer = post(intake, secret_body, token=token)
    assert answer.status == 401
    assert answer.json() == {"error": "missing or wrong bearer token"}
    assert b"SECRET" not in answer.body
    assert answer.headers.get("WWW-Authenticate") == "Bearer"
    assert stored_rows(engine) == []


def test_401_for_another_scheme(intake):
    answer = post(intake, ev(kind="follow", user="a"), token=None, headers={"Authorization": f"Basic {TOKEN}"})
    assert answer.status == 401


def test_413_over_one_mebibyte_is_refused_before_reading(intake, database):
    engine, _ = database
    line = ev(kind="follow", user="a") + "\n"
    body = line * (1024 * 1024 // len(line) + 1)
    assert len(body) > 1024 * 1024
    answer = post(intake, body)
    assert answer.status == 413
    assert answer.json() == {"error": "body over 1048576 bytes"}
    assert stored_rows(engine) == []


def test_413_from_the_header_alone(intake):
    # The client announces 2 MiB but sends nothing: the answer comes without waiting for the body.
    answer = post(intake, b"", headers={"Content-Length": str(2 * 1024 * 1024)}, skip_length=True)
    assert answer.status == 413


def test_exactly_one_mebibyte_is_accepted(intake):
    line = ev(kind="follow", user="a")
    padding = 1024 * 1024 - len(line)
    body = line + "\n" * padding
    assert len(body.encode()) == 1024 * 1024
    answer = post(intake, body)
    assert answer.status == 202 and answer.json()["accepted"] == 1


def test_400_when_no_line_is_valid(intake, database):
    engine, _ = database
    answer = post(intake, "nope\n" + ev(kind="like", count=0))
    assert answer.status == 400
    assert answer.json() == {"accepted": 0, "error": "no valid event in the body", "rejected": [
        {"line": 1, "error": "not valid JSON: Expecting value at column 1"},
        {"line": 2, "error": "field 'count' must be an integer ≥ 1, got 0"},
    ]}
    assert stored_rows(engine) == []


def test_400_for_an_empty_body(intake):
    answer = post(intake, "\n\n")
    assert answer.status == 400
    assert answer.json() == {"accepted": 0, "rejected": [], "error": "the body has no events"}


def test_400_for_a_malformed_content_length(intake):
    assert post(intake, b"", headers={"Content-Length": "12abc"}, skip_length=True).status == 400
    assert post(intake, b"", headers={"Content-Length": "-1"}, skip_length=True).status == 400


def test_411_without_content_length_and_for_chunked(intake):
    assert post(intake, b"", skip_length=True).status == 411
    answer = post(intake, b"", headers={"Transfer-Encoding": "chunked"}, skip_length=True)
    assert answer.status == 411


def test_404_and_405(intake):
    assert post(intake, ev(kind="follow", user="a"), path="/v1/other").status == 404
    assert post(intake, ev(kind="follow", user="a"), path="/").status == 404
    assert post(intake, b"", method="GET", skip_length=True).status == 405
    assert post(intake, b"", method="GET", path="/x", skip_length=True).status == 404
    answer = post(intake, b"", method="PUT")
    assert answer.status == 405 and answer.headers["Allow"] == "POST"


def test_query_string_is_ignored_for_routing(intake):
    assert post(intake, ev(kind="follow", user="a"), path="/v1/events?source=douyin").status == 202


def test_429_past_the_rate_limit_then_the_server_still_serves_others(pipeline):
    # A bucket that refills once in ~17 minutes: the third request in a row is always over the limit.
    limited = AudienceIntake("127.0.0.1", 0, TOKEN, pipeline.submit, rate_limit=RateLimit(per_second=0.001, burst=2))
    with limited:
        statuses = [post(limited, ev(kind="follow", user="a")).status for _ in range(3)]
        assert statuses == [202, 202, 429]
        answer = post(limited, ev(kind="follow", user="a"))
        assert answer.status == 429 and answer.json() == {"error": "too many requests"}
        assert answer.headers["Retry-After"] == "1"


def test_rate_limit_refills_with_time():
    now = [0.0]
    intake = AudienceIntake("127.0.0.1", 0, TOKEN, lambda events: None,
                            rate_limit=RateLimit(per_second=2.0, burst=2), clock=lambda: now[0])
    allow = intake._buckets_allow
    assert [allow("a"), allow("a"), allow("a")] == [True, True, False]
    assert allow("b")  # per client
    now[0] = 0.5  # one token back
    assert [allow("a"), allow("a")] == [True, False]


def test_503_when_the_commit_fails_and_nothing_is_claimed():
    def failing(events):
        future = Future()
        future.set_exception(RuntimeError("disk full"))
        return future

    with AudienceIntake("127.0.0.1", 0, TOKEN, failing) as intake:
        answer = post(intake, ev(kind="follow", user="a"))
        assert answer.status == 503
        assert answer.json() == {"accepted": 0, "error": "the events were not committed: disk full"}
        assert intake.accepted_total == 0


@pytest.mark.parametrize("database", ["no schema", "no show row"])
def test_a_database_error_reaches_the_sender_without_sql_parameters_or_server_details(tmp_path, database):
    # Real SQL errors: the recorder writes into a database without the schema (an OperationalError, retried),
    # or for a show that is not there (an IntegrityError, failed row by row). Their text carries the
    # statement and every row of the batch; PostgreSQL's would also name the server and the user.
    from console.audience.pipeline import AudiencePipeline
    from console.recording import Recorder
    from db.engine import open_database

    engine = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}", migrate_schema=database != "no schema")
    recorder = Recorder(engine)
    pipeline = AudiencePipeline(recorder, SHOW_ID, module_at=lambda ts: None)
    try:
        with AudienceIntake("127.0.0.1", 0, TOKEN, pipeline.submit) as intake:
            answer = post(intake, "\n".join([ev(kind="comment", user="u1", text="OTHER-SENDERS-TEXT"),
                                              ev(kind="follow", user="a")]))
    finally:
        recorder.close()
        engine.dispose()
    assert answer.status == 503
    assert answer.json()["error"].startswith("the events were not committed: ")
    for leak in (b"INSERT", b"audience_events", b"OTHER-SENDERS-TEXT", b"sqlite", b"parameters", b"SQL"):
        assert leak not in answer.body, answer.body


def test_503_when_the_commit_times_out():
    never = Future()
    with AudienceIntake("127.0.0.1", 0, TOKEN, lambda events: never, commit_timeout=0.05) as intake:
        answer = post(intake, ev(kind="follow", user="a"))
        assert answer.status == 503
        assert answer.json()["error"] == "the events were not committed within 0.05 s"


def test_a_sink_that_raises_answers_503_and_the_server_stays_up():
    calls = []

    def sink(events):
        calls.append(events)
        raise ValueError("boom")

    with AudienceIntake("127.0.0.1", 0, TOKEN, sink) as intake:
        assert post(intake, ev(kind="follow", user="a")).status == 503
        assert post(intake, ev(kind="follow", user="a")).status == 503
        assert len(calls) == 2


def test_many_rejections_are_capped_in_the_answer_with_the_total(intake):
    body = "\n".join(["x"] * (MAX_REPORTED_REJECTIONS + 5) + [ev(kind="follow", user="a")])
    answer = post(intake, body).json()
    assert answer["accepted"] == 1
    assert len(answer["rejected"]) == MAX_REPORTED_REJECTIONS
    assert answer["rejected_total"] == MAX_REPORTED_REJECTIONS + 5


def test_urllib_client_and_keep_alive_reuse(intake):
    request = urllib.request.Request(intake.url, data=ev(kind="follow", user="a").encode(), method="POST",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202
        assert json.loads(response.read()) == {"accepted": 1, "rejected": []}
    bad = urllib.request.Request(intake.url, data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(bad, timeout=10)
    assert caught.value.code == 401
    # Several requests on one HTTP/1.1 connection.
    import http.client

    connection = http.client.HTTPConnection(*intake.address, timeout=10)
    try:
        for n in range(3):
            connection.request("POST", "/v1/events", body=ev(kind="like", count=n + 1),
                               headers={"Authorization": f"Bearer {TOKEN}"})
            response = connection.getresponse()
            assert response.status == 202 and json.loads(response.read())["accepted"] == 1
    finally:
        connection.close()


def test_garbage_on_the_socket_does_not_stop_the_server(intake):
    for junk in (b"\x00\xff garbage\r\n\r\n", b"POST /v1/events HTTP/9.9\r\n\r\n", b"GET " + b"A" * 70000 + b"\r\n\r\n",
                 b"POST /v1/events HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"):
        with socket.create_connection(intake.address, timeout=5) as sock:
            sock.sendall(junk)
            sock.shutdown(socket.SHUT_WR)
            try:
                sock.recv(1000)
            except OSError:
                pass
    assert post(intake, ev(kind="follow", user="a")).status == 202


def test_binds_loopback_by_default_and_stop_joins_the_thread(pipeline):
    intake = AudienceIntake(port=0, token=TOKEN, sink=pipeline.submit)
    intake.start()
    assert intake.address[0] == "127.0.0.1"
    names = {t.name for t in threading.enumerate()}
    assert "audience-intake" in names
    intake.stop()
    assert "audience-intake" not in {t.name for t in threading.enumerate()}
    with pytest.raises(OSError):
        socket.create_connection(intake.address, timeout=1).close()


def test_constructor_refuses_no_token_or_no_sink(pipeline):
    with pytest.raises(ValueError):
        AudienceIntake("127.0.0.1", 0, "", pipeline.submit)
    with pytest.raises(ValueError):
        AudienceIntake("127.0.0.1", 0, TOKEN, None)


def test_content_length_oddities_are_400_not_a_crash(intake):
    for value in ("²", "1" * 5000, "0x10", "1 2"):
        answer = post(intake, b"", headers={"Content-Length": value}, skip_length=True)
        assert answer.status == 400, value
    assert post(intake, ev(kind="follow", user="a")).status == 202


def _expect_continue(intake, token, length):
    """Send headers with `Expect: 100-continue` and read the server's first status line before any body."""
    with socket.create_connection(intake.address, timeout=5) as sock:
        sock.sendall((f"POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                      f"Content-Length: {length}\r\nExpect: 100-continue\r\n\r\n").encode())
        first = sock.recv(200).split(b"\r\n", 1)[0]
        if first.endswith(b"100 Continue"):
            body = (ev(kind="follow", user="a") + "\n").encode()
            body = body + b" " * (length - len(body))
            sock.sendall(body)
            rest = b""
            while b"accepted" not in rest:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                rest += chunk
            return first, rest
        return first, b""


def test_expect_100_continue_refuses_before_the_body_and_invites_a_good_one(intake):
    assert _expect_continue(intake, "wrong", 100)[0].startswith(b"HTTP/1.1 401 ")
    assert _expect_continue(intake, TOKEN, 2 * 1024 * 1024)[0].startswith(b"HTTP/1.1 413 ")
    first, rest = _expect_continue(intake, TOKEN, 200)
    assert first == b"HTTP/1.1 100 Continue"
    assert b"202 Accepted" in rest and b'"accepted": 1' in rest


def test_head_gets_405_headers_only_and_the_connection_stays_usable(intake):
    import http.client

    connection = http.client.HTTPConnection(*intake.address, timeout=10)
    try:
        connection.request("HEAD", "/v1/events")
        response = connection.getresponse()
        assert response.status == 405 and response.read() == b""
    finally:
        connection.close()
    assert post(intake, ev(kind="follow", user="a")).status == 202
