"""The OBS client's request bookkeeping: two lanes by priority, one request in flight.

Worker thread only, except :class:`PendingRequest` objects, which any thread
creates. A request waits in its lane until nothing is in flight, goes out with
an id of its session, and is matched with its answer (or its timeout) there.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
from concurrent.futures import Future
from typing import Any, Callable, Iterator

from console.obs.model import ObsResult

PRIORITY_ACTION = 0  # operator, cues, playbooks: first in line
PRIORITY_BACKGROUND = 1  # thumbnails, level polls: only when nothing else waits

#: The origin of the client's own requests (state reads, heartbeats): not announced as actions.
INTERNAL = "internal"


@dataclasses.dataclass(slots=True)
class PendingRequest:
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

    def failure(self, code: int, reason: str, wall_now: float, latency_ms: float | None = None) -> ObsResult:
        """This request failed before OBS answered it (``code`` is one of the client's own, negative)."""
        return ObsResult(self.request, self.params, False, {}, code, reason, latency_ms,
                         self.sent_at_wall or wall_now, self.origin)

    def answer(self, op: int, data: dict[str, Any], latency_ms: float) -> ObsResult:
        """OBS's answer (op 7 RequestResponse or op 9 RequestBatchResponse), its code and comment kept."""
        if op == 9:
            return ObsResult(self.request, self.params, True, {"results": data.get("results", [])}, 100, None,
                             latency_ms, self.sent_at_wall, self.origin)
        status = data.get("requestStatus") or {}
        return ObsResult(self.request, self.params, bool(status.get("result")), data.get("responseData") or {},
                         status.get("code"), status.get("comment"), latency_ms, self.sent_at_wall, self.origin)

    def payload(self) -> dict[str, Any]:
        """The obs-websocket message that sends it (op 6 Request or op 8 RequestBatch)."""
        if self.batch is not None:
            return {"op": 8, "d": {"requestId": self.request_id, "haltOnFailure": False, "executionType": 0,
                                   "requests": self.batch}}
        return {"op": 6, "d": {"requestId": self.request_id, "requestType": self.request,
                               "requestData": self.params}}


class RequestQueue:
    """What waits to be sent and what is in flight (worker thread only)."""

    def __init__(self) -> None:
        self._lanes: tuple[collections.deque[PendingRequest], collections.deque[PendingRequest]] = (
            collections.deque(),
            collections.deque(),
        )
        self._ids = itertools.count(1)
        self.inflight: PendingRequest | None = None

    def add(self, item: PendingRequest, priority: int = PRIORITY_ACTION, *, front: bool = False) -> None:
        if front:
            self._lanes[priority].appendleft(item)
        else:
            self._lanes[priority].append(item)

    def next_to_send(self, session: int, now: float, wall_now: float) -> PendingRequest | None:
        """The next request by priority, stamped with an id of ``session``; None when one is in flight."""
        if self.inflight is not None:
            return None
        for lane in self._lanes:
            if lane:
                item = lane.popleft()
                break
        else:
            return None
        item.request_id = f"{session}-{next(self._ids)}"
        item.sent_at_mono = now
        item.sent_at_wall = wall_now
        return item

    def answered(self, request_id: Any) -> PendingRequest | None:
        """The request in flight if ``request_id`` is its id (else the answer came after its timeout)."""
        item = self.inflight
        if item is None or request_id != item.request_id:
            return None
        self.inflight = None
        return item

    def timed_out(self, now: float) -> PendingRequest | None:
        item = self.inflight
        # Compared as answer_deadline() computes it: the worker wakes at that instant and must see it passed.
        if item is not None and now >= item.sent_at_mono + item.timeout:
            self.inflight = None
            return item
        return None

    def answer_deadline(self) -> float | None:
        item = self.inflight
        return None if item is None else item.sent_at_mono + item.timeout

    def take_inflight(self) -> PendingRequest | None:
        item, self.inflight = self.inflight, None
        return item

    def take_waiting(self) -> Iterator[PendingRequest]:
        """Empty both lanes, in priority order."""
        for lane in self._lanes:
            while lane:
                yield lane.popleft()
