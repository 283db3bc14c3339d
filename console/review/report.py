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
from console.review.comment_summary import summarise
from console.review.compare import TimingComparison
from console.review.files import atomic_path
from console.review.records import Comment, ShowReview
from console.review.report_sections import ReportExtras, adjustments_section, impact_cell, products_section
from console.review.report_format import (
    CUE_STATUS, ENTRY_KINDS, INCIDENT_STATES, KPI_TABLES, MODULE_TYPES, SEVERITIES, SHOW_KINDS, SHOW_STATUS, Words, chart_title,
    count, duration, kpi_cell, milliseconds, money, number, percent, seconds_text, signed_duration, table_row, word,
)
from console.review.report_words import translator

#: The report summarises the comment stream (a 4-hour show has ~100,000
#: comments; the review window and the database keep them all): counts per
#: module, the flagged comments up to this many (the PDF prints fewer), the
#: most asked questions.
REPORT_FLAGGED_LIMIT = 200
REPORT_TOP_QUESTIONS = 10
#: Incidents whose steps are printed in full (a failed step or not resolved); the rest are one row each.
REPORT_INCIDENT_DETAILS = 10
#: Health and KPI series drawn as charts, in this order first; others follow by name.
PREFERRED_SERIES = ("fps", "cpu", "render_dropped_ratio", "output_dropped_ratio", "bitrate_kbps", "congestion")

Progress = Callable[[float, str], None]

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;font-size:13px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
h3{font-size:14px;margin:12px 0 4px}
table{border-collapse:collapse;margin:4px 0 12px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}
th{background:#f0f3f7;white-space:nowrap}td.l,th.l{text-align:left}td{white-space:nowrap}td.w{white-space:normal}
tr.total td{font-weight:bold;background:#f7f7f7}.figures td{border:none;padding:2px 14px 2px 0;text-align:left}
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


def chart_lines(review: ShowReview, *, with_series: bool = True, words: Words | None = None
                ) -> list[tuple[str, str, list[tuple[str, Sequence[float], Sequence[float]]], bool]]:
    """(title, unit, lines, step) for every chart of the show: audience first, then (``with_series``) the
    recorded series (reading any not loaded yet: not on the GUI thread). Titles in words (``words``: the
    report's translator; English by default)."""
    tr = words or (lambda text: text)
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
    charts = [(tr("Viewers online"), "", [(tr("Online"), online_ts, online)], True),
              (tr("GMV (orders minus refunds, cumulative)"), "¥", [(tr("GMV"), gmv_ts, gmv)], True)]
    if comment_counts:
        minutes = sorted(comment_counts)
        charts.append((tr("Comments per minute"), "", [(tr("Comments"), [start + 60 * m + 30 for m in minutes],
                                                        [float(comment_counts[m]) for m in minutes])], False))
    if not with_series:
        return charts
    names = [n for n in PREFERRED_SERIES if n in review.series]
    names += sorted(n for n in review.series if n not in PREFERRED_SERIES)
    for name in names:
        series = review.series[name]
        title, unit, scale = chart_title(name, tr)
        values = series.values if scale == 1.0 else [v * scale for v in series.values]
        charts.append((title, unit, [(title, series.ts, values)], False))
    return charts


def build_report(review: ShowReview, *, comparison: TimingComparison | None = None, inline_svg: bool = True,
                 progress: Progress | None = None, language: str | None = None,
                 flagged_limit: int = REPORT_FLAGGED_LIMIT, top_questions: int = REPORT_TOP_QUESTIONS,
                 incident_details: int = REPORT_INCIDENT_DETAILS, extras: ReportExtras | None = None) -> Report:
    """The report of ``review`` in ``language`` (``en``, ``zh_CN``; None: see ``report_words.default_language``).

    ``extras`` (console.review.report_sections.report_extras): the products and live adjustments sections.
    """
    report = progress or (lambda _f, _w: None)
    tr = translator(language)
    review.series.load_all()  # one query for every series not read yet (this is a worker thread)
    charts = _Charts(inline_svg)
    show = review.show
    start = review.start
    duration_s = max(review.end - start, 1.0)
    titles = {m.module_id: m.title for m in review.planned}
    types = {m.module_id: m.type for m in review.planned}
    kpis = [] if isinstance(review.kpis, kpi_adapter.KpiUnavailable) or review.kpis is None else list(review.kpis)
    total = next((row for row in kpis if row.module_id == "TOTAL"), None)
    incidents = [i for i in review.incidents if not i.drill]
    language_tag = "zh-CN" if tr("Module") != "Module" else "en"
    meta = [word(SHOW_KINDS, show.kind, tr), _time(show.started_at), duration(show.duration_s),
            word(SHOW_STATUS, show.status, tr)]
    if show.anchor:
        meta.append(tr("Anchor: %1").replace("%1", show.anchor))
    if show.room:
        meta.append(tr("Room: %1").replace("%1", show.room))
    out: list[str] = [
        "<!DOCTYPE html>", f'<html lang="{language_tag}"><head><meta charset="utf-8">',
        f"<title>{escape(show.title)} — {escape(tr('Show report'))}</title>", f"<style>{CSS}</style></head><body>",
        f"<h1>{escape(show.title)}</h1>",
        f'<p class="meta">{" · ".join(escape(part) for part in meta)}'
        f' · <span class="small">{escape(tr("Show ID"))} {escape(show.id)}</span></p>',
    ]
    if total is not None:
        figures = [(tr("GMV"), money(total.gmv)), (tr("Orders"), count(total.orders)),
                   (tr("Conversion rate"), percent(total.conversion_rate)), (tr("Entries"), count(total.entries)),
                   (tr("Peak online"), count(total.peak_online)), (tr("Comments"), count(total.comments)),
                   (tr("Incidents"), count(len(incidents)))]
        out.append('<table class="figures"><tr>' + "".join(f"<td>{escape(name)}</td>" for name, _ in figures)
                   + "</tr><tr>" + "".join(f"<td><b>{escape(value)}</b></td>" for _, value in figures)
                   + "</tr></table>")
    report(0.1, "timeline")
    # -- plan against reality
    timings = review.timings()
    planned_blocks, offset = [], 0.0
    for timing in timings:
        module = timing.module
        planned_blocks.append((offset, offset + module.planned_s, module.type, module.title))
        offset += module.planned_s
    actual_blocks = [(run.started_at - start, (run.ended_at if run.ended_at is not None else review.end) - start,
                      types.get(run.module_id, ""), titles.get(run.module_id, run.module_id)) for run in review.runs]
    marker_ticks = [(m.ts - start, m.kind, m.label) for m in review.markers]
    out.append(f"<h2>{escape(tr('Plan and reality'))}</h2>")
    out.append(charts.add(svg.timeline_chart(max(duration_s, offset), planned_blocks, actual_blocks,
                                             markers=marker_ticks, lane_names=(tr("Plan"), tr("Reality")))))
    out.append(table_row([tr("Module"), tr("Type"), tr("Planned start"), tr("Actual start"), tr("Planned"), tr("Actual"),
                     tr("Over (+) / under (−)")], header=True, left=2))
    offset = 0.0
    for timing in timings:
        module = timing.module
        actual_start = "—" if timing.first_start is None else svg.clock_label(timing.first_start - start)
        over = timing.over_under_s
        css = "over" if over > 0.5 else ("under" if over < -0.5 else "")
        out.append(table_row([module.title, word(MODULE_TYPES, module.type, tr), svg.clock_label(offset), actual_start,
                         duration(module.planned_s), duration(timing.actual_s),
                         f'<span class="{css}">{escape(signed_duration(over))}</span>'], left=2, raw_last=True))
        offset += module.planned_s
    out.append("</table>")
    # -- KPIs
    report(0.25, "KPIs")
    out.append(f"<h2>{escape(tr('KPIs per module'))}</h2>")
    if kpis:
        for section, columns in KPI_TABLES:
            out.append(f"<h3>{escape(tr(section))}</h3>")
            out.append(table_row([tr("Module"), tr("Type")] + [tr(title) for _, title, _ in columns], header=True, left=2))
            for row in kpis:
                is_total = row.module_id == "TOTAL"
                name = tr("Whole show") if is_total else (row.title or titles.get(row.module_id, row.module_id))
                cells = [name, "" if is_total else word(MODULE_TYPES, row.type, tr)]
                cells += [kpi_cell(kind, getattr(row, attribute, None)) for attribute, _, kind in columns]
                out.append(table_row(cells, left=2, css="total" if is_total else ""))
            out.append("</table>")
    else:
        out.append(f"<p>{escape(kpi_adapter.unavailable_reason(review.kpis))}</p>")
    # -- comparison
    if comparison is not None:
        out.append(comparison_html(comparison, tr))
    if extras is not None:
        out.extend(products_section(extras, tr))
        out.extend(adjustments_section(extras, start, review.module_title, tr))
    # -- charts
    report(0.35, "charts")
    out.append(f"<h2>{escape(tr('Charts'))}</h2>")
    shading = [(run.started_at - start, (run.ended_at if run.ended_at is not None else review.end) - start,
                titles.get(run.module_id, run.module_id)) for run in review.runs]
    chart_specs = chart_lines(review, words=tr)
    for index, (title, unit, lines, step) in enumerate(chart_specs):
        out.append(charts.add(svg.series_chart(title, start, duration_s, lines, unit=unit, shading=shading,
                                               markers=marker_ticks, step=step)))
        report(0.35 + 0.4 * (index + 1) / len(chart_specs), "charts")
    # -- scene switches and cues
    out.extend(_switches_and_cues(review, tr))
    # -- incidents
    report(0.8, "incidents")
    out.extend(_incidents(review, tr, incident_details))
    # -- comments
    report(0.85, "comments")
    out.extend(_comments(review, tr, flagged_limit, top_questions))
    generated = tr("Generated %1 by liveroom review.").replace("%1", _time(_dt.datetime.now().timestamp()))
    out.append(f'<p class="small">{escape(generated)}</p>')
    out.append("</body></html>")
    report(0.95, "writing")
    return Report("\n".join(out), charts.images)


def _switches_and_cues(review: ShowReview, tr: Words) -> list[str]:
    start = review.start
    out = [f"<h2>{escape(tr('Scene switches and cues'))}</h2>"]
    switches = [a for a in review.obs_actions if a.request == "SetCurrentProgramScene"]
    latencies = sorted(a.latency_ms for a in switches if a.ok and a.latency_ms is not None)
    cues = [c for c in review.cues if c.cue_index >= 0]
    by_status: dict[str, int] = {}
    for cue in cues:
        by_status[cue.status] = by_status.get(cue.status, 0) + 1
    lines = [tr("Scene switches: %1, %2 failed.").replace("%1", count(len(switches))).replace(
        "%2", count(sum(1 for a in switches if not a.ok)))]
    if latencies:
        median = latencies[len(latencies) // 2]
        lines.append(tr("Switch time: median %1, slowest %2.").replace("%1", milliseconds(median)).replace(
            "%2", milliseconds(latencies[-1])))
    lines.append(tr("Cues: %1.").replace("%1", ", ".join(
        f"{word(CUE_STATUS, status, tr)} {count(n)}" for status, n in sorted(by_status.items())) or "0"))
    out.append(f"<p>{'<br>'.join(escape(line) for line in lines)}</p>")
    problems = [(c.ts, review.module_title(c.module_id), f"{c.action} #{c.cue_index + 1}", word(CUE_STATUS, c.status, tr),
                 c.error or "") for c in cues if c.status != "fired"]
    problems += [(a.ts, "", f"{a.request} {str((a.params or {}).get('sceneName', ''))}".strip(), tr("Failed"),
                  a.comment or "") for a in review.obs_actions if not a.ok]
    if not problems:
        out.append(f"<p>{escape(tr('Every cue fired and every OBS request succeeded.'))}</p>")
        return out
    out.append(f"<h3>{escape(tr('Cues and OBS requests that did not go as planned'))}</h3>")
    out.append(table_row([tr("Time"), tr("Module"), tr("What"), tr("Result"), tr("Reason")], header=True, align="rllll"))
    for ts, module, what, result, reason in sorted(problems)[:200]:
        out.append(f'<tr class="bad"><td>{svg.clock_label(ts - start)}</td><td class="l">{escape(module)}</td>'
                   f'<td class="l">{escape(what)}</td><td class="l">{escape(result)}</td>'
                   f'<td class="l w">{escape(reason)}</td></tr>')
    out.append("</table>")
    if len(problems) > 200:
        out.append(f'<p class="small">{escape(tr("%1 more in the review window.").replace("%1", count(len(problems) - 200)))}</p>')
    return out


def _incidents(review: ShowReview, tr: Words, details: int) -> list[str]:
    start = review.start
    out = [f"<h2>{escape(tr('Incidents'))}</h2>"]
    if not review.incidents:
        out.append(f"<p>{escape(tr('No incident.'))}</p>")
        return out
    from console.targets.impact import ImpactTracker

    tracker = ImpactTracker.from_events(review.events, start)
    out.append(table_row([tr("Opened"), tr("Module"), tr("Incident"), tr("Severity"), tr("Acknowledged after"),
                     tr("Resolved after"), tr("State"), tr("Online change · est. loss")], header=True, align="rlllrrlr"))
    for incident in review.incidents:
        ended = incident.resolved_at if incident.resolved_at is not None else review.end
        impact = None if incident.drill else tracker.impact(incident.opened_at, ended)
        title = incident.title + (f" ({tr('drill')})" if incident.drill else "")
        failed = any(entry.ok is False for entry in incident.entries)
        css = ' class="bad"' if failed or incident.state != "resolved" else ""
        out.append(f"<tr{css}><td>{svg.clock_label(incident.opened_at - start)}</td>"
                   f'<td class="l">{escape(review.module_title(incident.module_id) if incident.module_id else "")}</td>'
                   f'<td class="l w">{escape(title)}</td><td class="l">{escape(word(SEVERITIES, incident.severity, tr))}</td>'
                   f"<td>{escape(seconds_text(incident.ack_s, tr))}</td><td>{escape(seconds_text(incident.resolve_s, tr))}</td>"
                   f'<td class="l">{escape(word(INCIDENT_STATES, incident.state, tr))}</td>'
                   f"<td>{escape(impact_cell(impact))}</td></tr>")
    out.append("</table>")
    # The steps of the incidents worth reading: a failed step or not resolved (the rest went to plan).
    worth = [i for i in review.incidents if any(e.ok is False for e in i.entries) or i.state != "resolved"]
    for incident in worth[:details]:
        out.append(f"<h3>{escape(incident.title)} <span class=\"small\">{svg.clock_label(incident.opened_at - start)} · "
                   f"{escape(incident.playbook_id)}</span></h3>")
        out.append(table_row([tr("After"), tr("Step"), tr("Text"), tr("Result"), tr("By")], header=True, align="rllll"))
        for entry in incident.entries:
            result = "" if entry.ok is None else (f'<span class="ok">{escape(tr("OK"))}</span>' if entry.ok else
                                                  f'<span class="bad">{escape(tr("Failed"))}</span> {escape(entry.error or "")}')
            out.append(f"<tr><td>{escape(seconds_text(entry.ts - incident.opened_at, tr))}</td>"
                       f'<td class="l">{escape(word(ENTRY_KINDS, entry.kind, tr))}</td><td class="l w">{escape(entry.text)}</td>'
                       f'<td class="l w">{result}</td><td class="l">{escape(entry.who or "")}</td></tr>')
        out.append("</table>")
    if len(worth) > details:
        out.append(f'<p class="small">{escape(tr("%1 more in the review window.").replace("%1", count(len(worth) - details)))}</p>')
    return out


def _comments(review: ShowReview, tr: Words, flagged_limit: int, top: int) -> list[str]:
    start = review.start
    titles = {m.module_id: m.title for m in review.planned}
    run_seconds: dict[str, float] = {}
    order: list[str] = []
    for run in review.runs:
        end = run.ended_at if run.ended_at is not None else review.end
        run_seconds[run.module_id] = run_seconds.get(run.module_id, 0.0) + max(0.0, end - run.started_at)
        if run.module_id not in order:
            order.append(run.module_id)
    summary = summarise(review.comments, run_seconds, order, top=top)
    overview = tr("%1 comments, %2 with banned or risky wording, %3 questions.").replace(
        "%1", count(summary.total)).replace("%2", count(summary.flagged)).replace("%3", count(summary.questions))
    out = [f"<h2>{escape(tr('Comments from the audience'))}</h2>", f"<p>{escape(overview)}</p>"]
    if summary.per_module:
        out.append(f"<h3>{escape(tr('Comments per module'))}</h3>")
        out.append(table_row([tr("Module"), tr("Comments"), tr("Per minute"), tr("Flagged"), tr("Questions")],
                        header=True, left=1))
        for module in summary.per_module:
            name = titles.get(module.module_id or "", module.module_id) if module.module_id else tr("Outside the modules")
            out.append(table_row([name or "", count(module.comments), number(module.per_minute), count(module.flagged),
                             count(module.questions)]))
        out.append("</table>")
    if summary.top_questions:
        out.append(f"<h3>{escape(tr('Most asked questions'))}</h3>")
        out.append(table_row([tr("Asked"), tr("First at"), tr("Question")], header=True, align="rrl"))
        for question in summary.top_questions:
            out.append(f"<tr><td>{count(question.count)}</td><td>{svg.clock_label(question.first_ts - start)}</td>"
                       f'<td class="l w">{escape(question.text)}</td></tr>')
        out.append("</table>")
    flagged = review.comments.flagged()
    if flagged:
        out.append(f"<h3>{escape(tr('Comments with banned or risky wording'))}</h3>")
        if summary.categories:
            out.append(f"<p>{escape(', '.join(f'{category} {count(n)}' for category, n in summary.categories))}</p>")
        out.append(_comment_table(review, flagged[:flagged_limit], tr))
        if len(flagged) > flagged_limit:
            more = tr("The first %1; %2 more are in the review window.").replace(
                "%1", count(flagged_limit)).replace("%2", count(len(flagged) - flagged_limit))
            out.append(f'<p class="small">{escape(more)}</p>')
    return out


def _comment_table(review: ShowReview, comments: Sequence[Comment], tr: Words) -> str:
    start = review.start
    rows = [table_row([tr("Time"), tr("Module"), tr("Viewer"), tr("Comment"), tr("Wording")], header=True, align="rllll")]
    titles = {m.module_id: m.title for m in review.planned}
    clock = svg.clock_label
    for comment in comments:
        who = comment.nick or comment.user
        rows.append(f"<tr><td>{clock(comment.ts - start)}</td>"
                    f'<td class="l">{escape(titles.get(comment.module_id or "", comment.module_id or ""))}</td>'
                    f'<td class="l">{escape(who)}</td><td class="l w">{highlight(comment)}</td>'
                    f'<td class="l">{escape(", ".join(sorted({h.category for h in comment.hits})))}</td></tr>')
    rows.append("</table>")
    return "".join(rows)


def comparison_html(comparison: TimingComparison, words: Words | None = None) -> str:
    tr = words or (lambda text: text)
    heading = tr("Timing: plan, %1 and %2").replace("%1", comparison.left_label).replace("%2", comparison.right_label)
    parts = [f"<h2>{escape(heading)}</h2>",
             table_row([tr("Module"), tr("Planned"), comparison.left_label, comparison.right_label, tr("Difference")],
                  header=True, left=1)]
    for row in comparison.rows:
        diff = "—" if row.difference_s is None else signed_duration(row.difference_s)
        parts.append(table_row([row.title or row.module_id, duration(row.planned_s), duration(row.left_s),
                           duration(row.right_s), diff]))
    parts.append("</table>")
    return "".join(parts)


def write_html(review: ShowReview, path: str | os.PathLike[str], *, comparison: TimingComparison | None = None,
               progress: Progress | None = None, language: str | None = None,
               extras: ReportExtras | None = None) -> Path:
    """Write the report atomically (temp file + rename): a failed export leaves no half file."""
    target = Path(path)
    report = build_report(review, comparison=comparison, progress=progress, language=language, extras=extras)
    with atomic_path(target) as temp:
        Path(temp).write_bytes(report.html.encode("utf-8"))
    if progress:
        progress(1.0, "done")
    return target
