"""The oba source against a local server speaking oba's exact format: real sockets, no internet.

Logic time (staleness, pings) runs on a FakeClock the test moves; only socket
and thread waits are real, each bounded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import threading
import time
from pathlib import Path

import pytest

from console.sources import oba
from console.sources.base import Backoff, SourceState
from console.sources.oba import ObaSource
from console.audience.pipeline import AudiencePipeline
from tests.audience.conftest import SHOW_ID, stored_rows
from tests.sources.conftest import Collector, StateLog, wait_until
from tests.sources.oba_server import FakeObaServer

FIXTURE = Path(__file__).parent / "fixtures" / "oba_session.jsonl"
PRODUCTS = {"3701": ("A-1001", 249.0)}


def fast_backoff() -> Backoff:
    return Backoff(0.02, 0.1, jitter=0.1)


def comment(n: int, *, msg_id: str | None = None, time_ms: int | None = None) -> dict:
    return {"msg_type": "comment", "msg_id": msg_id or f"c{n}", "time": time_ms or 1796126400000 + n,
            "nick_name": f"观众{n}", "content": f"第{n}条"}


@pytest.fixture()
def source_for(clock):
    started = []

    def make(url: str, sink, **kwargs) -> ObaSource:
        kwargs.setdefault("backoff", fast_backoff())
        source = ObaSource(sink, url, products=PRODUCTS, clock=clock.mono, wall_clock=clock.wall, **kwargs)
        started.append(source)
        return source

    yield make
    for source in started:
        source.stop()


@pytest.fixture()
def live_source(oba_server, source_for):
    """A source connected to the fake oba and live, with its sink and state log."""
    sink = Collector()
    source = source_for(oba_server.url, sink)
    states = StateLog(source)
    source.start()
    states.wait("live")
    oba_server.wait_clients()
    return source, sink, states


def test_the_recorded_session_arrives_mapped_deduplicated_and_stamped_in_seconds(oba_server, live_source):
    source, sink, states = live_source
    oba_server.send(FIXTURE.read_text(encoding="utf-8").splitlines())
    events = sink.wait_count(14)
    assert [e.kind for e in events] == [
        "comment", "room_enter", "like", "follow", "comment", "comment", "comment", "order_signal", "order",
        "order_signal", "order_signal", "order_signal", "subscribe_merchant_brand_vip", "ecom_fansclub_participate"]
    assert events[0].ts == 1796126400.12 and events[0].user == "nick:小雨"
    order = events[8]
    assert (order.order_id, order.sku, order.qty, order.amount, order.estimated) == ("O-1", "A-1001", 1, 249.0, True)
    source.stop()
    health = source.health()
    assert (health.frames, health.duplicates, health.unknown, health.malformed, health.events) == (18, 2, 2, 0, 14)
    assert states.threads == {"source-oba"}
    assert states.states == ["connecting", "live", "ended"]


def test_malformed_binary_and_non_object_frames_are_counted_never_fatal(oba_server, live_source, caplog):
    source, sink, states = live_source
    oba_server.send(["{not json", b"\x00\x01binary", "[1, 2, 3]", '"a string"', "null", "\xff\ud800".encode(
        "utf-8", "surrogatepass").decode("latin-1"), '{"msg_id": "x"}', b"\x89PNG", comment(1)])
    events = sink.wait_count(1)
    assert [e.text for e in events] == ["第1条"]
    health = source.health()
    assert (health.malformed, health.binary) == (6, 2)
    assert source.status.state is SourceState.LIVE
    # One log line for the burst of trouble, not one per frame.
    assert sum("malformed" in r.getMessage() for r in caplog.records) == 1


def test_a_close_and_a_restart_on_the_same_port_reconnects_and_records_the_gap(source_for, clock):
    server = FakeObaServer().start()
    sink = Collector()
    source = source_for(server.url, sink)
    states = StateLog(source)
    try:
        source.start()
        states.wait("live")
        server.wait_clients()
        server.send([comment(1)])
        sink.wait_count(1)
        gap_start = clock.wall()
        server.stop()                       # the operator stops 「监听」
        first_backoff = states.wait("backoff")
        clock.advance(42)                   # logic time passes while it is down
        server.start()                      # same port
        back = states.wait("live", after=first_backoff)
        server.wait_clients()
        server.send([comment(2)])
        events = sink.wait_count(3)
    finally:
        source.stop()
        server.stop()
    assert [e.kind for e in events] == ["comment", "source_gap", "comment"]
    assert events[1].to_data() == {"source": f"oba:{server.url}", "from": gap_start, "to": gap_start + 42}
    seen = states.states[first_backoff:back + 1]
    assert seen[0] == "backoff" and seen[-2:] == ["connecting", "live"]
    assert "closed by oba" in states.statuses[first_backoff].reason or "lost" in states.statuses[first_backoff].reason
    assert server.connections == 2


def test_an_unreachable_feed_is_retried_forever_with_growing_capped_delays(source_for):
    with socket.socket() as probe:              # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = source_for(f"ws://127.0.0.1:{port}", Collector(), backoff=Backoff(0.01, 0.04, jitter=0.0))
    states = StateLog(source)
    source.start()
    index = 0
    for _ in range(5):
        index = states.wait("backoff", after=index) + 1
    source.stop()
    reasons = [s.reason for s in states.statuses if s.state is SourceState.BACKOFF]
    assert all(r.startswith("cannot connect: ConnectionRefusedError") and "; retrying in " in r for r in reasons)
    assert source.backoff.attempts >= 5 and states.states[-1] == "ended"


def test_silence_makes_it_stale_then_the_next_message_makes_it_live_with_a_gap_from_the_last(
        oba_server, live_source, clock):
    source, sink, states = live_source
    oba_server.send([comment(1)])
    sink.wait_count(1)
    last_message = clock.wall()
    clock.advance(oba.STALE_AFTER_S + 1)    # past the threshold: the next poll (≤ POLL_S) notices
    stale = states.wait("stale")
    assert states.statuses[stale].reason == "no message for 30 s"
    clock.advance(5)
    oba_server.send([comment(2)])
    back = states.wait("live", after=stale)
    events = sink.wait_count(3)
    assert [e.kind for e in events] == ["comment", "source_gap", "comment"]
    assert events[1].to_data()["from"] == last_message and events[1].to_data()["to"] == last_message + 36
    assert back == stale + 1 and oba_server.connections == 1  # the same connection throughout


def test_pings_are_sent_and_an_unanswered_ping_drops_the_connection_unless_frames_still_arrive(source_for, clock):
    """A peer that completes the upgrade and never answers a ping (a frozen laptop), though it
    may still deliver frames — as oba does when our pong is queued behind a burst."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    received: list[bytes] = []
    accepted: list[socket.socket] = []
    send_one = threading.Event()
    done = threading.Event()

    def serve_one() -> None:
        conn, _ = listener.accept()
        accepted.append(conn)
        request = b""
        while b"\r\n\r\n" not in request:
            request += conn.recv(4096)
        key = [line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
               if line.lower().startswith(b"sec-websocket-key")][0]
        accept = base64.b64encode(hashlib.sha1(key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
        conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        conn.settimeout(10)
        try:
            received.append(conn.recv(4096))  # the client's ping, masked
            send_one.wait(10)
            payload = json.dumps(comment(1)).encode()
            conn.sendall(bytes([0x81, len(payload)]) + payload)  # one unmasked text frame
            done.wait(10)
        except OSError:
            pass

    thread = threading.Thread(target=serve_one, name="mute-peer")
    thread.start()
    source = source_for(f"ws://127.0.0.1:{port}", Collector(), backoff=Backoff(5.0, 5.0, jitter=0.0))
    states = StateLog(source)
    try:
        source.start()
        live = states.wait("live")
        clock.advance(oba.PING_INTERVAL_S)      # a ping is due
        wait_until(lambda: bool(received), what="the ping")
        assert received[0][0] == 0x89           # FIN + ping opcode
        clock.advance(5)
        send_one.set()                          # a message, 5 s into the unanswered ping
        wait_until(lambda: source.health().frames == 1, what="the frame")
        clock.advance(5)                        # ping 10 s old, but a frame 5 s ago: alive
        time.sleep(0.3)                         # several ticks of the source's loop
        assert source.status.state is SourceState.LIVE
        clock.advance(5)                        # nothing at all for 10 s: dead
        down = states.wait("backoff", after=live)
        assert states.statuses[down].reason.startswith("no answer to a ping in 10 s")
    finally:
        done.set()
        source.stop()
        thread.join(10)
        for conn in accepted:
            conn.close()
        listener.close()


def test_a_10000_message_burst_arrives_complete_in_order_and_deduplicated(oba_server, live_source):
    source, sink, states = live_source
    frames = []
    for n in range(10_000):
        frames.append(json.dumps(comment(n), ensure_ascii=False))
        if n % 10 == 0:
            frames.append(json.dumps(comment(n - 5 if n >= 5 else n), ensure_ascii=False))  # a repeat
    oba_server.send(frames, timeout=60)
    events = sink.wait_count(10_000, timeout=60)
    assert [e.text for e in events] == [f"第{n}条" for n in range(10_000)]
    assert source.health().duplicates == len(frames) - 10_000
    assert max(len(batch) for batch in sink.batches) <= 500      # bounded batches into the sink


def test_the_constructor_refuses_a_target_that_is_not_a_websocket_url():
    with pytest.raises(ValueError):
        ObaSource(Collector(), "http://127.0.0.1:12354")
    assert oba.DEFAULT_URL == "ws://127.0.0.1:12354"


def test_what_lands_in_the_database_through_the_real_pipeline_nothing_lost_across_a_reconnect(
        database, source_for, clock):
    engine, recorder = database
    pipeline = AudiencePipeline(recorder, SHOW_ID, module_at=lambda ts: "opening")
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    server = FakeObaServer().start()
    source = source_for(server.url, pipeline.submit)
    states = StateLog(source)
    try:
        source.start()
        states.wait("live")
        server.wait_clients()
        server.send(lines[:9])
        server.stop()
        down = states.wait("backoff")
        server.start()
        states.wait("live", after=down)
        server.wait_clients()
        server.send(lines[9:] + lines[:9])   # and oba's repeats of the first half are dropped
        wait_until(lambda: source.health().frames == 27, what="27 frames read")
    finally:
        source.stop()
        server.stop()
    recorder.flush()
    rows = stored_rows(engine)
    assert [r["kind"] for r in rows] == [
        "comment", "room_enter", "like", "follow", "comment", "comment", "comment", "order_signal", "source_gap",
        "order", "order_signal", "order_signal", "order_signal", "subscribe_merchant_brand_vip",
        "ecom_fansclub_participate"]
    assert {r["module_id"] for r in rows} == {"opening"} and {r["show_id"] for r in rows} == {SHOW_ID}
    order = rows[9]
    assert (order["ts"], order["data"]) == (1796126406.0, {"order_id": "O-1", "sku": "A-1001", "qty": 1,
                                                           "amount": 249.0, "estimated": True, "user": "nick:小雨"})
    assert rows[8]["data"]["source"] == f"oba:{server.url}"
    assert source.health().duplicates == 2 + 9
