"""The self-contained HTML report of one show (and the same document for the PDF).

One file: inline CSS, charts as inline SVG (:mod:`console.review.svg`), no
script, no external URL, so it opens offline and can be mailed. Every piece of
user text (titles, module titles, comments, nicknames, incident text, OBS
comments) passes through :func:`html.escape` — the show title or a comment
could be ``<script>…``.

For the PDF (:mod:`ui.reports.pdf`), Qt's rich-text engine does not draw
inline ``<svg>``; :func:`build_report` with ``inline_svg=False`` puts
``<img src="chart-N.svg">`` in their place and returns the SVG texts so the
PDF writer can render them into images.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
from html import escape
from pathlib import Path
from typing import Callable, Sequence

from console.review import kpi_adapter, svg
from console.review.compare import TimingComparison
from console.review.files import atomic_path
from console.review.records import Comment, ShowReview

#: The comment stream in a report is capped (a 4-hour show has ~100,000
#: comments; the window and the database keep them all). Flagged comments
#: are listed separately, up to their own cap.
REPORT_COMMENT_LIMIT = 2_000
REPORT_FLAGGED_LIMIT = 2_000
#: Health and KPI series drawn as charts, in this order first; others follow by name.
PREFERRED_SERIES = ("fps", "cpu", "render_dropped_ratio", "output_dropped_ratio", "bitrate_kbps", "congestion")

Progress = Callable[[float, str], None]

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;font-size:13px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:14px;margin:12px 0 4px}
table{border-collapse:collapse;margin:4px 0 12px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}
th{background:#f0f3f7}td.l,th.l{text-align:left}tr.total td{font-weight:bold;background:#f7f7f7}
.meta{color:#555}.over{color:#c0392b}.under{color:#2471a3}.bad{color:#c0392b}.ok{color:#1e8449}
mark{background:#ffd5d5;color:#900;padding:0 1px}.chart{margin:6px 0}
.small{color:#666;font-size:11px}
"""


@dataclasses.dataclass(frozen=True)
class Report:
    html: str
    images: dict[str, str]  # name -> SVG text (empty when the SVG is inline)


def _time(ts: float | None) -> str:
    if ts is None:
        return ""
    return _dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _signed(value: float) -> str:
    css = "over" if value > 0.05 else ("under" if value < -0.05 else "")
    return f'<span class="{css}">{value:+.1f}</span>'


def highlight(comment: Comment) -> str:
    """The comment text escaped, with each banned-wording hit wrapped in <mark>."""
    text = comment.text
    if not comment.hits:
        return escape(text)
    parts, position = [], 0
    for hit in sorted(comment.hits, key=lambda h: h.start):
        if hit.start < position:
            continue
        parts.append(escape(text[position:hit.start]))
        parts.append(f'<mark title="{escape(hit.category)}">{escape(text[hit.start:hit.end])}</mark>')
        position = hit.end
    parts.append(escape(text[position:]))
    return "".join(parts)


class _Charts:
    def __init__(self, inline: bool) -> None:
        self.inline = inline
        self.images: dict[str, str] = {}

    def add(self, svg_text: str) -> str:
        if self.inline:
            return f'<div class="chart">{svg_text}</div>'
        name = f"chart-{len(self.images)}.svg"
        self.images[name] = svg_text
        # The image is rasterised larger for print; keep its layout size that of the SVG.
        size = re.search(r'width="(\d+)" height="(\d+)"', svg_text)
        dimensions = f' width="{size.group(1)}" height="{size.group(2)}"' if size else ""
        return f'<div class="chart"><img src="{name}"{dimensions}></div>'


def chart_lines(review: ShowReview, *, with_series: bool = True
                ) -> list[tuple[str, str, list[tuple[str, Sequence[float], Sequence[float]]], bool]]:
    """(title, unit, lines, step) for every chart of the show: audience first, then (``with_series``) the
    recorded series (reading any not loaded yet: not on the GUI thread)."""
    start = review.start
    online_ts, online = [], []
    gmv_ts, gmv = [], []
    total = 0.0
    comment_counts: dict[int, int] = {}
    for event in review.events:
        kind = event.kind
        if kind == "viewers" and hasattr(event, "online"):
            online_ts.append(event.ts)
            online.append(float(event.online))
        elif (kind == "order" or kind == "refund") and hasattr(event, "amount"):
            amount = float(event.amount)
            total += amount if kind == "order" else -amount
            gmv_ts.append(event.ts)
            gmv.append(total)
        elif kind == "comment":
            minute = int((event.ts - start) // 60)
            comment_counts[minute] = comment_counts.get(minute, 0) + 1
    charts = [("online viewers", "", [("online", online_ts, online)], True),
              ("GMV (orders − refunds, cumulative)", "CNY", [("gmv", gmv_ts, gmv)], True)]
    if comment_counts:
        minutes = sorted(comment_counts)
        charts.append(("comments per minute", "", [("comments", [start + 60 * m + 30 for m in minutes],
                                                    [float(comment_counts[m]) for m in minutes])], False))
    if not with_series:
        return charts
    names = [n for n in PREFERRED_SERIES if n in review.series]
    names += sorted(n for n in review.series if n not in PREFERRED_SERIES)
    for name in names:
        series = review.series[name]
        charts.append((name, "", [(name, series.ts, series.values)], False))
    return charts


def build_report(review: ShowReview, *, comparison: TimingComparison | None = None, inline_svg: bool = True,
                 progress: Progress | None = None, comment_limit: int = REPORT_COMMENT_LIMIT,
                 flagged_limit: int = REPORT_FLAGGED_LIMIT) -> Report:
    report = progress or (lambda _f, _w: None)
    review.series.load_all()  # one query for every series not read yet (this is a worker thread)
    charts = _Charts(inline_svg)
    show = review.show
    start = review.start
    duration = max(review.end - start, 1.0)
    kpi_rows = kpi_adapter.formatted_rows(review.kpis)
    total_row = next((row for row in kpi_rows if row["module_id"] == "TOTAL"), None)
    out: list[str] = [
        "<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{escape(show.title)} — review</title>", f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(show.title)}</h1>",
        f'<p class="meta">{escape(show.kind)} · {escape(_time(show.started_at))} · '
        f"{escape(svg.clock_label(show.duration_s))} · {escape(show.status)}"
        + (f" · {escape(show.anchor)}" if show.anchor else "")
        + (f" · room {escape(show.room)}" if show.room else "")
        + f' · show <span class="small">{escape(show.id)}</span></p>',
    ]
    if total_row is not None:
        out.append(f'<p>GMV <b>{escape(total_row["gmv"])}</b> · orders {escape(total_row["orders"])} · '
                   f'entries {escape(total_row["entries"])} · peak online {escape(total_row["peak_online"])} · '
                   f"incidents {sum(1 for i in review.incidents if not i.drill)}</p>")
    report(0.1, "timeline")
    # -- plan against reality
    timings = review.timings()
    planned_blocks, offset = [], 0.0
    for timing in timings:
        module = timing.module
        planned_blocks.append((offset, offset + module.planned_s, module.type, module.title))
        offset += module.planned_s
    types = {m.module_id: m.type for m in review.planned}
    titles = {m.module_id: m.title for m in review.planned}
    actual_blocks = [(run.started_at - start, (run.ended_at if run.ended_at is not None else review.end) - start,
                      types.get(run.module_id, ""), titles.get(run.module_id, run.module_id)) for run in review.runs]
    marker_ticks = [(m.ts - start, m.kind, m.label) for m in review.markers]
    out.append("<h2>Plan and reality</h2>")
    out.append(charts.add(svg.timeline_chart(max(duration, offset), planned_blocks, actual_blocks,
                                             markers=marker_ticks)))
    out.append('<table><tr><th class="l">module</th><th class="l">type</th><th class="l">title</th>'
               "<th>planned start</th><th>actual start</th><th>planned s</th><th>actual s</th><th>over/under s</th></tr>")
    offset = 0.0
    for timing in timings:
        module = timing.module
        actual_start = "" if timing.first_start is None else svg.clock_label(timing.first_start - start)
        out.append(f'<tr><td class="l">{escape(module.module_id)}</td><td class="l">{escape(module.type)}</td>'
                   f'<td class="l">{escape(module.title)}</td><td>{svg.clock_label(offset)}</td><td>{actual_start}</td>'
                   f"<td>{module.planned_s:.1f}</td><td>{timing.actual_s:.1f}</td><td>{_signed(timing.over_under_s)}</td></tr>")
        offset += module.planned_s
    out.append("</table>")
    # -- KPIs
    report(0.25, "KPIs")
    out.append("<h2>KPIs per module</h2>")
    if kpi_rows:
        columns = kpi_adapter.CSV_COLUMNS
        out.append("<table><tr>" + "".join(
            f'<th class="{"l" if c in ("module_id", "type", "title") else ""}">{escape(c)}</th>' for c in columns)
            + "</tr>")
        for row in kpi_rows:
            css = ' class="total"' if row["module_id"] == "TOTAL" else ""
            out.append(f"<tr{css}>" + "".join(
                f'<td class="{"l" if c in ("module_id", "type", "title") else ""}">{escape(row[c])}</td>'
                for c in columns) + "</tr>")
        out.append("</table>")
    else:
        out.append(f"<p>{escape(kpi_adapter.unavailable_reason(review.kpis))}</p>")
    # -- comparison
    if comparison is not None:
        out.append(comparison_html(comparison))
    # -- charts
    report(0.35, "charts")
    out.append("<h2>Charts</h2>")
    shading = [(run.started_at - start, (run.ended_at if run.ended_at is not None else review.end) - start,
                titles.get(run.module_id, run.module_id)) for run in review.runs]
    chart_specs = chart_lines(review)
    for index, (title, unit, lines, step) in enumerate(chart_specs):
        out.append(charts.add(svg.series_chart(title, start, duration, lines, unit=unit, shading=shading,
                                               markers=marker_ticks, step=step)))
        report(0.35 + 0.4 * (index + 1) / len(chart_specs), "charts")
    # -- markers
    out.append("<h2>Scene switches, cues and incidents</h2>")
    out.append('<table><tr><th>time</th><th class="l">kind</th><th class="l">what</th><th class="l">detail</th></tr>')
    for marker in review.markers:
        css = "" if marker.ok else ' class="bad"'
        detail = "<br>".join(escape(line) for line in marker.detail.splitlines()[1:])
        out.append(f"<tr{css}><td>{svg.clock_label(marker.ts - start)}</td><td class=\"l\">{escape(marker.kind)}</td>"
                   f'<td class="l">{escape(marker.label)}</td><td class="l">{detail}</td></tr>')
    out.append("</table>")
    # -- incidents
    report(0.8, "incidents")
    out.append("<h2>Incidents</h2>")
    if not review.incidents:
        out.append("<p>No incident.</p>")
    for incident in review.incidents:
        out.append(f"<h3>{escape(incident.title)} <span class=\"small\">[{escape(incident.severity)}]"
                   f"{' drill' if incident.drill else ''} · {escape(incident.playbook_id)} · "
                   f"{escape(incident.state)}</span></h3>")
        out.append(f'<p>opened {svg.clock_label(incident.opened_at - start)}'
                   + (f" in {escape(review.module_title(incident.module_id))}" if incident.module_id else "")
                   + f" · acknowledged after {escape(_seconds(incident.ack_s)) or '—'} s"
                   + f" · resolved after {escape(_seconds(incident.resolve_s)) or '—'} s</p>")
        out.append('<table><tr><th>+s</th><th class="l">kind</th><th class="l">text</th><th class="l">result</th>'
                   '<th class="l">who</th></tr>')
        for entry in incident.entries:
            result = "" if entry.ok is None else ('<span class="ok">ok</span>' if entry.ok else
                                                  f'<span class="bad">failed</span> {escape(entry.error or "")}')
            out.append(f"<tr><td>{entry.ts - incident.opened_at:.1f}</td><td class=\"l\">{escape(entry.kind)}</td>"
                       f'<td class="l">{escape(entry.text)}</td><td class="l">{result}</td>'
                       f'<td class="l">{escape(entry.who or "")}</td></tr>')
        out.append("</table>")
    # -- comments
    report(0.85, "comments")
    flagged = review.comments.flagged()
    out.append(f"<h2>Comments with banned or risky wording ({len(flagged)})</h2>")
    out.append(_comment_table(review, flagged[:flagged_limit], with_categories=True))
    if len(flagged) > flagged_limit:
        out.append(f'<p class="small">{len(flagged) - flagged_limit} more not listed.</p>')
    out.append(f"<h2>Comment stream ({len(review.comments)})</h2>")
    out.append(_comment_table(review, review.comments[:comment_limit], with_categories=False))
    if len(review.comments) > comment_limit:
        out.append(f'<p class="small">The first {comment_limit} comments; '
                   f"{len(review.comments) - comment_limit} more are in the review window.</p>")
    out.append(f'<p class="small">Generated {escape(_time(_dt.datetime.now().timestamp()))} by liveroom review.</p>')
    out.append("</body></html>")
    report(0.95, "writing")
    return Report("\n".join(out), charts.images)


def _comment_table(review: ShowReview, comments: Sequence[Comment], *, with_categories: bool) -> str:
    start = review.start
    rows = ['<table><tr><th>time</th><th class="l">module</th><th class="l">user</th><th class="l">comment</th>'
            + ('<th class="l">category</th>' if with_categories else "") + "</tr>"]
    titles = {m.module_id: m.title for m in review.planned}
    clock = svg.clock_label
    for comment in comments:
        who = comment.nick or comment.user
        cells = (f"<tr><td>{clock(comment.ts - start)}</td>"
                 f'<td class="l">{escape(titles.get(comment.module_id or "", comment.module_id or ""))}</td>'
                 f'<td class="l">{escape(who)}</td><td class="l">{highlight(comment)}</td>')
        if with_categories:
            cells += f'<td class="l">{escape(", ".join(sorted({h.category for h in comment.hits})))}</td>'
        rows.append(cells + "</tr>")
    rows.append("</table>")
    return "".join(rows)


def comparison_html(comparison: TimingComparison) -> str:
    parts = [f"<h2>Timing: plan, {escape(comparison.left_label)} and {escape(comparison.right_label)}</h2>",
             '<table><tr><th class="l">module</th><th class="l">title</th><th>planned s</th>'
             f"<th>{escape(comparison.left_label)} s</th><th>{escape(comparison.right_label)} s</th>"
             f"<th>difference s</th></tr>"]
    for row in comparison.rows:
        diff = "" if row.difference_s is None else _signed(row.difference_s)
        parts.append(f'<tr><td class="l">{escape(row.module_id)}</td><td class="l">{escape(row.title)}</td>'
                     f"<td>{_seconds(row.planned_s)}</td><td>{_seconds(row.left_s)}</td>"
                     f"<td>{_seconds(row.right_s)}</td><td>{diff}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


def write_html(review: ShowReview, path: str | os.PathLike[str], *, comparison: TimingComparison | None = None,
               progress: Progress | None = None) -> Path:
    """Write the report atomically (temp file + rename): a failed export leaves no half file."""
    target = Path(path)
    report = build_report(review, comparison=comparison, progress=progress)
    with atomic_path(target) as temp:
        Path(temp).write_bytes(report.html.encode("utf-8"))
    if progress:
        progress(1.0, "done")
    return target
