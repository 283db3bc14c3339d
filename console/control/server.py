"""The control server (CONTRACTS §11): aiohttp on its own thread with its own asyncio loop.

Routes:

- ``GET /v1/state`` → the state object the tick last published;
- ``POST /v1/control`` ``{"do": ACTION, …}`` → 200 with the state after it
  ran, 400 ``{"error"}`` for a bad body or unknown action (nothing queued),
  401 without the token, 409 ``{"error"}`` when it does not apply now;
- ``GET /v1/stream`` (WebSocket) → the state object now and after every change;
- ``GET /remote`` → the phone remote (resources/control/remote.html), a
  static page: it carries no secret; every call it makes needs the token.

Authentication: ``Authorization: Bearer TOKEN``, or the ``liveroom_control``
cookie the phone page sets from its URL fragment (``SameSite=Strict``, so
another site's page cannot ride on it). The token is compared in constant time.

Threads: everything here runs on ``control-server``; it reads the state
from the :class:`~console.control.surface.ControlSurface` board and queues
commands into it, so it never waits on the show and the show never waits on
it. :meth:`ControlServer.start` returns once the socket listens (or raises
``OSError``); :meth:`ControlServer.stop` closes the clients and joins.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import threading
from concurrent.futures import Future
from typing import Any

from aiohttp import WSMsgType, web

from console.control import DEFAULT_CONTROL_ADDRESS, parse_control_address  # noqa: F401 - re-exported
from console.control.actions import BadCommand, NotApplicable
from console.control.surface import ControlSurface
from console.paths import resource

log = logging.getLogger(__name__)

COOKIE = "liveroom_control"
#: The biggest body POST /v1/control reads: an action is a few fields.
MAX_BODY_BYTES = 16 * 1024
#: How long a command waits for the show's loop to take it (the loop turns every 100 ms).
COMMAND_WAIT_S = 5.0
#: How long a camera command waits for OBS's answer (the client's own timeout is longer; a phone should not hang).
OBS_WAIT_S = 3.0
#: After OBS accepted a switch, how long the answer waits for OBS to report it (so the state it returns shows it).
CONFIRM_WAIT_S = 1.0
#: The stream repeats the state at least this often: the phone marks itself stale when it hears nothing for longer.
KEEPALIVE_S = 5.0
#: How long start() waits for the socket to listen (an asyncio loop and a bind: milliseconds, unless the
#: machine is starved).
START_WAIT_S = 30.0
#: How long stop() waits for the server thread.
STOP_WAIT_S = 5.0


class ControlServer:
    def __init__(self, surface: ControlSurface, token: str, host: str = "127.0.0.1", port: int = 8751) -> None:
        if not token:
            raise ValueError("the control server needs a token")
        self.surface = surface
        self._token = token.encode()
        self.host, self.port = host, port
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._changed: asyncio.Event | None = None
        self._sockets: set[web.WebSocketResponse] = set()
        self._stopping: asyncio.Event | None = None

    # ------------------------------------------------------------ lifecycle (owner's thread)
    @property
    def address(self) -> tuple[str, int]:
        return self.host, self.port

    @property
    def clients(self) -> int:
        """WebSocket clients following the state now (a phone, a dashboard)."""
        return len(self._sockets)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> "ControlServer":
        ready: Future = Future()
        self._thread = threading.Thread(target=self._serve, args=(ready,), name="control-server", daemon=True)
        self._thread.start()
        try:
            ready.result(timeout=START_WAIT_S)
        except BaseException:
            # Not listening (address taken) or not yet: either way the thread must not outlive this call.
            loop, stopping = self._loop, self._stopping
            if loop is not None and stopping is not None and not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(stopping.set)
                except RuntimeError:
                    pass  # the loop already ended
            self._thread.join(STOP_WAIT_S)
            self._thread = None
            raise
        self.surface.subscribe(self._on_published)
        return self

    def stop(self) -> None:
        """Close every client and the socket; join the thread. Safe to call twice."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self.surface.unsubscribe(self._on_published)
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stopping.set)
            except RuntimeError:
                pass  # the loop already ended
        thread.join(STOP_WAIT_S)

    def _serve(self, ready: Future) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)  # this thread's own
        self._loop = loop
        try:
            loop.run_until_complete(self._main(ready))
        except BaseException as exc:  # reported to start() or logged
            if not ready.done():
                ready.set_exception(exc)
            else:
                log.exception("the control server stopped")
        finally:
            # A client's handler still waiting (a keepalive, a command) ends here, not with the loop's garbage.
            left = asyncio.all_tasks(loop)
            for task in left:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            asyncio.set_event_loop(None)
            loop.close()

    async def _main(self, ready: Future) -> None:
        self._changed = asyncio.Event()
        self._stopping = asyncio.Event()
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_get("/", self._root)
        app.router.add_get("/remote", self._remote)
        app.router.add_get("/v1/state", self._get_state)
        app.router.add_post("/v1/control", self._post_control)
        app.router.add_get("/v1/stream", self._stream)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        self._runner = runner
        try:
            site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
            await site.start()
            server = site._server  # the bound socket: port 0 becomes the real port
            if server is not None and server.sockets:
                self.port = server.sockets[0].getsockname()[1]
            ready.set_result(None)
            await self._stopping.wait()
        finally:
            self._changed.set()  # every stream handler wakes and sees its socket closing
            for socket in list(self._sockets):
                await socket.close(code=1001, message=b"the console is closing")
            await runner.cleanup()

    # ------------------------------------------------------------ state fan-out
    def _on_published(self, version: int, state: dict[str, Any]) -> None:
        # The tick's thread: hand over only.
        loop, changed = self._loop, self._changed
        if loop is not None and changed is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(changed.set)
            except RuntimeError:
                pass  # the loop is closing

    async def _wait_for_change(self, seen: int, timeout: float) -> None:
        """Until the published version passes ``seen`` or ``timeout`` (server thread)."""
        changed = self._changed
        assert changed is not None
        deadline = asyncio.get_running_loop().time() + timeout
        while self.surface.state[0] <= seen:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                return
            changed.clear()
            if self.surface.state[0] > seen:
                return
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except asyncio.TimeoutError:
                return

    # ------------------------------------------------------------ auth
    def _authorised(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        offered = header[7:].strip() if header.lower().startswith("bearer ") else request.cookies.get(COOKIE, "")
        return bool(offered) and hmac.compare_digest(offered.encode(), self._token)

    @staticmethod
    def _refuse() -> web.Response:
        return web.json_response({"error": "a valid control token is required (liveroom control token)"}, status=401,
                                 headers={"WWW-Authenticate": 'Bearer realm="liveroom-control"'})

    # ------------------------------------------------------------ handlers
    async def _root(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/remote")

    async def _remote(self, request: web.Request) -> web.Response:
        page = resource("control", "remote.html").read_text(encoding="utf-8")
        return web.Response(text=page, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                     "X-Frame-Options": "DENY"})

    async def _get_state(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._refuse()
        return web.json_response(self.surface.state[1])

    async def _post_control(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._refuse()
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.json_response({"error": f"the body is over {MAX_BODY_BYTES} bytes"}, status=413)
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return web.json_response({"error": f"the body is not JSON: {exc}"}, status=400)
        try:
            done = self.surface.submit(body)
        except BadCommand as exc:
            return web.json_response({"error": str(exc)}, status=400)
        try:
            version, obs_future = await asyncio.wait_for(asyncio.wrap_future(done), COMMAND_WAIT_S)
        except NotApplicable as exc:
            return web.json_response({"error": str(exc)}, status=409)
        except asyncio.TimeoutError:
            return web.json_response({"error": "the show's loop did not take the command in time"}, status=503)
        if obs_future is not None:
            try:
                result = await asyncio.wait_for(asyncio.wrap_future(obs_future), OBS_WAIT_S)
            except asyncio.TimeoutError:
                return web.json_response({"error": "OBS did not answer in time"}, status=504)
            if not getattr(result, "ok", False):
                return web.json_response({"error": f"OBS refused: {getattr(result, 'error', None) or 'no reason'}"},
                                         status=409)
            # The switch is real once OBS reports it; the next published state carries it.
            await self._wait_for_change(version, CONFIRM_WAIT_S)
        return web.json_response(self.surface.state[1])

    async def _stream(self, request: web.Request) -> web.StreamResponse:
        if not self._authorised(request):
            return self._refuse()
        socket = web.WebSocketResponse(heartbeat=KEEPALIVE_S * 2, max_msg_size=MAX_BODY_BYTES)
        await socket.prepare(request)
        self._sockets.add(socket)
        reader = asyncio.ensure_future(self._drain_incoming(socket))
        try:
            sent = -1
            while not socket.closed and not reader.done() and not self._stopping.is_set():
                version, state = self.surface.state
                if version != sent:
                    await socket.send_str(json.dumps(state, ensure_ascii=False))
                    sent = version
                    deadline = asyncio.get_running_loop().time() + KEEPALIVE_S
                await self._wait_for_change(sent, max(0.0, deadline - asyncio.get_running_loop().time()))
                if self.surface.state[0] == sent and asyncio.get_running_loop().time() >= deadline:
                    sent = -1  # keepalive: the same state again
        except (ConnectionResetError, RuntimeError):
            pass  # the client went away mid-send
        finally:
            reader.cancel()
            self._sockets.discard(socket)
            await socket.close()
        return socket

    @staticmethod
    async def _drain_incoming(socket: web.WebSocketResponse) -> None:
        """Read (and ignore) what the client sends, so close frames and pongs are processed."""
        async for message in socket:
            if message.type in (WSMsgType.ERROR, WSMsgType.CLOSE):
                break
