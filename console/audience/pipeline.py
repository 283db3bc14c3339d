"""Where every accepted audience event goes: the database first, then the live view.

HTTP batches (:class:`~console.audience.intake.AudienceIntake`), replay files
and the simulator all call :meth:`AudiencePipeline.submit`. It tags each event
with the module actually running at its timestamp, hands the rows to the
:class:`~console.recording.Recorder` and returns a future that resolves
**after the commit**. Nothing the live view shows is missing from the
recording: only committed events are published.

Publication is a second step, on the thread that runs the show: the recorder
thread only commits and resolves the futures (it puts the committed events on
a queue first); the show's tick calls :meth:`AudiencePipeline.publish_committed`,
which feeds :class:`~console.metrics.live.LiveKpis` and announces the events on
:attr:`AudiencePipeline.accepted`. So the live KPIs, compliance and the
detectors run on one thread with the rest of the show, and a slow subscriber
delays the next tick, never the next commit (nor the intake's 202).
"""

from __future__ import annotations

import collections
import logging
import threading
from concurrent.futures import Future
from typing import Any, Callable, Sequence

from console.audience.events import AudienceEvent
from console.events import Signal

log = logging.getLogger(__name__)

#: Most committed events one :meth:`AudiencePipeline.publish_committed` call publishes (one tick).
#: The tick runs on the GUI thread in the window: a burst (a replay's backlog, a sender's flush of
#: 10,000 events) published at once would freeze it for as long as the compliance matcher, the live
#: KPIs and the detectors' inbox take: 15–20 µs a comment, measured on the shared 2-core machine
#: under a load average of 8 (the matcher most of it). 2,000 events keep a burst's tick near 30 ms
#: there; at 10 ticks a second they publish 20,000 events a second, above the soak's audience at
#: 20× (6,300 a second of wall time on average, 15,000 at its peaks), so the rest of a burst
#: follows over the next ticks, in order, and a show's steady audience never waits.
PUBLISH_SLICE_EVENTS = 2_000


class AudiencePipeline:
    """Attribute, record, then (on the show's thread) publish. :meth:`submit` may be called from any thread.

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
        #: ``accepted(events: list[AudienceEvent], module_ids: list[str | None])`` for committed events,
        #: in commit order. Fires on the thread that calls :meth:`publish_committed` — the show's tick
        #: (the GUI thread in the window, the loop in headless runs): handlers must be quick.
        self.accepted = Signal("AudiencePipeline.accepted")
        # Committed, not yet published: (events, module_ids) batches in commit order. Filled on the
        # recorder thread, drained on the tick's thread.
        self._committed: collections.deque[tuple[list[AudienceEvent], list[str | None]]] = collections.deque()
        self._committed_events = 0
        self._committed_lock = threading.Lock()
        # One drain at a time, so the batches are published in the order they were committed.
        self._publish_lock = threading.Lock()

    def submit(self, events: Sequence[AudienceEvent]) -> Future:
        """Record ``events``; the future resolves with their count once they are committed.

        The committed events then wait for :meth:`publish_committed`. If the
        commit fails the future carries the error and nothing is published.
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
            for event, module_id in zip(events, module_ids, strict=False)
        ]
        from db.schema import audience_events  # late: keeps `import console.audience` light

        try:
            committed = self.recorder.write(audience_events, rows)
        except Exception as exc:  # noqa: BLE001 - reported through the future like a failed commit
            done.set_exception(exc)
            return done

        def after_commit(future: Future) -> None:
            # The recorder thread (or the submitting one if the commit was already done): queue, resolve.
            error = future.exception()
            if error is not None:
                done.set_exception(error)
                return
            # Queued before the future resolves, so whoever waited for the commit and then ticks the show
            # sees the events published. A pipeline nobody reads (a benchmark of the intake, a review
            # fixture) keeps nothing: with no live KPIs and no subscriber there is no one to publish to.
            if self.live_kpis is not None or len(self.accepted):
                with self._committed_lock:
                    self._committed.append((events, module_ids))
                    self._committed_events += len(events)
            done.set_result(len(events))

        committed.add_done_callback(after_commit)
        return done

    @property
    def unpublished(self) -> int:
        """Committed events not yet published (any thread; a moment's figure)."""
        return self._committed_events

    def publish_committed(self, limit: int | None = PUBLISH_SLICE_EVENTS) -> int:
        """Publish up to ``limit`` committed events (all with None), oldest first; returns how many.

        Call it on the show's tick thread: it feeds the live KPIs and emits
        :attr:`accepted` there. A batch larger than what is left of ``limit`` is
        split; its rest is published first by the next call.
        """
        published = 0
        with self._publish_lock:
            while limit is None or published < limit:
                with self._committed_lock:
                    if not self._committed:
                        break
                    events, module_ids = self._committed[0]
                    room = len(events) if limit is None else limit - published
                    if len(events) <= room:
                        self._committed.popleft()
                    else:
                        self._committed[0] = (events[room:], module_ids[room:])
                        events, module_ids = events[:room], module_ids[:room]
                    self._committed_events -= len(events)
                self._publish(events, module_ids)
                published += len(events)
        return published

    def _publish(self, events: list[AudienceEvent], module_ids: list[str | None]) -> None:
        try:
            if self.live_kpis is not None:
                self.live_kpis.add(events, module_ids)
        except Exception:
            log.exception("feeding committed audience events to the live KPIs failed")
        self.accepted.emit(events, module_ids)  # a handler that raises is logged by Signal
