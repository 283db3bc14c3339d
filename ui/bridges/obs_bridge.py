"""The one place where the OBS client's threads meet the GUI thread.

:class:`ObsBridge` subscribes to an :class:`~console.obs.client.ObsClient`'s
plain-Python signals (they fire on ``obs-worker``) and re-emits them as Qt
signals. The bridge lives on the GUI thread, so Qt delivers every emission
from another thread *queued*: widgets connected to the bridge always run on the
GUI thread and never see a core thread. No other UI module touches a core
thread, a lock or a Future's ``result()``.

Volume meters are the exception to "one Qt signal per core event": OBS sends
``InputVolumeMeters`` about 20 times a second; queueing each into the GUI
event loop would cost more than drawing them. The worker thread only stores
the latest levels in :class:`AudioLevels` (a dict behind a lock) and the mixer
reads them from its repaint timer (Friture's habit: data arrival decoupled
from redraw).

Requests go through :meth:`ObsBridge.request`: it queues on the client (never
blocks) and, when the answer comes back on ``obs-worker``, hands the
:class:`~console.obs.model.ObsResult` to the caller's callback on the GUI
thread (Electrum's habit).
"""

from __future__ import annotations

import math
import threading
import time
from concurrent.futures import Future
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal

from console.obs.client import PRIORITY_ACTION, ObsClient
from console.obs.model import CLIENT_STOPPED, NOT_CONNECTED, ConnectionState, ObsResult, ObsSnapshot

#: dB value shown for silence (20·log10(0) is −inf).
SILENCE_DB = -100.0


def multiplier_to_db(value: float) -> float:
    """obs-websocket levels are linear multipliers; meters think in dBFS."""
    if value <= 0.0:
        return SILENCE_DB
    return max(SILENCE_DB, 20.0 * math.log10(value))


class AudioLevels:
    """Latest level per input, written on ``obs-worker``, read on the GUI thread.

    ``latest()`` returns ``{input_name: (ts, [(magnitude_db, peak_db), …per channel])}``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._levels: dict[str, tuple[float, list[tuple[float, float]]]] = {}

    def update_from_event(self, data: dict[str, Any], now: float) -> None:
        """Any thread (the worker): store one ``InputVolumeMeters`` payload."""
        fresh: dict[str, tuple[float, list[tuple[float, float]]]] = {}
        for item in data.get("inputs", []) or []:
            name = item.get("inputName")
            if not name:
                continue
            channels = []
            for channel in item.get("inputLevelsMul", []) or []:
                if len(channel) >= 2:
                    channels.append((multiplier_to_db(float(channel[0])), multiplier_to_db(float(channel[1]))))
            fresh[name] = (now, channels)
        with self._lock:
            self._levels.update(fresh)

    def latest(self) -> dict[str, tuple[float, list[tuple[float, float]]]]:
        with self._lock:
            return dict(self._levels)

    def clear(self) -> None:
        with self._lock:
            self._levels.clear()


class ObsBridge(QObject):
    """Qt face of one :class:`ObsClient` (or of none yet, e.g. while the demo starts OBS).

    Signals (always delivered on the GUI thread):

    - ``state_changed(state: ConnectionState, reason: str)``
    - ``snapshot_changed(snapshot: ObsSnapshot)``
    - ``health(sample: HealthSample)``
    - ``obs_event(event_type: str, data: dict)`` — every OBS event except the
      high-rate ``InputVolumeMeters`` (read :attr:`levels` instead)
    - ``action_finished(result: ObsResult)`` — every request not made by the
      client itself (thumbnails included; filter on ``result.request``)
    - ``client_attached(client)`` — a (new) client is now behind the bridge
    """

    state_changed = Signal(object, str)
    snapshot_changed = Signal(object)
    health = Signal(object)
    obs_event = Signal(str, object)
    action_finished = Signal(object)
    client_attached = Signal(object)
    # Internal: a request's callback and result, crossing to the GUI thread.
    _deliver = Signal(object, object)

    #: OBS events the bridge does not forward one by one (see the module docstring).
    HIGH_RATE_EVENTS = frozenset({"InputVolumeMeters"})

    def __init__(self, client: ObsClient | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.levels = AudioLevels()
        self._client: ObsClient | None = None
        self._state = ConnectionState.DISCONNECTED
        self._reason = "no OBS connection configured"
        self._snapshot = ObsSnapshot()
        # Always queued, even from the GUI thread: a callback never runs inside request().
        self._deliver.connect(self._run_callback, Qt.ConnectionType.QueuedConnection)
        # Keep the GUI-thread copies current (connected first, so panels see them updated).
        self.state_changed.connect(self._remember_state)
        self.snapshot_changed.connect(self._remember_snapshot)
        if client is not None:
            self.attach(client)

    # ----------------------------------------------------------- GUI thread
    @property
    def client(self) -> ObsClient | None:
        return self._client

    @property
    def state(self) -> ConnectionState:
        """The state as last delivered to the GUI thread."""
        return self._state

    @property
    def state_reason(self) -> str:
        return self._reason

    @property
    def snapshot(self) -> ObsSnapshot:
        """The snapshot as last delivered to the GUI thread."""
        return self._snapshot

    def attach(self, client: ObsClient) -> None:
        """Put ``client`` behind the bridge (GUI thread; before or after ``client.start()``)."""
        self.detach()
        self._client = client
        client.state_changed.connect(self._on_state)
        client.snapshot_changed.connect(self._on_snapshot)
        client.health.connect(self._on_health)
        client.obs_event.connect(self._on_event)
        client.action_finished.connect(self._on_action)
        # The client may already have moved on before we subscribed. A client
        # not started yet announces "connecting" itself when it starts.
        if client.running:
            self.state_changed.emit(client.state, client.state_reason)
        self.snapshot_changed.emit(client.snapshot)
        self.client_attached.emit(client)

    def detach(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        client.state_changed.disconnect(self._on_state)
        client.snapshot_changed.disconnect(self._on_snapshot)
        client.health.disconnect(self._on_health)
        client.obs_event.disconnect(self._on_event)
        client.action_finished.disconnect(self._on_action)
        self.levels.clear()

    def set_offline(self, reason: str) -> None:
        """No client at all (offline rehearsal): say why."""
        self.state_changed.emit(ConnectionState.DISCONNECTED, reason)

    def set_waiting(self, reason: str) -> None:
        """No client yet, one is coming (the demo's sandbox OBS is starting): say so, in amber."""
        self.state_changed.emit(ConnectionState.CONNECTING, reason)

    def request(self, request_type: str, params: dict[str, Any] | None = None, *,
                on_result: Callable[[ObsResult], None] | None = None, origin: str = "operator",
                priority: int = PRIORITY_ACTION, timeout: float | None = None) -> Future:
        """Queue a request; never blocks. ``on_result(result)`` later runs on the GUI thread.

        Without a client the result is an immediate failure with the reason
        the bar shows (delivered through the event loop like any other).
        """
        client = self._client
        if client is None:
            future: Future = Future()
            code = NOT_CONNECTED if self._reason else CLIENT_STOPPED
            future.set_result(ObsResult(request_type, dict(params or {}), False, {}, code,
                                        f"OBS is not connected ({self._reason})", None, time.time(), origin))
        else:
            future = client.request(request_type, params, origin=origin, timeout=timeout, priority=priority)
        if on_result is not None:
            # Runs on obs-worker (or here if already done); only emits.
            future.add_done_callback(lambda done: self._deliver.emit(on_result, done.result()))
        return future

    def _run_callback(self, callback: Callable[[ObsResult], None], result: ObsResult) -> None:
        callback(result)

    def _remember_state(self, state: ConnectionState, reason: str) -> None:
        self._state = state
        self._reason = reason

    def _remember_snapshot(self, snapshot: ObsSnapshot) -> None:
        self._snapshot = snapshot

    # --------------------------------------------------- obs-worker thread
    # Each handler only emits: Qt queues the call to the GUI thread.
    def _on_state(self, state: ConnectionState, reason: str) -> None:
        self.state_changed.emit(state, reason)

    def _on_snapshot(self, snapshot: ObsSnapshot) -> None:
        self.snapshot_changed.emit(snapshot)

    def _on_health(self, sample: Any) -> None:
        self.health.emit(sample)

    def _on_event(self, event_type: str, data: dict[str, Any]) -> None:
        if event_type in self.HIGH_RATE_EVENTS:
            self.levels.update_from_event(data, time.time())
            return
        self.obs_event.emit(event_type, data)

    def _on_action(self, result: ObsResult) -> None:
        self.action_finished.emit(result)
