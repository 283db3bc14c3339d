"""Is OBS still answering? The heartbeat, the staleness check and the health sample it yields.

OBS never pushes its stats, so the client polls them once a second; that poll
is also the heartbeat. :class:`Liveness` keeps the timers (worker thread
only, instants from the client's clock); :func:`health_sample` turns the
heartbeat's answer into a :class:`HealthSample` with rates.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from console.obs.model import HealthSample

#: Stats are never pushed by OBS; polling them is also our heartbeat.
OBS_HEARTBEAT_INTERVAL_S = 1.0
#: No frame at all from OBS for this long while a heartbeat is due means the
#: figures are stale: the state leaves ``ok``. With a 1 s heartbeat a healthy
#: OBS is never silent for more than ~1 s (volume meters arrive every 50 ms),
#: and a hung one is reported within 1.6 s + one loop turn, under the 2 s the
#: operator was promised.
OBS_STALE_AFTER_S = 1.6
#: Silent this long: give up on the socket and open a fresh session.
OBS_DROP_AFTER_S = 8.0

#: One RequestBatch per heartbeat: what the health figures are made of.
HEARTBEAT_REQUESTS = (
    {"requestType": "GetStats"},
    {"requestType": "GetStreamStatus"},
    {"requestType": "GetRecordStatus"},
)


class Liveness:
    """The heartbeat and staleness timers of one session (worker thread only)."""

    def __init__(self, heartbeat_interval: float = OBS_HEARTBEAT_INTERVAL_S) -> None:
        self.heartbeat_interval = heartbeat_interval
        self.last_frame = 0.0
        self.next_heartbeat = 0.0
        self.heartbeat_pending = False
        self.stale = False

    def session_opened(self, now: float) -> None:
        self.last_frame = now
        self.heartbeat_pending = False
        self.stale = False

    def session_closed(self) -> None:
        self.heartbeat_pending = False
        self.stale = False

    def beat_now(self) -> None:
        """The next turn sends a heartbeat (right after a state read: it fills the health figures)."""
        self.next_heartbeat = 0.0

    def heard(self, now: float) -> bool:
        """A frame arrived. True when OBS was stale until now (it answers again)."""
        self.last_frame = now
        was_stale, self.stale = self.stale, False
        return was_stale

    def deadline(self, awaiting_answer: bool) -> float:
        """When the worker must look at the timers again, whatever arrives meanwhile."""
        # A pending heartbeat's own due time has passed already: waiting for it
        # would spin; its answer (or the staleness deadline) is what counts.
        deadlines = [] if self.heartbeat_pending else [self.next_heartbeat]
        if self.stale:
            deadlines.append(self.last_frame + OBS_DROP_AFTER_S)
        elif self.heartbeat_pending or awaiting_answer:
            deadlines.append(self.last_frame + OBS_STALE_AFTER_S)
        return min(deadlines)

    def silent_for(self, now: float) -> float:
        return now - self.last_frame

    def goes_stale(self, now: float, awaiting_answer: bool) -> bool:
        """True once, when OBS has been silent too long while it owed an answer."""
        # Instants compared as deadline() computes them: the worker wakes at that
        # instant and must see it passed (a difference may round just below).
        if self.stale or now < self.last_frame + OBS_STALE_AFTER_S:
            return False
        if not (self.heartbeat_pending or awaiting_answer):
            return False
        self.stale = True
        return True

    def must_drop(self, now: float) -> bool:
        return self.stale and now >= self.last_frame + OBS_DROP_AFTER_S

    def heartbeat_due(self, now: float) -> bool:
        """True when a heartbeat must be sent now; it is then pending until :meth:`heartbeat_answered`."""
        if now < self.next_heartbeat or self.heartbeat_pending:
            return False
        self.next_heartbeat = now + self.heartbeat_interval
        self.heartbeat_pending = True
        return True

    def heartbeat_answered(self) -> None:
        self.heartbeat_pending = False


def health_sample(results: list[dict[str, Any]], ts: float, previous: HealthSample | None) -> HealthSample:
    """The heartbeat batch's answers as one sample at Unix time ``ts``, with rates against ``previous``."""
    parts = {r.get("requestType"): r.get("responseData") or {} for r in results}
    stats, stream, record = parts.get("GetStats", {}), parts.get("GetStreamStatus", {}), parts.get("GetRecordStatus", {})
    sample = HealthSample(
        ts=ts,
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
    return _with_rates(sample, previous)


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
