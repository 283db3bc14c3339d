"""One websocket session with OBS, on top of obs-websocket-py's ``obsws``.

The library (1.0) has gaps that matter on air (ENVIRONMENT.md); this subclass
closes them and leaves everything else to the library:

- it identifies with ``eventSubscriptions`` the console needs (Ui and the
  high-volume volume meters) instead of the library's fixed 1023;
- connect and the Hello/Identify handshake are bounded by a timeout (the
  library waits forever on an OBS that accepts TCP but never speaks);
- the close code is read, so a wrong password (4009) and a kicked session
  (4011) are told apart from a network error;
- the receive thread does not resolve requests itself: it hands every frame
  (and the loss of the connection) to a callback, the client's worker thread,
  which keeps OBS's error code and comment that ``obsws.call`` drops.
"""

from __future__ import annotations

import json
import logging
import socket
import struct
import threading
from typing import Any, Callable
from urllib.parse import urlsplit

import websocket
from obswebsocket import obsws

log = logging.getLogger(__name__)

# obs-websocket v5 EventSubscription bits (protocol.md).
SUB_GENERAL = 1 << 0
SUB_CONFIG = 1 << 1
SUB_SCENES = 1 << 2
SUB_INPUTS = 1 << 3
SUB_TRANSITIONS = 1 << 4
SUB_FILTERS = 1 << 5
SUB_OUTPUTS = 1 << 6
SUB_SCENE_ITEMS = 1 << 7
SUB_MEDIA_INPUTS = 1 << 8
SUB_VENDORS = 1 << 9
SUB_UI = 1 << 10
SUB_INPUT_VOLUME_METERS = 1 << 16
#: Everything low-volume (1023 + Ui) plus the volume meters for the level bars
#: and the silent-mic detector. Not InputActiveStateChanged/ShowStateChanged
#: (1<<17, 1<<18) nor SceneItemTransformChanged (1<<19): nothing uses them.
CONSOLE_SUBSCRIPTIONS = (
    SUB_GENERAL | SUB_CONFIG | SUB_SCENES | SUB_INPUTS | SUB_TRANSITIONS | SUB_FILTERS | SUB_OUTPUTS
    | SUB_SCENE_ITEMS | SUB_MEDIA_INPUTS | SUB_VENDORS | SUB_UI | SUB_INPUT_VOLUME_METERS
)

CLOSE_AUTHENTICATION_FAILED = 4009
CLOSE_SESSION_INVALIDATED = 4011
CLOSE_REASONS = {
    4000: "OBS closed the session (unknown reason)",
    4002: "OBS could not decode our message",
    4003: "OBS says we are not identified",
    4004: "OBS says we identified twice",
    4005: "OBS says the authentication is missing",
    4006: "OBS does not support the RPC version we speak",
    CLOSE_AUTHENTICATION_FAILED: "wrong OBS websocket password",
    4010: "OBS does not support our RPC version",
    CLOSE_SESSION_INVALIDATED: "the session was kicked from OBS",
    4012: "OBS could not use our message",
}


class ConnectFailed(Exception):
    """The session could not be opened; ``retry`` says whether retrying makes sense."""

    def __init__(self, message: str, *, retry: bool = True, close_code: int | None = None) -> None:
        super().__init__(message)
        self.retry = retry
        self.close_code = close_code


def parse_url(url: str) -> tuple[str, int]:
    parts = urlsplit(url if "://" in url else f"ws://{url}")
    if parts.scheme not in ("ws", ""):
        raise ValueError(f"unsupported OBS URL scheme '{parts.scheme}' (use ws://HOST:PORT)")
    if not parts.hostname:
        raise ValueError(f"no host in OBS URL '{url}'")
    # The port is always explicit: with the library's default 4444 it speaks v4.
    return parts.hostname, parts.port or 4455


class ObsConnection(obsws):
    """A single authenticated session. Not reusable: make a new one to reconnect.

    ``on_frame(payload: dict)`` and ``on_lost(close_code, reason)`` run on this
    session's receive thread; the client's worker only queues them.
    """

    def __init__(
        self,
        url: str,
        password: str | None,
        *,
        on_frame: Callable[[dict[str, Any]], None],
        on_lost: Callable[[int | None, str], None],
        connect_timeout: float = 5.0,
        subscriptions: int = CONSOLE_SUBSCRIPTIONS,
        thread_name: str = "obs-receive",
    ) -> None:
        host, port = parse_url(url)
        super().__init__(host, port, password or "", legacy=False, timeout=connect_timeout)
        self.url = url
        self._on_frame = on_frame
        self._on_lost = on_lost
        self._connect_timeout = connect_timeout
        self._subscriptions = subscriptions
        self._thread_name = thread_name
        self._closing = False
        self._send_lock = threading.Lock()
        self.negotiated_rpc: int | None = None

    # -- opening ---------------------------------------------------------
    def connect(self) -> None:  # overrides obsws.connect
        self.ws = websocket.WebSocket(enable_multithread=True)
        try:
            self.ws.connect(f"ws://{self.host}:{self.port}", timeout=self._connect_timeout)
        except ConnectionRefusedError:
            raise ConnectFailed(f"nothing is listening at {self.url} (is OBS running with its websocket server on?)") from None
        except (socket.timeout, websocket.WebSocketTimeoutException):
            raise ConnectFailed(f"no answer from {self.url} within {self._connect_timeout:g} s") from None
        except (OSError, websocket.WebSocketException) as exc:
            raise ConnectFailed(f"cannot connect to {self.url}: {exc}") from None
        try:
            self._auth()
        except ConnectFailed:
            self._close_socket()
            raise
        except (socket.timeout, websocket.WebSocketTimeoutException):
            self._close_socket()
            raise ConnectFailed(f"OBS at {self.url} did not complete the handshake within {self._connect_timeout:g} s") from None
        except (OSError, websocket.WebSocketException) as exc:
            self._close_socket()
            raise ConnectFailed(f"the connection to {self.url} broke during the handshake: {exc}") from None
        # From here on the receive thread blocks in recv(): no timeout, the
        # client's heartbeat is what notices a silent OBS.
        self.ws.settimeout(None)
        self.thread_recv = threading.Thread(target=self._receive_loop, name=self._thread_name, daemon=True)
        self.thread_recv.start()

    def _recv_message(self) -> dict[str, Any]:
        opcode, data = self.ws.recv_data()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
            reason = CLOSE_REASONS.get(code or 0) or (data[2:].decode("utf-8", "replace") or f"closed with code {code}")
            retry = code not in (CLOSE_AUTHENTICATION_FAILED, CLOSE_SESSION_INVALIDATED)
            raise ConnectFailed(reason, retry=retry, close_code=code)
        try:
            message = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise ConnectFailed(f"{self.url} does not speak obs-websocket (sent {data[:40]!r})") from None
        if not isinstance(message, dict) or not isinstance(message.get("d"), dict):
            raise ConnectFailed(f"{self.url} sent a message that is not obs-websocket: {str(message)[:60]}")
        return message

    def _auth(self) -> None:  # overrides obsws._auth: our subscriptions, close codes, validation
        hello = self._recv_message()
        if hello.get("op") != 0:
            raise ConnectFailed(f"{self.url} did not send an obs-websocket Hello")
        self.server_version = hello["d"].get("obsWebSocketVersion")
        auth_info = hello["d"].get("authentication")
        identify: dict[str, Any] = {"rpcVersion": 1, "eventSubscriptions": self._subscriptions}
        if auth_info:
            if not self.password:
                raise ConnectFailed(
                    "OBS asks for a password and none is stored (run: liveroom obs set-password)", retry=False,
                    close_code=CLOSE_AUTHENTICATION_FAILED,
                )
            try:
                identify["authentication"] = self._build_auth_string(auth_info["salt"], auth_info["challenge"])
            except (KeyError, TypeError):
                raise ConnectFailed(f"{self.url} sent a malformed authentication challenge") from None
        self.ws.send(json.dumps({"op": 1, "d": identify}))
        identified = self._recv_message()
        if identified.get("op") != 2:
            raise ConnectFailed(f"{self.url} answered Identify with op {identified.get('op')}")
        self.negotiated_rpc = identified["d"].get("negotiatedRpcVersion")
        if self.negotiated_rpc != 1:
            raise ConnectFailed(f"OBS negotiated RPC version {self.negotiated_rpc}; the console speaks 1", retry=False)

    # -- running ---------------------------------------------------------
    def send(self, payload: dict[str, Any]) -> None:
        """Send one message (worker thread). Raises ``OSError``/``WebSocketException`` if the socket is gone."""
        with self._send_lock:
            self.ws.send(json.dumps(payload))

    def _receive_loop(self) -> None:
        # Runs on "<client name>-receive": hands every frame to the worker, then reports the loss once.
        close_code: int | None = None
        reason = "connection lost"
        try:
            while True:
                opcode, data = self.ws.recv_data()
                if opcode == websocket.ABNF.OPCODE_CLOSE:
                    close_code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
                    reason = CLOSE_REASONS.get(close_code or 0, f"OBS closed the connection (code {close_code})")
                    break
                if opcode not in (websocket.ABNF.OPCODE_TEXT, websocket.ABNF.OPCODE_BINARY):
                    continue
                try:
                    message = json.loads(data)
                except (ValueError, UnicodeDecodeError):
                    log.warning("OBS sent a frame that is not JSON: %r", data[:80])
                    continue
                if isinstance(message, dict):
                    self._on_frame(message)
        except websocket.WebSocketConnectionClosedException:
            reason = "OBS closed the connection"
        except (OSError, websocket.WebSocketException) as exc:
            reason = f"connection lost: {exc}" if str(exc) else "connection lost"
        except Exception as exc:  # whatever happens here, the worker must hear of it
            log.exception("OBS receive thread failed")
            reason = f"receive failed: {exc}"
        if not self._closing:
            self._on_lost(close_code, reason)

    def close(self) -> None:
        """Close the socket and join the receive thread (worker thread)."""
        self._closing = True
        self._close_socket()
        thread = self.thread_recv
        if thread is not None and thread is not threading.current_thread():
            thread.join(2.0)

    def _close_socket(self) -> None:
        ws = self.ws
        if ws is None:
            return
        try:
            # shutdown() wakes a recv() blocked in another thread; close() alone may not.
            if ws.sock is not None:
                ws.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            ws.close(timeout=0.2)
        except Exception:  # noqa: BLE001 - closing a broken socket may fail in many ways
            pass
