"""The console's link to OBS: one worker thread, one queue, an honest state.

Threads
-------
- ``obs-worker`` (one per client) owns the connection, the queue of requests,
  the heartbeat, the reconnect loop and the :class:`ObsSnapshot`. It never
  blocks on OBS: it sends one request at a time and waits for its answer in
  its inbox together with everything else, so a hung OBS cannot stop the
  heartbeat or the staleness check.
- ``obs-receive`` (one per session) only turns frames into inbox items.
- Any thread may call :meth:`ObsClient.request`; it returns a
  :class:`~concurrent.futures.Future` at once. The GUI thread never waits.

All signals fire on ``obs-worker``. Handlers must not block (a UI bridge
re-emits them as queued Qt signals); calling :meth:`request` from a handler is
fine (it only queues), waiting on its future there is not.

Timing constants are below, each with its reason.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import logging
import queue
import threading
import time
from concurrent.futures import Future
from typing import Any, Callable

from console.events import Signal
from console.obs.connection import (
    CLOSE_AUTHENTICATION_FAILED,
    CLOSE_SESSION_INVALIDATED,
    ConnectFailed,
    ObsConnection,
)
from console.obs.model import (
    CLIENT_STOPPED,
    CONNECTION_LOST,
    NOT_CONNECTED,
    TIMED_OUT,
    AudioInput,
    ConnectionState,
    HealthSample,
    ObsResult,
    ObsSnapshot,
)

log = logging.getLogger(__name__)

#: Every request gets an answer or fails within this (CONTRACTS.md §1: 5 s).
DEFAULT_REQUEST_TIMEOUT_S = 5.0
#: TCP connect plus Hello/Identify.
CONNECT_TIMEOUT_S = 5.0
#: Stats are never pushed by OBS; polling them is also our heartbeat.
HEARTBEAT_INTERVAL_S = 1.0
#: No frame at all from OBS for this long while a heartbeat is due means the
#: figures are stale: the state leaves ``ok``. With a 1 s heartbeat a healthy
#: OBS is never silent for more than ~1 s (volume meters arrive every 50 ms),
#: and a hung one is reported within 1.6 s + one loop turn, under the 2 s the
#: operator was promised.
STALE_AFTER_S = 1.6
#: Silent this long: give up on the socket and open a fresh session.
DROP_AFTER_S = 8.0
#: Reconnect backoff: doubles from the first value up to the cap, and resets on
#: success. The cap is short because a show is on air: OBS restarted by the
#: operator must be picked up within seconds, and one connect attempt a few
#: seconds apart costs OBS nothing.
RECONNECT_BACKOFF_FIRST_S = 0.25
RECONNECT_BACKOFF_CAP_S = 3.0

PRIORITY_ACTION = 0  # operator, cues, playbooks: first in line
PRIORITY_BACKGROUND = 1  # thumbnails, level polls: only when nothing else waits

_INTERNAL = "internal"


@dataclasses.dataclass(slots=True)
class _Pending:
    request: str
    params: dict[str, Any]
    origin: str
    timeout: float
    future: Future
    on_done: Callable[[ObsResult], None] | None = None
    batch: list[dict[str, Any]] | None = None  # a RequestBatch (internal only)
    request_id: str = ""
    sent_at_mono: float = 0.0
    sent_at_wall: float = 0.0


class ObsClient:
    """Owns one OBS connection. ``start()`` it, ``stop()`` it; thread-safe."""

    def __init__(
        self,
        url: str = "ws://127.0.0.1:4455",
        password: str | None = None,
        *,
        password_provider: Callable[[str], str | None] | None = None,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT_S,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        heartbeat_interval: float = HEARTBEAT_INTERVAL_S,
        reconnect: bool = True,
        name: str = "obs",
    ) -> None:
        self.url = url
        self._password = password
        self._password_provider = password_provider
        self.request_timeout = request_timeout
        self.connect_timeout = connect_timeout
        self.heartbeat_interval = heartbeat_interval
        self.reconnect_enabled = reconnect
        self.name = name

        self.state_changed = Signal("ObsClient.state_changed")
        """(state: ConnectionState, reason: str) — on ``obs-worker``, only when the state changes."""
        self.snapshot_changed = Signal("ObsClient.snapshot_changed")
        """(snapshot: ObsSnapshot) — on ``obs-worker``, whenever OBS confirmed a change."""
        self.health = Signal("ObsClient.health")
        """(sample: HealthSample) — on ``obs-worker``, once per heartbeat."""
        self.obs_event = Signal("ObsClient.obs_event")
        """(event_type: str, data: dict) — every OBS event, raw, on ``obs-worker``."""
        self.action_finished = Signal("ObsClient.action_finished")
        """(result: ObsResult) — every request not made by the client itself, on ``obs-worker``."""

        self._state = ConnectionState.DISCONNECTED
        self._state_reason = "not started"
        self._snapshot = ObsSnapshot()
        self._state_lock = threading.Condition()
        self._inbox: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._queues: tuple[collections.deque[_Pending], collections.deque[_Pending]] = (
            collections.deque(),
            collections.deque(),
        )
        self._ids = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._stopping = False

        # Worker-thread-only state.
        self._connection: ObsConnection | None = None
        self._generation = 0
        self._inflight: _Pending | None = None
        self._last_frame_mono = 0.0
        self._next_heartbeat_mono = 0.0
        self._heartbeat_pending = False
        self._stale = False
        self._previous_health: HealthSample | None = None
        self._ever_connected = False
        self._hold_reason: str | None = None  # auth failed / kicked: wait for the operator
        self._reconnect_requested = threading.Event()

    # ------------------------------------------------------------------ API
    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def state_reason(self) -> str:
        return self._state_reason

    @property
    def snapshot(self) -> ObsSnapshot:
        return self._snapshot

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> "ObsClient":
        if self._thread is not None:
            return self
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-worker", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Close the connection, fail what is queued, join the worker (any thread but the worker)."""
        thread = self._thread
        if thread is None:
            return
        self._stopping = True
        self._inbox.put(("stop",))
        if thread is not threading.current_thread():
            thread.join(timeout)
        self._thread = None

    def __enter__(self) -> "ObsClient":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reconnect_now(self, password: str | None = None) -> None:
        """Operator's "try again" (after a wrong password or a kicked session)."""
        if password is not None:
            self._password = password
        self._inbox.put(("reconnect",))

    def request(
        self,
        request_type: str,
        params: dict[str, Any] | None = None,
        *,
        origin: str = "console",
        timeout: float | None = None,
        priority: int = PRIORITY_ACTION,
    ) -> Future:
        """Queue one request; the future resolves with an :class:`ObsResult` (never raises).

        Fails at once (``ok`` False, reason "OBS is not connected") while
        there is no session or OBS stopped answering: a scene switch queued
        behind a dead link and sent minutes later would be worse than none.
        During the state read right after a connect it waits its turn.
        """
        item = _Pending(
            request=request_type,
            params=dict(params or {}),
            origin=origin,
            timeout=self.request_timeout if timeout is None else timeout,
            future=Future(),
        )
        if self._thread is None or self._stopping:
            self._finish(item, self._failure(item, CLIENT_STOPPED, "the OBS client is not running"))
        else:
            self._inbox.put(("request", item, priority))
        return item.future

    def call(self, request_type: str, params: dict[str, Any] | None = None, *, origin: str = "console",
             timeout: float | None = None) -> ObsResult:
        """Blocking convenience for the command line and tests. Never on the GUI or worker thread."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("ObsClient.call() from the worker thread would deadlock; use request()")
        wait = (self.request_timeout if timeout is None else timeout) + 2.0
        return self.request(request_type, params, origin=origin, timeout=timeout).result(wait)

    def wait_for_state(self, *states: ConnectionState, timeout: float) -> bool:
        """Block until the state is one of ``states`` (command line and tests only)."""
        deadline = time.monotonic() + timeout
        with self._state_lock:
            while self._state not in states:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._state_lock.wait(remaining)
            return True

    # ------------------------------------------------------------ internals
    def _set_state(self, state: ConnectionState, reason: str) -> None:
        with self._state_lock:
            changed = state != self._state
            self._state = state
            self._state_reason = reason
            self._state_lock.notify_all()
        if changed:
            log.info("OBS %s: %s (%s)", self.url, state.value, reason)
            self.state_changed.emit(state, reason)

    def _set_snapshot(self, **changes: Any) -> None:
        new = self._snapshot.replace(**changes)
        if new != self._snapshot:
            self._snapshot = new
            self.snapshot_changed.emit(new)

    def _failure(self, item: _Pending, code: int, reason: str, latency_ms: float | None = None) -> ObsResult:
        return ObsResult(item.request, item.params, False, {}, code, reason, latency_ms,
                         item.sent_at_wall or time.time(), item.origin)

    def _finish(self, item: _Pending, result: ObsResult) -> None:
        if item.on_done is not None:
            try:
                item.on_done(result)
            except Exception:
                log.exception("internal handler for %s failed", item.request)
        if not item.future.done():
            item.future.set_result(result)
        if item.origin != _INTERNAL:
            self.action_finished.emit(result)

    def _internal(self, request: str, params: dict[str, Any] | None = None,
                  on_done: Callable[[ObsResult], None] | None = None, *, front: bool = False,
                  batch: list[dict[str, Any]] | None = None) -> None:
        item = _Pending(request, dict(params or {}), _INTERNAL, self.request_timeout, Future(), on_done, batch)
        if front:
            self._queues[PRIORITY_ACTION].appendleft(item)
        else:
            self._queues[PRIORITY_ACTION].append(item)

    # -------------------------------------------------------- worker thread
    def _run(self) -> None:
        backoff = RECONNECT_BACKOFF_FIRST_S
        self._set_state(ConnectionState.CONNECTING, f"connecting to {self.url}")
        try:
            while not self._stopping:
                if self._connection is None:
                    if self._hold_reason is not None:
                        self._idle_until(None)
                        continue
                    if self._open():
                        backoff = RECONNECT_BACKOFF_FIRST_S
                    elif self._hold_reason is None:
                        if not self.reconnect_enabled:
                            self._set_state(ConnectionState.DISCONNECTED, self._state_reason)
                            self._hold_reason = self._state_reason
                            continue
                        self._idle_until(time.monotonic() + backoff)
                        backoff = min(backoff * 2, RECONNECT_BACKOFF_CAP_S)
                else:
                    self._serve()
        except Exception:  # last line of defence: report, never die silently
            log.exception("OBS worker failed")
            self._set_state(ConnectionState.DISCONNECTED, "internal error in the OBS client (see log)")
        finally:
            self._drop_connection(CLIENT_STOPPED, "the OBS client stopped")
            self._fail_queued(CLIENT_STOPPED, "the OBS client stopped")
            while True:  # requests that reached the inbox after the last turn
                try:
                    message = self._inbox.get_nowait()
                except queue.Empty:
                    break
                if message[0] == "request":
                    self._finish(message[1], self._failure(message[1], CLIENT_STOPPED, "the OBS client stopped"))
            self._set_state(ConnectionState.DISCONNECTED, "stopped")

    def _idle_until(self, deadline: float | None) -> None:
        """While not connected: answer requests with "not connected" until ``deadline``."""
        while not self._stopping:
            timeout = None if deadline is None else deadline - time.monotonic()
            if timeout is not None and timeout <= 0:
                return
            try:
                message = self._inbox.get(timeout=timeout)
            except queue.Empty:
                return
            kind = message[0]
            if kind == "stop":
                self._stopping = True
                return
            if kind == "reconnect":
                self._hold_reason = None
                return
            if kind == "request":
                item = message[1]
                self._finish(item, self._failure(item, NOT_CONNECTED, f"OBS is not connected ({self._state_reason})"))
            # Frames and losses of an old session are ignored.

    def _open(self) -> bool:
        password = self._password
        if password is None and self._password_provider is not None:
            try:
                password = self._password_provider(self.url)
            except Exception as exc:  # noqa: BLE001 - a keyring problem is reported, not raised
                self._hold_reason = f"cannot read the OBS password: {exc}"
                self._set_state(ConnectionState.AUTH_FAILED, self._hold_reason)
                return False
        self._generation += 1
        generation = self._generation
        connection = ObsConnection(
            self.url,
            password,
            on_frame=lambda message: self._inbox.put(("frame", generation, message)),
            on_lost=lambda code, reason: self._inbox.put(("lost", generation, code, reason)),
            connect_timeout=self.connect_timeout,
        )
        try:
            connection.connect()
        except ConnectFailed as exc:
            if not exc.retry:
                # Wrong password or kicked: retrying in a loop would only hammer
                # OBS (and could lock the operator out); the operator decides.
                self._hold_reason = str(exc)
                state = (ConnectionState.AUTH_FAILED if exc.close_code == CLOSE_AUTHENTICATION_FAILED
                         else ConnectionState.DISCONNECTED)
                self._set_state(state, str(exc))
            else:
                state = ConnectionState.RECONNECTING if self._ever_connected else ConnectionState.CONNECTING
                self._set_state(state, str(exc))
            return False
        except ValueError as exc:  # a malformed URL: retrying will not help
            self._hold_reason = str(exc)
            self._set_state(ConnectionState.DISCONNECTED, str(exc))
            return False
        self._connection = connection
        self._last_frame_mono = time.monotonic()
        self._stale = False
        self._previous_health = None
        self._heartbeat_pending = False
        self._snapshot = self._snapshot.replace(websocket_version=connection.server_version)
        self._read_everything(announce_ok=True)
        return True

    def _read_everything(self, *, announce_ok: bool) -> None:
        """Re-read the whole OBS state in one batch; ``ok`` once it has arrived."""

        def done(result: ObsResult) -> None:
            if not result.ok:
                log.info("re-reading OBS state failed: %s", result.error_text)
                if self._connection is not None:
                    self._set_state(ConnectionState.RECONNECTING, f"OBS did not answer the state read: {result.error_text}")
                    self._drop_connection(CONNECTION_LOST, "state read failed")
                return
            inputs = self._apply_state_batch(result.data.get("results", []))
            self._next_heartbeat_mono = 0.0  # a heartbeat right away fills the health figures
            self._ever_connected = True

            def announce() -> None:
                if announce_ok and self._connection is not None:
                    self._set_state(ConnectionState.OK, f"connected to OBS {self._snapshot.obs_version or '?'} at {self.url}")

            # "ok" only once the audio inputs are known too: the mixer and the
            # silent-mic detector must not start from an empty list.
            self._read_audio_inputs(inputs, then=announce)

        batch = [
            {"requestType": "GetVersion"},
            {"requestType": "GetSceneList"},
            {"requestType": "GetStudioModeEnabled"},
            {"requestType": "GetStreamStatus"},
            {"requestType": "GetRecordStatus"},
            {"requestType": "GetSceneTransitionList"},
            {"requestType": "GetCurrentSceneTransition"},
            {"requestType": "GetInputList"},
        ]
        self._internal("RequestBatch", on_done=done, front=True, batch=batch)

    def _apply_state_batch(self, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Apply a state read; returns OBS's input list for the audio-input read."""
        by_type = {r.get("requestType"): r.get("responseData") or {} for r in results
                   if (r.get("requestStatus") or {}).get("result")}
        changes: dict[str, Any] = {}
        version = by_type.get("GetVersion", {})
        if version:
            changes["obs_version"] = version.get("obsVersion")
            changes["websocket_version"] = version.get("obsWebSocketVersion")
        scene_list = by_type.get("GetSceneList")
        if scene_list is not None:
            changes.update(self._scene_fields(scene_list))
        studio = by_type.get("GetStudioModeEnabled")
        if studio is not None:
            changes["studio_mode"] = bool(studio.get("studioModeEnabled"))
            if not changes["studio_mode"]:
                changes["preview_scene"] = None
        stream = by_type.get("GetStreamStatus")
        if stream is not None:
            changes["streaming"] = bool(stream.get("outputActive"))
            changes["stream_reconnecting"] = bool(stream.get("outputReconnecting"))
        record = by_type.get("GetRecordStatus")
        if record is not None:
            changes["recording"] = bool(record.get("outputActive"))
        transitions = by_type.get("GetSceneTransitionList")
        if transitions is not None:
            changes["transitions"] = tuple(t.get("transitionName", "") for t in transitions.get("transitions", []))
            changes["transition"] = transitions.get("currentSceneTransitionName")
        current = by_type.get("GetCurrentSceneTransition")
        if current is not None:
            changes["transition_duration_ms"] = current.get("transitionDuration")
        self._set_snapshot(**changes)
        return list((by_type.get("GetInputList") or {}).get("inputs", []))

    @staticmethod
    def _scene_fields(scene_list: dict[str, Any]) -> dict[str, Any]:
        # GetSceneList lists scenes bottom-up (sceneIndex 0 is the last row in
        # OBS's scene dock); the operator knows them top-down, so reverse.
        scenes = sorted(scene_list.get("scenes", []), key=lambda s: s.get("sceneIndex", 0), reverse=True)
        fields: dict[str, Any] = {
            "scenes": tuple(s.get("sceneName", "") for s in scenes),
            "program_scene": scene_list.get("currentProgramSceneName"),
        }
        fields["preview_scene"] = scene_list.get("currentPreviewSceneName") or None
        return fields

    def _read_audio_inputs(self, inputs: list[dict[str, Any]], then: Callable[[], None] | None = None) -> None:
        # An input is an audio input when OBS answers GetInputMute for it.
        if not inputs:
            self._set_snapshot(audio_inputs=())
            if then is not None:
                then()
            return
        batch = [{"requestType": "GetInputMute", "requestData": {"inputName": i.get("inputName")}} for i in inputs]
        kinds = [i.get("inputKind", "") for i in inputs]

        def done(result: ObsResult) -> None:
            audio = []
            for spec, kind, r in zip(batch, kinds, result.data.get("results", []), strict=False):
                if (r.get("requestStatus") or {}).get("result"):
                    name = spec["requestData"]["inputName"]
                    audio.append(AudioInput(name, kind, bool((r.get("responseData") or {}).get("inputMuted"))))
            self._set_snapshot(audio_inputs=tuple(audio))
            if then is not None:
                then()

        self._internal("RequestBatch", on_done=done, batch=batch, front=then is not None)

    def _serve(self) -> None:
        """One turn of the connected loop: wait for the next thing to do, do it."""
        now = time.monotonic()
        deadlines = [self._next_heartbeat_mono]
        if self._stale:
            deadlines.append(self._last_frame_mono + DROP_AFTER_S)
        elif self._heartbeat_pending or self._inflight is not None:
            deadlines.append(self._last_frame_mono + STALE_AFTER_S)
        if self._inflight is not None:
            deadlines.append(self._inflight.sent_at_mono + self._inflight.timeout)
        timeout = max(0.0, min(deadlines) - now)
        try:
            message = self._inbox.get(timeout=min(timeout, 1.0))
        except queue.Empty:
            message = None
        if message is not None:
            self._handle(message)
            # Drain what else is waiting before doing timed work: frames first.
            while self._connection is not None and not self._stopping:
                try:
                    self._handle(self._inbox.get_nowait())
                except queue.Empty:
                    break
        if self._connection is None or self._stopping:
            return
        now = time.monotonic()
        self._check_timers(now)
        self._send_next()

    def _handle(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "request":
            _, item, priority = message
            if self._stale or self._connection is None:
                self._finish(item, self._failure(item, NOT_CONNECTED, f"OBS is not answering ({self._state_reason})"))
            else:
                self._queues[priority].append(item)
        elif kind == "frame":
            _, generation, payload = message
            if generation == self._generation:
                self._on_frame(payload)
        elif kind == "lost":
            _, generation, close_code, reason = message
            if generation == self._generation and self._connection is not None:
                if close_code == CLOSE_SESSION_INVALIDATED:
                    # Kicked by someone at OBS: coming straight back would undo
                    # their decision. The operator reconnects on purpose.
                    self._hold_reason = reason
                    self._set_state(ConnectionState.DISCONNECTED, reason)
                else:
                    self._set_state(ConnectionState.RECONNECTING, reason)
                self._drop_connection(CONNECTION_LOST, f"connection to OBS lost before the answer: {reason}")
        elif kind == "stop":
            self._stopping = True
        elif kind == "reconnect":
            if self._connection is not None:
                self._set_state(ConnectionState.RECONNECTING, "reconnect requested by the operator")
                self._drop_connection(CONNECTION_LOST, "reconnect requested")

    def _on_frame(self, payload: dict[str, Any]) -> None:
        self._last_frame_mono = time.monotonic()
        if self._stale:
            self._stale = False
            self._set_state(ConnectionState.OK, "OBS is answering again")
            self._read_everything(announce_ok=False)
        op = payload.get("op")
        data = payload.get("d") or {}
        if op in (7, 9):
            item = self._inflight
            if item is None or data.get("requestId") != item.request_id:
                return  # the answer to a request that already timed out
            self._inflight = None
            latency = (time.monotonic() - item.sent_at_mono) * 1000
            if op == 9:
                result = ObsResult(item.request, item.params, True, {"results": data.get("results", [])}, 100, None,
                                   latency, item.sent_at_wall, item.origin)
            else:
                status = data.get("requestStatus") or {}
                ok = bool(status.get("result"))
                result = ObsResult(item.request, item.params, ok, data.get("responseData") or {},
                                   status.get("code"), status.get("comment"), latency, item.sent_at_wall, item.origin)
            self._finish(item, result)
        elif op == 5:
            self._on_event(data.get("eventType", ""), data.get("eventData") or {})

    def _on_event(self, event_type: str, data: dict[str, Any]) -> None:
        if event_type == "CurrentProgramSceneChanged":
            self._set_snapshot(program_scene=data.get("sceneName"))
        elif event_type == "CurrentPreviewSceneChanged":
            self._set_snapshot(preview_scene=data.get("sceneName"))
        elif event_type == "StudioModeStateChanged":
            enabled = bool(data.get("studioModeEnabled"))
            if enabled:
                self._set_snapshot(studio_mode=True)
                self._internal("GetCurrentPreviewScene",
                               on_done=lambda r: r.ok and self._set_snapshot(preview_scene=r.data.get("currentPreviewSceneName")))
            else:
                self._set_snapshot(studio_mode=False, preview_scene=None)
        elif event_type in ("SceneCreated", "SceneRemoved", "SceneNameChanged", "SceneListChanged"):
            self._internal("GetSceneList", on_done=lambda r: r.ok and self._set_snapshot(**self._scene_fields(r.data)))
        elif event_type == "StreamStateChanged":
            state = data.get("outputState", "")
            self._set_snapshot(streaming=bool(data.get("outputActive")),
                               stream_reconnecting=state == "OBS_WEBSOCKET_OUTPUT_RECONNECTING")
        elif event_type == "RecordStateChanged":
            self._set_snapshot(recording=bool(data.get("outputActive")))
        elif event_type == "CurrentSceneTransitionChanged":
            self._set_snapshot(transition=data.get("transitionName"))
        elif event_type == "CurrentSceneTransitionDurationChanged":
            self._set_snapshot(transition_duration_ms=data.get("transitionDuration"))
        elif event_type in ("SceneTransitionCreated", "SceneTransitionRemoved", "SceneTransitionNameChanged"):
            self._internal("GetSceneTransitionList", on_done=lambda r: r.ok and self._set_snapshot(
                transitions=tuple(t.get("transitionName", "") for t in r.data.get("transitions", [])),
                transition=r.data.get("currentSceneTransitionName")))
        elif event_type == "InputMuteStateChanged":
            name, muted = data.get("inputName"), bool(data.get("inputMuted"))
            self._set_snapshot(audio_inputs=tuple(
                dataclasses.replace(i, muted=muted) if i.name == name else i for i in self._snapshot.audio_inputs))
        elif event_type in ("InputCreated", "InputRemoved", "InputNameChanged"):
            self._internal("GetInputList", on_done=lambda r: r.ok and self._read_audio_inputs(r.data.get("inputs", [])))
        self.obs_event.emit(event_type, data)

    def _check_timers(self, now: float) -> None:
        item = self._inflight
        if item is not None and now - item.sent_at_mono >= item.timeout:
            self._inflight = None
            self._finish(item, self._failure(item, TIMED_OUT, f"OBS did not answer within {item.timeout:g} s",
                                             (now - item.sent_at_mono) * 1000))
        silent = now - self._last_frame_mono
        if not self._stale and silent >= STALE_AFTER_S and (self._heartbeat_pending or self._inflight is not None):
            self._stale = True
            self._set_state(ConnectionState.RECONNECTING, f"OBS has not answered for {silent:.1f} s")
            # What is queued would run minutes late, if ever: fail it now.
            self._fail_queued(NOT_CONNECTED, "OBS is not answering")
        if self._stale and silent >= DROP_AFTER_S:
            self._drop_connection(CONNECTION_LOST, "OBS stopped answering")
            return
        if now >= self._next_heartbeat_mono and not self._heartbeat_pending:
            self._next_heartbeat_mono = now + self.heartbeat_interval
            self._heartbeat_pending = True
            self._internal("RequestBatch", on_done=self._on_heartbeat, batch=[
                {"requestType": "GetStats"},
                {"requestType": "GetStreamStatus"},
                {"requestType": "GetRecordStatus"},
            ])

    def _on_heartbeat(self, result: ObsResult) -> None:
        self._heartbeat_pending = False
        if not result.ok:
            return
        parts = {r.get("requestType"): r.get("responseData") or {} for r in result.data.get("results", [])}
        stats, stream, record = parts.get("GetStats", {}), parts.get("GetStreamStatus", {}), parts.get("GetRecordStatus", {})
        sample = HealthSample(
            ts=time.time(),
            fps=float(stats.get("activeFps") or 0.0),
            cpu=float(stats.get("cpuUsage") or 0.0),
            memory_mb=float(stats.get("memoryUsage") or 0.0),
            disk_free_mb=stats.get("availableDiskSpace"),
            average_render_ms=float(stats.get("averageFrameRenderTime") or 0.0),
            render_skipped_frames=int(stats.get("renderSkippedFrames") or 0),
            render_total_frames=int(stats.get("renderTotalFrames") or 0),
            output_skipped_frames=int(stats.get("outputSkippedFrames") or 0),
            output_total_frames=int(stats.get("outputTotalFrames") or 0),
            streaming=bool(stream.get("outputActive")),
            stream_reconnecting=bool(stream.get("outputReconnecting")),
            stream_timecode=stream.get("outputTimecode") if stream.get("outputActive") else None,
            stream_bytes=int(stream.get("outputBytes") or 0),
            congestion=float(stream.get("outputCongestion") or 0.0),
            recording=bool(record.get("outputActive")),
            record_timecode=record.get("outputTimecode") if record.get("outputActive") else None,
        )
        sample = _with_rates(sample, self._previous_health)
        self._previous_health = sample
        self._set_snapshot(health=sample, streaming=sample.streaming, recording=sample.recording,
                           stream_reconnecting=sample.stream_reconnecting)
        self.health.emit(sample)

    def _send_next(self) -> None:
        if self._inflight is not None or self._connection is None or self._stale:
            return
        for lane in self._queues:
            if lane:
                item = lane.popleft()
                break
        else:
            return
        item.request_id = f"{self._generation}-{next(self._ids)}"
        item.sent_at_mono = time.monotonic()
        item.sent_at_wall = time.time()
        if item.batch is not None:
            payload = {"op": 8, "d": {"requestId": item.request_id, "haltOnFailure": False, "executionType": 0,
                                      "requests": item.batch}}
        else:
            payload = {"op": 6, "d": {"requestId": item.request_id, "requestType": item.request,
                                      "requestData": item.params}}
        try:
            self._connection.send(payload)
        except Exception as exc:  # noqa: BLE001 - the socket died under us
            self._finish(item, self._failure(item, CONNECTION_LOST, f"could not send to OBS: {exc}"))
            self._set_state(ConnectionState.RECONNECTING, f"send failed: {exc}")
            self._drop_connection(CONNECTION_LOST, "send failed")
            return
        self._inflight = item

    def _drop_connection(self, code: int, reason: str) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
        self._generation += 1  # frames still in the inbox belong to the old session
        item, self._inflight = self._inflight, None
        if item is not None:
            self._finish(item, self._failure(item, code, reason))
        self._heartbeat_pending = False
        self._stale = False
        self._fail_queued(code, reason)

    def _fail_queued(self, code: int, reason: str) -> None:
        for lane in self._queues:
            while lane:
                item = lane.popleft()
                self._finish(item, self._failure(item, code, reason))
        # Requests still in the inbox are answered by _idle_until/_handle.


def _with_rates(sample: HealthSample, previous: HealthSample | None) -> HealthSample:
    if previous is None:
        return sample
    interval = sample.ts - previous.ts
    if interval <= 0:
        return sample

    def ratio(skipped: int, total: int, previous_skipped: int, previous_total: int) -> float | None:
        frames = total - previous_total
        if frames <= 0:
            return None
        return max(0.0, (skipped - previous_skipped) / frames)

    byte_delta = sample.stream_bytes - previous.stream_bytes
    return dataclasses.replace(
        sample,
        interval_s=interval,
        render_dropped_ratio=ratio(sample.render_skipped_frames, sample.render_total_frames,
                                   previous.render_skipped_frames, previous.render_total_frames),
        output_dropped_ratio=ratio(sample.output_skipped_frames, sample.output_total_frames,
                                   previous.output_skipped_frames, previous.output_total_frames),
        bitrate_kbps=(byte_delta * 8 / 1000 / interval) if sample.streaming and byte_delta >= 0 else None,
    )
