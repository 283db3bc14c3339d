"""A horizontal audio level meter with peak hold (one bar per channel).

Values arrive from the mixer's repaint timer (≤ 30 Hz), never from the OBS
thread. Time is an argument: ``set_levels(channels, now)`` takes the instant,
so the peak-hold decay is testable without waiting.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import METER_BACKGROUND, METER_GREEN, METER_MUTED, METER_RED, METER_YELLOW

#: Range of the meter in dBFS (OBS's own mixer shows −60 … 0).
METER_FLOOR_DB = -60.0
#: Colour zones as in OBS's mixer: green below −20, yellow to −9, red above.
YELLOW_FROM_DB = -20.0
RED_FROM_DB = -9.0
#: A peak stays marked this long, then falls: the eye needs ~1 s to read it.
PEAK_HOLD_S = 1.5
#: How fast a held peak falls afterwards.
PEAK_FALL_DB_PER_S = 20.0

GREEN = QColor(METER_GREEN)
YELLOW = QColor(METER_YELLOW)
RED = QColor(METER_RED)
BACKGROUND = QColor(METER_BACKGROUND)
MUTED = QColor(METER_MUTED)


def fraction(db: float) -> float:
    """Position of ``db`` on the meter, 0 … 1."""
    return min(1.0, max(0.0, (db - METER_FLOOR_DB) / -METER_FLOOR_DB))


class LevelMeter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.levels: list[float] = []  # magnitude dB per channel
        self.peaks: list[float] = []  # held peak dB per channel
        self._peak_time: list[float] = []
        self.muted = False

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(160, 14)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        self.update()

    def set_levels(self, channels: list[tuple[float, float]], now: float) -> None:
        """``channels``: (magnitude_db, peak_db) per channel, at instant ``now``."""
        count = len(channels)
        if count != len(self.peaks):
            self.peaks = [METER_FLOOR_DB] * count
            self._peak_time = [now] * count
        self.levels = [magnitude for magnitude, _ in channels]
        for index, (_magnitude, peak) in enumerate(channels):
            held = self.peaks[index]
            age = now - self._peak_time[index]
            if age > PEAK_HOLD_S:
                held -= PEAK_FALL_DB_PER_S * (age - PEAK_HOLD_S)
            if peak >= held:
                self.peaks[index] = peak
                self._peak_time[index] = now
            else:
                self.peaks[index] = max(held, METER_FLOOR_DB)
                if age > PEAK_HOLD_S:
                    # Restart the fall from here so it stays linear in time.
                    self._peak_time[index] = now - PEAK_HOLD_S
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        count = max(1, len(self.levels))
        gap = 2
        bar_height = max(2.0, (self.height() - gap * (count - 1)) / count)
        width = float(self.width())
        yellow_x = fraction(YELLOW_FROM_DB) * width
        red_x = fraction(RED_FROM_DB) * width
        for index, level in enumerate(self.levels):
            top = index * (bar_height + gap)
            x = fraction(level) * width
            if self.muted:
                painter.fillRect(QRectF(0, top, x, bar_height), MUTED)
            else:
                painter.fillRect(QRectF(0, top, min(x, yellow_x), bar_height), GREEN)
                if x > yellow_x:
                    painter.fillRect(QRectF(yellow_x, top, min(x, red_x) - yellow_x, bar_height), YELLOW)
                if x > red_x:
                    painter.fillRect(QRectF(red_x, top, x - red_x, bar_height), RED)
            peak_x = fraction(self.peaks[index]) * width if index < len(self.peaks) else 0.0
            if peak_x > 0:
                painter.fillRect(QRectF(min(peak_x, width - 2), top, 2, bar_height),
                                 MUTED if self.muted else (RED if peak_x > red_x else Qt.GlobalColor.white))
        painter.end()
