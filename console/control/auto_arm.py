"""Auto-arm: the show starts when OBS starts streaming and ends when OBS stops (issue 18 point 4).

Off unless asked (``--auto-arm``, the window's Settings). It watches OBS's
``StreamStateChanged`` events (on ``obs-worker``) and queues a ``start`` or
``stop`` command with origin ``auto-arm`` into the
:class:`~console.control.surface.ControlSurface`, so the show's own loop runs
it like any other command and the record says who started and ended the show.

Only the two final states count: ``OBS_WEBSOCKET_OUTPUT_STARTED`` and
``OBS_WEBSOCKET_OUTPUT_STOPPED``. A reconnecting stream (a network blip,
``…_RECONNECTING``) never ends a show. A start while the show already runs
(the console itself started the stream, ``--live``) and a stop after it ended
change nothing: the command answers "does not apply" and is only logged.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

from console.control.surface import ControlSurface

log = logging.getLogger(__name__)

AUTO_ARM_ORIGIN = "auto-arm"
STREAM_STARTED = "OBS_WEBSOCKET_OUTPUT_STARTED"
STREAM_STOPPED = "OBS_WEBSOCKET_OUTPUT_STOPPED"


class AutoArm:
    def __init__(self, surface: ControlSurface, obs: Any | None = None) -> None:
        """``obs``: the client whose events to watch; None when the caller feeds :meth:`on_obs_event`
        itself (the window, from its OBS bridge: its client comes and goes)."""
        self.surface = surface
        self.obs = obs
        #: The commands queued so far, in order ("start"/"stop"): tests and the log read them.
        self.queued: list[str] = []
        if obs is not None:
            obs.obs_event.connect(self.on_obs_event)

    def close(self) -> None:
        """Stop watching OBS. Safe to call twice."""
        if self.obs is not None:
            self.obs.obs_event.disconnect(self.on_obs_event)
            self.obs = None

    def on_obs_event(self, event_type: str, data: dict[str, Any]) -> None:
        """One OBS event (any thread): a stream start or stop queues the show's start or end."""
        if event_type != "StreamStateChanged":
            return
        state = data.get("outputState")
        action = "start" if state == STREAM_STARTED else "stop" if state == STREAM_STOPPED else None
        if action is None:
            return
        self.queued.append(action)
        self.surface.submit({"do": action}, who=AUTO_ARM_ORIGIN).add_done_callback(
            lambda done, action=action: self._report(action, done))

    @staticmethod
    def _report(action: str, done: Future) -> None:
        error = done.exception()
        if error is None:
            log.info("auto-arm: OBS %s streaming, the show %s", "started" if action == "start" else "stopped",
                     "started" if action == "start" else "ended")
        else:
            log.info("auto-arm: OBS %s streaming; the show was left as it was (%s)",
                     "started" if action == "start" else "stopped", error)
