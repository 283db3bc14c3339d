"""The local HTTP intake for audience events (CONTRACTS.md §3).

``POST /v1/events`` with ``Authorization: Bearer TOKEN`` and a JSON Lines
body. The server is the standard library's :class:`ThreadingHTTPServer` on a
thread of its own (no new dependency); each request runs on a short-lived
handler thread.

Answers:

===== ==========================================================================
202   ``{"accepted": N, "rejected": [{"line": K, "error": "…"}]}``, sent only
      after the accepted events are **committed** (the sink's future resolved)
400   no line of the body is valid (same body, ``accepted`` 0, plus ``error``);
      a malformed ``Content-Length``
401   missing or wrong token (compared in constant time; the body is not read)
404   any other path · 405 any other method on ``/v1/events``
411   no ``Content-Length`` (chunked bodies are refused: the size must be known
      before reading)
413   ``Content-Length`` over ``max_body`` (1 MiB), refused before reading
429   the client exceeded the rate limit (token bucket per client address)
503   the commit failed or timed out: nothing is claimed accepted, so the sender
      may retry the whole batch
===== ==========================================================================

When there are more than :data:`MAX_REPORTED_REJECTIONS` rejected lines the
answer lists the first ones and gives the total in ``rejected_total`` (a
compatible extension: a 1 MiB body of bad lines would otherwise answer with
tens of megabytes). :attr:`AudienceIntake.rejected` carries every rejection.

Errors never end the server: a handler that fails answers 500 and the next
request is served. Every answer has a ``Content-Length``; an answer sent
without reading the body closes the connection so the unread bytes are not
taken for the next request.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from console.audience.events import AudienceEvent, Rejection, parse_lines
from console.events import Signal

log = logging.getLogger(__name__)

PATH = "/v1/events"
#: Largest accepted body (CONTRACTS §3).
MAX_BODY = 1024 * 1024
#: How long a request waits for its commit before answering 503. The recorder
#: commits every 50 ms; seconds of waiting means the database is in trouble.
COMMIT_TIMEOUT_S = 10.0
#: A client that sends nothing for this long is dropped (frees its handler thread).
SOCKET_TIMEOUT_S = 10.0
#: Rejections listed in one answer; the rest are counted in ``rejected_total``.
MAX_REPORTED_REJECTIONS = 1000

Sink = Callable[[list[AudienceEvent]], Future]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """Token bucket per client address: ``per_second`` sustained, ``burst`` at once.

    Generous by default: a platform connector posting batches never comes
    near it; a runaway loop or a token-guessing client does.
    """

    per_second: float = 200.0
    burst: float = 400.0


class _TokenBuckets:
    """Per-client token buckets; thread-safe. Time comes from ``clock`` (monotonic seconds)."""

    #: Forget clients idle this long, so the table cannot grow without bound.
    FORGET_AFTER_S = 60.0

    def __init__(self, limit: RateLimit, clock: Callable[[], float]) -> None:
        self.limit = limit
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._last_sweep = clock()

    def allow(self, client: str) -> bool:
        now = self._clock()
        with self._lock:
            if now - self._last_sweep > self.FORGET_AFTER_S:
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < self.FORGET_AFTER_S}
                self._last_sweep = now
            tokens, last = self._buckets.get(client, (self.limit.burst, now))
            tokens = min(self.limit.burst, tokens + (now - last) * self.limit.per_second)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1.0, now)
            return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Many connectors reconnecting at once must not be refused by a short backlog.
    request_queue_size = 128
    intake: "AudienceIntake"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The default prints a traceback to stderr; a broken client is not news.
        log.debug("intake: error serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive: a connector posting many batches reuses its connection
    timeout = SOCKET_TIMEOUT_S
    server_version = "liveroom-intake"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.debug("intake %s: " + format, self.client_address[0], *args)

    # -- answers ---------------------------------------------------------
    def _answer(self, status: int, payload: dict[str, Any], *, close: bool = False,
                headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":  # a HEAD answer has headers only
            self.wfile.write(body)

    def _refuse(self, status: int, error: str, **extra: Any) -> None:
        """Answer without reading the body, and close (the unread body must not become the next request)."""
        self._answer(status, {"error": error}, close=True, **extra)

    # -- methods ---------------------------------------------------------
    def do_POST(self) -> None:  # the base class's naming
        self._guarded(self._post)

    def _other_method(self) -> None:
        def answer() -> None:
            if self._path() != PATH:
                self._refuse(404, "not found")
            else:
                self._refuse(405, "method not allowed; POST JSON Lines to /v1/events", headers={"Allow": "POST"})

        self._guarded(answer)

    do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _other_method  # noqa: N815

    def _path(self) -> str:
        return self.path.split("?", 1)[0]

    def _guarded(self, work: Callable[[], None]) -> None:
        try:
            work()
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True
        except Exception:  # a bug in one request must not end the server
            log.exception("intake: request failed")
            try:
                self._refuse(500, "internal error")
            except OSError:
                self.close_connection = True

    def handle_expect_100(self) -> bool:
        # curl sends `Expect: 100-continue` for bodies over 1 KiB. Refuse (401, 413, …) *before*
        # inviting the body, so a refused client is not left pushing a megabyte into a closed socket.
        answered = [False]

        def check() -> None:
            answered[0] = not self._precheck()

        self._guarded(check)
        if answered[0]:
            return False
        self._prechecked = True
        return super().handle_expect_100()

    def _precheck(self) -> bool:
        """Rate, path, token and size; answers and returns False when the request is refused."""
        intake = self.server.intake
        if not intake._buckets_allow(self.client_address[0]):
            self._refuse(429, "too many requests", headers={"Retry-After": "1"})
            return False
        if self._path() != PATH:
            self._refuse(404, "not found")
            return False
        if not intake._token_ok(self.headers.get("Authorization")):
            self._refuse(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})
            return False
        if self.headers.get("Transfer-Encoding"):
            self._refuse(411, "chunked bodies are not accepted; send Content-Length")
            return False
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self._refuse(411, "Content-Length required")
            return False
        digits = length_header.strip()
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 18):
            self._refuse(400, "malformed Content-Length")
            return False
        if int(digits) > intake.max_body:
            self._refuse(413, f"body over {intake.max_body} bytes")
            return False
        return True

    def _post(self) -> None:
        prechecked, self._prechecked = getattr(self, "_prechecked", False), False
        if not prechecked and not self._precheck():
            return
        length = int(self.headers["Content-Length"].strip())
        body = self.rfile.read(length)
        if len(body) < length:
            self.close_connection = True  # the client hung up mid-body; nothing to answer
            return
        status, payload = self.server.intake._handle_body(body, self.client_address[0])
        self._answer(status, payload)


class AudienceIntake:
    """The HTTP intake; :meth:`start` serves on its own thread, :meth:`stop` joins it.

    ``sink(events) -> Future`` must resolve once the events are committed
    (``AudiencePipeline.submit``). It is called on the request's handler
    thread; so are :attr:`rejected` handlers.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 8750,
        token: str = "",
        sink: Sink | None = None,
        *,
        max_body: int = MAX_BODY,
        rate_limit: RateLimit | None = RateLimit(),
        commit_timeout: float = COMMIT_TIMEOUT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not token:
            raise ValueError("the intake needs a token (console.audience.token.get_or_create_token())")
        if sink is None:
            raise ValueError("the intake needs a sink that commits events")
        self.host = host
        self.port = port
        self._token = token.encode("utf-8")
        self.sink = sink
        self.max_body = max_body
        self.commit_timeout = commit_timeout
        self._buckets = _TokenBuckets(rate_limit, clock) if rate_limit is not None else None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        #: ``rejected(client, rejections: list[Rejection])``: every refused line of a batch,
        #: fired on the request's handler thread.
        self.rejected = Signal("AudienceIntake.rejected")
        self._stats_lock = threading.Lock()
        self.accepted_total = 0
        self.rejected_total = 0

    # -- lifecycle -------------------------------------------------------
    def start(self) -> "AudienceIntake":
        """Bind and serve on the ``audience-intake`` thread. Raises ``OSError`` when the address is taken."""
        if self._server is not None:
            return self
        server = _Server((self.host, self.port), _Handler)
        server.intake = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="audience-intake", daemon=True)
        self._thread.start()
        log.info("audience intake listening on http://%s:%d%s", *self.address, PATH)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, close the socket and join the thread (requests in flight finish on their own)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def address(self) -> tuple[str, int]:
        """(host, port) actually bound (port 0 asks the system for a free one)."""
        if self._server is None:
            return (self.host, self.port)
        host, port = self._server.server_address[:2]
        return (str(host), int(port))

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}{PATH}"

    def __enter__(self) -> "AudienceIntake":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- handler threads -------------------------------------------------
    def _buckets_allow(self, client: str) -> bool:
        return self._buckets is None or self._buckets.allow(client)

    def _token_ok(self, header: str | None) -> bool:
        if not header:
            return False
        scheme, _, value = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(value.strip().encode("utf-8", "surrogateescape"), self._token)

    def _handle_body(self, body: bytes, client: str) -> tuple[int, dict[str, Any]]:
        result = parse_lines(body, source=f"http:{client}")
        rejected = _listed(result.rejected)
        if result.rejected:
            with self._stats_lock:
                self.rejected_total += len(result.rejected)
            self.rejected.emit(client, result.rejected)
        if not result.events:
            error = "no valid event in the body" if result.rejected else "the body has no events"
            return 400, {"accepted": 0, "rejected": rejected, "error": error, **_total(result.rejected)}
        try:
            self.sink(result.events).result(timeout=self.commit_timeout)
        except FutureTimeout:
            log.error("intake: commit of %d events timed out", len(result.events))
            return 503, {"accepted": 0, "error": f"the events were not committed within {self.commit_timeout:g} s"}
        except Exception as exc:  # noqa: BLE001 - the reason goes to the client, the server stays up
            log.error("intake: commit of %d events failed: %s", len(result.events), exc)
            return 503, {"accepted": 0, "error": f"the events were not committed: {_client_reason(exc)}"}
        with self._stats_lock:
            self.accepted_total += len(result.events)
        return 202, {"accepted": len(result.events), "rejected": rejected, **_total(result.rejected)}


def _client_reason(exc: BaseException) -> str:
    """What a sender may read about a failed commit.

    A database error's text holds the SQL statement, every row of the batch
    and, on PostgreSQL, the server's address and user: that stays in the
    console's log. The console's own refusals (the show has not started
    yet…) are written for the sender and pass through.
    """
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        return "the database refused them (the console's log has the details)"
    return str(exc)


def _listed(rejections: list[Rejection]) -> list[dict[str, Any]]:
    return [{"line": r.line, "error": r.error} for r in rejections[:MAX_REPORTED_REJECTIONS]]


def _total(rejections: list[Rejection]) -> dict[str, int]:
    return {"rejected_total": len(rejections)} if len(rejections) > MAX_REPORTED_REJECTIONS else {}
