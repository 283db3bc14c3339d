"""Charts as inline SVG, in pure Python (no Qt, no plotting library).

Used by the HTML report (and, rendered through Qt's SVG renderer, by the PDF).
Every piece of text that reaches the SVG goes through :func:`html.escape`.
Series are downsampled to at most two points (min and max) per horizontal
pixel bucket before drawing: a 4-hour series at 1 Hz (14,400 points) becomes
at most ``2 × width`` points and keeps its spikes.
"""

from __future__ import annotations

import math
from html import escape
from typing import Iterable, Sequence

#: Colours per module type (planned blocks lighter, actual blocks full).
TYPE_COLOURS = {
    "opening": "#4e79a7", "explanation": "#59a14f", "interaction": "#f28e2b",
    "conversion": "#e15759", "break": "#9c9c9c", "closing": "#76b7b2",
}
MARKER_COLOURS = {"scene": "#4e79a7", "cue": "#59a14f", "incident": "#e15759"}
SERIES_COLOUR = "#2f6db5"
CHART_WIDTH = 900
CHART_HEIGHT = 160
MARGIN_LEFT = 56
MARGIN_RIGHT = 12
MARGIN_TOP = 22
MARGIN_BOTTOM = 22


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def clock_label(seconds: float) -> str:
    seconds = int(round(seconds))
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"


def downsample(ts: Sequence[float], values: Sequence[float], t0: float, t1: float,
               buckets: int) -> list[tuple[float, float]]:
    """Min/max per time bucket, in time order (NaNs dropped). Keeps peaks that plain decimation loses."""
    if t1 <= t0 or buckets <= 0:
        return []
    scale = buckets / (t1 - t0)
    lows: list[float | None] = [None] * buckets
    highs: list[float | None] = [None] * buckets
    low_t = [0.0] * buckets
    high_t = [0.0] * buckets
    last = buckets - 1
    for t, v in zip(ts, values, strict=True):
        if v != v:  # NaN: a missing sample
            continue
        index = int((t - t0) * scale)
        if index < 0 or index > last:
            if index == buckets and t == t1:
                index = last
            else:
                continue
        low = lows[index]
        if low is None:
            lows[index] = highs[index] = v
            low_t[index] = high_t[index] = t
        elif v < low:
            lows[index], low_t[index] = v, t
        elif v > highs[index]:  # type: ignore[operator]
            highs[index], high_t[index] = v, t
    points: list[tuple[float, float]] = []
    for index in range(buckets):
        low = lows[index]
        if low is None:
            continue
        high = highs[index]
        if low_t[index] == high_t[index]:
            points.append((low_t[index], low))
        elif low_t[index] < high_t[index]:
            points.append((low_t[index], low))
            points.append((high_t[index], high))  # type: ignore[arg-type]
        else:
            points.append((high_t[index], high))  # type: ignore[arg-type]
            points.append((low_t[index], low))
    return points


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        return [low]
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _time_ticks(duration: float) -> list[float]:
    for step in (10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200):
        if duration / step <= 10:
            return [step * k for k in range(int(duration // step) + 1)]
    return [0.0, duration]


class _Frame:
    """Maps show time (s from start) and value to pixels inside a chart."""

    def __init__(self, duration: float, low: float, high: float, width: int, height: int) -> None:
        self.duration = max(duration, 1e-9)
        self.low, self.high = low, high if high > low else low + 1.0
        self.width, self.height = width, height
        self.plot_w = width - MARGIN_LEFT - MARGIN_RIGHT
        self.plot_h = height - MARGIN_TOP - MARGIN_BOTTOM

    def x(self, t: float) -> float:
        return MARGIN_LEFT + self.plot_w * min(max(t / self.duration, 0.0), 1.0)

    def y(self, v: float) -> float:
        return MARGIN_TOP + self.plot_h * (1.0 - (v - self.low) / (self.high - self.low))


def _axes(frame: _Frame, title: str, unit: str) -> list[str]:
    parts = [f'<text x="{MARGIN_LEFT}" y="14" class="t">{escape(title)}'
             f'{" (" + escape(unit) + ")" if unit else ""}</text>',
             f'<rect x="{MARGIN_LEFT}" y="{MARGIN_TOP}" width="{frame.plot_w}" height="{frame.plot_h}" '
             f'fill="none" stroke="#bbb"/>']
    for tick in _nice_ticks(frame.low, frame.high):
        y = frame.y(tick)
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + frame.plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#eee"/><text x="{MARGIN_LEFT - 4}" y="{y + 3:.1f}" text-anchor="end" class="a">'
                     f'{escape(_fmt(tick))}</text>')
    for tick in _time_ticks(frame.duration):
        x = frame.x(tick)
        parts.append(f'<text x="{x:.1f}" y="{frame.height - 6}" text-anchor="middle" class="a">'
                     f'{clock_label(tick)}</text>')
    return parts


def _open(width: int, height: int, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
            'font-family="sans-serif" font-size="11">'
            '<style>.t{font-size:12px;font-weight:bold}.a{font-size:10px;fill:#555}</style>')


def series_chart(title: str, start: float, duration: float, lines: Sequence[tuple[str, Sequence[float], Sequence[float]]],
                 *, unit: str = "", shading: Iterable[tuple[float, float, str]] = (),
                 markers: Iterable[tuple[float, str, str]] = (), width: int = CHART_WIDTH,
                 height: int = CHART_HEIGHT, step: bool = False) -> str:
    """A line chart on the show's time axis.

    ``lines``: (name, ts unix, values); ``shading``: (t0, t1, label) in show
    seconds, alternately tinted (modules); ``markers``: (t show seconds, kind,
    label) drawn as ticks along the top edge. ``step`` draws a held value
    (viewers online) as steps.
    """
    buckets = max(1, width - MARGIN_LEFT - MARGIN_RIGHT)
    sampled = []
    low, high = math.inf, -math.inf
    for name, ts, values in lines:
        points = downsample(ts, values, start, start + duration, buckets)
        sampled.append((name, points))
        for _, v in points:
            low, high = min(low, v), max(high, v)
    if low is math.inf:
        low, high = 0.0, 1.0
    if low > 0 and low < high * 0.5:
        low = 0.0
    frame = _Frame(duration, low, high, width, height)
    parts = [_open(width, height, title)]
    for index, (t0, t1, label) in enumerate(shading):
        x0, x1 = frame.x(t0), frame.x(t1)
        fill = "#f3f6fa" if index % 2 == 0 else "#e6edf5"
        parts.append(f'<rect x="{x0:.1f}" y="{MARGIN_TOP}" width="{max(0.0, x1 - x0):.1f}" height="{frame.plot_h}" '
                     f'fill="{fill}"><title>{escape(label)}</title></rect>')
    parts.extend(_axes(frame, title, unit))
    palette = [SERIES_COLOUR, "#e15759", "#59a14f", "#f28e2b", "#b07aa1"]
    for index, (name, points) in enumerate(sampled):
        if not points:
            continue
        if step:
            # A held value lasts until the end of the show.
            points = points + [(start + duration, points[-1][1])]
        coords = []
        previous_y = None
        for t, v in points:
            x, y = frame.x(t - start), frame.y(v)
            if step and previous_y is not None:
                coords.append(f"{x:.1f},{previous_y:.1f}")
            coords.append(f"{x:.1f},{y:.1f}")
            previous_y = y
        colour = palette[index % len(palette)]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.2" points="{" ".join(coords)}">'
                     f'<title>{escape(name)}</title></polyline>')
        if len(sampled) > 1:
            parts.append(f'<text x="{width - MARGIN_RIGHT - 4}" y="{14 + 12 * index}" text-anchor="end" '
                         f'fill="{colour}" class="a">{escape(name)}</text>')
    for t, kind, label in markers:
        x = frame.x(t)
        colour = MARKER_COLOURS.get(kind, "#333")
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{MARGIN_TOP}" y2="{MARGIN_TOP + 8}" stroke="{colour}" '
                     f'stroke-width="2"><title>{escape(clock_label(t))} {escape(label)}</title></line>')
    parts.append("</svg>")
    return "".join(parts)


def timeline_chart(duration: float, planned: Sequence[tuple[float, float, str, str]],
                   actual: Sequence[tuple[float, float, str, str]], *, width: int = CHART_WIDTH,
                   markers: Iterable[tuple[float, str, str]] = (), lane_names: tuple[str, str] = ("planned", "actual")
                   ) -> str:
    """Plan above reality: ``planned``/``actual`` are (t0, t1 show seconds, type, label); ``lane_names`` label the rows."""
    height = 112
    lane_h = 30
    frame = _Frame(duration, 0.0, 1.0, width, height)
    parts = [_open(width, height, "plan and reality")]
    for row, (name, blocks, opacity) in enumerate(((lane_names[0], planned, "0.45"), (lane_names[1], actual, "0.95"))):
        y = MARGIN_TOP + row * (lane_h + 8)
        parts.append(f'<text x="{MARGIN_LEFT - 4}" y="{y + lane_h / 2 + 4:.1f}" text-anchor="end" class="a">{name}</text>')
        for t0, t1, kind, label in blocks:
            x0, x1 = frame.x(t0), frame.x(t1)
            colour = TYPE_COLOURS.get(kind, "#888")
            block_w = max(0.5, x1 - x0)
            parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{block_w:.1f}" height="{lane_h}" fill="{colour}" '
                         f'fill-opacity="{opacity}" stroke="#fff"><title>{escape(label)} '
                         f'{clock_label(t0)}–{clock_label(t1)}</title></rect>')
            if block_w > 7 * min(len(label), 12) + 6:
                parts.append(f'<text x="{x0 + 3:.1f}" y="{y + lane_h / 2 + 4:.1f}" fill="#fff" class="a">'
                             f'{escape(label)}</text>')
    for t, kind, label in markers:
        x = frame.x(t)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{MARGIN_TOP + 2 * lane_h + 10}" '
                     f'y2="{MARGIN_TOP + 2 * lane_h + 18}" stroke="{MARKER_COLOURS.get(kind, "#333")}" '
                     f'stroke-width="2"><title>{escape(clock_label(t))} {escape(label)}</title></line>')
    for tick in _time_ticks(duration):
        parts.append(f'<text x="{frame.x(tick):.1f}" y="{height - 4}" text-anchor="middle" class="a">'
                     f'{clock_label(tick)}</text>')
    parts.append("</svg>")
    return "".join(parts)
