"""The live charts' CurveLayer draws what a full-resolution line draws (issue 13 point 10).

The layer decimates each curve to blocks at most one pixel wide and keeps the
finished blocks as an image between frames. These tests compare its pixels
with pyqtgraph's own undecimated ``PlotCurveItem`` (``connect="finite"``: a
NaN is a gap) on the same plot: every pixel of one has a pixel of the other
within two pixels and all but 1 in 500 within one, a gap stays empty, the
image kept between frames matches a fresh drawing within a pixel, and the panel's opaque module bands have the colour the
translucent ones had.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QImage

from ui.panels.live_charts import follow_span, opaque_band
from ui.theme import CHART_BACKGROUND, LIVE_MODULE_BANDS, SERIES_ONLINE
from ui.widgets.curve_layer import CurveLayer, PeakBlocks, block_size

WIDTH, HEIGHT = 900, 240
POINTS = 4 * 3600  # a 4-hour show at 1 Hz
GAP = (5000, 5400)  # a source outage: 400 s of NaN, ~25 px at this width


def _series(seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.arange(POINTS, dtype=np.float64)
    y = 1000 + np.cumsum(rng.normal(0, 4, POINTS)) + 200 * np.sin(x / 700)
    y[rng.integers(0, POINTS, 12)] += 400  # single-sample spikes: peaks a naive decimation loses
    y[GAP[0]:GAP[1]] = np.nan
    y[9000] = np.nan  # a one-sample gap
    return x, y


def _plot(qtbot, item: pg.GraphicsObject, y_range: tuple[float, float]) -> pg.GraphicsLayoutWidget:
    widget = pg.GraphicsLayoutWidget()
    widget.setBackground(CHART_BACKGROUND)
    widget.resize(WIDTH, HEIGHT)
    qtbot.addWidget(widget)
    plot = widget.addPlot()
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    plot.setMenuEnabled(False)
    plot.addItem(item)
    plot.enableAutoRange(False)
    plot.setXRange(0, POINTS, padding=0.01)
    plot.setYRange(*y_range, padding=0.05)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _mask(widget: pg.GraphicsLayoutWidget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    background = QColor(CHART_BACKGROUND)
    bgr = np.array([background.blue(), background.green(), background.red()])
    return np.abs(pixels[:, : image.width(), :3].astype(int) - bgr).sum(axis=2) > 30


def _near(a: np.ndarray, b: np.ndarray, reach: int = 1) -> np.ndarray:
    """Pixels of ``a`` with no pixel of ``b`` within ``reach`` pixels (a square neighbourhood)."""
    grown = np.zeros_like(b)
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            grown |= np.roll(np.roll(b, dy, axis=0), dx, axis=1)
    return a & ~grown


@pytest.fixture
def pictures(qtbot):
    x, y = _series()
    y_range = (float(np.nanmin(y)), float(np.nanmax(y)))
    pen = pg.mkPen(SERIES_ONLINE, width=1)
    reference = pg.PlotCurveItem(x, y, pen=pen, connect="finite", antialias=False)
    layer = CurveLayer()
    layer.add_curve("online", pen)
    layer.set_data("online", x, y)
    return _plot(qtbot, reference, y_range), _plot(qtbot, layer, y_range), layer


def test_the_layer_draws_the_pixels_of_the_full_line(pictures):
    reference, drawn, layer = pictures
    assert block_size(POINTS, WIDTH) > 1  # the layer really decimates here
    full, ours = _mask(reference), _mask(drawn)
    assert full.sum() > 2000 and ours.sum() > 2000
    # A block is at most one pixel wide but need not start on a pixel's edge: its
    # peak is drawn at its first point's column, so a rare pixel lands one column
    # further than the full line's. Every pixel within two, all but 1 in 500 within one.
    for reach, allowed in ((2, 0), (1, full.sum() // 500)):
        missing, extra = _near(full, ours, reach), _near(ours, full, reach)
        assert missing.sum() <= allowed, f"{missing.sum()} pixels of the full line not drawn within {reach} px"
        assert extra.sum() <= allowed, f"{extra.sum()} pixels drawn that the full line has not within {reach} px"


def test_a_gap_stays_empty_and_spikes_stay_drawn(pictures):
    reference, drawn, layer = pictures
    ours = _mask(drawn)
    view = drawn.ci.getItem(0, 0).getViewBox()
    scene_left = view.mapViewToScene(pg.Point(GAP[0] + 20, 0)).x()
    scene_right = view.mapViewToScene(pg.Point(GAP[1] - 20, 0)).x()
    columns = ours[:, int(np.ceil(scene_left)):int(scene_right)]
    assert columns.shape[1] >= 15 and not columns.any()  # nothing bridges the outage
    # The spikes reach the top of the plot in both pictures (the peak of every block is kept).
    full = _mask(reference)
    assert np.flatnonzero(full.any(axis=1))[0] == np.flatnonzero(ours.any(axis=1))[0]


def test_the_kept_image_matches_a_fresh_drawing_after_points_arrive(qtbot):
    x, y = _series(11)
    pen = pg.mkPen(SERIES_ONLINE, width=1)
    y_range = (float(np.nanmin(y)), float(np.nanmax(y)))
    growing = CurveLayer()
    growing.add_curve("online", pen)
    growing.set_data("online", x[:10_000], y[:10_000])
    widget = _plot(qtbot, growing, y_range)
    _mask(widget)
    for end in range(10_001, 10_200, 7):  # frames: a few points each time, finishing some blocks
        growing.set_data("online", x[:end], y[:end])
        _mask(widget)
    growing.set_data("online", x[:10_200], y[:10_200])
    fresh = CurveLayer()
    fresh.add_curve("online", pen)
    fresh.set_data("online", x[:10_200], y[:10_200])
    kept, again = _mask(widget), _mask(_plot(qtbot, fresh, y_range))
    # Blocks added to the kept image are drawn as short lines from the last block drawn, so
    # a joint pixel can differ from one long line's: a handful, each within a pixel.
    assert (kept != again).sum() <= kept.sum() // 200
    assert _near(kept, again).sum() == 0 and _near(again, kept).sum() == 0


def test_peak_blocks_grow_by_the_new_points_only():
    x, y = _series(3)
    blocks = PeakBlocks(8)
    finished, tail = blocks.update(x[:1003], y[:1003])
    assert len(finished) == 125 and len(tail) == 1
    before = finished.copy()
    finished, tail = blocks.update(x[:1100], y[:1100])
    assert np.array_equal(finished[:125], before, equal_nan=True) and len(finished) == 137
    whole = PeakBlocks.reduce(x[:1096], y[:1096], 8)
    assert np.array_equal(finished, whole, equal_nan=True)
    assert tail[0, 0] == x[1096] and tail[0, 5] == y[1099]


def test_opaque_bands_show_the_colour_of_the_translucent_ones():
    background = QColor(CHART_BACKGROUND)
    for colour in LIVE_MODULE_BANDS:
        translucent = pg.mkBrush(colour).color()
        opaque = opaque_band(pg.mkBrush(colour)).color()
        assert opaque.alpha() == 255
        alpha = translucent.alphaF()
        for top, bottom, got in ((translucent.red(), background.red(), opaque.red()),
                                 (translucent.green(), background.green(), opaque.green()),
                                 (translucent.blue(), background.blue(), opaque.blue())):
            assert abs(alpha * top + (1 - alpha) * bottom - got) <= 1


def test_an_overrunning_show_widens_the_chart_by_steps():
    assert follow_span(0.0) == 0.0
    assert follow_span(1.0) == follow_span(59.0) == follow_span(60.0) == 60.0
    assert follow_span(14_400.5) == 14_460.0

