"""Audio inputs: a mute toggle and a live level meter per input.

Levels arrive ~20 times a second per input on ``obs-worker``; the bridge only
stores the latest (``bridge.levels``). This panel reads them from a repaint
timer at :data:`METER_REFRESH_MS` (≤ 30 Hz, issue 3), so the GUI thread does a
fixed amount of work however many events OBS sends. The mute button shows
OBS's confirmed state (``InputMuteStateChanged`` → snapshot), not the click.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.obs.model import AudioInput, ObsResult, ObsSnapshot
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.base import Panel
from ui.widgets.level_meter import METER_FLOOR_DB, LevelMeter

#: 34 ms ≈ 29 Hz, under the 30 Hz ceiling issue 3 sets; smooth enough for a meter.
METER_REFRESH_MS = 34
#: A level older than this is shown as silence (OBS stopped sending meters).
LEVEL_MAX_AGE_S = 0.5


def _t(text: str) -> str:
    return QCoreApplication.translate("AudioMixer", text)


class AudioMixer(Panel):
    panel_id = "audio_mixer"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    notify = Signal(str, bool)

    def __init__(self, bridge: ObsBridge, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._clock = clock
        self.rows: dict[str, tuple[QLabel, QPushButton, LevelMeter]] = {}
        self._inputs: tuple[AudioInput, ...] = ()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(2, 1)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setWordWrap(True)
        outer.addWidget(self.empty_label)
        outer.addLayout(self.grid)
        outer.addStretch(1)

        self.meter_timer = QTimer(self)
        self.meter_timer.setInterval(METER_REFRESH_MS)
        self.meter_timer.timeout.connect(self.repaint_meters)
        self.meter_timer.start()

        bridge.snapshot_changed.connect(self._on_snapshot)
        self.retranslate()
        self.refresh()

    def title(self) -> str:
        return _t("Audio")

    def retranslate(self) -> None:
        self.empty_label.setText(_t("No audio inputs in OBS"))
        for _label, button, _meter in self.rows.values():
            self._style_button(button, button.isChecked())

    def refresh(self) -> None:
        self._on_snapshot(self.bridge.snapshot)

    def toggle_mute(self, name: str) -> None:
        current = next((i.muted for i in self._inputs if i.name == name), False)
        self.bridge.request("SetInputMute", {"inputName": name, "inputMuted": not current},
                            on_result=self._on_mute_result)

    def _on_mute_result(self, result: ObsResult) -> None:
        if not result.ok:
            self.notify.emit(_t("OBS refused to mute {name}: {reason}").format(
                name=result.params.get("inputName"), reason=result.error_text), True)

    def _on_snapshot(self, snapshot: ObsSnapshot) -> None:
        inputs = snapshot.audio_inputs
        if [i.name for i in inputs] != list(self.rows):
            self._rebuild(inputs)
        self._inputs = inputs
        for audio in inputs:
            _label, button, meter = self.rows[audio.name]
            button.setChecked(audio.muted)
            self._style_button(button, audio.muted)
            meter.set_muted(audio.muted)

    def _rebuild(self, inputs: tuple[AudioInput, ...]) -> None:
        for label, button, meter in self.rows.values():
            for widget in (label, button, meter):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = {}
        for row, audio in enumerate(inputs):
            label = QLabel(audio.name, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setToolTip(f"{audio.name} ({audio.kind})")
            button = QPushButton(self)
            button.setObjectName("muteButton")
            button.setCheckable(True)
            # Show OBS's state: undo the local toggle, ask OBS, wait for its event.
            button.clicked.connect(lambda _checked, name=audio.name, b=button: (
                b.setChecked(not b.isChecked()), self.toggle_mute(name)))
            meter = LevelMeter(self)
            meter.setObjectName("levelMeter")
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(button, row, 1)
            self.grid.addWidget(meter, row, 2)
            self.rows[audio.name] = (label, button, meter)
        self.empty_label.setVisible(not inputs)

    def _style_button(self, button: QPushButton, muted: bool) -> None:
        button.setText(_t("Muted") if muted else _t("On"))
        button.setToolTip(_t("Click to unmute") if muted else _t("Click to mute"))
        if button.property("muted") != muted:
            button.setProperty("muted", muted)
            button.style().unpolish(button)
            button.style().polish(button)

    def repaint_meters(self) -> None:
        """Timer tick (GUI thread): copy the latest buffered levels into the meters."""
        if not self.rows or not self.isVisible():
            return
        now = self._clock()
        latest = self.bridge.levels.latest()
        for name, (_label, _button, meter) in self.rows.items():
            ts, channels = latest.get(name, (0.0, []))
            if now - ts > LEVEL_MAX_AGE_S:
                channels = [(METER_FLOOR_DB, METER_FLOOR_DB)] * max(1, len(meter.levels))
            meter.set_levels(channels, now)
