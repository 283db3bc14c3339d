"""How the review report writes figures and names: money, percentages, durations, column and chart titles.

The CSV keeps machine values (CONTRACTS.md §4: ``13033.00``, ``0.0412``,
seconds); the report is for people: ``¥13,033.00``, ``4.1 %``, ``1:05:30``,
column titles in words, series names as titles. Words go through the
report's translator (:mod:`console.review.report_words`); every English
string here has its Chinese entry in the catalogue's ``ReviewReport`` context.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any, Callable, Sequence

from console.review.svg import clock_label

Words = Callable[[str], str]

#: The KPI table of the report, split in two so each fits a landscape page:
#: (section title, [(KpiRow attribute, column title, format)]). Formats:
#: count, money, percent, number (one decimal). A column the lead adds to
#: the KPIs (CONTRACTS.md §4.1) is one more tuple here.
KPI_TABLES: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Audience", (
        ("entries", "Entries", "count"),
        ("peak_online", "Peak online", "count"),
        ("avg_online", "Average online", "number"),
        ("comments", "Comments", "count"),
        ("likes", "Likes", "count"),
        ("interacting_users", "Interacting viewers", "count"),
        ("interaction_rate", "Interaction rate", "percent"),
    )),
    ("Sales", (
        ("orders", "Orders", "count"),
        ("gmv", "GMV", "money"),
        ("conversion_rate", "Conversion rate", "percent"),
        ("gpm", "GMV per 1,000 viewers", "money"),
        ("aov", "Average order value", "money"),
    )),
)

#: Recorded series → (chart title, unit, scale applied to the stored value).
SERIES_TITLES: dict[str, tuple[str, str, float]] = {
    "fps": ("OBS frames per second", "", 1.0),
    "cpu": ("OBS CPU use", "%", 1.0),
    "render_dropped_ratio": ("Frames dropped while rendering", "%", 100.0),
    "output_dropped_ratio": ("Frames dropped by the stream output", "%", 100.0),
    "bitrate_kbps": ("Stream bitrate", "kbit/s", 1.0),
    "congestion": ("Stream congestion", "%", 100.0),
    "online": ("Viewers online", "", 1.0),
    "gmv": ("GMV (orders minus refunds, cumulative)", "¥", 1.0),
    "orders": ("Orders (cumulative)", "", 1.0),
    "comments_per_min": ("Comments per minute", "", 1.0),
    "orders_per_min": ("Orders per minute", "", 1.0),
    "entries": ("Entries (cumulative)", "", 1.0),
    "likes": ("Likes (cumulative)", "", 1.0),
}

MODULE_TYPES = {"opening": "Opening", "explanation": "Explanation", "interaction": "Interaction",
                "conversion": "Conversion", "break": "Break", "closing": "Closing"}
SHOW_KINDS = {"live": "Live show", "rehearsal": "Rehearsal"}
SHOW_STATUS = {"running": "Running", "ended": "Ended", "ended_early": "Ended early"}
SEVERITIES = {"critical": "Critical", "warning": "Warning", "warn": "Warning", "info": "Information"}
INCIDENT_STATES = {"open": "Open", "acknowledged": "Acknowledged", "resolved": "Resolved"}
ENTRY_KINDS = {"trigger": "Triggered", "step": "Step", "ack": "Acknowledged", "check": "Check", "resolve": "Resolved",
               "note": "Note", "escalate": "Escalated"}
CUE_STATUS = {"fired": "Fired", "failed": "Failed", "skipped": "Skipped", "missed": "Missed"}


def chart_title(name: str, words: Words) -> tuple[str, str, float]:
    """(title, unit, scale) for a recorded series ``name`` (``obs.fps``, ``kpi.online``, ``audio.Mic``, …)."""
    key = name.split(".", 1)[1] if name.startswith(("obs.", "kpi.")) else name
    known = SERIES_TITLES.get(key)
    if known is not None:
        return words(known[0]), known[1], known[2]
    if name.startswith("audio."):
        return words("Audio level: %1").replace("%1", name[len("audio."):]), "dBFS", 1.0
    # An unknown series: its name made readable (``series_03`` → ``Series 03``).
    readable = name.replace(".", " ").replace("_", " ").strip()
    return (readable[:1].upper() + readable[1:]) if readable else name, "", 1.0


def word(table: dict[str, str], value: str | None, words: Words) -> str:
    """A stored code (module type, status, …) in words; an unknown code as it is."""
    if not value:
        return ""
    english = table.get(value)
    return words(english) if english else value


def _finite(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and not math.isfinite(value))


def count(value: Any) -> str:
    return f"{int(round(value)):,}" if _finite(value) else "—"


def number(value: Any) -> str:
    return f"{value:,.1f}" if _finite(value) else "—"


def money(value: Any) -> str:
    if not _finite(value):
        return "—"
    text = f"¥{abs(value):,.2f}"
    return ("−" + text) if value < -0.005 else text


def percent(ratio: Any) -> str:
    """A ratio (0.0412) as a percentage (4.1 %); two decimals under 1 % so small rates stay visible."""
    if not _finite(ratio):
        return "—"
    value = ratio * 100
    return f"{value:.2f} %" if 0 < abs(value) < 1 else f"{value:.1f} %"


def duration(seconds: Any) -> str:
    return clock_label(seconds) if _finite(seconds) else "—"


def signed_duration(seconds: Any) -> str:
    """Over (+) or under (−) plan, as a clock: ``+0:30``, ``−1:05``; within half a second ``0:00``."""
    if not _finite(seconds):
        return "—"
    if abs(seconds) < 0.5:
        return "0:00"
    return ("+" if seconds > 0 else "−") + clock_label(abs(seconds))


def seconds_text(value: Any, words: Words) -> str:
    """A response time rounded to a tenth of a second under a minute, else as a clock."""
    if not _finite(value):
        return "—"
    if value < 60:
        return words("%1 s").replace("%1", f"{value:.1f}")
    return clock_label(value)


def milliseconds(value: Any) -> str:
    return f"{value:,.0f} ms" if _finite(value) else "—"


def kpi_cell(kind: str, value: Any) -> str:
    if kind == "money":
        return money(value)
    if kind == "percent":
        return percent(value)
    if kind == "number":
        return number(value)
    return count(value)


def table_row(cells: Sequence[str], *, header: bool = False, left: int = 1, css: str = "", raw_last: bool = False,
         align: str = "") -> str:
    """One table row (a header row opens the table); the first ``left`` cells are text, the rest figures.

    ``align`` (``l``/``r`` a column) overrides ``left``. Every cell is escaped except the last when
    ``raw_last`` (markup built here from escaped parts).
    """
    tag = "th" if header else "td"
    parts = []
    for index, cell in enumerate(cells):
        text = cell if raw_last and index == len(cells) - 1 else escape(cell)
        is_text = align[index] == "l" if index < len(align) else index < left
        align_css = ' class="l"' if is_text else ""
        parts.append(f"<{tag}{align_css}>{text}</{tag}>")
    opening = "<table>" if header else ""
    row_css = f' class="{css}"' if css else ""
    return f"{opening}<tr{row_css}>{''.join(parts)}</tr>"
