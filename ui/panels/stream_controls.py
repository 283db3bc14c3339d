"""Start/stop streaming and recording.

Stopping a live stream asks first (one stray key must not end a show); the
buttons show OBS's confirmed output state from the snapshot, not the click.
The confirmation is a callable so tests and the headless screenshot script
can answer it without a modal dialog.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from console.obs.model import ObsResult, ObsSnapshot
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.base import Panel


def _t(text: str) -> str:
    return QCoreApplication.translate("StreamControls", text)


Confirm = Callable[[QWidget, str, str], bool]


def ask_user(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


class StreamControls(Panel):
    panel_id = "stream_controls"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    notify = Signal(str, bool)

    def __init__(self, bridge: ObsBridge, parent: QWidget | None = None, *, confirm: Confirm = ask_user) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.confirm = confirm
        self._snapshot = bridge.snapshot
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.stream_button = QPushButton(self)
        self.stream_button.setObjectName("streamButton")
        self.stream_button.clicked.connect(self.toggle_stream)
        self.record_button = QPushButton(self)
        self.record_button.setObjectName("recordButton")
        self.record_button.clicked.connect(self.toggle_record)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("outputStatus")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.stream_button)
        layout.addWidget(self.record_button)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        bridge.snapshot_changed.connect(self._on_snapshot)
        self.retranslate()

    def title(self) -> str:
        return _t("Stream / Record")

    def refresh(self) -> None:
        self._on_snapshot(self.bridge.snapshot)

    def retranslate(self) -> None:
        self._on_snapshot(self._snapshot)

    def toggle_stream(self) -> None:
        if self._snapshot.streaming:
            if not self.confirm(self, _t("Stop the live stream?"),
                                _t("The show is on air. Stop streaming now? Viewers will see the stream end.")):
                return
            self.bridge.request("StopStream", on_result=self._on_result)
        else:
            self.bridge.request("StartStream", on_result=self._on_result)

    def toggle_record(self) -> None:
        self.bridge.request("StopRecord" if self._snapshot.recording else "StartRecord", on_result=self._on_result)

    def _on_result(self, result: ObsResult) -> None:
        if not result.ok:
            self.notify.emit(_t("OBS refused {request}: {reason}").format(
                request=result.request, reason=result.error_text), True)
        else:
            self.notify.emit(_t("OBS accepted {request} ({ms:.0f} ms)").format(
                request=result.request, ms=result.latency_ms or 0.0), False)

    def _on_snapshot(self, snapshot: ObsSnapshot) -> None:
        self._snapshot = snapshot
        streaming, recording = snapshot.streaming, snapshot.recording
        self.stream_button.setText(_t("Stop streaming…") if streaming else _t("Start streaming"))
        self.stream_button.setToolTip(_t("Ctrl+Shift+S"))
        self.record_button.setText(_t("Stop recording") if recording else _t("Start recording"))
        self.record_button.setToolTip(_t("Ctrl+Shift+R"))
        for button, active in ((self.stream_button, streaming), (self.record_button, recording)):
            if button.property("active") != active:
                button.setProperty("active", active)
                button.style().unpolish(button)
                button.style().polish(button)
        parts = [_t("On air") if streaming else _t("Off air")]
        if snapshot.stream_reconnecting:
            parts.append(_t("stream reconnecting"))
        parts.append(_t("recording") if recording else _t("not recording"))
        self.status_label.setText(" · ".join(parts))
