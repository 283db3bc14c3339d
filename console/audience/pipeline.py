"""Where every accepted audience event goes: the database first, then the live view.

HTTP batches (:class:`~console.audience.intake.AudienceIntake`), replay files
and the simulator all call :meth:`AudiencePipeline.submit`. It tags each event
with the module actually running at its timestamp, hands the rows to the
:class:`~console.recording.Recorder` and returns a future that resolves
**after the commit**. Only then are the events fed to
:class:`~console.metrics.live.LiveKpis` and announced on :attr:`accepted`, so
nothing the live view shows is missing from the recording.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any, Callable, Sequence

from console.audience.events import AudienceEvent
from console.events import Signal

log = logging.getLogger(__name__)


class AudiencePipeline:
    """Attribute, record, then publish. Thread-safe: :meth:`submit` may be called from any thread.

    ``module_at(ts) -> module_id | None`` maps an event's timestamp (the Unix
    seconds stored in ``audience_events.ts``; with the show runtime that is
    ``lambda ts: engine.module_at(runtime.show_time_of_unix(ts))``) to the
    module actually on. It is called on the submitting thread.
    """

    def __init__(
        self,
        recorder: Any,
        show_id: str,
        module_at: Callable[[float], str | None] = lambda _ts: None,
        live_kpis: Any | None = None,
    ) -> None:
        self.recorder = recorder
        self.show_id = show_id
        self.module_at = module_at
        self.live_kpis = live_kpis
        #: ``accepted(events: list[AudienceEvent], module_ids: list[str | None])`` once committed.
        #: Fires on the recorder's writer thread (or the submitting thread if the commit already
        #: happened): handlers must be quick — the comment feed bridge, detectors, the matcher.
        self.accepted = Signal("AudiencePipeline.accepted")

    def submit(self, events: Sequence[AudienceEvent]) -> Future:
        """Record ``events``; the future resolves with their count after commit and publication.

        If the commit fails the future carries the error and nothing is published.
        """
        events = list(events)
        done: Future = Future()
        if not events:
            done.set_result(0)
            return done
        module_ids = [self.module_at(event.ts) for event in events]
        rows = [
            {"show_id": self.show_id, "ts": event.ts, "kind": event.kind, "module_id": module_id,
             "data": event.to_data()}
            for event, module_id in zip(events, module_ids, strict=True)
        ]
        from db.schema import audience_events  # late: keeps `import console.audience` light

        try:
            committed = self.recorder.write(audience_events, rows)
        except Exception as exc:  # noqa: BLE001 - reported through the future like a failed commit
            done.set_exception(exc)
            return done

        def after_commit(future: Future) -> None:
            error = future.exception()
            if error is not None:
                done.set_exception(error)
                return
            try:
                if self.live_kpis is not None:
                    self.live_kpis.add(events, module_ids)
                self.accepted.emit(events, module_ids)
            except Exception:  # the events are committed; a live-view bug must not un-ack them
                log.exception("publishing committed audience events failed")
            done.set_result(len(events))

        committed.add_done_callback(after_commit)
        return done
