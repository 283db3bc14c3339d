"""Detectors of CONTRACTS.md §5: plain state machines fed with inputs and ``now``.

Every detector keeps the latest facts it was fed (``on_health``, ``on_obs_event``, ``on_connection``,
``on_viewers``, ``on_comments`` (flagged ones), ``on_all_comments``, ``on_frame``, ``set_live``) and answers
:meth:`Detector.condition` for an instant: is the fault there, since when, and a short detail for the incident
timeline. :class:`DetectorBank` holds one detector per playbook, applies the playbook's ``for`` debounce and
returns :class:`Transition` s (``fired`` / ``cleared``). Nothing here reads the clock or talks to OBS; the
caller passes every instant (the session facade uses the show clock, tests pass numbers).

Not thread-safe on purpose: one thread feeds and evaluates (the facade's tick).
"""

from __future__ import annotations

import collections
import dataclasses
import math
from typing import Any, Iterable

from console.contingency.model import EXTRA_DETECTORS, Playbook
from console.obs.model import ConnectionState

#: A health figure older than this is not evidence of anything (OBS polls at ~1 Hz).
HEALTH_STALE_S = 5.0
#: Volume meters arrive ~20 times a second; older than this, the input is gone.
METER_STALE_S = 2.0
#: A screenshot older than this says nothing about the camera now.
FRAME_STALE_S = 3.0
#: After the show goes live, OBS gets this long to bring the stream up before
#: "not streaming" counts (starting an RTMP output takes about a second).
STREAM_START_GRACE_S = 10.0
#: banned_word with no ``for``: how long a hit keeps the incident's condition up.
BANNED_WORD_HOLD_S = 10.0


@dataclasses.dataclass(frozen=True, slots=True)
class Condition:
    active: bool
    detail: str = ""
    since: float | None = None  # when the fault began, if the detector knows better than "now"


@dataclasses.dataclass(frozen=True, slots=True)
class Transition:
    playbook_id: str
    kind: str  # "fired" | "cleared"
    at: float
    detail: str


def level_db(multiplier: float) -> float:
    return 20 * math.log10(multiplier) if multiplier > 0 else -math.inf


class Detector:
    """Base: every feed is a no-op; subclasses override what they watch."""

    name = ""

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        self.params = dict(params)
        self.debounce_s = for_s
        #: Show seconds per wall second. OBS heartbeats come once per WALL
        #: second; in a rehearsal at speed X they are X show-seconds apart, so
        #: every "no sample for N s" limit is N × time_scale in show time.
        self.time_scale = 1.0

    def on_health(self, sample: Any, now: float) -> None: ...
    def on_obs_event(self, event_type: str, data: dict[str, Any], now: float) -> None: ...
    def on_connection(self, state: ConnectionState | str, now: float) -> None: ...
    def on_viewers(self, online: int, ts: float) -> None: ...
    def on_comments(self, comments: Iterable[tuple[Any, Any, Any]], now: float) -> None: ...
    def on_all_comments(self, comments: Iterable[tuple[Any, Any, Any]], now: float) -> None: ...
    def on_frame(self, source: str, pixels: bytes, now: float) -> None: ...
    def set_live(self, live: bool, now: float) -> None: ...

    def condition(self, now: float) -> Condition:  # pragma: no cover - overridden
        raise NotImplementedError


class ObsDisconnected(Detector):
    """Not ``ok``, from the client's state changes, or no heartbeat for ``stale`` seconds."""

    name = "obs_disconnected"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.state: str | None = None
        self.state_since: float | None = None
        self.last_health: float | None = None

    def on_connection(self, state: ConnectionState | str, now: float) -> None:
        state = str(state)
        if state != self.state:
            self.state, self.state_since = state, now
        if state == ConnectionState.OK.value:
            self.last_health = now  # a fresh connection counts as a heartbeat

    def on_health(self, sample: Any, now: float) -> None:
        self.last_health = now

    def on_obs_event(self, event_type: str, data: dict[str, Any], now: float) -> None:
        if event_type == "ExitStarted":  # OBS is quitting: the link goes next
            self.on_connection("disconnected", now)

    def condition(self, now: float) -> Condition:
        if self.state is None:
            return Condition(False)  # no OBS configured / nothing known yet
        if self.state != ConnectionState.OK.value:
            return Condition(True, f"OBS connection {self.state}", self.state_since)
        stale = float(self.params.get("stale") or 5.0) * self.time_scale
        if self.last_health is not None and now - self.last_health > stale:
            return Condition(True, f"no OBS heartbeat for {now - self.last_health:.1f} s", self.last_health + stale)
        return Condition(False)


class StreamDown(Detector):
    """The show is live but OBS is not streaming, or is reconnecting.

    "Live" is set by the facade (the show streams) or by seeing OBS stream
    during the show; OBS's StreamStateChanged counts at once, the 1 Hz health
    confirms it.
    """

    name = "stream_down"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.live = False
        self.streaming: bool | None = None
        self.reconnecting = False
        self.changed_at: float | None = None
        self.grace_until: float | None = None

    def set_live(self, live: bool, now: float) -> None:
        if live and not self.live:
            self.grace_until = now + STREAM_START_GRACE_S
        self.live = live

    def _set(self, streaming: bool, reconnecting: bool, now: float) -> None:
        if streaming and not reconnecting:
            self.live = True
        if (streaming, reconnecting) != (self.streaming, self.reconnecting):
            self.changed_at = now
        self.streaming, self.reconnecting = streaming, reconnecting

    def on_obs_event(self, event_type: str, data: dict[str, Any], now: float) -> None:
        if event_type != "StreamStateChanged":
            return
        state = str(data.get("outputState", ""))
        if state.endswith("_RECONNECTING"):
            self._set(True, True, now)
        elif state.endswith("_RECONNECTED") or state.endswith("_STARTED"):
            self._set(True, False, now)
        elif state.endswith("_STOPPED"):
            self._set(False, False, now)

    def on_health(self, sample: Any, now: float) -> None:
        self._set(bool(sample.streaming), bool(sample.stream_reconnecting), now)

    def condition(self, now: float) -> Condition:
        if not self.live:
            return Condition(False)
        if self.reconnecting:
            return Condition(True, "OBS is reconnecting the stream", self.changed_at)
        if not self.streaming:
            since = max(self.changed_at if self.changed_at is not None else now, self.grace_until or -math.inf)
            return Condition(True, "OBS is not streaming", since)
        return Condition(False)


class _HealthDetector(Detector):
    """One figure of the latest health sample against a limit; stale samples say nothing."""

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.sample: Any = None
        self.sample_at: float | None = None

    def on_health(self, sample: Any, now: float) -> None:
        self.sample, self.sample_at = sample, now

    def condition(self, now: float) -> Condition:
        if self.sample is None or self.sample_at is None or now - self.sample_at > HEALTH_STALE_S * self.time_scale:
            return Condition(False)
        return self.check(self.sample)

    def check(self, sample: Any) -> Condition:  # pragma: no cover - overridden
        raise NotImplementedError


class StreamCongested(_HealthDetector):
    name = "stream_congested"

    def check(self, sample: Any) -> Condition:
        threshold = float(self.params["threshold"])
        if sample.streaming and sample.congestion is not None and sample.congestion > threshold:
            return Condition(True, f"congestion {sample.congestion:.2f} > {threshold:g}")
        return Condition(False)


class FpsLow(_HealthDetector):
    name = "fps_low"

    def check(self, sample: Any) -> Condition:
        below = float(self.params["below"])
        if sample.fps is not None and sample.fps < below:
            return Condition(True, f"{sample.fps:.1f} fps < {below:g}")
        return Condition(False)


class CpuHigh(_HealthDetector):
    name = "cpu_high"

    def check(self, sample: Any) -> Condition:
        above = float(self.params["above"])
        if sample.cpu is not None and sample.cpu > above:
            return Condition(True, f"CPU {sample.cpu:.0f}% > {above:g}%")
        return Condition(False)


class DiskLow(_HealthDetector):
    name = "disk_low"

    def check(self, sample: Any) -> Condition:
        below = float(self.params["below_mb"])
        if sample.disk_free_mb is not None and sample.disk_free_mb < below:
            return Condition(True, f"{sample.disk_free_mb:.0f} MB free < {below:g} MB")
        return Condition(False)


class _DroppedFrames(Detector):
    """Skipped/total over ``window`` from OBS's cumulative counters (deltas, reset-safe)."""

    skipped_field = ""
    total_field = ""
    what = ""

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.history: collections.deque[tuple[float, int, int]] = collections.deque()

    def on_health(self, sample: Any, now: float) -> None:
        skipped, total = getattr(sample, self.skipped_field), getattr(sample, self.total_field)
        if skipped is None or total is None:
            return
        if self.history and total < self.history[-1][2]:
            self.history.clear()  # OBS restarted its counters (new output / OBS restarted)
        self.history.append((now, int(skipped), int(total)))
        window = float(self.params["window"])
        # Keep one sample at or before the window's start as the baseline.
        while len(self.history) > 2 and self.history[1][0] <= now - window:
            self.history.popleft()

    def condition(self, now: float) -> Condition:
        if len(self.history) < 2 or now - self.history[-1][0] > HEALTH_STALE_S:
            return Condition(False)
        (_, skipped0, total0), (_, skipped1, total1) = self.history[0], self.history[-1]
        frames = total1 - total0
        if frames <= 0:
            return Condition(False)
        ratio = (skipped1 - skipped0) / frames
        limit = float(self.params["ratio"])
        if ratio >= limit:
            return Condition(True, f"{self.what} {ratio:.1%} of {frames} frames ≥ {limit:.0%}")
        return Condition(False)


class FramesDropped(_DroppedFrames):
    name = "frames_dropped"
    skipped_field, total_field, what = "output_skipped_frames", "output_total_frames", "output dropped"


class RenderLag(_DroppedFrames):
    name = "render_lag"
    skipped_field, total_field, what = "render_skipped_frames", "render_total_frames", "render skipped"


class MicSilent(Detector):
    """The input's peak level (InputVolumeMeters) below ``below_db``; missing from the meters counts as silent."""

    name = "mic_silent"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.meters_at: float | None = None
        self.level: float | None = None
        self.quiet_since: float | None = None

    def on_obs_event(self, event_type: str, data: dict[str, Any], now: float) -> None:
        if event_type != "InputVolumeMeters":
            return
        self.meters_at = now
        level = -math.inf
        for item in data.get("inputs") or []:
            if item.get("inputName") == self.params["input"]:
                channels = item.get("inputLevelsMul") or []
                peak = max((channel[1] for channel in channels if len(channel) > 1), default=0.0)
                level = level_db(peak)
        self.level = level
        if level < float(self.params["below_db"]):
            if self.quiet_since is None:
                self.quiet_since = now
        else:
            self.quiet_since = None

    def condition(self, now: float) -> Condition:
        if self.meters_at is None or now - self.meters_at > METER_STALE_S or self.quiet_since is None:
            return Condition(False)
        level = "no signal" if self.level is None or self.level == -math.inf else f"{self.level:.0f} dB"
        return Condition(True, f"{self.params['input']} {level} < {float(self.params['below_db']):g} dB",
                         self.quiet_since)


def frame_difference(a: bytes, b: bytes) -> float:
    """Mean absolute byte difference of two decoded pictures (inf when the sizes differ)."""
    if len(a) != len(b) or not a:
        return math.inf
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


class CameraFrozen(Detector):
    """Consecutive screenshots of ``source`` within ``tolerance`` of each other (mean byte difference)."""

    name = "camera_frozen"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.previous: bytes | None = None
        self.frame_at: float | None = None
        self.same_since: float | None = None
        self.difference: float | None = None

    def on_frame(self, source: str, pixels: bytes, now: float) -> None:
        if source != self.params["source"]:
            return
        if self.previous is not None:
            self.difference = frame_difference(self.previous, pixels)
            if self.difference < float(self.params["tolerance"]):
                if self.same_since is None:
                    self.same_since = self.frame_at  # frozen since the first of the identical frames
            else:
                self.same_since = None
        self.previous, self.frame_at = pixels, now

    def condition(self, now: float) -> Condition:
        if self.same_since is None or self.frame_at is None or now - self.frame_at > FRAME_STALE_S:
            return Condition(False)
        return Condition(True, f"{self.params['source']} unchanged (difference {self.difference:.2f})",
                         self.same_since)


class ViewersDrop(Detector):
    """Online viewers fell by ``percent`` from the window's peak to the latest count."""

    name = "viewers_drop"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.counts: collections.deque[tuple[float, int]] = collections.deque()

    def on_viewers(self, online: int, ts: float) -> None:
        self.counts.append((ts, int(online)))
        window = float(self.params["window"])
        while self.counts and self.counts[0][0] < ts - window:
            self.counts.popleft()

    def condition(self, now: float) -> Condition:
        if not self.counts:
            return Condition(False)
        peak = max(count for _, count in self.counts)
        latest = self.counts[-1][1]
        if peak <= 0:
            return Condition(False)
        drop = (peak - latest) / peak * 100
        if drop >= float(self.params["percent"]):
            return Condition(True, f"online {peak} → {latest} (−{drop:.0f}%)")
        return Condition(False)


class BannedWord(Detector):
    """A comment with a compliance hit (of ``category`` if given).

    Fires at once; ``for`` is how long the condition holds after the last hit
    (the default :data:`BANNED_WORD_HOLD_S`), so a burst of hits is one incident.
    """

    name = "banned_word"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.debounce_s = 0.0
        self.hold_s = for_s or BANNED_WORD_HOLD_S
        self.last_hit: float | None = None
        self.first_hit: float | None = None
        self.detail = ""

    def on_comments(self, comments: Iterable[tuple[Any, Any, Any]], now: float) -> None:
        category = self.params.get("category")
        for event, _module_id, hits in comments:
            matched = [hit for hit in hits or () if category is None or getattr(hit, "category", None) == category]
            if matched:
                if self.last_hit is None or now - self.last_hit >= self.hold_s:
                    self.first_hit = now
                self.last_hit = now
                terms = "、".join(sorted({getattr(hit, "term", "?") for hit in matched}))
                self.detail = f"{getattr(event, 'user', '?')}: {getattr(event, 'text', '')} [{terms}]"

    def condition(self, now: float) -> Condition:
        if self.last_hit is not None and now - self.last_hit < self.hold_s:
            return Condition(True, self.detail, self.first_hit)
        return Condition(False)


DETECTOR_CLASSES: dict[str, type[Detector]] = {
    cls.name: cls
    for cls in (ObsDisconnected, StreamDown, StreamCongested, FramesDropped, RenderLag, FpsLow, CpuHigh,
                MicSilent, CameraFrozen, ViewersDrop, BannedWord, DiskLow)
}


def make_detector(name: str, params: dict[str, Any], for_s: float) -> Detector:
    # Detectors kept elsewhere register themselves when their module is imported (console.contingency.session
    # imports them): source_stale/source_down, low_stock/sold_out in DETECTOR_CLASSES, complaint_rate in
    # EXTRA_DETECTORS.
    return (DETECTOR_CLASSES.get(name) or EXTRA_DETECTORS[name])(params, for_s)


@dataclasses.dataclass
class _Armed:
    playbook_id: str
    detector: Detector
    since: float | None = None
    fired: bool = False


class DetectorBank:
    """One detector per playbook; feed everything, then :meth:`evaluate` for the debounced transitions."""

    def __init__(self, playbooks: Iterable[Playbook]) -> None:
        self.armed = [_Armed(p.id, make_detector(p.trigger.detector, dict(p.trigger.params), p.trigger.for_s))
                      for p in playbooks]
        self.detectors = {entry.playbook_id: entry.detector for entry in self.armed}

    def set_time_scale(self, scale: float) -> None:
        """The show's speed (see :attr:`Detector.time_scale`)."""
        for entry in self.armed:
            entry.detector.time_scale = scale

    def _each(self, method: str, *args: Any) -> None:
        for entry in self.armed:
            getattr(entry.detector, method)(*args)

    def on_health(self, sample: Any, now: float) -> None:
        self._each("on_health", sample, now)

    def on_obs_event(self, event_type: str, data: dict[str, Any], now: float) -> None:
        self._each("on_obs_event", event_type, data, now)

    def on_connection(self, state: ConnectionState | str, now: float) -> None:
        self._each("on_connection", state, now)

    def on_viewers(self, online: int, ts: float) -> None:
        self._each("on_viewers", online, ts)

    def on_comments(self, comments: list[tuple[Any, Any, Any]], now: float) -> None:
        self._each("on_comments", comments, now)

    def on_frame(self, source: str, pixels: bytes, now: float) -> None:
        self._each("on_frame", source, pixels, now)

    def on_all_comments(self, comments: list[tuple[Any, Any, Any]], now: float) -> None:
        self._each("on_all_comments", comments, now)

    def set_live(self, live: bool, now: float) -> None:
        self._each("set_live", live, now)

    def sources_to_watch(self) -> list[str]:
        """Sources camera_frozen detectors need screenshots of."""
        return sorted({str(e.detector.params["source"]) for e in self.armed if isinstance(e.detector, CameraFrozen)})

    def active(self, playbook_id: str) -> bool:
        return any(e.fired for e in self.armed if e.playbook_id == playbook_id)

    def evaluate(self, now: float) -> list[Transition]:
        transitions = []
        for entry in self.armed:
            condition = entry.detector.condition(now)
            if condition.active:
                if entry.since is None:
                    entry.since = condition.since if condition.since is not None else now
                if not entry.fired and now - entry.since >= entry.detector.debounce_s:
                    entry.fired = True
                    transitions.append(Transition(entry.playbook_id, "fired", now, condition.detail))
            else:
                entry.since = None
                if entry.fired:
                    entry.fired = False
                    transitions.append(Transition(entry.playbook_id, "cleared", now, condition.detail))
        return transitions
