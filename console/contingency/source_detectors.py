"""Detectors of the audience sources (console.sources): ``source_stale`` and ``source_down``.

Both are fed the show's source reports (``ShowSession.source_health``: kind,
target, state, reason, events) by the playbooks facade on each tick, with the
show clock's ``now``, and answer :meth:`condition` like every detector.

- ``source_stale``: a source that is connected but says nothing — its own
  ``stale`` state, or ``live`` with no new event for ``after`` (default 60 s:
  oba polls the consoles every few seconds and a room with viewers chats
  within a minute; the source's own stale limit is 30 s of no frame at all).
- ``source_down``: a source that delivers nothing at all — ``backoff``,
  ``rate_limited``, ``auth_expired`` or ``failed``.

Also :func:`mask_viewers_gaps`: ``viewers_drop`` must not read a hole in the
data as a fall of the audience, so the viewer counts from before a source gap
that touches the detector's window are set aside.

Not thread-safe, like every detector: the facade's tick feeds and evaluates.
"""

from __future__ import annotations

from typing import Any, Iterable

from console.contingency.detectors import DETECTOR_CLASSES, Condition, Detector

#: States in which a source delivers nothing (console.sources.show_sources.DOWN_STATES, as strings).
DOWN_STATES = frozenset({"backoff", "rate_limited", "auth_expired", "failed"})
#: ``source_stale`` without ``after``: a live source silent this long (show seconds at speed 1).
STALE_AFTER_S = 60.0


class SourceDetector(Detector):
    """Base of the source detectors: keeps the latest reports."""

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.reports: list[Any] = []

    def on_sources(self, reports: Iterable[Any], now: float) -> None:
        self.reports = list(reports)


class SourceStale(SourceDetector):
    name = "source_stale"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        #: ``KIND:TARGET`` → (events seen, show instant the count last moved or the source became live, state).
        self._last_event: dict[str, tuple[int, float, str]] = {}

    def on_sources(self, reports: Iterable[Any], now: float) -> None:
        super().on_sources(reports, now)
        for report in self.reports:
            name = f"{report.kind}:{report.target}"
            seen = self._last_event.get(name)
            if seen is None or report.events != seen[0] or report.state != "live" or seen[2] != "live":
                # Counting silence starts when a source is (again) live, not from an outage before.
                self._last_event[name] = (report.events, now, report.state)

    def condition(self, now: float) -> Condition:
        after = float(self.params.get("after", STALE_AFTER_S)) * self.time_scale
        silent = []
        since = None
        for report in self.reports:
            name = f"{report.kind}:{report.target}"
            if report.state == "stale":
                silent.append(f"{name}: {report.reason or 'stale'}")
            elif report.state == "live":
                _events, last, _state = self._last_event.get(name, (0, now, "live"))
                if now - last >= after:
                    silent.append(f"{name}: no event for {now - last:.0f} s")
                    since = last + after if since is None else min(since, last + after)
        if silent:
            return Condition(True, "; ".join(silent), since)
        return Condition(False)


class SourceDown(SourceDetector):
    name = "source_down"

    def condition(self, now: float) -> Condition:
        down = [f"{report.kind}:{report.target} {report.state}: {report.reason}".rstrip(": ")
                for report in self.reports if report.state in DOWN_STATES]
        if down:
            return Condition(True, "; ".join(down))
        return Condition(False)


DETECTOR_CLASSES.update({SourceStale.name: SourceStale, SourceDown.name: SourceDown})


def feed_sources(bank: Any, reports: list[Any], now: float) -> None:
    """Hand the source reports to every source detector of ``bank`` (a DetectorBank)."""
    for entry in bank.armed:
        if isinstance(entry.detector, SourceDetector):
            entry.detector.on_sources(reports, now)


def mask_viewers_gaps(bank: Any, gaps: Any, now: float) -> None:
    """Set aside the viewer counts of every ``viewers_drop`` detector that a source gap makes incomparable.

    ``gaps`` answers ``overlaps(start, end)`` (console.sources.show_sources.SourceGaps).
    While a gap touches the detector's window, only counts after the gap's end
    are kept: the peak before a hole is not compared with a count after it (the
    audience may have moved, the data cannot say), and during an outage in
    progress there is nothing to compare at all.
    """
    from console.contingency.detectors import ViewersDrop

    for entry in bank.armed:
        detector = entry.detector
        if not isinstance(detector, ViewersDrop) or not detector.counts:
            continue
        start = detector.counts[0][0]
        if not gaps.overlaps(start, now):
            continue
        intervals = [interval for interval in gaps.intervals(now) if interval[0] <= now and start <= interval[1]]
        last_end = max(end for _start, end in intervals)
        while detector.counts and detector.counts[0][0] <= last_end:
            detector.counts.popleft()
