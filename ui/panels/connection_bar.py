"""The strip at the top of the window: is OBS there, is it healthy, are we on air.

Honesty rules (STYLE.md §7):
- green only for ``ok``; ``reconnecting`` (which the client also reports when
  the heartbeat stops answering on an open socket) is amber, the rest red/grey;
- the figures come from the last :class:`HealthSample`; when it is older than
  :data:`OBS_FIGURES_STALE_AFTER_S` they are greyed and marked stale, and the state pill
  is not green either, whatever the state says;
- dropped frames are shown as rates over the last heartbeat interval (the
  client computes them from OBS's cumulative counters), never as totals.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from console.obs.model import ConnectionState, HealthSample, ObsSnapshot
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.obs_reasons import reason_text
from ui.panels.source_status import SourceStatusStrip

#: The client's heartbeat is 1 s; two missed beats plus slack mean the figures
#: on screen no longer describe OBS.
OBS_FIGURES_STALE_AFTER_S = 2.5
#: Dropped frames above this share of the interval are shown in amber: the
#: viewer starts to see stutter around 1 %, and the operator should know before.
DROPPED_WARN_RATIO = 0.005
#: OBS's outputCongestion (0..1) above this is shown in amber: the output is falling behind the network and
#: frames will be dropped soon (OBS's own status bar turns its square yellow in the same region).
CONGESTION_WARN = 0.1
#: How often the bar re-checks staleness (text, not animation: 2 Hz is plenty).
STALE_CHECK_MS = 500


def _t(text: str) -> str:
    return QCoreApplication.translate("ConnectionBar", text)


def pill_level(state: ConnectionState, stale: bool) -> str:
    """The colour class of the state pill: ok (green), warn (amber), error (red), idle (grey).

    Never ``ok`` while the figures are stale, whatever the state says.
    """
    if state == ConnectionState.OK:
        return "warn" if stale else "ok"
    if state in (ConnectionState.CONNECTING, ConnectionState.RECONNECTING):
        return "warn"
    if state == ConnectionState.AUTH_FAILED:
        return "error"
    return "idle" if not stale else "error"


def state_text(state: ConnectionState) -> str:
    return {
        ConnectionState.OK: _t("OBS connected"),
        ConnectionState.CONNECTING: _t("Connecting…"),
        ConnectionState.RECONNECTING: _t("Reconnecting…"),
        ConnectionState.AUTH_FAILED: _t("Wrong OBS password"),
        ConnectionState.DISCONNECTED: _t("Disconnected"),
    }.get(state, str(state))


def format_rate(ratio: float | None) -> str:
    """A per-interval dropped-frame ratio as a percentage ("—" when unknown)."""
    if ratio is None:
        return "—"
    return f"{ratio * 100:.1f} %"


def short_timecode(timecode: str | None) -> str:
    """OBS's "HH:MM:SS.mmm" without the milliseconds."""
    if not timecode:
        return "00:00:00"
    return timecode.split(".", 1)[0]



class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it has less room than its text (the full text is its tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name (its first resize comes before it is visible)
        super().showEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        if not self.isVisible() or width <= 0:  # not laid out yet: the resize on show elides
            super().setText(self._full)
            return
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))

class ConnectionBar(QWidget):
    """Always in view (a fixed toolbar, not a dock). Receives the bridge in ``__init__``."""

    def __init__(self, bridge: ObsBridge, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBar")
        self.bridge = bridge
        self._clock = clock
        self._state = bridge.state
        self._reason = bridge.state_reason
        self._snapshot = bridge.snapshot
        self._health: HealthSample | None = bridge.snapshot.health
        self._banner_text = ""
        self._sandbox_text = ""

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(14)

        def label(name: str) -> QLabel:
            widget = QLabel(self)
            widget.setObjectName(name)
            widget.setTextFormat(Qt.TextFormat.PlainText)
            return widget

        self.state_pill = label("statePill")
        self.state_pill.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_label = ElidedLabel(self)
        self.reason_label.setObjectName("stateReason")
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reason_label.setMinimumWidth(60)
        self.version_label = label("obsVersion")
        self.fps_label = label("fps")
        self.cpu_label = label("cpu")
        self.render_label = label("renderDropped")
        self.output_label = label("outputDropped")
        self.stream_label = label("streamState")
        self.bitrate_label = label("bitrate")
        self.congestion_label = label("congestion")
        self.record_label = label("recordState")
        self.banner_label = label("offlineBanner")
        self.banner_label.hide()
        self.show_label = label("showTitle")
        self.source_status = SourceStatusStrip(self)  # the show's audience sources (ui.panels.source_status)

        layout.addWidget(self.state_pill)
        layout.addWidget(self.banner_label)
        layout.addWidget(self.reason_label, 1)
        for widget in (self.show_label, self.source_status, self.version_label, self.fps_label, self.cpu_label,
                       self.render_label, self.output_label, self.stream_label, self.bitrate_label,
                       self.congestion_label, self.record_label):
            layout.addWidget(widget)
        self.figure_labels = (self.version_label, self.fps_label, self.cpu_label, self.render_label,
                              self.output_label, self.bitrate_label, self.congestion_label)

        bridge.state_changed.connect(self._on_state)
        bridge.snapshot_changed.connect(self._on_snapshot)
        bridge.health.connect(self._on_health)

        self._stale_timer = QTimer(self)
        self._stale_timer.setInterval(STALE_CHECK_MS)
        self._stale_timer.timeout.connect(self.update_view)
        self._stale_timer.start()
        self.update_view()

    # ------------------------------------------------------------ inputs
    def set_banner(self, text: str) -> None:
        """A permanent notice (offline rehearsal) — red, in the bar, impossible to miss."""
        self._banner_text = text
        self.banner_label.setText(text)
        self.banner_label.setVisible(bool(text))

    def set_show_title(self, title: str) -> None:
        self.show_label.setText(title)
        self.show_label.setVisible(bool(title))

    def _on_state(self, state: ConnectionState, reason: str) -> None:
        self._state = state
        self._reason = reason
        self.update_view()

    def _on_snapshot(self, snapshot: ObsSnapshot) -> None:
        self._snapshot = snapshot
        if snapshot.health is not None:
            self._health = snapshot.health
        self.update_view()

    def _on_health(self, sample: HealthSample) -> None:
        self._health = sample
        self.update_view()

    # ------------------------------------------------------------ view
    def is_stale(self) -> bool:
        health = self._health
        if health is None:
            return True
        return self._clock() - health.ts > OBS_FIGURES_STALE_AFTER_S or self._state != ConnectionState.OK

    def pill_level(self) -> str:
        # Connected but no sample yet (the first second): not green either.
        return pill_level(self._state, self.is_stale())

    def update_view(self) -> None:
        stale = self.is_stale()
        level = self.pill_level()
        text = state_text(self._state)
        if self._state == ConnectionState.OK and stale:
            text = _t("OBS connected — figures stale")
        self.state_pill.setText(text)
        self._set_property(self.state_pill, "level", level)
        reason = reason_text(self._reason)
        self.state_pill.setToolTip(reason)
        self.reason_label.setText(reason if self._state != ConnectionState.OK else "")
        self.reason_label.setToolTip(reason)

        snapshot, health = self._snapshot, self._health
        self.version_label.setText(_t("OBS {version}").format(version=snapshot.obs_version or "—"))
        if health is None:
            self.fps_label.setText(_t("FPS —"))
            self.cpu_label.setText(_t("CPU —"))
            self.render_label.setText(_t("Render drop —"))
            self.output_label.setText(_t("Output drop —"))
        else:
            self.fps_label.setText(_t("FPS {fps:.1f}").format(fps=health.fps))
            self.cpu_label.setText(_t("CPU {cpu:.1f} %").format(cpu=health.cpu))
            self.render_label.setText(_t("Render drop {rate}").format(rate=format_rate(health.render_dropped_ratio)))
            self.output_label.setText(_t("Output drop {rate}").format(rate=format_rate(health.output_dropped_ratio)))
        for widget, ratio in ((self.render_label, health.render_dropped_ratio if health else None),
                              (self.output_label, health.output_dropped_ratio if health else None)):
            self._set_property(widget, "level", "warn" if (ratio or 0.0) > DROPPED_WARN_RATIO else "")
        self.render_label.setToolTip(_t("Frames OBS could not render in time, over the last second"))
        self.output_label.setToolTip(_t("Frames the encoder/output skipped, over the last second"))
        for widget in self.figure_labels:
            self._set_property(widget, "stale", stale)
        tooltip = _t("Figures stale: no health report from OBS for over {seconds:.1f} s").format(
            seconds=OBS_FIGURES_STALE_AFTER_S) if stale else ""
        self.fps_label.setToolTip(tooltip)
        self.cpu_label.setToolTip(tooltip)

        streaming = snapshot.streaming
        if streaming and snapshot.stream_reconnecting:
            stream_text, stream_level = _t("STREAM RECONNECTING"), "warn"
        elif streaming:
            stream_text, stream_level = _t("LIVE {timecode}").format(
                timecode=short_timecode(health.stream_timecode if health else None)), "live"
        else:
            stream_text, stream_level = _t("Not streaming"), "idle"
        self.stream_label.setText(stream_text)
        self._set_property(self.stream_label, "level", stream_level)
        bitrate = health.bitrate_kbps if (health and streaming) else None
        self.bitrate_label.setVisible(streaming)
        self.bitrate_label.setText(_t("{kbps:.0f} kb/s").format(kbps=bitrate) if bitrate is not None else "— kb/s")
        congestion = health.congestion if (health and streaming) else None
        self.congestion_label.setVisible(streaming)
        self.congestion_label.setText(_t("Congestion {rate}").format(rate=format_rate(congestion)))
        self.congestion_label.setToolTip(_t("How far the stream output lags behind the network (OBS's congestion)"))
        self._set_property(self.congestion_label, "level",
                           "warn" if (congestion or 0.0) > CONGESTION_WARN else "")
        if snapshot.recording:
            self.record_label.setText(_t("REC {timecode}").format(
                timecode=short_timecode(health.record_timecode if health else None)))
            self._set_property(self.record_label, "level", "live")
        else:
            self.record_label.setText(_t("Not recording"))
            self._set_property(self.record_label, "level", "idle")

    @staticmethod
    def _set_property(widget: QWidget, name: str, value: object) -> None:
        if widget.property(name) != value:
            widget.setProperty(name, value)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.update_view()
        super().changeEvent(event)
