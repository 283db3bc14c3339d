"""A show's time series while it runs: OBS health, audio levels and KPI figures, charted and recorded.

:class:`ShowSampler` turns what OBS reports (``health`` once a second,
``InputVolumeMeters`` about 20 times a second) and what the live KPIs say into
points of a :class:`~console.metrics.series.SeriesSet` (what the live charts
draw) and rows of ``samples`` (what the review charts). A
:class:`~console.session.ShowSession` owns one.

Threads: :meth:`ShowSampler.on_health` and :meth:`ShowSampler.on_levels` run
on ``obs-worker`` and only append to buffers and queue rows for the recorder;
:meth:`ShowSampler.tick` runs on the show's tick thread (the GUI thread in the
window, the loop in headless runs).

Time: every point is on the show clock (show-clock Unix seconds, as the
audience events). KPI samples take the tick's ``now``; OBS health carries its
own wall stamp, mapped with ``show_unix``; volume meters carry none, so
:meth:`ShowSampler.on_levels` reads the wall clock it was given (the one place
that does, because the meters arrive on ``obs-worker`` and not from the loop).
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any, Callable

from console.metrics.series import SeriesSet
from db import schema

if TYPE_CHECKING:
    from console.metrics.live import LiveKpis
    from console.obs.protocol import ObsLink

#: OBS health figures kept as series (name in the database → HealthSample field).
HEALTH_SERIES = {
    "obs.fps": "fps",
    "obs.cpu": "cpu",
    "obs.render_dropped_ratio": "render_dropped_ratio",
    "obs.output_dropped_ratio": "output_dropped_ratio",
    "obs.bitrate_kbps": "bitrate_kbps",
    "obs.congestion": "congestion",
}
#: KPI figures sampled into series (chart lines and the review's charts).
KPI_SERIES = ("online", "gmv", "orders", "comments_per_min", "orders_per_min", "entries", "likes")
#: Show seconds between two KPI samples; 1 s matches OBS's 1 Hz health.
KPI_SAMPLE_EVERY_S = 1.0
#: Audio levels arrive ~20 times a second per input; one recorded value (the
#: loudest) per second is enough for the review and for charts.
AUDIO_SAMPLE_EVERY_S = 1.0
#: A silent input's level is -inf dB; the series and the database keep a floor instead.
AUDIO_FLOOR_DB = -100.0


def level_db(multiplier: float) -> float:
    """OBS's linear level (``inputLevelsMul``) in dBFS; silence is -inf."""
    return 20 * math.log10(multiplier) if multiplier > 0 else -math.inf


class ShowSampler:
    """Samples one show into ``series`` and the ``samples`` table while it is :attr:`recording`.

    ``show_unix(wall_unix)`` maps a wall-clock instant to the show clock;
    ``clock()`` is the wall clock (stamps volume meters). With ``obs`` the
    sampler subscribes to its ``health`` and ``obs_event`` until :meth:`close`.
    """

    def __init__(self, recorder: Any, show_id: str, live: LiveKpis, *, obs: ObsLink | None = None,
                 show_unix: Callable[[float], float] = lambda wall_unix: wall_unix,
                 clock: Callable[[], float]) -> None:
        self.recorder = recorder
        self.show_id = show_id
        self.live = live
        self.obs = obs
        self.series = SeriesSet()
        #: The latest HealthSample, kept even before the show starts: the rooms wall's stream health.
        #: Set on ``obs-worker`` as one reference swap; readers read it once.
        self.last_health: Any | None = None
        #: Between :meth:`start` and :meth:`close`: samples are recorded (before, there is no show row
        #: to record them for; after, the show is over).
        self.recording = False
        self._show_unix = show_unix
        self._clock = clock
        self._last_kpi_sample: float | None = None
        self._audio_peaks: dict[str, float] = {}
        self._audio_window_start: float | None = None
        self._audio_lock = threading.Lock()
        if obs is not None:
            obs.health.connect(self.on_health)
            obs.obs_event.connect(self._on_obs_event)

    def start(self) -> None:
        """The show runs (started or resumed): record from now on; the next tick takes a KPI sample."""
        self._last_kpi_sample = None
        self.recording = True

    def close(self) -> None:
        """The show is over: stop recording and leave OBS alone. Safe to call twice."""
        self.recording = False
        if self.obs is not None:
            self.obs.health.disconnect(self.on_health)
            self.obs.obs_event.disconnect(self._on_obs_event)

    def load(self, recorded: Any) -> None:
        """Put recorded ``(series, ts, value)`` points back into the buffers (crash recovery)."""
        for name, ts, value in recorded:
            self.series[name].append(ts, value)

    # ------------------------------------------------------------ the tick
    def tick(self, now_ts: float) -> None:
        """One turn of the show's loop at show-clock ``now_ts``: a KPI sample once per :data:`KPI_SAMPLE_EVERY_S`."""
        if not self.recording:
            return
        if self._last_kpi_sample is None or now_ts - self._last_kpi_sample >= KPI_SAMPLE_EVERY_S:
            self._last_kpi_sample = now_ts
            self.sample_kpis(now_ts)

    def sample_kpis(self, now_ts: float) -> None:
        snapshot = self.live.snapshot(now_ts)
        rows = []
        for name in KPI_SERIES:
            tile = snapshot.tiles.get(name)
            value = tile.value if tile is not None else None
            if value is None:
                continue
            self.series[f"kpi.{name}"].append(now_ts, float(value))
            rows.append({"show_id": self.show_id, "ts": now_ts, "series": f"kpi.{name}", "value": float(value)})
        if rows:
            self.recorder.write(schema.samples, rows)

    # ---------------------------------------------------------------- OBS
    def on_health(self, sample: Any) -> None:
        # obs-worker thread: buffers and queued rows only.
        self.last_health = sample
        if not self.recording:
            return
        ts = self._show_unix(sample.ts)
        rows = []
        for series, field in HEALTH_SERIES.items():
            value = getattr(sample, field)
            if value is None:
                continue
            self.series[series].append(ts, float(value))
            rows.append({"show_id": self.show_id, "ts": ts, "series": series, "value": float(value)})
        if rows:
            self.recorder.write(schema.samples, rows)

    def _on_obs_event(self, event_type: str, data: dict[str, Any]) -> None:
        if event_type == "InputVolumeMeters":
            self.on_levels(data.get("inputs") or [])

    def on_levels(self, inputs: list[dict[str, Any]]) -> None:
        """One ``InputVolumeMeters`` report (obs-worker): keep each input's peak, record it once a second."""
        if not self.recording:
            return
        now = self._show_unix(self._clock())
        with self._audio_lock:
            for item in inputs:
                channels = item.get("inputLevelsMul") or []
                if not channels:
                    continue  # a source without audio (a camera's video file)
                peak = max((channel[1] for channel in channels if len(channel) > 1), default=0.0)
                name = item.get("inputName", "")
                self._audio_peaks[name] = max(self._audio_peaks.get(name, 0.0), peak)
            if self._audio_window_start is None:
                self._audio_window_start = now
                return
            if now - self._audio_window_start < AUDIO_SAMPLE_EVERY_S:
                return
            peaks, self._audio_peaks = self._audio_peaks, {}
            self._audio_window_start = now
        rows = []
        for name, peak in peaks.items():
            db = max(level_db(peak), AUDIO_FLOOR_DB)
            self.series[f"audio.{name}"].append(now, db)
            rows.append({"show_id": self.show_id, "ts": now, "series": f"audio.{name}", "value": db})
        if rows:
            self.recorder.write(schema.samples, rows)
