"""A local stand-in for oba-live-tool's broadcast server, on ``websockets`` (asyncio) in a thread.

Like oba's (Node ``ws`` with only a port): no handshake beyond the upgrade,
no compression, no pings of its own, answers pings with pongs, and sends each
message as one text frame to every connected client. The test decides what
and when; :meth:`FakeObaServer.stop` and :meth:`FakeObaServer.start` again
restart it on the same port, as an operator toggling 「监听」 does.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any, Iterable

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.frames import Frame, Opcode

#: Every wait on the server thread is bounded by this (seconds).
TIMEOUT_S = 10.0


class FakeObaServer:
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._clients: set[ServerConnection] = set()
        self._changed = threading.Condition()
        self.connections = 0  # accepted so far, over every start

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> FakeObaServer:
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                loop.run_until_complete(self._open())
            except BaseException as exc:  # noqa: BLE001 - handed to start()'s caller
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_default_executor())
                loop.close()

        self._thread = threading.Thread(target=run, name="fake-oba-server", daemon=True)
        self._thread.start()
        if not ready.wait(TIMEOUT_S) or failure:
            raise RuntimeError(f"the fake oba server did not start: {failure}")
        return self

    async def _open(self) -> None:
        self._server = await serve(self._handler, "127.0.0.1", self.port, compression=None, ping_interval=None,
                                   max_size=None)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _handler(self, connection: ServerConnection) -> None:
        with self._changed:
            self._clients.add(connection)
            self.connections += 1
            self._changed.notify_all()
        try:
            await connection.wait_closed()
        finally:
            with self._changed:
                self._clients.discard(connection)
                self._changed.notify_all()

    def stop(self) -> None:
        """Close every connection and the listening socket; join the thread. The port is kept for a restart."""
        if self._loop is None or self._thread is None:
            return

        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(TIMEOUT_S)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(TIMEOUT_S)
        self._loop = self._thread = None
        with self._changed:
            self._clients.clear()

    def wait_clients(self, count: int = 1, timeout: float = TIMEOUT_S) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._clients) >= count, timeout):
                raise AssertionError(f"no {count} client(s) connected within {timeout} s")

    def send(self, frames: Iterable[str | bytes | dict], timeout: float = TIMEOUT_S) -> None:
        """Send ``frames`` in order to every client (a dict is sent as its JSON); returns once written."""
        encoded = [json.dumps(f, ensure_ascii=False) if isinstance(f, dict) else f for f in frames]

        async def send_all() -> None:
            # Like oba's broadcast (Node ws: client.send() per message, no waiting for
            # the peer): frames go into the transport's buffer, and the loop gets a
            # turn every few hundred so the socket drains while the client reads.
            clients = list(self._clients)
            for n, frame in enumerate(encoded, start=1):
                broadcast(clients, frame)
                if n % 200 == 0:
                    await asyncio.sleep(0)
            for connection in clients:
                await connection.ping()  # answered after every frame before it: all are on the wire

        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(send_all(), self._loop).result(timeout)

    @staticmethod
    def prepare(frames: Iterable[str]) -> bytes:
        """``frames`` as the bytes on the wire: unmasked, unfragmented text frames, as any server sends."""
        return b"".join(Frame(Opcode.TEXT, frame.encode("utf-8")).serialize(mask=False) for frame in frames)

    def send_prepared(self, wire: bytes, timeout: float = TIMEOUT_S) -> None:
        """Write prepared frames to every client in one go (the benchmark's way: framing costs the server nothing)."""

        async def write_all() -> None:
            for connection in list(self._clients):
                connection.transport.write(wire)

        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(write_all(), self._loop).result(timeout)

    def __enter__(self) -> FakeObaServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def main() -> None:
    """``python -m tests.sources.oba_server FRAMES_FILE``: a fake oba in a process of its own (the benchmark's).

    Prints its port, waits for a client and for a line on stdin, sends every
    line of FRAMES_FILE as one text frame, prints ``sent``, and exits at the
    end of stdin. In its own process it does not share the source's GIL, as
    the real oba (a Node process) does not, and the frames are serialised
    before the go: what is measured is the client, not this stand-in.
    """
    import sys

    with open(sys.argv[1], encoding="utf-8") as file:
        wire = FakeObaServer.prepare(file.read().splitlines())
    server = FakeObaServer().start()
    print(server.port, flush=True)
    try:
        server.wait_clients(timeout=60)
        sys.stdin.readline()
        server.send_prepared(wire, timeout=300)
        print("sent", flush=True)
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
