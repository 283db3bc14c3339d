"""The connection bar shows the state honestly: green only for ok with fresh figures."""

from __future__ import annotations

import dataclasses

import pytest

from console.obs.model import ConnectionState, HealthSample, ObsSnapshot
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.connection_bar import OBS_FIGURES_STALE_AFTER_S, ConnectionBar, format_rate, pill_level, short_timecode


def sample(ts: float, **changes) -> HealthSample:
    base = HealthSample(ts=ts, fps=30.0, cpu=12.5, memory_mb=200.0, disk_free_mb=1000.0, average_render_ms=4.0,
                        render_skipped_frames=900, render_total_frames=100_000, output_skipped_frames=50,
                        output_total_frames=90_000, streaming=False, stream_reconnecting=False, stream_timecode=None,
                        stream_bytes=0, congestion=0.0, recording=False, record_timecode=None, interval_s=1.0,
                        render_dropped_ratio=0.0123, output_dropped_ratio=0.0, bitrate_kbps=None)
    return dataclasses.replace(base, **changes)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("state,stale,expected", [
    (ConnectionState.OK, False, "ok"),
    (ConnectionState.OK, True, "warn"),
    (ConnectionState.RECONNECTING, False, "warn"),
    (ConnectionState.CONNECTING, True, "warn"),
    (ConnectionState.AUTH_FAILED, False, "error"),
    (ConnectionState.DISCONNECTED, False, "idle"),
    (ConnectionState.DISCONNECTED, True, "error"),
])
def test_pill_level(state, stale, expected):
    assert pill_level(state, stale) == expected


def test_only_ok_is_ever_green():
    for state in ConnectionState:
        for stale in (False, True):
            if pill_level(state, stale) == "ok":
                assert state == ConnectionState.OK and not stale


def test_rates_and_timecodes_format():
    assert format_rate(None) == "—"
    assert format_rate(0.0) == "0.0 %"
    assert format_rate(0.0123) == "1.2 %"
    assert short_timecode("01:02:03.456") == "01:02:03"
    assert short_timecode(None) == "00:00:00"


def make_bar(qtbot, clock):
    bridge = ObsBridge()
    bar = ConnectionBar(bridge, clock=clock)
    qtbot.addWidget(bar)
    return bridge, bar


def test_fresh_ok_is_green_and_shows_rates_not_counters(qtbot):
    clock = Clock(1000.0)
    bridge, bar = make_bar(qtbot, clock)
    bridge.state_changed.emit(ConnectionState.OK, "connected")
    bridge.snapshot_changed.emit(ObsSnapshot(obs_version="29.0.2", health=sample(999.5)))
    assert bar.state_pill.property("level") == "ok"
    assert "1.2 %" in bar.render_label.text()
    assert "900" not in bar.render_label.text()  # the cumulative counter is never shown
    assert "0.0 %" in bar.output_label.text()
    assert "29.0.2" in bar.version_label.text()
    assert bar.fps_label.property("stale") is False


def test_old_sample_turns_figures_stale_and_pill_not_green(qtbot):
    clock = Clock(1000.0)
    bridge, bar = make_bar(qtbot, clock)
    bridge.state_changed.emit(ConnectionState.OK, "connected")
    bridge.health.emit(sample(999.0))
    assert bar.state_pill.property("level") == "ok"
    clock.now = 999.0 + OBS_FIGURES_STALE_AFTER_S + 0.1
    bar.update_view()  # what the stale timer does
    assert bar.state_pill.property("level") == "warn"
    assert all(label.property("stale") is True for label in bar.figure_labels)
    assert bar.fps_label.toolTip()


def test_reconnecting_is_never_green_even_with_a_fresh_sample(qtbot):
    clock = Clock(1000.0)
    bridge, bar = make_bar(qtbot, clock)
    bridge.health.emit(sample(1000.0))
    bridge.state_changed.emit(ConnectionState.RECONNECTING, "OBS has not answered for 1.6 s")
    assert bar.state_pill.property("level") == "warn"
    assert "1.6 s" in bar.reason_label.text()
    assert bar.state_pill.toolTip() == "OBS has not answered for 1.6 s"


def test_stream_and_record_with_timecodes_and_bitrate(qtbot):
    clock = Clock(1000.0)
    bridge, bar = make_bar(qtbot, clock)
    bridge.state_changed.emit(ConnectionState.OK, "connected")
    bridge.snapshot_changed.emit(ObsSnapshot(streaming=True, recording=True, health=sample(
        1000.0, streaming=True, recording=True, stream_timecode="00:10:05.120", record_timecode="00:09:00.000",
        bitrate_kbps=2500.4)))
    assert "00:10:05" in bar.stream_label.text()
    assert bar.stream_label.property("level") == "live"
    assert "00:09:00" in bar.record_label.text()
    assert "2500" in bar.bitrate_label.text()
    assert not bar.bitrate_label.isHidden()
    bridge.snapshot_changed.emit(ObsSnapshot(streaming=False, health=sample(1000.0)))
    assert bar.bitrate_label.isHidden()
    assert bar.stream_label.property("level") == "idle"


def test_dropped_frames_above_half_a_percent_are_marked(qtbot):
    clock = Clock(1000.0)
    bridge, bar = make_bar(qtbot, clock)
    bridge.state_changed.emit(ConnectionState.OK, "connected")
    bridge.health.emit(sample(1000.0, render_dropped_ratio=0.02, output_dropped_ratio=0.001))
    assert bar.render_label.property("level") == "warn"
    assert bar.output_label.property("level") == ""


def test_a_reason_longer_than_its_room_ends_in_an_ellipsis_and_is_whole_in_the_tooltip(qtbot):
    bridge, bar = make_bar(qtbot, Clock(1000.0))
    reason = "offline rehearsal: no OBS (the sandbox could not start: obs exited with code 1 before its websocket)"
    bridge.state_changed.emit(ConnectionState.DISCONNECTED, reason)
    bar.resize(450, bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    shown = bar.reason_label.text()
    assert shown.endswith("…") and reason.startswith(shown[:-1]) and len(shown) > 5, shown
    assert bar.reason_label.toolTip() == reason and bar.reason_label.full_text() == reason
    bar.resize(3000, bar.height())
    qtbot.waitUntil(lambda: bar.reason_label.text() == reason, timeout=2000)


def test_congestion_shows_while_streaming_and_turns_amber_above_the_warning(qtbot):
    from ui.panels.connection_bar import CONGESTION_WARN

    clock = Clock(1000.0)
    bridge, bar = make_bar(qtbot, clock)
    bridge.state_changed.emit(ConnectionState.OK, "connected")
    bridge.snapshot_changed.emit(ObsSnapshot(streaming=True, health=sample(1000.0, streaming=True, congestion=0.02)))
    assert not bar.congestion_label.isHidden()
    assert "2.0 %" in bar.congestion_label.text()
    assert bar.congestion_label.property("level") == ""
    bridge.health.emit(sample(1000.0, streaming=True, congestion=CONGESTION_WARN + 0.05))
    assert "15.0 %" in bar.congestion_label.text()
    assert bar.congestion_label.property("level") == "warn"
    bridge.snapshot_changed.emit(ObsSnapshot(streaming=False, health=sample(1000.0)))
    assert bar.congestion_label.isHidden()  # no stream, no congestion to speak of
