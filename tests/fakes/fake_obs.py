"""A fake obs-websocket v5 server for faults a real OBS cannot produce.

It speaks the real protocol where it matters: the RFC 6455 handshake and
framing, Hello with a salt and challenge, and the real authentication hash
(base64(sha256(base64(sha256(password + salt)) + challenge))), checked on
Identify and answered with close code 4009 when wrong. Then it misbehaves on
purpose, by ``mode``:

- ``normal``: answers requests from ``responses`` (default: success, empty data)
- ``garbage``: sends bytes that are not JSON instead of Hello
- ``silent``: completes the websocket handshake, then never says a word
- ``hang``: identifies, then never answers a request (like a SIGSTOPped OBS
  whose kernel still accepts bytes)
- ``slow``: answers every request after ``delay`` seconds
- ``kick``: identifies, then closes with 4011 (session invalidated)
- ``error``: answers every request with failure code 600 and a comment

Standard library only; one thread per connection; ``stop()`` joins them all.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import struct
import threading
import time
from typing import Any

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def auth_string(password: str, salt: str, challenge: str) -> str:
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest())
    return base64.b64encode(hashlib.sha256(secret + challenge.encode()).digest()).decode()


class FakeObsServer:
    def __init__(self, mode: str = "normal", password: str | None = "fakepass", *, delay: float = 0.0,
                 responses: dict[str, dict[str, Any]] | None = None, port: int = 0) -> None:
        self.mode = mode
        self.password = password
        self.delay = delay
        self.responses = responses or {}
        self.connections = 0
        self.identified = 0
        self.requests: list[dict[str, Any]] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", port))  # 0: any free port; a given one: "OBS is back"
        self._listener.listen(16)
        self.port = self._listener.getsockname()[1]
        self.url = f"ws://127.0.0.1:{self.port}"
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._accept_thread = threading.Thread(target=self._accept, name="fake-obs-accept", daemon=True)

    def __enter__(self) -> "FakeObsServer":
        self._accept_thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stopping.set()
        try:
            # shutdown() wakes the thread blocked in accept(); close() alone does not on Linux.
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self._listener.close()
        except OSError:
            pass
        for sock in list(self._sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        if self._accept_thread.is_alive():
            self._accept_thread.join(2)
        for thread in self._threads:
            thread.join(2)

    # ------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            self._sockets.append(sock)
            thread = threading.Thread(target=self._serve, args=(sock,), name="fake-obs-conn", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            self._handshake(sock)
            if self.mode == "garbage":
                self._send_text(sock, "<html>this is not obs-websocket</html>")
                self._wait_closed(sock)
                return
            if self.mode == "silent":
                self._wait_closed(sock)
                return
            salt = base64.b64encode(os.urandom(16)).decode()
            challenge = base64.b64encode(os.urandom(16)).decode()
            hello: dict[str, Any] = {"obsWebSocketVersion": "5.1.0", "rpcVersion": 1}
            if self.password is not None:
                hello["authentication"] = {"salt": salt, "challenge": challenge}
            self._send_json(sock, {"op": 0, "d": hello})
            identify = self._recv_json(sock)
            if identify is None or identify.get("op") != 1:
                self._close(sock, 4003, "Not identified")
                return
            if self.password is not None and identify["d"].get("authentication") != auth_string(self.password, salt, challenge):
                self._close(sock, 4009, "Authentication failed.")
                return
            self.identified += 1
            self._send_json(sock, {"op": 2, "d": {"negotiatedRpcVersion": 1}})
            if self.mode == "kick":
                time.sleep(0.1)
                self._close(sock, 4011, "You have been disconnected by OBS.")
                return
            while not self._stopping.is_set():
                message = self._recv_json(sock)
                if message is None:
                    return
                self.requests.append(message)
                if self.mode == "hang":
                    continue
                if self.mode == "slow":
                    time.sleep(self.delay)
                self._answer(sock, message)
        except (OSError, ConnectionError, ValueError):
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def _answer(self, sock: socket.socket, message: dict[str, Any]) -> None:
        data = message.get("d", {})
        if message.get("op") == 8:
            results = [self._result(r.get("requestType", ""), r.get("requestData") or {}) for r in data.get("requests", [])]
            self._send_json(sock, {"op": 9, "d": {"requestId": data.get("requestId"), "results": results}})
            return
        result = self._result(data.get("requestType", ""), data.get("requestData") or {})
        result["requestId"] = data.get("requestId")
        self._send_json(sock, {"op": 7, "d": result})

    def _result(self, request_type: str, _params: dict[str, Any]) -> dict[str, Any]:
        if self.mode == "error":
            return {"requestType": request_type,
                    "requestStatus": {"result": False, "code": 600, "comment": f"No source was found ({request_type})."}}
        data = self.responses.get(request_type)
        if data is None:
            data = {"GetVersion": {"obsVersion": "29.0.2-fake", "obsWebSocketVersion": "5.1.0"},
                    "GetSceneList": {"scenes": [{"sceneName": "A", "sceneIndex": 1}, {"sceneName": "B", "sceneIndex": 0}],
                                     "currentProgramSceneName": "A", "currentPreviewSceneName": None}}.get(request_type, {})
        return {"requestType": request_type, "requestStatus": {"result": True, "code": 100}, "responseData": data}

    # -- RFC 6455 ---------------------------------------------------------
    @staticmethod
    def _handshake(sock: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during handshake")
            request += chunk
        key = ""
        for line in request.decode("latin-1").split("\r\n"):
            if line.lower().startswith("sec-websocket-key:"):
                key = line.split(":", 1)[1].strip()
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        sock.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: obswebsocket.json\r\n\r\n").encode())

    @staticmethod
    def _recv_exact(sock: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def _recv_frame(self, sock: socket.socket) -> tuple[int, bytes]:
        b1, b2 = self._recv_exact(sock, 2)
        opcode = b1 & 0x0F
        length = b2 & 0x7F
        if length == 126:
            length = struct.unpack("!H", self._recv_exact(sock, 2))[0]
        elif length == 127:
            length = struct.unpack("!Q", self._recv_exact(sock, 8))[0]
        mask = self._recv_exact(sock, 4) if b2 & 0x80 else b"\0\0\0\0"
        payload = bytearray(self._recv_exact(sock, length))
        for i in range(length):
            payload[i] ^= mask[i % 4]
        return opcode, bytes(payload)

    def _recv_json(self, sock: socket.socket) -> dict[str, Any] | None:
        while True:
            opcode, payload = self._recv_frame(sock)
            if opcode == 0x8:
                return None
            if opcode == 0x9:  # ping
                self._send_frame(sock, 0xA, payload)
                continue
            if opcode in (0x1, 0x2):
                return json.loads(payload)

    @staticmethod
    def _send_frame(sock: socket.socket, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([n])
        elif n < 65536:
            header += bytes([126]) + struct.pack("!H", n)
        else:
            header += bytes([127]) + struct.pack("!Q", n)
        sock.sendall(header + payload)

    def _send_text(self, sock: socket.socket, text: str) -> None:
        self._send_frame(sock, 0x1, text.encode())

    def _send_json(self, sock: socket.socket, message: dict[str, Any]) -> None:
        self._send_text(sock, json.dumps(message))

    def _close(self, sock: socket.socket, code: int, reason: str) -> None:
        self._send_frame(sock, 0x8, struct.pack("!H", code) + reason.encode())
        self._wait_closed(sock, 1.0)

    def _wait_closed(self, sock: socket.socket, timeout: float | None = None) -> None:
        sock.settimeout(timeout)
        try:
            while not self._stopping.is_set() and sock.recv(4096):
                pass
        except (OSError, socket.timeout):
            pass
