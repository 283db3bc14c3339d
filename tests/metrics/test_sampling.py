"""The show's sampler on its own: OBS health, audio levels and KPIs into series and ``samples`` rows."""

from __future__ import annotations

import math
from concurrent.futures import Future

from console.audience.events import CommentEvent, ViewersEvent
from console.events import Signal
from console.metrics.live import LiveKpis
from console.metrics.sampling import (AUDIO_FLOOR_DB, AUDIO_SAMPLE_EVERY_S, HEALTH_SERIES, KPI_SAMPLE_EVERY_S,
                                      ShowSampler, level_db)
from console.obs.model import HealthSample
from db import schema
from tests.harness.common import WallClock

SHOW_ID = "sampled"
WALL_START = 1_700_000_000.0
SHOW_START = 1_800_000_000.0
#: The show runs at 2×: a wall second is two show seconds.
SPEED = 2.0


class RowsRecorder:
    """Keeps what the sampler queues for the database (the real Recorder is tested in tests/db)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def write(self, table, rows) -> Future:
        assert table is schema.samples
        self.rows.extend(rows)
        future: Future = Future()
        future.set_result(len(rows))
        return future

    def series(self, name: str) -> list[tuple[float, float]]:
        return [(row["ts"], row["value"]) for row in self.rows if row["series"] == name]


class Obs:
    def __init__(self) -> None:
        self.health = Signal("health")
        self.obs_event = Signal("obs_event")


def show_unix(wall_unix: float) -> float:
    return SHOW_START + (wall_unix - WALL_START) * SPEED


def health(ts: float, fps: float = 30.0, bitrate: float | None = 2500.0) -> HealthSample:
    return HealthSample(ts=ts, fps=fps, cpu=12.5, memory_mb=300.0, disk_free_mb=None, average_render_ms=1.0,
                        render_skipped_frames=0, render_total_frames=100, output_skipped_frames=0,
                        output_total_frames=100, streaming=True, stream_reconnecting=False, stream_timecode=None,
                        stream_bytes=0, congestion=0.0, recording=False, record_timecode=None,
                        render_dropped_ratio=0.0, output_dropped_ratio=0.01, bitrate_kbps=bitrate)


def meters(**peaks: float) -> dict:
    return {"inputs": [{"inputName": name, "inputLevelsMul": [[peak, peak, peak], [peak / 2, peak / 2, peak / 2]]}
                       for name, peak in peaks.items()] + [{"inputName": "camera", "inputLevelsMul": []}]}


def make(obs: Obs | None = None, clock: WallClock | None = None) -> tuple[ShowSampler, RowsRecorder, LiveKpis]:
    recorder, live = RowsRecorder(), LiveKpis(count_unattributed=True)
    sampler = ShowSampler(recorder, SHOW_ID, live, obs=obs, show_unix=show_unix, clock=clock or WallClock(WALL_START))
    return sampler, recorder, live


def test_level_db():
    assert level_db(1.0) == 0.0 and round(level_db(0.5), 2) == -6.02 and level_db(0.0) == -math.inf


def test_health_is_kept_always_and_recorded_on_the_show_clock_only_while_the_show_runs():
    obs = Obs()
    sampler, recorder, _live = make(obs)
    obs.health.emit(health(WALL_START))
    assert sampler.last_health is not None and recorder.rows == [] and sampler.series.names() == []
    sampler.start()
    obs.health.emit(health(WALL_START + 1.0, bitrate=None))  # no bitrate yet (first sample after a connect)
    expected = {name for name in HEALTH_SERIES if name != "obs.bitrate_kbps"}
    assert {row["series"] for row in recorder.rows} == expected
    assert all(row["ts"] == SHOW_START + 2.0 and row["show_id"] == SHOW_ID for row in recorder.rows)
    assert sampler.series["obs.fps"].last() == (SHOW_START + 2.0, 30.0)
    sampler.close()
    assert len(obs.health) == 0 and len(obs.obs_event) == 0, "a closed sampler leaves OBS alone"
    sampler.on_health(health(WALL_START + 2.0))
    assert len(recorder.series("obs.fps")) == 1


def test_audio_keeps_each_inputs_loudest_level_and_records_it_once_a_second():
    obs, clock = Obs(), WallClock(WALL_START)
    sampler, recorder, _live = make(obs, clock)
    sampler.start()
    step = AUDIO_SAMPLE_EVERY_S / SPEED / 4  # a quarter of a show second, in wall seconds
    for n, peak in enumerate((0.5, 1.0, 0.25, 0.125)):
        clock.now = WALL_START + n * step
        obs.obs_event.emit("InputVolumeMeters", meters(mic=peak, music=0.0))
        obs.obs_event.emit("SceneItemEnableStateChanged", {})  # other events are not levels
    assert recorder.rows == [], "within the first second: nothing recorded yet"
    clock.now = WALL_START + 4 * step
    obs.obs_event.emit("InputVolumeMeters", meters(mic=0.01, music=0.0))
    assert recorder.series("audio.mic") == [(SHOW_START + AUDIO_SAMPLE_EVERY_S, 0.0)]  # the loudest: 1.0
    assert recorder.series("audio.music") == [(SHOW_START + AUDIO_SAMPLE_EVERY_S, AUDIO_FLOOR_DB)]
    assert "audio.camera" not in sampler.series.names()


def test_kpis_are_sampled_once_per_show_second_from_the_live_kpis():
    sampler, recorder, live = make()
    live.show_started(SHOW_START)
    live.add([ViewersEvent(SHOW_START, online=120, entered=120), CommentEvent(SHOW_START + 0.1, "u", "好看")])
    sampler.tick(SHOW_START + 0.2)
    assert recorder.rows == [], "not before the show runs"
    sampler.start()
    sampler.tick(SHOW_START + 0.2)
    sampler.tick(SHOW_START + 0.2 + KPI_SAMPLE_EVERY_S / 2)  # too soon for another
    sampler.tick(SHOW_START + 0.2 + KPI_SAMPLE_EVERY_S)
    assert recorder.series("kpi.online") == [(SHOW_START + 0.2, 120.0), (SHOW_START + 1.2, 120.0)]
    assert recorder.series("kpi.comments_per_min")[-1] == (SHOW_START + 1.2, 1.0)
    assert sampler.series["kpi.online"].last() == (SHOW_START + 1.2, 120.0)
    sampler.start()  # resumed: the next tick samples at once
    sampler.tick(SHOW_START + 1.3)
    assert len(recorder.series("kpi.online")) == 3


def test_recorded_history_goes_back_into_the_buffers():
    sampler, recorder, _live = make()
    sampler.load([("obs.fps", SHOW_START, 29.0), ("kpi.gmv", SHOW_START + 1, 249.0)])
    assert sampler.series["obs.fps"].last() == (SHOW_START, 29.0) and recorder.rows == []
