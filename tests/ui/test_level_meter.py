"""Level meter: peak hold with time passed in, and what it actually paints."""

from __future__ import annotations

from PySide6.QtGui import QColor

from ui.bridges.obs_bridge import AudioLevels, multiplier_to_db
from ui.widgets.level_meter import GREEN, METER_FLOOR_DB, PEAK_FALL_DB_PER_S, PEAK_HOLD_S, RED, LevelMeter


def test_multiplier_to_db():
    assert multiplier_to_db(1.0) == 0.0
    assert round(multiplier_to_db(0.1), 6) == -20.0
    assert multiplier_to_db(0.0) < METER_FLOOR_DB


def test_audio_levels_keep_the_latest_per_input():
    levels = AudioLevels()
    levels.update_from_event({"inputs": [{"inputName": "Mic", "inputLevelsMul": [[0.1, 0.5, 0.5], [0.01, 0.1, 0.1]]}]}, 1.0)
    levels.update_from_event({"inputs": [{"inputName": "Mic", "inputLevelsMul": [[1.0, 1.0, 1.0]]}]}, 2.0)
    ts, channels = levels.latest()["Mic"]
    assert ts == 2.0 and channels == [(0.0, 0.0)]


def test_peak_holds_then_falls(qtbot):
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.set_levels([(-20.0, -6.0)], now=0.0)
    meter.set_levels([(-40.0, -40.0)], now=PEAK_HOLD_S - 0.1)
    assert meter.peaks == [-6.0]
    meter.set_levels([(-40.0, -40.0)], now=PEAK_HOLD_S + 0.5)
    assert abs(meter.peaks[0] - (-6.0 - PEAK_FALL_DB_PER_S * 0.5)) < 1e-6
    meter.set_levels([(-3.0, -1.0)], now=PEAK_HOLD_S + 0.6)
    assert meter.peaks == [-1.0]


def colour_at(image, x, y) -> QColor:
    return QColor(image.pixel(x, y))


def test_paints_green_low_and_red_high_and_grey_when_muted(qtbot):
    meter = LevelMeter()
    qtbot.addWidget(meter)
    meter.resize(300, 10)
    meter.set_levels([(-3.0, -3.0)], now=0.0)  # loud: into the red zone
    image = meter.grab().toImage()
    assert colour_at(image, 10, 5) == GREEN
    assert colour_at(image, int(300 * 0.9), 5) == RED
    assert colour_at(image, 299, 5) != RED  # above the level: background
    meter.set_levels([(-50.0, -50.0)], now=0.1)
    image = meter.grab().toImage()
    assert colour_at(image, int(300 * 0.5), 5) != GREEN  # a quiet level does not reach the middle
    meter.set_muted(True)
    image = meter.grab().toImage()
    assert colour_at(image, 10, 5) != GREEN
