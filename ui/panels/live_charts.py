"""Live charts on the show's time axis: audience, sales, comments and OBS health, with the modules shaded.

Three linked plots share one x axis (show time, ``mm:ss`` since the start):
online viewers and comments per minute; cumulative GMV; OBS health (fps, CPU %,
render/output dropped %). The modules actually run are shaded bands labelled
with their titles; cues and scene switches are vertical lines (green fired,
red failed, grey missed/skipped), and every program scene change OBS reports
is a dotted white line.

Data arrival and redraw are separate (Friture): the session's series buffers
fill at any rate on any thread; :data:`REDRAW_MS` reads
``SeriesBuffer.snapshot()`` copies and hands the series that grew to one
:class:`~ui.widgets.curve_layer.CurveLayer` per plot, which draws all its
curves decimated to the pixel and keeps the finished part as an image, so a
4-hour show's frame costs little more than an empty one
(tests/bench/bench_charts.py; tests/ui/test_curve_layer.py proves the pixels
are those of the full line).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from ui.panels.base import Panel
from ui.panels.targets_display import band_status, status_mark
from ui.widgets.curve_layer import CurveLayer, LayerCurve
from ui.theme import (
    TARGET_BAND_COLOURS,
    CHART_BACKGROUND, CUE_RESULT_COLOURS, LIVE_MODULE_BANDS, NEUTRAL, SCENE_SWITCH_LINE, SERIES_COMMENTS, SERIES_CPU,
    SERIES_FPS, SERIES_GMV, SERIES_ONLINE, SERIES_OUTPUT_DROPPED, SERIES_RENDER_DROPPED, TEXT_SECONDARY,
)

#: Redraw period: 10 Hz looks continuous for 1 Hz data and costs a few ms.
REDRAW_MS = 100
#: The current module's band grows with the clock; moving it once a second is enough.
BAND_REFRESH_S = 1.0
#: A show running over its plan widens the chart in steps of this many seconds,
#: not every second: the curves' drawn image (ui/widgets/curve_layer.py) is kept
#: while the x range holds, and the chart does not crawl sideways each second.
FOLLOW_STEP_S = 60.0
#: Series → (plot row, colour, scale applied to the stored value).
SERIES: dict[str, tuple[int, str, float]] = {
    "kpi.online": (0, SERIES_ONLINE, 1.0),
    "kpi.comments_per_min": (0, SERIES_COMMENTS, 1.0),
    "kpi.gmv": (1, SERIES_GMV, 1.0),
    "obs.fps": (2, SERIES_FPS, 1.0),
    "obs.cpu": (2, SERIES_CPU, 1.0),
    "obs.render_dropped_ratio": (2, SERIES_RENDER_DROPPED, 100.0),
    "obs.output_dropped_ratio": (2, SERIES_OUTPUT_DROPPED, 100.0),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("LiveCharts", text)


def series_titles() -> dict[str, str]:
    return {
        "kpi.online": _t("Online"), "kpi.comments_per_min": _t("Comments/min"), "kpi.gmv": _t("GMV"),
        "obs.fps": _t("FPS"), "obs.cpu": _t("CPU %"), "obs.render_dropped_ratio": _t("Render dropped %"),
        "obs.output_dropped_ratio": _t("Output dropped %"),
    }


def follow_span(show_seconds: float) -> float:
    """The x span shown for a show at ``show_seconds``: the next whole :data:`FOLLOW_STEP_S` past it."""
    return math.ceil(max(show_seconds, 0.0) / FOLLOW_STEP_S) * FOLLOW_STEP_S


def opaque_band(brush: Any) -> Any:
    """The band's translucent brush as the opaque colour it shows over the chart's background.

    The bands lie on the bare background (behind every curve, never on each
    other), so the look is the same; an opaque fill of a plot-wide rectangle is
    several times cheaper than a blended one under software rendering (1.6 ms
    a band at 2000 px, tests/bench/bench_charts.py).
    """
    colour = QColor(brush.color())
    under = QColor(CHART_BACKGROUND)
    alpha = colour.alphaF()
    mixed = QColor.fromRgbF(*(alpha * top + (1.0 - alpha) * bottom for top, bottom in (
        (colour.redF(), under.redF()), (colour.greenF(), under.greenF()), (colour.blueF(), under.blueF()))))
    return pg.mkBrush(mixed)


class ShowTimeAxis(pg.AxisItem):
    """Show seconds as ``mm:ss`` (``h:mm:ss`` past an hour)."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        strings = []
        for value in values:
            total = int(round(max(0.0, value)))
            hours, rest = divmod(total, 3600)
            minutes, seconds = divmod(rest, 60)
            strings.append(f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}")
        return strings


class CompactAxis(pg.AxisItem):
    """A value axis that labels no more ticks than fit with a line's gap between them.

    pyqtgraph keeps at least 2.25 intervals whatever the length, so a plot 45 pixels
    high (three plots in the 1366×768 controller workspace) drew "600 400 200 0" or
    six labels touching. When the usual spacing is too dense for the length, the
    spacing grows along :data:`STEPS` (never below two labels) and only those
    major ticks remain.
    """

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802,N803 - pyqtgraph's names
        levels = super().tickSpacing(minVal, maxVal, size)
        self._text_step = None
        if not levels:
            return levels
        line = QFontMetricsF(self.style["tickFont"] or self.font()).height()
        room = max(2, int(size // (2 * line)))  # labels, each with a free line under it
        low, high = min(minVal, maxVal), max(minVal, maxVal)

        def labels(spacing: float) -> int:
            return math.floor(high / spacing) - math.ceil(low / spacing) + 1

        span = (high - low) or 1.0

        def crowded(spacing: float) -> bool:  # more labels than lines, or centres under a line and a half apart
            return labels(spacing) > room or spacing / span * size < 1.5 * line

        spacing = levels[0][0]
        if not crowded(spacing):
            return levels
        while crowded(spacing) and labels(_next_step(spacing)) >= 2:  # never fewer than two labels
            spacing = _next_step(spacing)
        self._text_step = None
        if crowded(spacing) and labels(spacing) > 2:  # e.g. −0.5, 0, 0.5 on an empty plot: the two ends only
            first, last = math.ceil(low / spacing) * spacing, math.floor(high / spacing) * spacing
            self._text_step = spacing  # their texts keep the decimals of that step ("−0.5", not "−0")
            return [(last - first, first)]
        return [(spacing, 0.0)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return super().tickStrings(values, scale, getattr(self, "_text_step", None) or spacing)


#: Tick spacings tried in turn within a decade when the usual ones crowd a short axis (round enough to read).
STEPS = (1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _next_step(spacing: float) -> float:
    """The next spacing of :data:`STEPS` above ``spacing``."""
    exponent = math.floor(math.log10(spacing))
    mantissa = round(spacing / 10 ** exponent, 6)
    return next(step for step in STEPS if step > mantissa) * 10 ** exponent


class LiveCharts(Panel):
    panel_id = "live_charts"
    default_area = Qt.DockWidgetArea.BottomDockWidgetArea

    def __init__(self, session: Any, clock: Any, bridge: Any = None, parent: QWidget | None = None,
                 *, redraw_ms: int = REDRAW_MS, obs_bridge: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground(CHART_BACKGROUND)
        self.graphics.setMinimumHeight(180)  # three readable plots; the cameras give up the room first
        self.plots: list[pg.PlotItem] = []
        for row in range(3):
            plot = self.graphics.addPlot(row=row, col=0, axisItems={"bottom": ShowTimeAxis("bottom"),
                                                                     "left": CompactAxis("left")})
            # No grid: pyqtgraph's axis grid costs 50–80 ms a frame at this size under
            # software rendering (tests/bench/bench_charts.py), the curves 20 ms.
            plot.setMenuEnabled(False)
            plot.getAxis("left").setWidth(54)
            if row > 0:
                plot.setXLink(self.plots[0])
            if row < 2:
                plot.getAxis("bottom").setStyle(showValues=False)
            self.plots.append(plot)
        # One CurveLayer per plot draws all its curves (ui/widgets/curve_layer.py says why).
        self.layers: list[CurveLayer] = []
        for plot in self.plots:
            layer = CurveLayer()
            plot.addItem(layer)
            self.layers.append(layer)
        self.curves: dict[str, LayerCurve] = {}
        self._drawn: dict[str, int] = {}
        for name, (row, colour, _scale) in SERIES.items():
            # Width-1 (cosmetic) pens: a 2-px pen makes Qt draw every segment
            # as a thick line, 8 ms per curve of a 4-hour show instead of ~1 ms.
            # No legend inside the plots (two entries do not fit a short plot): the check boxes
            # above, in the curves' colours, are the key.
            self.curves[name] = self.layers[row].add_curve(name, pg.mkPen(colour, width=1))
        self.boxes: dict[str, QCheckBox] = {}
        boxes = QHBoxLayout()
        boxes.setContentsMargins(4, 0, 4, 0)
        for name, (_row, colour, _scale) in SERIES.items():
            box = QCheckBox(self)
            box.setChecked(True)
            box.setStyleSheet(f"QCheckBox {{ color: {colour}; }}")
            box.toggled.connect(lambda checked, name=name: self.set_series_visible(name, checked))
            self.boxes[name] = box
            boxes.addWidget(box)
        boxes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(boxes)
        layout.addWidget(self.graphics, 1)

        # Module bands: one LinearRegionItem per run per plot, created as runs appear.
        self.regions: list[list[pg.LinearRegionItem]] = []
        self.labels: list[pg.TextItem] = []
        self._timeline: tuple = ()
        self.markers: list[pg.InfiniteLine] = []
        self._bands_at = float("-inf")
        self._band_status: dict[int, str | None] = {}  # band number → the status it is tinted with
        # The x axis is the show's plan (or longer, when it runs over), set here
        # instead of auto-ranged: auto-ranging x re-scans every point of every
        # curve at each setData (a third of a 4-hour frame, bench_charts.py).
        # Once the operator pans or zooms, the chart stops following.
        self.follow = True
        for plot in self.plots:
            plot.enableAutoRange(x=False)
        self.plots[0].getViewBox().sigRangeChangedManually.connect(self._stop_following)
        if bridge is not None:
            bridge.cue_result.connect(self.add_cue_marker)
        if obs_bridge is not None:
            # Every program change, the operator's own switches included (cues are marked by their results).
            obs_bridge.obs_event.connect(self._on_obs_event)
        self.timer = QTimer(self)
        self.timer.setInterval(redraw_ms)
        self.timer.timeout.connect(self.redraw)
        self.timer.start()
        self.retranslate()

    def title(self) -> str:
        return _t("Live charts")

    def retranslate(self) -> None:
        titles = series_titles()
        for name, box in self.boxes.items():
            box.setText(titles.get(name, name))

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("hidden", [name for name, box in self.boxes.items() if not box.isChecked()])

    def restore_state(self, settings: QSettings) -> None:
        hidden = settings.value("hidden") or []
        if isinstance(hidden, str):
            hidden = [hidden]
        for name, box in self.boxes.items():
            box.setChecked(name not in hidden)

    def set_series_visible(self, name: str, visible: bool) -> None:
        self.layers[SERIES[name][0]].set_visible(name, visible)
        if visible:
            self._drawn.pop(name, None)  # redraw it at the next frame

    # ------------------------------------------------------------ drawing
    def _origin(self) -> float:
        return self.session.runtime.unix_start or 0.0

    def redraw(self) -> None:
        """One frame (GUI thread, from the timer): new points, module bands.

        Nothing is touched when no series grew and the bands moved less than
        :data:`BAND_REFRESH_S`: data arrives at 1 Hz, and a growing band alone
        would repaint all three plots ten times a second for nothing
        (tests/bench/bench_gui_load.py: it set the event loop's p99).
        """
        if not self.session.started:
            return
        origin = self._origin()
        grew = False
        for name, curve in self.curves.items():
            if not curve.isVisible():
                continue
            if name not in self.session.series:
                continue  # nothing arrived yet (no OBS in a rehearsal: no health series)
            buffer = self.session.series[name]
            t, values = buffer.snapshot()
            if len(t) == self._drawn.get(name):
                continue
            scale = SERIES[name][2]
            x = (t - origin).astype(np.float64, copy=False)
            self.layers[SERIES[name][0]].set_data(name, x, values * scale if scale != 1.0 else values)
            self._drawn[name] = len(t)
            grew = True
        mono = self.clock.mono
        if grew or mono - self._bands_at >= BAND_REFRESH_S or len(self.session.runtime.run_of_show.timeline) != len(self.regions):
            self._bands_at = mono
            self._update_bands()
            if self.follow:
                span = max(self.session.script.planned_total, follow_span(self.session.runtime.show_time(mono)))
                self.plots[0].setXRange(0.0, span, padding=0.01)

    def _stop_following(self, *_args: object) -> None:
        self.follow = False

    def _update_bands(self) -> None:
        run_of_show = self.session.runtime.run_of_show
        timeline = run_of_show.timeline
        # The curves' new bounds are applied to the y range at the next paint; the labels sit
        # at the range's top, so apply them now (what that paint would do).
        self.plots[0].getViewBox().prepareForPaint()
        now = self.session.runtime.show_time(self.clock.mono)
        for number, entry in enumerate(timeline):
            end = entry.end if entry.end is not None else now
            if number >= len(self.regions):
                brush = pg.mkBrush(LIVE_MODULE_BANDS[number % 2])
                bands = []
                for plot in self.plots:
                    region = pg.LinearRegionItem((entry.start, end), movable=False, brush=opaque_band(brush),
                                                 pen=pg.mkPen(None))
                    region.setZValue(-10)
                    plot.addItem(region, ignoreBounds=True)
                    bands.append(region)
                self.regions.append(bands)
                label = pg.TextItem(self.session.script.modules[entry.index].title, color=TEXT_SECONDARY,
                                    anchor=(0, 0))
                self.plots[0].addItem(label, ignoreBounds=True)
                self.labels.append(label)
            for region in self.regions[number]:
                if tuple(region.getRegion()) != (entry.start, end):
                    region.setRegion((entry.start, end))
            top = self.plots[0].viewRange()[1][1]
            self.labels[number].setPos(entry.start, top)
            self._tint_band(number, entry)

    def _tint_band(self, number: int, entry: Any) -> None:
        """A band takes its module's worst target status: a tint, and the mark before its title (no colour needed)."""
        module = self.session.script.modules[entry.index]
        status = band_status(self.session, module, self.clock.show_ts())
        if status == self._band_status.get(number, ""):
            return
        self._band_status[number] = status
        # Opaque like the untinted bands (premixed over the chart: no alpha blending each frame).
        brush = opaque_band(pg.mkBrush(TARGET_BAND_COLOURS[status] if status else LIVE_MODULE_BANDS[number % 2]))
        for region in self.regions[number]:
            region.setBrush(brush)
            region.update()
        self.labels[number].setText(f"{status_mark(status)} {module.title}".strip())

    def add_cue_marker(self, result: Any) -> None:
        """A cue's (or a module start's scene switch's) result, as a vertical line at its instant."""
        x = result.ts - self._origin()
        colour = CUE_RESULT_COLOURS.get(result.status, NEUTRAL)
        style = Qt.PenStyle.SolidLine if result.cue_index == -1 else Qt.PenStyle.DashLine
        action = result.action.get("do", "")
        for plot in self.plots:
            line = pg.InfiniteLine(pos=x, angle=90, movable=False, pen=pg.mkPen(colour, width=1, style=style))
            line.setToolTip(f"{result.module_id} #{result.cue_index}: {action} ({result.status})")
            plot.addItem(line, ignoreBounds=True)
            self.markers.append(line)

    def _on_obs_event(self, event_type: str, data: Any) -> None:
        if event_type == "CurrentProgramSceneChanged" and self.session.started:
            self.add_scene_marker(self.clock.show_ts(), str((data or {}).get("sceneName", "")))

    def add_scene_marker(self, ts: float, scene: str) -> None:
        """A program scene switch seen by OBS at show-clock ``ts``: a dotted line in every plot."""
        x = ts - self._origin()
        for plot in self.plots:
            line = pg.InfiniteLine(pos=x, angle=90, movable=False,
                                   pen=pg.mkPen(SCENE_SWITCH_LINE, width=1, style=Qt.PenStyle.DotLine))
            line.setToolTip(scene)
            plot.addItem(line, ignoreBounds=True)
            self.markers.append(line)

    def stop(self) -> None:
        self.timer.stop()
