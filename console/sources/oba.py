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

Library: ``websocket-client`` (Apache-2.0), already installed as a dependency
of obs-websocket-py, so the source adds no dependency. Its blocking API fits
the one-thread-per-source model: ``recv`` with a short timeout doubles as the
tick that checks staleness, pings and the stop flag, with no event loop to
bridge. ``websockets`` (asyncio, BSD) serves as the fake oba in the tests.

Thread: everything here runs on ``source-oba`` (see :class:`AudienceSource`).

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

import json
import logging
import threading
from typing import Any, Callable
from urllib.parse import urlsplit

import websocket
from websocket import ABNF

from console.sources.base import AudienceSource, Backoff, Sink, SourceState
from console.sources.oba_format import ObaMapper, ProductMap

log = logging.getLogger(__name__)

DEFAULT_URL = "ws://127.0.0.1:12354"
#: A connect (TCP + upgrade) that takes longer is a failure. Loopback answers in
#: microseconds; 3 s leaves room for a LAN host and bounds how long stop() can wait.
CONNECT_TIMEOUT_S = 3.0
#: Longest wait in ``recv`` while idle: how soon the stop flag, a due ping and
#: staleness are noticed. 0.2 s costs nothing and keeps stop() prompt.
POLL_S = 0.2
#: Our own ping period. oba's server answers pings (Node ``ws`` does) but never
#: sends any, and a dead TCP peer is otherwise only noticed at the next write.
PING_INTERVAL_S = 10.0
#: A ping unanswered this long means the connection is dead.
PONG_TIMEOUT_S = 10.0
#: No message for this long while connected → ``stale``. A busy room sends
#: entries, likes and comments every few seconds, and oba polls the consoles
#: every few seconds; half a minute of nothing means the figures are not current.
STALE_AFTER_S = 30.0


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
        parts = urlsplit(url)
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise ValueError(f"oba source: expected ws://HOST:PORT, got {url!r}")
        clocks: dict[str, Any] = {}
        if clock is not None:
            clocks["clock"] = clock
        if wall_clock is not None:
            clocks["wall_clock"] = wall_clock
        super().__init__(sink, url, backoff=backoff, **clocks)
        self.url = url
        self.stale_after_s = stale_after_s
        self.mapper = ObaMapper(products)

    # -- the source's thread -------------------------------------------------
    def _serve(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            self._set_state(SourceState.CONNECTING, f"connecting to {self.url}")
            try:
                # http_no_proxy: oba is on this machine or the LAN; an http_proxy
                # set for the browser (common with VPN tools) must not catch it.
                connection = websocket.create_connection(self.url, timeout=CONNECT_TIMEOUT_S,
                                                         skip_utf8_validation=True, http_no_proxy=["*"])
            except (OSError, websocket.WebSocketException) as exc:
                reason = f"cannot connect: {_describe(exc)}"
            else:
                self.backoff.reset()
                try:
                    reason = self._receive(connection, stopping)
                finally:
                    self._flush()
                    _close_quietly(connection)
            if stopping.is_set():
                return
            delay = self.backoff.next_delay()
            self._set_state(SourceState.BACKOFF, f"{reason}; retrying in {delay:.1f} s")
            stopping.wait(delay)

    def _receive(self, connection: websocket.WebSocket, stopping: threading.Event) -> str:
        """Read frames until the connection ends or stopping is set; returns why it ended."""
        now = self._clock()
        last_message = now
        last_message_wall = self._wall_clock()
        next_ping = now + PING_INTERVAL_S
        pong_due: float | None = None
        self._set_state(SourceState.LIVE, f"connected to {self.url}")
        while not stopping.is_set():
            # A short wait while events are queued, so a lull flushes them within FLUSH_INTERVAL_S.
            connection.settimeout(0.01 if self._pending else POLL_S)
            try:
                opcode, frame = connection.recv_data_frame(True)
            except websocket.WebSocketTimeoutException:
                opcode, frame = None, None
            except (OSError, websocket.WebSocketException) as exc:
                return f"connection lost: {_describe(exc)}"
            now = self._clock()
            if opcode == ABNF.OPCODE_TEXT or opcode == ABNF.OPCODE_BINARY:
                self._count("frames")
                last_message = now
                last_message_wall = self._wall_clock()
                if self.status.state is SourceState.STALE:
                    self._set_state(SourceState.LIVE, f"connected to {self.url}")
                if opcode == ABNF.OPCODE_TEXT:
                    self._text_frame(frame.data, last_message_wall, now)
                else:
                    self._count("binary")
                    self._log.warning("binary", now, "%s: ignored a binary frame of %d bytes (the wire is text)",
                                      self.name, len(frame.data))
            elif opcode == ABNF.OPCODE_PONG:
                pong_due = None
            elif opcode == ABNF.OPCODE_CLOSE:
                return f"closed by oba{_close_code(frame.data)}"
            if self._flush_due(now) or (self._pending and opcode is None):
                self._flush()
            if pong_due is not None and now >= pong_due:
                return f"no answer to a ping in {PONG_TIMEOUT_S:.0f} s"
            if pong_due is None and now >= next_ping:
                try:
                    connection.ping(b"liveroom")
                except (OSError, websocket.WebSocketException) as exc:
                    return f"connection lost: {_describe(exc)}"
                pong_due = now + PONG_TIMEOUT_S
                next_ping = now + PING_INTERVAL_S
            if self.status.state is SourceState.LIVE and now - last_message >= self.stale_after_s:
                # The data stopped at the last message, not when we noticed: the gap starts there.
                self._set_state(SourceState.STALE, f"no message for {self.stale_after_s:.0f} s",
                                gap_from=last_message_wall)
        return "stopped"

    def _text_frame(self, data: bytes, received_at: float, now: float) -> None:
        try:
            message = json.loads(data)
        except (ValueError, RecursionError) as exc:  # bad UTF-8 is a ValueError too
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
                self._log.warning(f"type:{message['msg_type']}", now, "%s: unknown msg_type %r stored as "
                                  "an unknown kind", self.name, message["msg_type"])
            if mapped.untimed:
                self._log.warning("untimed", now, "%s: a message without epoch-ms time, stamped on arrival",
                                  self.name)
            for obj in mapped.objects:
                self._add(obj)

    def _malformed(self, now: float, reason: str) -> None:
        self._count("malformed")
        self._log.warning("malformed", now, "%s: ignored a malformed frame: %s", self.name, reason)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _close_code(data: bytes) -> str:
    return f" (code {int.from_bytes(data[:2], 'big')})" if len(data) >= 2 else ""


def _close_quietly(connection: websocket.WebSocket) -> None:
    try:
        connection.close(timeout=0.5)
        # websocket-client gap: once it has answered the server's close frame,
        # close() returns at once and leaves the socket open (until garbage
        # collection), so the server waits its close timeout for our FIN.
        connection.shutdown()
    except Exception:  # noqa: BLE001 - the socket is being thrown away; a failed close changes nothing
        log.debug("closing the oba connection failed", exc_info=True)
