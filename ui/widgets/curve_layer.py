"""All the curves of one plot drawn by one graphics item, decimated to the pixel columns they cover.

Why not one ``PlotDataItem`` per curve: a 4-hour show's chart draws 20 curves
of 14,400 points each ten times a second, and the profile of
``tests/bench/bench_charts.py`` showed a fixed cost per item (setData ~0.3 ms,
path rebuilt and painted ~0.6 ms) that put a frame at 20–30 ms on a loaded
machine. Here a plot holds one :class:`CurveLayer`; ``set_data`` only stores
the arrays, and :meth:`CurveLayer.paint` maps each visible curve to device
pixels, keeps per pixel column the first, highest, lowest and last point
(:func:`peak_columns`), drops points that land on the pixel of the point
before (:func:`drop_repeated_pixels`) and draws the result as polylines in
device coordinates with the cosmetic width-1 pen.

What the chart shows stays what a full-resolution drawing shows
(tests/ui/test_curve_layer.py compares the two pixel by pixel): within a block
the line covers its lowest to highest value, and a block's last point joins
the next block's first, as the full line does; a NaN (a gap: no data, source
down) anywhere in a block breaks the line there, so no gap is bridged.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPen


#: Columns of a block row (see PeakBlocks).
COLUMNS = 8


class PeakBlocks:
    """A curve's points grouped ``size`` at a time: each block's first, highest, lowest and last point.

    The blocks are aligned on the point index, so appending points leaves the
    finished blocks as they are: :meth:`update` reduces only the points added
    since the last call (one ``reshape`` of the new whole blocks), and the
    last, unfinished block is reduced afresh each time. A curve whose first
    point changed (a bounded buffer dropped its oldest half) starts over.
    ``maximum``/``minimum`` propagate NaN: a block holding a gap draws no
    line inside it, so no gap is ever bridged.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.origin: float | None = None
        self.whole = 0  # points covered by finished blocks
        # Rows: x first, x last, y first, max, min, y last, index of the first point, 1 when partly NaN.
        self.parts: list[np.ndarray] = [np.empty((0, COLUMNS))]

    @staticmethod
    def reduce(x: np.ndarray, y: np.ndarray, size: int, offset: int = 0) -> np.ndarray:
        """Rows for the whole blocks of ``size`` points in (x, y), whose first point has index ``offset``."""
        blocks = len(x) // size
        xs = x[: blocks * size].reshape(blocks, size)
        ys = y[: blocks * size].reshape(blocks, size)
        rows = np.empty((blocks, COLUMNS))
        rows[:, 0] = xs[:, 0]
        rows[:, 1] = xs[:, -1]
        rows[:, 2] = ys[:, 0]
        rows[:, 3] = ys.max(axis=1)
        rows[:, 4] = ys.min(axis=1)
        rows[:, 5] = ys[:, -1]
        rows[:, 6] = offset + size * np.arange(blocks)
        nans = np.isnan(ys).sum(axis=1)
        rows[:, 7] = (nans > 0) & (nans < size)
        return rows

    def update(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(finished blocks, the unfinished last block: zero or one row) of (x, y), as rows (see ``parts``)."""
        if len(x) == 0:
            return np.empty((0, COLUMNS)), np.empty((0, COLUMNS))
        if self.origin != x[0] or len(x) < self.whole:
            self.__init__(self.size)
            self.origin = float(x[0])
        whole = (len(x) // self.size) * self.size
        if whole > self.whole:
            self.parts.append(self.reduce(x[self.whole:whole], y[self.whole:whole], self.size, self.whole))
            self.parts = [np.concatenate(self.parts)]
            self.whole = whole
        if whole == len(x):
            return self.parts[0], np.empty((0, COLUMNS))
        return self.parts[0], self.reduce(x[whole:], y[whole:], len(x) - whole, whole)


def block_points(rows: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Blocks as a polyline: first, highest, lowest (all at the first point's x), then the last point.

    Within a block the line covers its lowest to highest value, and a block's
    last point joins the next block's first, as the full line does. A block
    that is partly NaN (the edge of a gap) is drawn with all its points
    instead: its highest and lowest are NaN, and the full line stops or starts
    inside it exactly there. A block all NaN stays a gap.
    """
    px = np.empty((len(rows), 4))
    px[:, :3] = rows[:, 0:1]
    px[:, 3] = rows[:, 1]
    px, py = px.reshape(-1), rows[:, 2:6].reshape(-1)
    edges = np.flatnonzero(rows[:, 7])
    if len(edges) == 0:
        return px, py
    xs, ys, done = [], [], 0
    for block in edges.tolist():
        start = int(rows[block, 6])
        stop = int(rows[block + 1, 6]) if block + 1 < len(rows) else len(x)
        xs += [px[4 * done:4 * block], x[start:stop]]
        ys += [py[4 * done:4 * block], y[start:stop]]
        done = block + 1
    xs.append(px[4 * done:])
    ys.append(py[4 * done:])
    return np.concatenate(xs), np.concatenate(ys)


def block_size(points: int, pixels: float) -> int:
    """Points per block for ``points`` shown across ``pixels`` columns: a power of two, 1 when they fit.

    A power of two keeps the blocks (and their cache) stable while the view's
    width or span changes a little. Rounded down, so a block is at most one
    pixel wide: a wider block would draw a point of its second column in its
    first (tests/ui/test_curve_layer.py caught it).
    """
    if pixels <= 0 or points <= 2 * pixels:
        return 1
    return 1 << ((points // max(1, int(pixels))).bit_length() - 1)


def drop_repeated_pixels(px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Device points without a point that lands on the same pixel as the one before.

    A zero-length segment draws nothing new, yet costs the rasteriser as much as
    a real one; a slow 1 Hz series (online viewers, cumulative GMV, fps) has
    several points per pixel. NaN points are kept (they break the line).
    """
    column = np.floor(px)
    row = np.floor(py)
    keep = np.ones(len(px), dtype=bool)
    # NaN != NaN, so a NaN point and the one after it are always kept.
    keep[1:] = (column[1:] != column[:-1]) | (row[1:] != row[:-1])
    return px[keep], py[keep]


def finite_runs(px: np.ndarray, py: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of every run of at least two finite points: the pieces of a line broken at NaN."""
    finite = np.isfinite(px) & np.isfinite(py)
    if finite.all():
        return [(0, len(px))] if len(px) >= 2 else []
    edges = np.flatnonzero(np.diff(np.concatenate(([False], finite, [False])).astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= 2]


@dataclasses.dataclass
class LayerCurve:
    """One curve of a layer: its data (x ascending) and pen. ``xData``/``yData`` as pyqtgraph names them."""

    pen: QPen
    blocks: dict[int, PeakBlocks] = dataclasses.field(default_factory=dict)
    xData: np.ndarray | None = None  # noqa: N815 - pyqtgraph's name, kept for callers that read it
    yData: np.ndarray | None = None  # noqa: N815
    visible: bool = True
    bounds: tuple[float, float] | None = None  # finite y min/max, None when no finite value

    def isVisible(self) -> bool:  # noqa: N802 - the Qt item API callers already use
        return self.visible


class CurveLayer(pg.GraphicsObject):
    """The curves of one plot (GUI thread only). Add with ``plot.addItem(layer)``; y auto-range sees its bounds."""

    def __init__(self) -> None:
        super().__init__()
        self.curves: dict[str, LayerCurve] = {}
        self._image: QImage | None = None  # the finished blocks, drawn (see paint)
        self._image_key: list[object] | None = None
        self._image_done: dict[str, int] = {}  # curve → finished blocks drawn in the image

    # ----------------------------------------------------------------- data
    def add_curve(self, name: str, pen: QPen) -> LayerCurve:
        pen = QPen(pen)
        pen.setCosmetic(True)
        curve = LayerCurve(pen)
        self.curves[name] = curve
        return curve

    def set_data(self, name: str, x: np.ndarray, y: np.ndarray) -> None:
        curve = self.curves[name]
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        old = curve.xData
        grown = old is not None and 0 < len(old) <= len(x) and old[0] == x[0] and curve.bounds is not None
        # The points already seen keep their bounds; only the new ones are scanned.
        new = y[len(old):] if grown else y
        low, high = (float(np.nanmin(new)), float(np.nanmax(new))) if len(new) and not np.isnan(new).all() else (
            np.inf, -np.inf)
        if grown:
            low, high = min(low, curve.bounds[0]), max(high, curve.bounds[1])
        curve.xData, curve.yData = x, y
        curve.bounds = (low, high) if low <= high else None
        self._changed()

    def set_visible(self, name: str, visible: bool) -> None:
        self.curves[name].visible = visible
        self._changed()

    def _changed(self) -> None:
        self.prepareGeometryChange()
        self.informViewBoundsChanged()
        self.update()

    # ------------------------------------------------------------- geometry
    def _data_bounds(self) -> tuple[float, float, float, float] | None:
        xs, ys = [], []
        for curve in self.curves.values():
            if curve.visible and curve.xData is not None and len(curve.xData) and curve.bounds is not None:
                xs += [float(curve.xData[0]), float(curve.xData[-1])]
                ys += list(curve.bounds)
        if not xs:
            return None
        return min(xs), max(xs), min(ys), max(ys)

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: object = None):  # noqa: N802, N803 - pyqtgraph API
        bounds = self._data_bounds()
        if bounds is None:
            return None
        return (bounds[0], bounds[1]) if ax == 0 else (bounds[2], bounds[3])

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        # Everything the view shows may be painted (the view clips): the view's rectangle.
        view = self.getViewBox()
        if view is None:
            return QRectF()
        return view.viewRect()  # the layer sits in the view's child group: view coordinates

    # ---------------------------------------------------------------- paint
    def paint(self, painter: QPainter, *_args: object) -> None:
        """Draw every visible curve (GUI thread, from the scene's paint).

        The finished blocks of all curves are drawn into an image kept while
        the view's transform stays the same: a block that finishes is added to
        it (joined to the block before), and each frame copies the image and
        draws only the curves' unfinished last blocks (the points that
        arrived). A show inside its plan has a fixed x range, and the panel
        moves an overrunning show's range in steps (``live_charts.FOLLOW_STEP_S``),
        so the image is drawn afresh only when the view moves or the y range
        changes. (Where two curves cross, the one that grew last is on top.)
        """
        transform = painter.transform()
        scale_x, scale_y = transform.m11(), transform.m22()
        shift_x, shift_y = transform.m31(), transform.m32()
        view = self.getViewBox()
        if view is None or scale_x <= 0 or transform.m12() or transform.m21():
            return  # not in a view, collapsed or rotated: nothing sensible to draw
        left, right = view.viewRange()[0]
        area = transform.mapRect(view.viewRect()).toAlignedRect()
        finished: list[tuple[QPen, np.ndarray, int, int, np.ndarray, np.ndarray]] = []
        tails: list[tuple[QPen, np.ndarray, np.ndarray]] = []
        key: list[object] = [scale_x, scale_y, shift_x, shift_y, area.getRect()]
        names: list[str] = []
        for name, curve in self.curves.items():
            if not curve.visible or curve.xData is None or len(curve.xData) < 2:
                continue
            x, y = curve.xData, curve.yData
            # The visible part plus one point either side, so the line runs to the plot's edges.
            first = max(0, int(np.searchsorted(x, left, side="left")) - 1)
            last = min(len(x), int(np.searchsorted(x, right, side="right")) + 1)
            size = block_size(last - first, (right - left) * scale_x)
            if size == 1:
                tails.append((curve.pen, x[first:last], y[first:last]))
                continue
            cache = curve.blocks.get(size)
            if cache is None:
                # One zoom level is kept (the one shown); a new zoom starts its own.
                curve.blocks = {size: PeakBlocks(size)}
                cache = curve.blocks[size]
            rows, tail = cache.update(x, y)
            first_block, end_block, whole_blocks = first // size, -(-last // size), len(rows)
            done = min(end_block, whole_blocks)
            finished.append((curve.pen, rows, first_block, done, x, y))
            names.append(name)
            key.append((name, size, first_block, cache.origin))
            if end_block > whole_blocks:
                # From the last finished block on: it joins the new points to the finished line.
                joined = rows[max(first_block, whole_blocks - 1):whole_blocks]
                tails.append((curve.pen, *block_points(np.concatenate((joined, tail)) if len(tail) else joined, x, y)))
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if finished and area.isValid():
            mapping = (scale_x, scale_y, shift_x, shift_y)
            drawn = self._image_done
            grown = [(name, line) for name, line in zip(names, finished, strict=True) if line[3] != drawn.get(name)]
            if key != self._image_key or self._image is None or any(line[3] < drawn.get(name, 0) for name, line in grown):
                self._image = self._render(finished, area, mapping)
                self._image_key = key
                self._image_done = {name: line[3] for name, line in zip(names, finished, strict=True)}
            elif grown:
                # Only the blocks finished since: from the last one drawn, so the line stays joined.
                self._render([(pen, rows, max(first_block, drawn.get(name, first_block) - 1), done, x, y)
                              for name, (pen, rows, first_block, done, x, y) in grown], area, mapping, self._image)
                self._image_done.update({name: line[3] for name, line in grown})
            painter.drawImage(area.topLeft(), self._image)
        for pen, dx, dy in tails:
            self._draw_line(painter, pen, dx * scale_x + shift_x, dy * scale_y + shift_y)
        painter.restore()

    @classmethod
    def _render(cls, lines: list[tuple[QPen, np.ndarray, int, int, np.ndarray, np.ndarray]], area: QRect,
                mapping: tuple[float, float, float, float], image: QImage | None = None) -> QImage:
        """Draw the blocks ``[first, end)`` of each line into ``image`` (a new transparent one when None)."""
        scale_x, scale_y, shift_x, shift_y = mapping
        if image is None:
            image = QImage(area.size(), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        # Device coordinates relative to the image's corner.
        shift_x -= area.left()
        shift_y -= area.top()
        for pen, rows, first_block, end_block, x, y in lines:
            dx, dy = block_points(rows[first_block:end_block], x, y)
            cls._draw_line(painter, pen, dx * scale_x + shift_x, dy * scale_y + shift_y)
        painter.end()
        return image

    @staticmethod
    def _draw_line(painter: QPainter, pen: QPen, px: np.ndarray, py: np.ndarray) -> None:
        px, py = drop_repeated_pixels(px, py)
        painter.setPen(pen)
        for start, stop in finite_runs(px, py):
            polygon = pg.functions.create_qpolygonf(stop - start)
            points = pg.functions.ndarray_from_qpolygonf(polygon)
            points[:, 0] = px[start:stop]
            points[:, 1] = py[start:stop]
            painter.drawPolyline(polygon)
