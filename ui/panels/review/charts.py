"""The shown show's charts on its time axis: a marker strip (scene switches, cues, incidents; click one for
its details), the audience charts and one recorded series chosen from a list, each with the modules shaded."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout

from console.review.records import Marker, ShowReview
from console.review.report import PREFERRED_SERIES
from console.review.svg import clock_label
from ui.panels.base import Panel
from ui.panels.review.shown_review import ShownReview
from ui.theme import (
    REVIEW_AUDIENCE_CURVE, REVIEW_MARKER_COLOURS, REVIEW_MARKER_OTHER, REVIEW_MODULE_SHADE_ALPHAS,
    REVIEW_MODULE_SHADE_RGB, REVIEW_SERIES_CURVE,
)

#: Marker lanes on the marker strip (y value per kind).
MARKER_LANES = {"scene": 2.0, "cue": 1.0, "incident": 0.0, "gap": 0.0}


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


class ChartsPanel(Panel):
    panel_id = "review_charts"

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        #: The markers on the strip, in the order of the scatter's points (a point's data is its index).
        self.markers: tuple[Marker, ...] = ()
        layout = QVBoxLayout(self)
        chooser = QHBoxLayout()
        self.series_label = QLabel()
        chooser.addWidget(self.series_label)
        self.series_combo = QComboBox()
        self.series_combo.currentTextChanged.connect(self.show_series)
        chooser.addWidget(self.series_combo, 1)
        layout.addLayout(chooser)
        self.chart_area = pg.GraphicsLayoutWidget()
        layout.addWidget(self.chart_area, 1)
        self.marker_detail = QTextBrowser()
        self.marker_detail.setMaximumHeight(150)
        layout.addWidget(self.marker_detail)
        self.marker_plot = self.chart_area.addPlot(row=0, col=0)
        self.marker_plot.setMaximumHeight(90)
        self.marker_plot.setMouseEnabled(x=True, y=False)
        self.marker_plot.getAxis("left").setTicks([[(v, k) for k, v in MARKER_LANES.items()]])
        self.marker_plot.setYRange(-0.6, 2.6, padding=0)
        self.marker_scatter = pg.ScatterPlotItem(size=11, pxMode=True)
        self.marker_scatter.sigClicked.connect(self._on_marker_clicked)
        self.marker_plot.addItem(self.marker_scatter)
        self.chart_plots: list[Any] = []
        self.series_plot = None
        self.series_curve = None
        self._series_shading = None
        shown.review_changed.connect(self.refresh)
        shown.series_loaded.connect(self._on_series_loaded)
        self.retranslate()

    def title(self) -> str:
        return _t("Charts")

    def retranslate(self) -> None:
        self.series_label.setText(_t("Series:"))
        self.marker_detail.setPlaceholderText(_t("Click a marker to see what happened"))

    def refresh(self) -> None:
        """Draw the shown show: markers, the audience charts (``shown.audience``), the series chart."""
        review = self.shown.review
        if review is None:
            return
        start = review.start
        duration = max(review.end - start, 1.0)
        for plot in self.chart_plots:
            self.chart_area.removeItem(plot)
        self.chart_plots = []
        self.series_plot = self.series_curve = None
        markers = review.markers
        self.markers = markers
        spots = [{"pos": (m.ts - start, MARKER_LANES.get(m.kind, 0.0)), "data": index,
                  "brush": pg.mkBrush(REVIEW_MARKER_COLOURS.get(m.kind, REVIEW_MARKER_OTHER)),
                  "symbol": "o" if m.ok else "x"} for index, m in enumerate(markers)]
        self.marker_scatter.setData(spots)
        self.marker_plot.setXRange(0, duration, padding=0.01)
        row = 1
        for title, _unit, lines, step in self.shown.audience:
            # The report's chart titles (console.review.report.chart_lines), in the report's catalogue context.
            plot = self.chart_area.addPlot(row=row, col=0, title=QCoreApplication.translate("ReviewReport", title))
            plot.setXLink(self.marker_plot)
            values_seen = [v for _name, _ts, values in lines for v in values]
            self._shade_modules(plot, review, min(values_seen, default=0.0), max(values_seen, default=1.0))
            for _name, ts, values in lines:
                x = np.asarray(ts, dtype=np.float64) - start
                y = np.asarray(values, dtype=np.float64)
                if step and len(x):
                    # A held value (viewers online, running GMV): each value lasts until the next one.
                    x = np.repeat(np.append(x, duration), 2)[1:-1]
                    y = np.repeat(y, 2)
                curve = pg.PlotDataItem(x, y, pen=pg.mkPen(REVIEW_AUDIENCE_CURVE, width=1.5))
                plot.addItem(curve)
                # After addItem: pyqtgraph 0.14 looks up the view box when clipping is switched on.
                curve.setDownsampling(auto=True, method="peak")
                curve.setClipToView(True)
            self.chart_plots.append(plot)
            row += 1
        self.series_plot = self.chart_area.addPlot(row=row, col=0)
        self.series_plot.setXLink(self.marker_plot)
        self._series_shading = None
        self.series_curve = pg.PlotDataItem(pen=pg.mkPen(REVIEW_SERIES_CURVE, width=1.2))
        self.series_plot.addItem(self.series_curve)
        self.series_curve.setDownsampling(auto=True, method="peak")
        self.series_curve.setClipToView(True)
        self.chart_plots.append(self.series_plot)
        self.series_combo.blockSignals(True)
        self.series_combo.clear()
        preferred = [name for name in PREFERRED_SERIES if name in review.series]
        self.series_combo.addItems(preferred + sorted(name for name in review.series if name not in preferred))
        self.series_combo.blockSignals(False)
        if review.series:
            self.show_series(self.series_combo.currentText())

    def _shade_modules(self, plot: Any, review: ShowReview, low: float, high: float) -> Any:
        """Tint each module's run on ``plot`` between ``low`` and ``high`` (one item, kept out of auto-range)."""
        start = review.start
        runs = review.runs
        if not runs or not (math.isfinite(low) and math.isfinite(high)):
            return None
        if high <= low:
            high = low + 1.0
        margin = (high - low) * 0.05
        x0 = [run.started_at - start for run in runs]
        x1 = [(run.ended_at if run.ended_at is not None else review.end) - start for run in runs]
        first, second = REVIEW_MODULE_SHADE_ALPHAS
        shading = pg.BarGraphItem(x0=x0, x1=x1, y0=[low - margin] * len(runs), y1=[high + margin] * len(runs),
                                  brushes=[pg.mkBrush(*REVIEW_MODULE_SHADE_RGB, second if i % 2 else first)
                                           for i in range(len(runs))],
                                  pen=pg.mkPen(None))
        shading.setZValue(-10)
        plot.addItem(shading, ignoreBounds=True)
        return shading

    def show_series(self, name: str) -> None:
        """Draw series ``name`` in the series chart (nothing while it is still being read on the worker)."""
        review = self.shown.review
        if review is None or self.series_curve is None or name not in review.series:
            return
        series = review.series.loaded(name)
        if series is None:  # still being read on the worker; series_loaded calls this again
            return
        x = np.frombuffer(series.ts, dtype=np.float64) - review.start
        y = np.frombuffer(series.values, dtype=np.float64)
        self.series_curve.setData(x, y, connect="finite")
        self.series_plot.setTitle(name)
        if self._series_shading is not None:
            self.series_plot.removeItem(self._series_shading)
        finite = y[np.isfinite(y)]
        self._series_shading = self._shade_modules(self.series_plot, review, float(finite.min()) if finite.size else 0.0,
                                                   float(finite.max()) if finite.size else 1.0)

    def _on_series_loaded(self) -> None:
        self.show_series(self.series_combo.currentText())

    def _on_marker_clicked(self, _item: Any, points: Any, *_event: Any) -> None:
        if len(points):
            self.show_marker(int(points[0].data()))

    def show_marker(self, index: int) -> Marker:
        """Show the details of marker ``index`` (what a click on it does)."""
        marker = self.markers[index]
        start = self.shown.review.start if self.shown.review else 0.0
        self.marker_detail.setPlainText(f"{clock_label(marker.ts - start)}  {marker.detail}")
        return marker
