"""``liveroom review`` (CONTRACTS.md §1).

``liveroom review --list`` lists recorded shows; ``liveroom review [ID|latest]``
prints the plan against reality and the KPI table; ``--export FILE.csv|.html|.pdf``
writes the CSV (CONTRACTS.md §4, shared writer), the self-contained HTML
report or its PDF.

Exit codes: 0 done; 1 with one line on stderr for an unknown show, a database
that cannot be opened or a file that cannot be written; 2 (usage) for an
export file with another extension. The PDF needs Qt, so ``ui.reports.pdf`` is
imported only for ``.pdf`` (the import-linter contract lists that exception).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any, TextIO

EXPORT_KINDS = (".csv", ".html", ".pdf", ".json")


def _fail(err: TextIO, message: str, code: int = 1) -> int:
    print(f"liveroom review: {message}", file=err)
    return code


def review_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    export = getattr(args, "export", None)
    suffix = Path(export).suffix.lower() if export else ""
    if export and suffix not in EXPORT_KINDS:
        return _fail(err, f"error: --export {export}: the file must end with .csv, .html, .pdf or .json", 2)
    if export:
        problem = _unwritable(Path(export))
        if problem:
            return _fail(err, f"cannot write {export}: {problem}")
    from db.engine import open_database, open_failure

    from console.review import queries

    try:
        engine = open_database(getattr(args, "db", None))
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        return _fail(err, open_failure(getattr(args, "db", None), exc))
    try:
        if getattr(args, "list", False):
            _print_list(queries.list_shows(engine), out)
            return 0
        try:
            show_id = queries.resolve_show_id(engine, getattr(args, "show", None) or "latest")
            review = queries.load_review(engine, show_id)
        except queries.ShowNotFound as exc:
            return _fail(err, str(exc))
        from console.targets.loader import TargetsError
        from console.targets.recorded import targets_for_show

        try:
            targets = targets_for_show(engine, show_id, targets_file=getattr(args, "targets", None))
        except TargetsError as exc:
            return _fail(err, str(exc))
        if getattr(args, "follow_up_done", None) is not None:
            from console.rules.follow_ups import follow_up_done_command

            return follow_up_done_command(engine, show_id, args.follow_up_done, getattr(args, "by", None), out, err)
        if not export:
            _print_review(review, out)
            _print_action_items(engine, review, out)
            from console.rules.review import print_adjustments

            print_adjustments(engine, show_id, review.show.started_at, time.time(), out)  # rules, follow-ups
            from console.commerce.review import print_products

            print_products(engine, show_id, out)  # per product and category (issue 16)
            return 0
        try:
            written = export_review(engine, review, export, targets=targets,
                                    language=getattr(args, "language", None))
        except OSError as exc:
            return _fail(err, f"cannot write {export}: {exc.strerror or _one_line(exc)}")
        except RuntimeError as exc:
            return _fail(err, _one_line(exc))
        print(f"wrote {written}", file=out)
        return 0
    finally:
        engine.dispose()


def export_review(engine, review, path: str | os.PathLike[str], progress=None, targets=None,
                  language: str | None = None) -> Path:
    """Write ``review`` to ``path`` as CSV, HTML, PDF or JSON by its extension (any thread but the GUI's).

    ``targets`` (console.targets.model.Targets; None: those recorded for the
    show — shipped, team file, its script's block) give the CSV its
    ``status_<kpi>`` columns and the JSON its statuses. ``language`` (``en``,
    ``zh_CN``) is the report's; None: the window's or the default (report_words).
    """
    from console.review import compare, kpi_adapter, report

    target = Path(path)
    suffix = target.suffix.lower()
    if target.name.lower().endswith(".products.csv"):  # the product table (console.commerce.review)
        from console.commerce.review import write_products_csv

        return write_products_csv(engine, review.show.id, target)
    if suffix in (".csv", ".json") and targets is None:
        from console.targets.recorded import targets_for_show

        targets = targets_for_show(engine, review.show.id)
    if suffix == ".csv":
        kpi_adapter.write_csv(review.kpis, target, targets)
        if progress:
            progress(1.0, "done")
        return target
    if suffix == ".json":
        from console.review.export_json import write_json

        write_json(engine, review, target, targets)
        if progress:
            progress(1.0, "done")
        return target
    comparison = None
    counterpart = compare.find_counterpart(engine, review.show.id) if engine is not None else None
    if counterpart is not None:
        from console.review.queries import load_review

        other = load_review(engine, counterpart)
        comparison = (compare.rehearsal_against_live(other, review) if review.show.kind == "live"
                      else compare.rehearsal_against_live(review, other))
    from console.review.report_sections import ReportExtras, report_extras

    extras = report_extras(engine, review.show.id) if engine is not None else ReportExtras()
    if suffix == ".html":
        return report.write_html(review, target, comparison=comparison, progress=progress, language=language,
                                 extras=extras)
    if suffix == ".pdf":
        from ui.reports.pdf import write_pdf

        return write_pdf(review, target, comparison=comparison, progress=progress, language=language, extras=extras)
    raise ValueError(f"unknown export type {suffix}")


def _unwritable(path: Path) -> str | None:
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return "it is a directory"
    if not directory.is_dir():
        return f"no such directory {directory}"
    if not os.access(directory, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "permission denied"
    return None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _print_list(summaries, out: TextIO) -> None:
    import datetime as dt

    from console.review.svg import clock_label

    if not summaries:
        print("no recorded show", file=out)
        return
    print(f"{'id':36}  {'started':19}  {'kind':9}  {'duration':>8}  {'GMV':>12}  {'incidents':>9}  title", file=out)
    for summary in summaries:
        show = summary.show
        started = dt.datetime.fromtimestamp(show.started_at).strftime("%Y-%m-%d %H:%M:%S")
        print(f"{show.id:36}  {started:19}  {show.kind:9}  {clock_label(show.duration_s):>8}  "
              f"{summary.gmv:>12.2f}  {summary.incident_count:>9}  {show.title}", file=out)


def _print_review(review, out: TextIO) -> None:
    import datetime as dt

    from console.review import kpi_adapter
    from console.review.svg import clock_label

    show = review.show
    started = dt.datetime.fromtimestamp(show.started_at).strftime("%Y-%m-%d %H:%M:%S")
    print(f"{show.title}  ({show.kind}, {started}, {clock_label(show.duration_s)}, {show.status})", file=out)
    print(f"id {show.id}", file=out)
    print("", file=out)
    print(f"{'module':20} {'planned':>8} {'actual':>8} {'over/under':>10}  title", file=out)
    for timing in review.timings():
        module = timing.module
        print(f"{module.module_id:20} {module.planned_s:8.1f} {timing.actual_s:8.1f} {timing.over_under_s:+10.1f}  "
              f"{module.title}", file=out)
    rows = kpi_adapter.formatted_rows(review.kpis)
    print("", file=out)
    if not rows:
        print(kpi_adapter.unavailable_reason(review.kpis), file=out)
    else:
        print(",".join(kpi_adapter.CSV_COLUMNS), file=out)
        for row in rows:
            print(",".join(row[c] for c in kpi_adapter.CSV_COLUMNS), file=out)
    incidents = [i for i in review.incidents if not i.drill]
    print("", file=out)
    print(f"incidents: {len(incidents)}", file=out)
    for incident in incidents:
        ack = "-" if incident.ack_s is None else f"{incident.ack_s:.1f}s"
        resolved = "-" if incident.resolve_s is None else f"{incident.resolve_s:.1f}s"
        print(f"  {clock_label(incident.opened_at - show.started_at):>8}  {incident.severity:8}  ack {ack:>7}  "
              f"resolved {resolved:>7}  {incident.title}", file=out)
    flagged = sum(1 for c in review.comments if c.hits)
    print(f"comments: {len(review.comments)} ({flagged} with banned or risky wording)", file=out)


def _print_action_items(engine: Any, review: Any, out: TextIO) -> None:
    """PDCA: the items earlier reviews set for this show (met or not), and the ones set after it."""
    from console.anchors import actions

    checks = actions.checks(engine, room=review.show.room)
    checked_here = [c for c in checks if c.show_id == review.show.id]
    set_here = [c for c in checks if c.item.from_show_id == review.show.id]
    if not checked_here and not set_here:
        return
    print("", file=out)
    labels = {"met": "met", "not_met": "NOT met", "no_data": "no data", "open": "open"}
    for title, found in (("action items checked by this show", checked_here),
                         ("action items set after this show", set_here)):
        if found:
            print(f"{title}:", file=out)
        for check in found:
            item = check.item
            value = "" if check.value is None else f", was {check.value:.4g}"
            print(f"  [{labels[check.outcome]}] {item.text} ({item.module_type + ' ' if item.module_type else ''}"
                  f"{item.kpi} {'≥' if item.bound == 'min' else '≤'} {item.target:g}{value})", file=out)
