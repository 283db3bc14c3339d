"""Audio mixer: rows follow OBS's inputs, mute asks OBS, meters read the buffered levels on their timer."""

from __future__ import annotations

from console.obs.model import AudioInput, ObsSnapshot
from ui.panels.audio_mixer import LEVEL_MAX_AGE_S, AudioMixer
from ui.widgets.level_meter import METER_FLOOR_DB

from tests.ui.test_camera_switcher import RecordingBridge


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_rows_mute_and_meters(qtbot):
    bridge = RecordingBridge()
    clock = Clock(100.0)
    mixer = AudioMixer(bridge, clock=clock)
    qtbot.addWidget(mixer)
    mixer.show()
    bridge.snapshot_changed.emit(ObsSnapshot(audio_inputs=(AudioInput("麦克风", "ffmpeg_source", False),
                                                           AudioInput("摄像头A", "ffmpeg_source", True))))
    assert list(mixer.rows) == ["麦克风", "摄像头A"]
    _label, button, meter = mixer.rows["摄像头A"]
    assert button.isChecked() and meter.muted

    mixer.rows["麦克风"][1].click()
    assert bridge.sent[-1][:2] == ("SetInputMute", {"inputName": "麦克风", "inputMuted": True})
    assert not mixer.rows["麦克风"][1].isChecked()  # stays as OBS says until OBS confirms

    # Levels arrive on the worker thread into the buffer; the meters only change on the repaint tick.
    bridge.levels.update_from_event({"inputs": [{"inputName": "麦克风", "inputLevelsMul": [[0.5, 0.7, 0.7]] * 2}]},
                                    clock.now)
    mic_meter = mixer.rows["麦克风"][2]
    assert mic_meter.levels == []
    mixer.repaint_meters()
    assert len(mic_meter.levels) == 2 and round(mic_meter.levels[0], 1) == -6.0
    clock.now += LEVEL_MAX_AGE_S + 0.1  # OBS stopped sending meters: silence, not a frozen level
    mixer.repaint_meters()
    assert mic_meter.levels == [METER_FLOOR_DB, METER_FLOOR_DB]

    bridge.snapshot_changed.emit(ObsSnapshot(audio_inputs=(AudioInput("麦克风", "ffmpeg_source", True),)))
    assert list(mixer.rows) == ["麦克风"]
    assert mixer.rows["麦克风"][1].isChecked()


def test_meter_timer_is_at_most_30_hz(qtbot):
    mixer = AudioMixer(RecordingBridge())
    qtbot.addWidget(mixer)
    assert mixer.meter_timer.interval() >= 1000 / 30
