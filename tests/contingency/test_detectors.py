"""Every detector with injected time: debounce by ``for``, fire once, clear."""

from __future__ import annotations

import base64
import struct

from console.contingency.detectors import DetectorBank, frame_difference
from console.contingency.session import decode_bmp, decode_image_data
from tests.contingency.helpers import health, playbook


def kinds(transitions):
    return [(t.playbook_id, t.kind) for t in transitions]


def test_obs_disconnected_from_state_with_debounce_and_clear():
    bank = DetectorBank([playbook("obs_disconnected", for_="3s")])
    bank.on_connection("ok", 0.0)
    assert bank.evaluate(0.0) == []
    bank.on_connection("reconnecting", 10.0)
    assert bank.evaluate(12.9) == []
    assert kinds(bank.evaluate(13.0)) == [("obs-disconnected", "fired")]
    assert bank.evaluate(14.0) == []  # fires once
    bank.on_connection("ok", 20.0)
    assert kinds(bank.evaluate(20.0)) == [("obs-disconnected", "cleared")]


def test_obs_disconnected_from_stale_heartbeat_and_exit_event():
    bank = DetectorBank([playbook("obs_disconnected", params="stale: 5s")])
    bank.on_connection("ok", 0.0)
    bank.on_health(health(), 1.0)
    assert bank.evaluate(6.0) == []
    assert kinds(bank.evaluate(6.1)) == [("obs-disconnected", "fired")]
    bank.on_health(health(), 7.0)
    assert kinds(bank.evaluate(7.0)) == [("obs-disconnected", "cleared")]
    bank.on_obs_event("ExitStarted", {}, 8.0)
    assert kinds(bank.evaluate(8.0)) == [("obs-disconnected", "fired")]


def test_stream_down_reacts_to_reconnecting_event_then_clears():
    bank = DetectorBank([playbook("stream_down", for_="3s")])
    bank.on_obs_event("StreamStateChanged", {"outputState": "OBS_WEBSOCKET_OUTPUT_STARTED"}, 0.0)
    assert bank.evaluate(1.0) == []
    bank.on_obs_event("StreamStateChanged", {"outputState": "OBS_WEBSOCKET_OUTPUT_RECONNECTING"}, 5.0)
    assert bank.evaluate(7.9) == []
    assert kinds(bank.evaluate(8.0)) == [("stream-down", "fired")]
    bank.on_obs_event("StreamStateChanged", {"outputState": "OBS_WEBSOCKET_OUTPUT_RECONNECTED"}, 9.0)
    assert kinds(bank.evaluate(9.0)) == [("stream-down", "cleared")]


def test_stream_down_needs_a_live_show_and_gives_the_start_a_grace():
    bank = DetectorBank([playbook("stream_down", for_="3s")])
    bank.on_health(health(streaming=False), 0.0)
    assert bank.evaluate(100.0) == []  # never live: not streaming is not a fault
    bank.set_live(True, 100.0)
    bank.on_health(health(streaming=False), 100.5)
    assert bank.evaluate(112.9) == []  # grace 10 s + for 3 s
    assert kinds(bank.evaluate(113.0)) == [("stream-down", "fired")]
    bank.on_health(health(streaming=True), 114.0)
    assert kinds(bank.evaluate(114.0)) == [("stream-down", "cleared")]
    bank.on_obs_event("StreamStateChanged", {"outputState": "OBS_WEBSOCKET_OUTPUT_STOPPED"}, 120.0)
    assert bank.evaluate(122.0) == []
    assert kinds(bank.evaluate(123.0)) == [("stream-down", "fired")]


def test_health_threshold_detectors_and_staleness():
    bank = DetectorBank([playbook("stream_congested", params="threshold: 0.5", for_="2s"),
                         playbook("fps_low", params="below: 25", for_="2s"),
                         playbook("cpu_high", params="above: 80", for_="2s"),
                         playbook("disk_low", params="below_mb: 1000", for_="2s")])
    bank.on_health(health(congestion=0.5, fps=25.0, cpu=80.0, disk_free_mb=1000.0), 0.0)
    assert bank.evaluate(0.0) == [] and bank.evaluate(3.0) == []  # at the limits: fine
    bank.on_health(health(congestion=0.6, fps=20.0, cpu=95.0, disk_free_mb=500.0), 4.0)
    assert bank.evaluate(4.0) == []
    bank.on_health(health(congestion=0.6, fps=20.0, cpu=95.0, disk_free_mb=500.0), 5.0)
    assert bank.evaluate(5.9) == []
    assert sorted(kinds(bank.evaluate(6.0))) == [("cpu-high", "fired"), ("disk-low", "fired"),
                                                 ("fps-low", "fired"), ("stream-congested", "fired")]
    # No fresh sample for longer than the staleness limit: nothing is known, all clear.
    assert len(bank.evaluate(10.1)) == 4


def test_frames_dropped_ratio_over_window_from_cumulative_counters():
    bank = DetectorBank([playbook("frames_dropped", params="ratio: 0.05;window: 10s")])
    total, skipped, fired_at = 0, 0, None
    for second in range(0, 30):
        if second > 10:
            skipped += 3  # 10 % of this second's 30 frames
        total += 30
        bank.on_health(health(output_skipped_frames=skipped, output_total_frames=total), float(second))
        if kinds(bank.evaluate(float(second))) == [("frames-dropped", "fired")]:
            fired_at = second
            break
    # Over the last 10 s (300 frames) 5 % is 15 skipped: five bad seconds, 11..15.
    assert fired_at == 15
    # OBS restarts its counters: the history starts again instead of a negative delta.
    bank.on_health(health(output_skipped_frames=0, output_total_frames=30), 16.0)
    assert kinds(bank.evaluate(16.0)) == [("frames-dropped", "cleared")]


def test_render_lag_uses_render_counters_only():
    bank = DetectorBank([playbook("render_lag", params="ratio: 0.1;window: 2s")])
    bank.on_health(health(render_skipped_frames=0, render_total_frames=0, output_skipped_frames=0,
                          output_total_frames=0), 0.0)
    bank.on_health(health(render_skipped_frames=0, render_total_frames=60, output_skipped_frames=60,
                          output_total_frames=60), 2.0)
    assert bank.evaluate(2.0) == []
    bank.on_health(health(render_skipped_frames=12, render_total_frames=120), 4.0)
    assert kinds(bank.evaluate(4.0)) == [("render-lag", "fired")]


def meters(level: float, name: str = "麦克风") -> dict:
    return {"inputs": [{"inputName": "摄像头A", "inputLevelsMul": []},
                       {"inputName": name, "inputLevelsMul": [[level, level, level], [level, level, level]]}]}


def test_mic_silent_below_db_held_by_for():
    bank = DetectorBank([playbook("mic_silent", params="input: 麦克风;below_db: -50", for_="10s")])
    bank.on_obs_event("InputVolumeMeters", meters(0.1), 0.0)  # -20 dB
    assert bank.evaluate(0.0) == []
    for step in range(1, 200):
        now = step * 0.05
        bank.on_obs_event("InputVolumeMeters", meters(0.001), now)  # -60 dB
        assert bank.evaluate(now) == []
    now = 10.0
    bank.on_obs_event("InputVolumeMeters", meters(0.001), now)
    assert bank.evaluate(now) == []  # silent since 0.05: 9.95 s
    bank.on_obs_event("InputVolumeMeters", meters(0.001), 10.05)
    assert kinds(bank.evaluate(10.05)) == [("mic-silent", "fired")]
    bank.on_obs_event("InputVolumeMeters", meters(0.05), 11.0)
    assert kinds(bank.evaluate(11.0)) == [("mic-silent", "cleared")]
    # The input missing from the meters counts as silent; no meters at all says nothing.
    bank.on_obs_event("InputVolumeMeters", meters(0.5, name="别的"), 12.0)
    assert bank.evaluate(12.0) == []
    bank.on_obs_event("InputVolumeMeters", meters(0.5, name="别的"), 22.0)
    assert kinds(bank.evaluate(22.0)) == [("mic-silent", "fired")]
    assert kinds(bank.evaluate(24.1)) == [("mic-silent", "cleared")]


def bmp(width: int, height: int, shade: int) -> bytes:
    row = bytes([shade, (shade * 3) % 256, (shade * 7) % 256, 255]) * width
    pixels = row * height
    header = b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 32, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def test_bmp_decoding_and_difference():
    data = bmp(4, 2, 10)
    assert decode_bmp(data) == bytes([10, 30, 70, 255]) * 8
    assert decode_image_data("data:image/bmp;base64," + base64.b64encode(data).decode()) == decode_bmp(data)
    assert frame_difference(decode_bmp(bmp(4, 2, 10)), decode_bmp(bmp(4, 2, 12))) > 1.0
    assert frame_difference(b"ab", b"abc") == float("inf")


def test_camera_frozen_with_tolerance():
    bank = DetectorBank([playbook("camera_frozen", params="source: 摄像头A;tolerance: 2.0", for_="5s")])
    now, shade = 0.0, 0
    for _ in range(10):  # moving picture
        shade += 20
        bank.on_frame("摄像头A", decode_bmp(bmp(8, 4, shade)), now)
        assert bank.evaluate(now) == []
        now += 0.5
    frozen_from = now
    still = decode_bmp(bmp(8, 4, shade + 5))
    noise = [still, bytes(b ^ 1 for b in still)]  # encoder noise: 1 per byte, within the tolerance of 2
    fired_at = None
    for index in range(20):
        bank.on_frame("摄像头A", noise[index % 2], now)
        bank.on_frame("other", decode_bmp(bmp(8, 4, index)), now)  # another source is ignored
        if kinds(bank.evaluate(now)) == [("camera-frozen", "fired")]:
            fired_at = now
            break
        now += 0.5
    assert fired_at is not None and fired_at - frozen_from == 5.0
    bank.on_frame("摄像头A", decode_bmp(bmp(8, 4, 200)), now + 0.5)
    assert kinds(bank.evaluate(now + 0.5)) == [("camera-frozen", "cleared")]


def test_viewers_drop_percent_within_window():
    bank = DetectorBank([playbook("viewers_drop", params="percent: 30;window: 60s")])
    bank.on_viewers(1000, 0.0)
    bank.on_viewers(800, 30.0)
    assert bank.evaluate(30.0) == []
    bank.on_viewers(690, 50.0)
    assert kinds(bank.evaluate(50.0)) == [("viewers-drop", "fired")]
    bank.on_viewers(690, 70.0)  # the peak of 1000 left the window: 800 → 690 is 14 %
    assert kinds(bank.evaluate(70.0)) == [("viewers-drop", "cleared")]


class Hit:
    def __init__(self, term: str, category: str) -> None:
        self.term, self.category = term, category


class Comment:
    def __init__(self, user: str, text: str) -> None:
        self.user, self.text = user, text


def test_banned_word_category_fires_at_once_holds_then_clears():
    bank = DetectorBank([playbook("banned_word", params="category: 引流", for_="30s"),
                         playbook("banned_word", pid="any-word")])
    bank.on_comments([(Comment("u1", "最好的"), "m1", (Hit("最", "绝对化"),))], 0.0)
    assert kinds(bank.evaluate(0.0)) == [("any-word", "fired")]
    bank.on_comments([(Comment("u2", "加微信"), "m1", (Hit("加微信", "引流"),))], 5.0)
    assert kinds(bank.evaluate(5.0)) == [("banned-word", "fired")]
    bank.on_comments([(Comment("u3", "加微信"), "m1", (Hit("加微信", "引流"),))], 20.0)
    assert kinds(bank.evaluate(34.9)) == [("any-word", "cleared")]  # default hold 10 s after the hit at 20
    assert kinds(bank.evaluate(49.9)) == []
    assert kinds(bank.evaluate(50.0)) == [("banned-word", "cleared")]


def test_heartbeat_limits_scale_with_a_rehearsal_speed():
    """At speed 40 OBS's 1 Hz heartbeat is 40 show-seconds apart: that is not a dead link."""
    bank = DetectorBank([playbook("obs_disconnected", params="stale: 5s")])
    bank.set_time_scale(40.0)
    bank.on_connection("ok", 0.0)
    bank.on_health(object(), 0.0)
    assert bank.evaluate(39.0) == []
    bank.on_health(object(), 40.0)
    assert bank.evaluate(80.0) == []
    fired = bank.evaluate(40.0 + 5 * 40 + 1)
    assert [t.kind for t in fired] == ["fired"]
