"""The console's link to OBS: one worker thread, one queue, an honest state.

Threads
-------
``NAME`` is the client's ``name``: "obs" unless given, so "obs-worker".

- ``NAME-worker`` owns the connection, the queue of requests, the heartbeat,
  the reconnect loop and the :class:`ObsSnapshot`. It never blocks on OBS: it
  sends one request at a time and waits for its answer in its inbox together
  with everything else, so a hung OBS cannot stop the heartbeat or the
  staleness check.
- ``NAME-receive`` (one per session) only turns frames into inbox items.
- ``NAME-actions`` runs the client's actions (:mod:`console.obs.actions`)
  one at a time: the client's own serial action queue, started and stopped
  with it.
- Any thread may call :meth:`ObsClient.request`; it returns a
  :class:`~concurrent.futures.Future` at once. The GUI thread never waits.

All signals fire on ``NAME-worker``. Handlers must not block (a UI bridge
re-emits them as queued Qt signals); calling :meth:`request` from a handler is
fine (it only queues), waiting on its future there is not.

Time comes from the client's clock (:mod:`console.obs.clock`); the timing
constants live with the policy they time: :mod:`console.obs.heartbeat`
(heartbeat, staleness) and :mod:`console.obs.reconnect` (backoff).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from typing import Any, Callable

from console.events import Signal
from console.obs.actions import ActionQueue
from console.obs.clock import SYSTEM_CLOCK, Clock
from console.obs.connection import CLOSE_AUTHENTICATION_FAILED, CLOSE_SESSION_INVALIDATED, ConnectFailed, ObsConnection
from console.obs.heartbeat import HEARTBEAT_REQUESTS, OBS_HEARTBEAT_INTERVAL_S, Liveness
from console.obs.inbox import Inbox
from console.obs.model import (CLIENT_STOPPED, CONNECTION_LOST, NOT_CONNECTED, TIMED_OUT, ConnectionState, ObsResult,
                               ObsSnapshot)
from console.obs.reconnect import ReconnectBackoff
from console.obs.request_queue import INTERNAL, PRIORITY_ACTION, PRIORITY_BACKGROUND, PendingRequest, RequestQueue
from console.obs.snapshot_mirror import SnapshotMirror

__all__ = ["ObsClient", "PRIORITY_ACTION", "PRIORITY_BACKGROUND", "DEFAULT_REQUEST_TIMEOUT_S", "CONNECT_TIMEOUT_S"]

log = logging.getLogger(__name__)

#: Every request gets an answer or fails within this (CONTRACTS.md §1: 5 s).
DEFAULT_REQUEST_TIMEOUT_S = 5.0
#: TCP connect plus Hello/Identify.
CONNECT_TIMEOUT_S = 5.0


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
        heartbeat_interval: float = OBS_HEARTBEAT_INTERVAL_S,
        reconnect: bool = True,
        name: str = "obs",
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.url = url
        self._password = password
        self._password_provider = password_provider
        self.request_timeout = request_timeout
        self.connect_timeout = connect_timeout
        self.heartbeat_interval = heartbeat_interval
        self.reconnect_enabled = reconnect
        self.name = name
        self.clock = clock

        self.state_changed = Signal("ObsClient.state_changed")
        """(state: ConnectionState, reason: str) — on ``NAME-worker``, only when the state changes."""
        self.snapshot_changed = Signal("ObsClient.snapshot_changed")
        """(snapshot: ObsSnapshot) — on ``NAME-worker``, whenever OBS confirmed a change."""
        self.health = Signal("ObsClient.health")
        """(sample: HealthSample) — on ``NAME-worker``, once per heartbeat."""
        self.obs_event = Signal("ObsClient.obs_event")
        """(event_type: str, data: dict) — every OBS event, raw, on ``NAME-worker``."""
        self.action_finished = Signal("ObsClient.action_finished")
        """(result: ObsResult) — every request not made by the client itself, on ``NAME-worker``."""

        self.action_queue = ActionQueue(self, name, clock)
        """This connection's serial queue of actions (``console.obs.actions.perform`` puts them there)."""

        self._state = ConnectionState.DISCONNECTED
        self._state_reason = "not started"
        self._state_lock = threading.Condition()
        self._inbox = Inbox(clock)
        self._thread: threading.Thread | None = None
        self._stopping = False
        # Guards "is the worker taking requests" against the worker's last look
        # at its inbox: a request either reaches a live worker or fails at once.
        self._intake_lock = threading.Lock()
        self._accepting = False

        # Worker-thread-only state.
        self._connection: ObsConnection | None = None
        self._generation = 0
        self._requests = RequestQueue()
        self._liveness = Liveness(heartbeat_interval)
        self._backoff = ReconnectBackoff()
        self._mirror = SnapshotMirror(self._internal, self.snapshot_changed, self.health, clock)
        self._ever_connected = False
        self._hold_reason: str | None = None  # auth failed / kicked: wait for the operator

    # ------------------------------------------------------------------ API
    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def state_reason(self) -> str:
        return self._state_reason

    @property
    def snapshot(self) -> ObsSnapshot:
        return self._mirror.snapshot

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> "ObsClient":
        if self._thread is not None:
            return self
        self._stopping = False
        with self._intake_lock:
            self._accepting = True
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-worker", daemon=True)
        self._thread.start()
        self.action_queue.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Refuse new work, close the connection, fail what is queued, join both threads (not from them)."""
        thread = self._thread
        if thread is None:
            return
        # Actions not begun are refused now; the one running finishes as soon as
        # its request fails, which stopping the worker makes immediate.
        self.action_queue.close()
        with self._intake_lock:
            self._stopping = True
            self._accepting = False
        self._inbox.put(("stop",))
        if thread is not threading.current_thread():
            thread.join(timeout)
        self.action_queue.join(timeout)
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
        item = PendingRequest(
            request=request_type,
            params=dict(params or {}),
            origin=origin,
            timeout=self.request_timeout if timeout is None else timeout,
            future=Future(),
        )
        with self._intake_lock:
            accepted = self._accepting
            if accepted:
                self._inbox.put(("request", item, priority))
        if not accepted:
            self._finish(item, self._failure(item, CLIENT_STOPPED, "the OBS client is not running"))
        return item.future

    def call(self, request_type: str, params: dict[str, Any] | None = None, *, origin: str = "console",
             timeout: float | None = None) -> ObsResult:
        """Blocking convenience for the command line and tests. Never on the GUI or worker thread."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("ObsClient.call() from the worker thread would deadlock; use request()")
        wait = (self.request_timeout if timeout is None else timeout) + 2.0
        return self.request(request_type, params, origin=origin, timeout=timeout).result(wait)

    def wait_for_state(self, *states: ConnectionState, timeout: float) -> bool:
        """Block until the state is one of ``states`` (command line and tests only; ``timeout`` in real seconds)."""
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

    def _failure(self, item: PendingRequest, code: int, reason: str, latency_ms: float | None = None) -> ObsResult:
        return item.failure(code, reason, self.clock.wall(), latency_ms)

    def _finish(self, item: PendingRequest, result: ObsResult) -> None:
        if item.on_done is not None:
            try:
                item.on_done(result)
            except Exception:
                log.exception("internal handler for %s failed", item.request)
        if not item.future.done():
            item.future.set_result(result)
        if item.origin != INTERNAL:
            self.action_finished.emit(result)

    def _internal(self, request: str, params: dict[str, Any] | None = None,
                  on_done: Callable[[ObsResult], None] | None = None, *, front: bool = False,
                  batch: list[dict[str, Any]] | None = None) -> None:
        item = PendingRequest(request, dict(params or {}), INTERNAL, self.request_timeout, Future(), on_done, batch)
        self._requests.add(item, PRIORITY_ACTION, front=front)

    # -------------------------------------------------------- worker thread
    def _run(self) -> None:
        self._set_state(ConnectionState.CONNECTING, f"connecting to {self.url}")
        try:
            while not self._stopping:
                if self._connection is None:
                    if self._hold_reason is not None:
                        self._idle_until(None)
                        continue
                    if self._open():
                        self._backoff.reset()
                    elif self._hold_reason is None:
                        if not self.reconnect_enabled:
                            self._set_state(ConnectionState.DISCONNECTED, self._state_reason)
                            self._hold_reason = self._state_reason
                            continue
                        self._idle_until(self.clock.now() + self._backoff.next_delay())
                else:
                    self._serve()
        except Exception:
            log.exception("OBS worker failed")
            self._set_state(ConnectionState.DISCONNECTED, "internal error in the OBS client (see log)")
        finally:
            with self._intake_lock:  # from here on request() fails at once
                self._accepting = False
            self._drop_connection(CLIENT_STOPPED, "the OBS client stopped")
            while True:  # requests that reached the inbox after the last turn
                message = self._inbox.get_nowait()
                if message is None:
                    break
                if message[0] == "request":
                    self._finish(message[1], self._failure(message[1], CLIENT_STOPPED, "the OBS client stopped"))
            self._set_state(ConnectionState.DISCONNECTED, "stopped")

    def _idle_until(self, deadline: float | None) -> None:
        """While not connected: answer requests with "not connected" until ``deadline``."""
        while not self._stopping:
            message = self._inbox.get(deadline)
            if message is None:
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
            thread_name=f"{self.name}-receive",
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
        self._liveness.session_opened(self.clock.now())
        self._mirror.session_opened(connection.server_version)
        self._read_everything(announce_ok=True)
        return True

    def _read_everything(self, *, announce_ok: bool) -> None:
        """Re-read the whole OBS state in one batch; ``ok`` once it has arrived."""

        def read() -> None:
            self._liveness.beat_now()  # a heartbeat right away fills the health figures
            self._ever_connected = True

        def ready() -> None:
            if announce_ok and self._connection is not None:
                self._set_state(ConnectionState.OK, f"connected to OBS {self.snapshot.obs_version or '?'} at {self.url}")

        def failed(reason: str) -> None:
            if self._connection is not None:
                self._set_state(ConnectionState.RECONNECTING, f"OBS did not answer the state read: {reason}")
                self._drop_connection(CONNECTION_LOST, "state read failed")

        self._mirror.read_everything(read, ready, failed)

    def _serve(self) -> None:
        """One turn of the connected loop: wait for the next thing to do, do it."""
        # What was queued outside a turn (the state read a new session starts
        # with) goes out before the wait: nothing else may come to wake it.
        self._send_next()
        if self._connection is None:
            return
        deadline = self._liveness.deadline(awaiting_answer=self._requests.inflight is not None)
        answer_deadline = self._requests.answer_deadline()
        if answer_deadline is not None:
            deadline = min(deadline, answer_deadline)
        message = self._inbox.get(deadline)
        if message is not None:
            self._handle(message)
            # Drain what else is waiting before doing timed work: frames first.
            while self._connection is not None and not self._stopping:
                message = self._inbox.get_nowait()
                if message is None:
                    break
                self._handle(message)
        if self._connection is None or self._stopping:
            return
        self._check_timers(self.clock.now())
        self._send_next()

    def _handle(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "request":
            _, item, priority = message
            if self._liveness.stale or self._connection is None:
                self._finish(item, self._failure(item, NOT_CONNECTED, f"OBS is not answering ({self._state_reason})"))
            else:
                self._requests.add(item, priority)
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
        now = self.clock.now()
        if self._liveness.heard(now):
            self._set_state(ConnectionState.OK, "OBS is answering again")
            self._read_everything(announce_ok=False)
        op = payload.get("op")
        data = payload.get("d") or {}
        if op in (7, 9):
            item = self._requests.answered(data.get("requestId"))
            if item is None:
                return  # the answer to a request that already timed out
            self._finish(item, item.answer(op, data, (now - item.sent_at_mono) * 1000))
        elif op == 5:
            event_type, event_data = data.get("eventType", ""), data.get("eventData") or {}
            self._mirror.on_event(event_type, event_data)
            self.obs_event.emit(event_type, event_data)

    def _check_timers(self, now: float) -> None:
        item = self._requests.timed_out(now)
        if item is not None:
            self._finish(item, self._failure(item, TIMED_OUT, f"OBS did not answer within {item.timeout:g} s",
                                             (now - item.sent_at_mono) * 1000))
        if self._liveness.goes_stale(now, awaiting_answer=self._requests.inflight is not None):
            self._set_state(ConnectionState.RECONNECTING,
                            f"OBS has not answered for {self._liveness.silent_for(now):.1f} s")
            # What is queued would run minutes late, if ever: fail it now.
            self._fail_queued(NOT_CONNECTED, "OBS is not answering")
        if self._liveness.must_drop(now):
            self._drop_connection(CONNECTION_LOST, "OBS stopped answering")
            return
        if self._liveness.heartbeat_due(now):
            self._internal("RequestBatch", on_done=self._on_heartbeat, batch=[dict(r) for r in HEARTBEAT_REQUESTS])

    def _on_heartbeat(self, result: ObsResult) -> None:
        self._liveness.heartbeat_answered()
        self._mirror.on_heartbeat(result)

    def _send_next(self) -> None:
        if self._connection is None or self._liveness.stale:
            return
        item = self._requests.next_to_send(self._generation, self.clock.now(), self.clock.wall())
        if item is None:
            return
        try:
            self._connection.send(item.payload())
        except Exception as exc:  # noqa: BLE001 - the socket died under us
            self._finish(item, self._failure(item, CONNECTION_LOST, f"could not send to OBS: {exc}"))
            self._set_state(ConnectionState.RECONNECTING, f"send failed: {exc}")
            self._drop_connection(CONNECTION_LOST, "send failed")
            return
        self._requests.inflight = item

    def _drop_connection(self, code: int, reason: str) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
        self._generation += 1  # frames still in the inbox belong to the old session
        item = self._requests.take_inflight()
        if item is not None:
            self._finish(item, self._failure(item, code, reason))
        self._liveness.session_closed()
        self._fail_queued(code, reason)

    def _fail_queued(self, code: int, reason: str) -> None:
        for item in self._requests.take_waiting():
            self._finish(item, self._failure(item, code, reason))
        # Requests still in the inbox are answered by _idle_until/_handle.
