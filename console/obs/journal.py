"""Records every OBS action and connection change (db.schema obs_actions, connection_events).

Subscribes to an :class:`~console.obs.client.ObsClient`; its handlers run on
``obs-worker`` and only queue rows on the :class:`~console.recording.Recorder`.
Request parameters are stored as sent; no request the console sends carries a
secret (the password travels only in the Identify handshake, never as a request).
"""

from __future__ import annotations

import time
from typing import Callable

from console.obs.client import ObsClient
from console.obs.model import ConnectionState, ObsResult
from console.recording import Recorder
from db import schema

#: Screenshots for thumbnails are polled several times a second: recording
#: each would drown the journal; they are not actions of the operator.
UNRECORDED_REQUESTS = frozenset({"GetSourceScreenshot"})


class ObsJournal:
    def __init__(self, client: ObsClient, recorder: Recorder, show_id: Callable[[], str | None] = lambda: None,
                 ts_map: Callable[[float], float] = lambda ts: ts) -> None:
        """``ts_map`` turns a wall-clock Unix time into the show clock (identity at speed 1)."""
        self.client = client
        self.recorder = recorder
        self.show_id = show_id
        self.ts_map = ts_map
        client.action_finished.connect(self._on_action)
        client.state_changed.connect(self._on_state)

    def close(self) -> None:
        self.client.action_finished.disconnect(self._on_action)
        self.client.state_changed.disconnect(self._on_state)

    def _on_action(self, result: ObsResult) -> None:
        if result.request in UNRECORDED_REQUESTS:
            return
        self.recorder.write(schema.obs_actions, {
            "show_id": self.show_id(),
            "ts": self.ts_map(result.ts),
            "origin": result.origin,
            "request": result.request,
            "params": result.params,
            "ok": result.ok,
            "code": result.code,
            "comment": result.comment,
            "latency_ms": result.latency_ms,
        })

    def _on_state(self, state: ConnectionState, reason: str) -> None:
        self.recorder.write(schema.connection_events, {
            "show_id": self.show_id(),
            "ts": self.ts_map(time.time()),
            "obs_url": self.client.url,
            "state": state.value,
            "reason": reason,
        })
