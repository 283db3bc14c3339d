"""The health diagnosis as a self-contained HTML page (and, through Qt, a PDF): a table and trend charts."""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from pathlib import Path

from console.anchors.health import Diagnosis
from console.anchors.text import INDICATOR_LABELS, STATUS_MARKS, fmt

_STATUS_COLOURS = {"ok": "#2e7d32", "warn": "#b26a00", "bad": "#c62828", "": "#555"}
TREND_W, TREND_H = 260, 70


def trend_svg(points: list[tuple[str, float | None]], target: float | None) -> str:
    """A small line over the period's buckets, with the target as a dashed line."""
    values = [v for _, v in points if v is not None]
    if not values:
        return '<svg xmlns="http://www.w3.org/2000/svg" width="260" height="70"></svg>'
    low = min([*values, target] if target is not None else values)
    high = max([*values, target] if target is not None else values)
    if high == low:
        high = low + (abs(low) or 1.0)
    pad = 6

    def x(index: int) -> float:
        return pad + (TREND_W - 2 * pad) * (index / max(1, len(points) - 1))

    def y(value: float) -> float:
        return TREND_H - pad - (TREND_H - 2 * pad) * (value - low) / (high - low)

    coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points) if v is not None)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{TREND_W}" height="{TREND_H}">',
             f'<rect width="{TREND_W}" height="{TREND_H}" fill="#fafafa"/>']
    if target is not None:
        parts.append(f'<line x1="{pad}" x2="{TREND_W - pad}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                     'stroke="#999" stroke-dasharray="4 3"/>')
    parts.append(f'<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="{coords}"/>')
    for i, (label, v) in enumerate(points):
        if v is not None:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2" fill="#1f77b4"><title>{escape(label)}'
                         '</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _date(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d")


def build_health_html(diagnosis: Diagnosis, *, room: str | None, anchor: str | None,
                      inline_svg: bool = True) -> tuple[str, dict[str, str]]:
    """(html, images): with ``inline_svg`` False the charts are ``<img src=name>`` and returned apart."""
    scope = ", ".join(part for part in (f"room {room}" if room else "", f"anchor {anchor}" if anchor else "") if part)
    rows = []
    images: dict[str, str] = {}
    for index, indicator in enumerate(diagnosis.indicators):
        label, style = INDICATOR_LABELS[indicator.name]
        svg = trend_svg(list(indicator.trend), indicator.target)
        if inline_svg:
            chart = svg
        else:
            name = f"trend-{index}.svg"
            images[name] = svg
            chart = f'<img src="{name}" width="{TREND_W}" height="{TREND_H}">'
        target = "—" if indicator.target is None else (
            f"{'≥' if indicator.bound == 'min' else '≤'} {fmt(indicator.target, style)}")
        colour = _STATUS_COLOURS[indicator.status]
        rows.append(f"<tr><td>{escape(label)}</td><td class='n'>{fmt(indicator.value, style)}</td>"
                    f"<td class='n'>{escape(target)}</td><td style='color:{colour};font-weight:bold'>"
                    f"{escape(STATUS_MARKS[indicator.status])}</td><td>{chart}</td></tr>")
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Health diagnosis 运营健康诊断</title>
<style>body{{font-family:sans-serif;margin:24px}} table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ddd;padding:6px 10px;text-align:left;vertical-align:middle}} .n{{text-align:right}}</style>
</head><body><h1>Health diagnosis 运营健康诊断</h1>
<p>{_date(diagnosis.since)} → {_date(diagnosis.until)}{' · ' + escape(scope) if scope else ''} ·
{diagnosis.shows} live shows · {diagnosis.rehearsals} rehearsals. Rates are summed over the period's live shows
(Σ numerator / Σ denominator); the drill response covers rehearsals too. Status: ✓ ok, ! warn (within 10 % of the
target), ✗ bad.</p>
<table><tr><th>Indicator</th><th>Value</th><th>Target</th><th>Status</th><th>Trend (dashed: target)</th></tr>
{''.join(rows)}</table></body></html>"""
    return html, images


def write_health_report(diagnosis: Diagnosis, path: str | os.PathLike[str], *, room: str | None = None,
                        anchor: str | None = None) -> Path:
    from console.review.files import atomic_path

    target = Path(path)
    if target.suffix.lower() == ".pdf":
        from ui.reports.html_pdf import write_html_pdf

        html, images = build_health_html(diagnosis, room=room, anchor=anchor, inline_svg=False)
        return write_html_pdf(html, images, target, title="Health diagnosis")
    html, _ = build_health_html(diagnosis, room=room, anchor=anchor)
    with atomic_path(target, suffix=".html") as temp:
        Path(temp).write_text(html, encoding="utf-8")
    return target
