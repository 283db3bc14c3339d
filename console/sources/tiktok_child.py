"""The tiktok source's child process: TikTokLive → CONTRACTS §3 events → the console's intake.

Run by :class:`console.sources.tiktok.TikTokSource` as a script
(``PYTHON -E -s tiktok_child.py``) with the interpreter of the virtual
environment that holds TikTokLive (docs/audience-sources.md), never inside the
console's process: the library's licence, its pinned dependencies
(betterproto, an old ``websockets_proxy``) and its network failures stay here.
It imports the standard library, TikTokLive and its sibling
:mod:`tiktok_format` only.

The conversation with the parent:

- **stdin**: one JSON line of settings — ``unique_id``, ``intake_url``,
  ``token`` (the intake's bearer token), optional ``sign_api_key`` and
  ``sign_url`` (from the keyring/environment, never a file), ``previous_total``,
  ``stale_after_s``, optional ``room_id`` (skips TikTok's page and live check);
  tests add ``frames`` (below). Secrets travel here, not in
  the command line, which any local user can read. Then stdin stays open:
  its end (the parent closing it, or dying) is the order to stop.
- **stdout**: JSON lines — ``{"state", "reason", …}`` whenever the state
  changes (``connecting``, ``live``, ``stale`` with ``since``, ``rate_limited``
  with ``retry_after``, ``auth_expired``, ``ended``, ``failed``, and ``error``:
  a transient failure the parent retries with backoff), and ``{"stats": …}``
  every :data:`STATS_INTERVAL_S`.
- **the intake**: events are POSTed as JSON Lines to ``/v1/events`` with the
  bearer token, in batches (at most :data:`POST_BATCH` every
  :data:`POST_INTERVAL_S`); a batch the intake cannot take now (503, no
  answer) is kept and sent again, up to :data:`MAX_PENDING` events.

Offline mode (tests): ``frames`` names a JSON Lines file of ``{"delay": s,
"frame": base64}``, each frame the bytes of a TikTokLive
``ProtoMessageFetchResult`` (what TikTok's WebSocket delivers). They are parsed
by the real client's own parser and emitted to the same handlers as a live
connection's, so everything after the socket is what runs on air.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from typing import Any

try:
    from console.sources.tiktok_format import TikTokMapper
except ImportError:  # run as a script by TikTokLive's interpreter (the usual way): the sibling file
    from tiktok_format import TikTokMapper  # type: ignore[no-redef]

#: Events per POST at most: a few hundred KB, far under the intake's 1 MiB.
POST_BATCH = 500
#: How often queued events are posted. A quarter second keeps the live view
#: current without one request per like (a busy room sends dozens a second).
POST_INTERVAL_S = 0.25
#: Events kept while the intake cannot take them (the console restarting, a
#: 503): about ten minutes of a busy room. Past it the oldest are dropped and counted.
MAX_PENDING = 50_000
#: A POST that takes longer failed; the batch is sent again.
POST_TIMEOUT_S = 5.0
#: Wait before sending a refused batch again.
RETRY_DELAY_S = 1.0
#: How often the counters go to the parent.
STATS_INTERVAL_S = 1.0
#: No event for this long while connected → ``stale``. TikTok sends the viewer
#: count every few seconds in any room that is on air.
STALE_AFTER_S = 30.0
#: Not on air this long after starting → give up this attempt (the parent retries). TikTokLive's
#: own requests time out after 15 s each, and a connection makes three or four of them.
CONNECT_TIMEOUT_S = 60.0


def say(**message: Any) -> None:
    """One line to the parent (stdout is ours alone: TikTokLive logs to stderr)."""
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class IntakePoster:
    """Queue of §3 objects and the POSTs that deliver them. Runs on the child's event loop."""

    def __init__(self, url: str, token: str) -> None:
        base = url.rstrip("/")
        self.url = base if base.endswith("/v1/events") else base + "/v1/events"
        self.token = token
        self.pending: list[dict[str, Any]] = []
        self.accepted = 0
        self.rejected = 0
        self.dropped = 0
        self.refusal: str | None = None  # why the intake did not take the last batch
        # One flush at a time: the final flush at the end waits for one in flight instead of
        # sending its batch a second time (the intake would store it twice).
        self._flushing = asyncio.Lock()
        # No proxy: the intake is this machine's; an http_proxy set for the browser must not catch it.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def add(self, objects: list[dict[str, Any]]) -> None:
        self.pending.extend(objects)
        overflow = len(self.pending) - MAX_PENDING
        if overflow > 0:
            del self.pending[:overflow]
            self.dropped += overflow

    async def flush(self) -> bool:
        """Post what is queued, batch by batch; False when the intake did not take a batch (kept)."""
        async with self._flushing:
            return await self._flush()

    async def _flush(self) -> bool:
        loop = asyncio.get_running_loop()
        while self.pending:
            batch = self.pending[:POST_BATCH]
            outcome = await loop.run_in_executor(None, self._post, batch)
            if outcome is None:
                return False
            accepted, rejected = outcome
            self.accepted += accepted
            self.rejected += rejected
            del self.pending[:len(batch)]
        return True

    def _post(self, batch: list[dict[str, Any]]) -> tuple[int, int] | None:
        """One POST (an executor thread). ``(accepted, rejected)``, or None to send it again later."""
        body = "".join(json.dumps(obj, ensure_ascii=False) + "\n" for obj in batch).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/x-ndjson"})
        try:
            with self._opener.open(request, timeout=POST_TIMEOUT_S) as answer:
                result = json.loads(answer.read() or b"{}")
            self.refusal = None
            return int(result.get("accepted", 0)), len(result.get("rejected", []))
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode(errors="replace")
            if exc.code == 400:  # no valid line: sending it again cannot help
                self.refusal = None
                return 0, len(batch)
            self.refusal = f"the intake answered {exc.code} {detail}".strip()
            return None
        except (OSError, ValueError) as exc:
            self.refusal = f"the intake did not answer: {exc}"
            return None


class Child:
    """One connection to one TikTok LIVE, for the life of this process."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.unique_id = str(settings["unique_id"]).lstrip("@")
        self.poster = IntakePoster(settings["intake_url"], settings["token"])
        self.mapper = TikTokMapper(settings.get("previous_total"))
        self.stale_after_s = float(settings.get("stale_after_s", STALE_AFTER_S))
        self.stopping = asyncio.Event()
        self.frames = 0
        self.state = ""
        self.last_event_mono = time.monotonic()
        self.last_event_wall = time.time()
        self.started_mono = time.monotonic()
        self.client: Any = None

    def set_state(self, state: str, reason: str, **extra: Any) -> None:
        if state == self.state and not extra:
            return
        self.state = state
        say(state=state, reason=reason, **extra)

    def stats(self) -> dict[str, Any]:
        return {"frames": self.frames, "events": self.poster.accepted, "rejected": self.poster.rejected,
                "dropped": self.poster.dropped, "pending": len(self.poster.pending),
                "duplicates": self.mapper.duplicates, "unknown": self.mapper.unmapped,
                "total_user": self.mapper.total_user, "refusal": self.poster.refusal}

    # -- TikTokLive's events (the event loop) --------------------------------
    def on_event(self, event: Any) -> None:
        self.frames += 1
        now = time.time()
        self.last_event_mono, self.last_event_wall = time.monotonic(), now
        if self.state == "stale":
            self.set_state("live", f"@{self.unique_id} is on air")
        self.poster.add(self.mapper.map(event, now))

    def on_connect(self, _event: Any) -> None:
        self.last_event_mono, self.last_event_wall = time.monotonic(), time.time()
        self.set_state("live", f"@{self.unique_id} is on air")

    def on_live_end(self, _event: Any) -> None:
        self.set_state("ended", f"the LIVE of @{self.unique_id} ended")
        self.stopping.set()

    def make_client(self) -> Any:
        with warnings.catch_warnings():
            # TikTokLive 6.6.5's websockets_proxy imports websockets.legacy (deprecated, still there).
            warnings.simplefilter("ignore", DeprecationWarning)
            from TikTokLive import TikTokLiveClient
            from TikTokLive.client.web.web_settings import WebDefaults
            from TikTokLive.events import ConnectEvent, LiveEndEvent
        if self.settings.get("sign_url"):
            WebDefaults.tiktok_sign_url = self.settings["sign_url"]
        if self.settings.get("sign_api_key"):
            WebDefaults.tiktok_sign_api_key = self.settings["sign_api_key"]
        client = TikTokLiveClient(unique_id=self.unique_id)
        client.add_listener(ConnectEvent, self.on_connect)
        client.add_listener(LiveEndEvent, self.on_live_end)
        for name in ("RoomUserSeqEvent", "CommentEvent", "LikeEvent", "ShareEvent", "FollowEvent",
                     "GiftEvent", "JoinEvent"):
            client.add_listener(name, self.on_event)
        self.client = client
        return client

    # -- the process ---------------------------------------------------------
    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        threading.Thread(target=_watch_stdin, args=(loop, self.stopping), name="stdin-watch", daemon=True).start()
        self.set_state("connecting", f"connecting to the LIVE of @{self.unique_id}")
        client = self.make_client()
        feed = asyncio.ensure_future(self.replay(client) if self.settings.get("frames") else self.connect(client))
        housekeeping = asyncio.ensure_future(self.housekeeping())
        stop = asyncio.ensure_future(self.stopping.wait())
        try:
            await asyncio.wait({feed, stop}, return_when=asyncio.FIRST_COMPLETED)
            if feed.done() and feed.exception() is not None:
                self.report_failure(feed.exception())
        finally:
            for task in (feed, stop):
                task.cancel()
            if client.connected:
                try:
                    await asyncio.wait_for(client.disconnect(), POST_TIMEOUT_S)
                except Exception:  # noqa: BLE001 - leaving anyway
                    pass
            housekeeping.cancel()
            await self.poster.flush()  # what arrived before the end is delivered if the intake takes it
            say(stats=self.stats())
        if self.state in ("connecting", "live", "stale"):
            self.set_state("ended", "stopped")
        return 0

    async def connect(self, client: Any) -> None:
        """The real feed: TikTok's WebSocket through TikTokLive, until the LIVE ends or the socket drops."""
        # A known room id skips TikTok's HTML page (which TikTok blocks when scraped often) and its live check.
        room_id = self.settings.get("room_id")
        task = await client.start(room_id=room_id, fetch_live_check=room_id is None)
        await task
        if not self.stopping.is_set():
            self.set_state("error", "TikTok closed the connection")
            self.stopping.set()

    async def replay(self, client: Any) -> None:
        """The offline feed: recorded frames through the client's own parser (see the module doc)."""
        from TikTokLive.proto import ProtoMessageFetchResult
        with open(self.settings["frames"], encoding="utf-8") as frames:
            for line in frames:
                record = json.loads(line)
                await asyncio.sleep(float(record.get("delay", 0)))
                response = ProtoMessageFetchResult().parse(base64.b64decode(record["frame"]))
                async for event in client._parse_webcast_response(response):  # pinned: TikTokLive 6.6.5
                    client.emit(event.type, event)
                await asyncio.sleep(0)  # let the listeners run, as the socket's loop does between frames
        if self.settings.get("after_frames") == "close":
            self.set_state("error", "TikTok closed the connection")
            self.stopping.set()
            return
        await self.stopping.wait()  # "hold": connected and silent, as a quiet room is

    async def housekeeping(self) -> None:
        """Post, report, and notice silence, until cancelled."""
        next_stats = 0.0
        while True:
            await asyncio.sleep(POST_INTERVAL_S)
            # Shielded: cancelling the housekeeping at the end must not cut a POST from its bookkeeping.
            if not await asyncio.shield(self.poster.flush()):
                await asyncio.sleep(RETRY_DELAY_S)
            now = time.monotonic()
            if self.state == "connecting" and now - self.started_mono >= CONNECT_TIMEOUT_S:
                self.set_state("error", f"not on air after {CONNECT_TIMEOUT_S:.0f} s of trying")
                self.stopping.set()
            if self.state == "live" and now - self.last_event_mono >= self.stale_after_s:
                self.set_state("stale", f"no event for {self.stale_after_s:.0f} s", since=self.last_event_wall)
            if now >= next_stats:
                say(stats=self.stats())
                next_stats = now + STATS_INTERVAL_S

    def report_failure(self, exc: BaseException) -> None:
        name = type(exc).__name__
        text = " ".join(str(exc).split())[:300] or name
        if name == "UserOfflineError":
            self.set_state("ended", f"@{self.unique_id} is not live now")
        elif name in ("UserNotFoundError", "FailedResolveUserId"):
            self.set_state("failed", f"TikTok has no user @{self.unique_id}")
        elif name == "AgeRestrictedError":
            self.set_state("failed", "the LIVE is age-restricted: TikTokLive cannot read it without a logged-in session")
        elif name == "SignatureRateLimitError":
            retry_after = _retry_after(exc)
            self.set_state("rate_limited", f"the sign server limits requests: {text}", retry_after=retry_after)
        elif name == "PremiumEndpointError" or _status(exc) in (401, 403):
            self.set_state("auth_expired", f"the sign server refused the API key: {text}")
        else:
            self.set_state("error", f"{name}: {text}")


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _retry_after(exc: BaseException) -> float | None:
    try:
        return float(exc.retry_after)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a missing or odd header: the parent's backoff decides
        return None


def _watch_stdin(loop: asyncio.AbstractEventLoop, stopping: asyncio.Event) -> None:
    """A daemon thread: the parent closing stdin (or dying) sets ``stopping`` on the loop."""
    try:
        while sys.stdin.readline():
            pass
    finally:
        try:
            loop.call_soon_threadsafe(stopping.set)
        except RuntimeError:  # the loop already closed: the process is ending anyway
            pass


def main() -> int:
    line = sys.stdin.readline()
    try:
        settings = json.loads(line)
        if not settings.get("unique_id") or not settings.get("intake_url") or not settings.get("token"):
            raise ValueError("unique_id, intake_url and token are required")
    except ValueError as exc:
        say(state="failed", reason=f"bad settings from the console: {exc}")
        return 2
    return asyncio.run(Child(settings).run())


if __name__ == "__main__":
    sys.exit(main())
