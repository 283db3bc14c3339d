"""The ``oba`` source: a client of oba-live-tool's (and LiveDeck's) local WebSocket broadcast.

oba-live-tool reads the platforms' live consoles (Douyin 抖店/百应 compass,
视频号, 小红书, 淘宝, 快手) in a browser it drives and, while its operator
has 「监听」 on with the WebSocket option, broadcasts every message as one
JSON text frame to every client (default port 12354). Server → client only:
no handshake, no token. The wire format and its mapping are CONTRACTS §8 and
:mod:`console.sources.oba_format`.

Security: oba's server listens on **every interface** (Node ``ws`` with only a
port) and asks for no token, so anyone on the LAN can read the room's
comments and orders from it. This client connects to loopback by default;
pointing it at another host is the operator's choice (docs/audience-sources.md).

Library: ``websockets`` (BSD-3-Clause), its asyncio client, on an event loop
that lives and dies on the source's own thread. Chosen over
``websocket-client`` (already installed through obs-websocket-py) for speed,
measured here against the same local server: websocket-client reads a frame
with two or three small ``recv`` calls and took about 8,500 frames/s — slower
than the HTTP intake it sits beside —; websockets reads the socket in large
chunks and took about 36,000/s. The whole path is measured by
tests/bench/bench_sources.py. It also tells text frames from binary ones and
answers the server's pings by itself.

Thread: everything here runs on ``source-oba`` (see :class:`AudienceSource`).
The only other thread that can appear is asyncio's resolver (``asyncio_N``)
when the target is a host name rather than an address; it ends with the loop.

Liveness, two questions kept apart:

- Is the connection alive? We send our own ping every :data:`PING_INTERVAL_S`
  (oba never pings); no pong within :data:`PONG_TIMEOUT_S` means the socket is
  dead (a sleeping laptop, a pulled cable) → reconnect with backoff.
- Is the feed current? No message for :data:`STALE_AFTER_S` while connected →
  ``stale`` (not failed: oba's page may have stalled, or the room is quiet);
  the next message makes it ``live`` again and the hole becomes a
  ``source_gap`` from the last message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from typing import Any, Callable
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

from console.sources.base import FLUSH_INTERVAL_S, AudienceSource, Backoff, Sink, SourceState
from console.sources.oba_format import ObaMapper, ProductMap, product_map
from console.sources.registry import SourceContext, SourceKind, register

log = logging.getLogger(__name__)

DEFAULT_URL = "ws://127.0.0.1:12354"
#: A connect (TCP + upgrade) that takes longer is a failure. Loopback answers in
#: microseconds; 3 s leaves room for a LAN host.
CONNECT_TIMEOUT_S = 3.0
#: How long closing waits for oba's answer to our close frame before dropping the socket.
CLOSE_TIMEOUT_S = 1.0
#: How soon the stop flag is noticed while connecting or waiting to retry.
POLL_S = 0.2
#: Our own ping period. oba's server answers pings (Node ``ws`` does) but never
#: sends any, and a dead TCP peer is otherwise only noticed at the next write.
PING_INTERVAL_S = 10.0
#: A ping unanswered this long, with nothing else received meanwhile, means the connection is dead.
PONG_TIMEOUT_S = 10.0
#: No message for this long while connected → ``stale``. A busy room sends
#: entries, likes and comments every few seconds, and oba polls the consoles
#: every few seconds; half a minute of nothing means the figures are not current.
STALE_AFTER_S = 30.0
#: Largest frame accepted; oba's messages are a few hundred bytes. A bigger one
#: ends the connection (websockets' rule), and the source reconnects.
MAX_FRAME_BYTES = 1024 * 1024
#: Frames the library may hold read but not yet taken (its default is 16): a
#: burst is read in large gulps instead of pausing the socket every 16 frames.
#: 1,000 of oba's few-hundred-byte messages is a few hundred KB at most.
RECEIVE_QUEUE = 1000


class ObaSource(AudienceSource):
    """Client of the oba broadcast at ``url``; emits §3 events into ``sink`` (a list per call).

    ``products`` maps a platform product id to ``(sku, amount)`` (see
    :func:`console.sources.oba_format.product_map`); orders of other products
    stay ``order_signal``. ``clock``/``wall_clock``/``backoff``: see the base.
    """

    KIND = "oba"

    def __init__(self, sink: Sink, url: str = DEFAULT_URL, *, products: ProductMap | None = None,
                 stale_after_s: float = STALE_AFTER_S, clock: Callable[[], float] | None = None,
                 wall_clock: Callable[[], float] | None = None, backoff: Backoff | None = None) -> None:
        check_url(url)
        clocks: dict[str, Any] = {}
        if clock is not None:
            clocks["clock"] = clock
        if wall_clock is not None:
            clocks["wall_clock"] = wall_clock
        super().__init__(sink, url, backoff=backoff, **clocks)
        self.url = url
        self.stale_after_s = stale_after_s
        self.mapper = ObaMapper(products)
        self._last_message = 0.0       # source clock: the last message (staleness)
        self._last_message_wall = 0.0  # wall clock of the same (a stale gap's start)
        self._last_frame = 0.0         # source clock: the last frame of any kind (a dead connection)

    # -- the source's thread -------------------------------------------------
    def _serve(self, stopping: threading.Event) -> None:
        asyncio.run(self._serve_async(stopping))

    async def _serve_async(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            self._set_state(SourceState.CONNECTING, f"connecting to {self.url}")
            try:
                connection = await self._connect(stopping)
            except (OSError, asyncio.TimeoutError, WebSocketException) as exc:
                reason = f"cannot connect: {_describe(exc)}"
            else:
                if connection is None:  # stopped while connecting
                    return
                self.backoff.reset()
                try:
                    reason = await self._receive(connection, stopping)
                finally:
                    self._flush()
                    with contextlib.suppress(Exception):  # the socket is thrown away either way
                        await connection.close()
            if stopping.is_set():
                return
            delay = self.backoff.next_delay()
            self._set_state(SourceState.BACKOFF, f"{reason}; retrying in {delay:.1f} s")
            await _sleep_unless(stopping, delay)

    async def _connect(self, stopping: threading.Event) -> ClientConnection | None:
        # proxy=None: oba is on this machine or the LAN; an http_proxy set for the
        # browser (common with VPN tools) must not catch it. No compression: oba
        # offers none. Pings are ours (below), not the library's keepalive.
        attempt = asyncio.ensure_future(connect(
            self.url, proxy=None, compression=None, open_timeout=CONNECT_TIMEOUT_S, ping_interval=None,
            close_timeout=CLOSE_TIMEOUT_S, max_size=MAX_FRAME_BYTES, max_queue=RECEIVE_QUEUE))
        while not attempt.done():
            await asyncio.wait({attempt}, timeout=POLL_S)
            if stopping.is_set() and not attempt.done():
                attempt.cancel()
                with contextlib.suppress(BaseException):
                    await attempt
                return None
        return attempt.result()

    async def _receive(self, connection: ClientConnection, stopping: threading.Event) -> str:
        """Read until the connection ends or stopping is set; returns why it ended.

        A reader task takes frames as they come; this loop ticks every
        FLUSH_INTERVAL_S to flush, ping, and check staleness and the stop flag.
        """
        now = self._clock()
        self._last_message, self._last_message_wall = now, self._wall_clock()
        self._last_frame = now
        next_ping = now + PING_INTERVAL_S
        pong: asyncio.Future | None = None
        pong_due = 0.0
        self._set_state(SourceState.LIVE, f"connected to {self.url}")
        reader = asyncio.ensure_future(self._read(connection))
        try:
            while True:
                await asyncio.wait({reader}, timeout=FLUSH_INTERVAL_S)
                if reader.done():
                    return reader.result()
                if stopping.is_set():
                    return "stopped"
                self._flush()
                now = self._clock()
                if pong is not None and pong.done():
                    pong = None
                # Dead only if nothing at all came since: behind a backlog (a burst
                # buffered in oba's socket) the pong waits its turn after megabytes
                # of messages, and dropping the connection then would lose them.
                if pong is not None and now >= pong_due and now - self._last_frame >= PONG_TIMEOUT_S:
                    return f"no answer to a ping in {PONG_TIMEOUT_S:.0f} s"
                if pong is None and now >= next_ping:
                    try:
                        pong = await connection.ping()
                    except (ConnectionClosed, OSError) as exc:
                        return f"connection lost: {_describe(exc)}"
                    pong_due, next_ping = now + PONG_TIMEOUT_S, now + PING_INTERVAL_S
                if self._status.state is SourceState.LIVE and now - self._last_message >= self.stale_after_s:
                    # The data stopped at the last message, not when we noticed: the gap starts there.
                    self._set_state(SourceState.STALE, f"no message for {self.stale_after_s:.0f} s",
                                    gap_from=self._last_message_wall)
        finally:
            reader.cancel()
            with contextlib.suppress(BaseException):
                await reader

    async def _read(self, connection: ClientConnection) -> str:
        try:
            while True:
                message = await connection.recv()
                now = self._clock()
                self._count("frames")
                self._last_frame = self._last_message = now
                self._last_message_wall = self._wall_clock()
                if self._status.state is SourceState.STALE:
                    self._set_state(SourceState.LIVE, f"connected to {self.url}")
                if isinstance(message, str):
                    self._text_frame(message, self._last_message_wall, now)
                else:
                    self._count("binary")
                    self._log.warning("binary", now, "%s: ignored a binary frame of %d bytes (the wire is text)",
                                      self.name, len(message))
        except ConnectionClosed as exc:
            if exc.rcvd is not None:
                return f"closed by oba (code {exc.rcvd.code})"
            return f"connection lost: {_describe(exc)}"

    def _text_frame(self, data: str, received_at: float, now: float) -> None:
        try:
            message = json.loads(data)
        except (ValueError, RecursionError) as exc:
            self._malformed(now, f"not JSON ({str(exc)[:60]})")
            return
        mapped = self.mapper.map(message, received_at)
        if mapped.outcome == "duplicate":
            self._count("duplicates")
        elif mapped.outcome == "malformed":
            self._malformed(now, mapped.reason)
        elif mapped.outcome == "event":
            if mapped.unknown_type:
                self._count("unknown")
                self._log.warning("unknown", now, "%s: unknown msg_type %r stored as "
                                  "an unknown kind", self.name, message["msg_type"])
            if mapped.untimed:
                self._log.warning("untimed", now, "%s: a message without epoch-ms time, stamped on arrival",
                                  self.name)
            for obj in mapped.objects:
                self._add(obj)

    def _malformed(self, now: float, reason: str) -> None:
        self._count("malformed")
        self._log.warning("malformed", now, "%s: ignored a malformed frame: %s", self.name, reason)


async def _sleep_unless(stopping: threading.Event, seconds: float) -> None:
    """Sleep ``seconds`` on the loop, waking within POLL_S of a stop."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not stopping.is_set():
        left = deadline - loop.time()
        if left <= 0:
            return
        await asyncio.sleep(min(left, POLL_S))


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def check_url(url: str) -> None:
    """ValueError unless ``url`` is ``ws://HOST[:PORT]`` or ``wss://…`` (the registry's target check)."""
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise ValueError(f"oba source: expected ws://HOST:PORT, got {url!r} (the port is not a number)") from None
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise ValueError(f"oba source: expected ws://HOST:PORT, got {url!r}")


def build_oba(target: str, context: SourceContext) -> ObaSource:
    """The registry's factory: an oba client of ``target`` mapping orders through the script's products."""
    return ObaSource(context.sink, target, products=product_map(context.products), **context.options)


register(SourceKind("oba", build_oba, default_target=DEFAULT_URL, check_target=check_url,
                    target_help="ws://HOST:PORT of oba-live-tool's broadcast (default ws://127.0.0.1:12354)"))
