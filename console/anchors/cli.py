"""``liveroom anchors``, ``liveroom health`` and ``liveroom actions`` (CONTRACTS.md §12, issue 17).

Each reads the per-show summaries; shows recorded before the summaries existed are summarised first
(once, with a progress line on stderr when there are many). Exit codes as everywhere: 0 done, 1 one line
on stderr (no database, unknown show, a bad value), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any, Callable, TextIO

COMMANDS = ("anchors", "health", "actions")


def add_parsers(sub: Any, common: Callable[..., None]) -> None:
    anchors = sub.add_parser("anchors", help="anchors' scorecards (and their records: --tier/--type/--joined)")
    common(anchors, db=True)
    anchors.add_argument("name", nargs="?", metavar="NAME")
    anchors.add_argument("--json", action="store_true", help="a JSON list of scorecards")
    anchors.add_argument("--window", action="store_true", help="open the Anchors window instead of printing")
    anchors.add_argument("--since", metavar="D", help="a duration (90d) or an ISO date; default every show")
    anchors.add_argument("--tier", help="record NAME's tier: novice/新手, intermediate/进阶, elite/精英, top/头部")
    anchors.add_argument("--type", dest="anchor_type", help="record NAME's type: selling/带货, knowledge/知识, "
                                                            "entertainment/娱乐")
    anchors.add_argument("--joined", metavar="DATE", help="record NAME's joining date (ISO)")

    health = sub.add_parser("health", help="the period health diagnosis on nine indicators")
    common(health, db=True)
    health.add_argument("--since", default="90d", metavar="D", help="a duration (90d) or an ISO date; default 90d")
    health.add_argument("--room")
    health.add_argument("--anchor")
    health.add_argument("--json", action="store_true")
    health.add_argument("--export", metavar="FILE", help="FILE.html or FILE.pdf")

    actions = sub.add_parser("actions", help="PDCA action items: list them, or add one from a review")
    common(actions, db=True)
    actions.add_argument("--room", help="only this room's items")
    actions.add_argument("--json", action="store_true")
    actions.add_argument("--add", metavar="SHOW_ID", help="add an item decided in the review of SHOW_ID (or latest)")
    actions.add_argument("--text", help="what the team will do")
    actions.add_argument("--kpi", help="the KPI it aims at (interaction_rate, conversion_rate, gpm, refund_rate, …)")
    actions.add_argument("--module-type", help="the KPI of this module type's runs (default: the whole show)")
    actions.add_argument("--anchor", help="check it on this anchor's next show (default: the room's next show)")
    bound = actions.add_mutually_exclusive_group()
    bound.add_argument("--min", type=float, dest="at_least", metavar="X", help="met when the KPI is at least X")
    bound.add_argument("--max", type=float, dest="at_most", metavar="X", help="met when the KPI is at most X")
    actions.add_argument("--by", help="who decided it")


def _fail(err: TextIO, command: str, message: str, code: int = 1) -> int:
    print(f"liveroom {command}: {message}", file=err)
    return code


def _progress(err: TextIO) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if total >= 20 and (done == total or done % 20 == 0):
            print(f"summarising recorded shows: {done}/{total}", file=err, flush=True)
    return report


def dispatch(args: argparse.Namespace, out: TextIO, err: TextIO, *, clock: Callable[[], float] | None = None) -> int:
    from db.engine import open_database, open_failure

    from console.anchors import periods, summary

    command = args.command
    clock = clock or (lambda: time.time())  # read at the call: the outermost loop owns the clock
    export = getattr(args, "export", None)
    if export and Path(export).suffix.lower() not in (".html", ".pdf"):
        return _fail(err, command, f"--export {export}: the file must end with .html or .pdf", 2)
    now = clock()
    try:
        since = periods.parse_since(args.since, now=now) if getattr(args, "since", None) else None
    except periods.PeriodError as exc:
        return _fail(err, command, str(exc), 2)
    try:
        engine = open_database(getattr(args, "db", None))
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        return _fail(err, command, open_failure(getattr(args, "db", None), exc))
    try:
        summary.ensure_summaries(engine, progress=_progress(err), clock=clock)
        if command == "anchors":
            return _anchors(engine, args, since, now, out, err)
        if command == "health":
            return _health(engine, args, since if since is not None else 0.0, now, out, err)
        return _actions(engine, args, now, out, err)
    finally:
        engine.dispose()


def _anchors(engine: Any, args: argparse.Namespace, since: float | None, now: float, out: TextIO, err: TextIO) -> int:
    from console.anchors import registry, scorecard, summary

    if args.tier or args.anchor_type or args.joined:
        if not args.name:
            return _fail(err, "anchors", "--tier/--type/--joined need the anchor's NAME", 2)
        known = registry.load_anchors(engine).get(args.name)
        try:
            registry.save_anchor(engine, args.name, tier=args.tier or (known.tier if known else "novice"),
                                 type=args.anchor_type or (known.type if known else "selling"),
                                 joined=args.joined or (known.joined if known else None), now=now)
        except registry.AnchorError as exc:
            return _fail(err, "anchors", str(exc))
    cards = scorecard.scorecards(summary.load_totals(engine, since=since), registry.load_anchors(engine),
                                 name=args.name)
    if args.name and not cards:
        return _fail(err, "anchors", f"no anchor named {args.name!r} (no show names them and no record)")
    if args.json:
        json.dump([card.as_json() for card in cards], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    from console.anchors.text import print_scorecards

    print_scorecards(cards, out)
    return 0


def _health(engine: Any, args: argparse.Namespace, since: float, now: float, out: TextIO, err: TextIO) -> int:
    from console.anchors import health, summary

    shows = summary.load_totals(engine, since=since, until=now, room=args.room)
    if args.anchor:  # the anchor's own parts, modules they presented on others' shows included
        shows = summary.parts_of(shows, args.anchor)
    diagnosis = health.diagnose(shows, since=since, until=now)
    if args.export:
        from console.anchors.report import write_health_report

        try:
            write_health_report(diagnosis, args.export, room=args.room, anchor=args.anchor)
        except OSError as exc:
            return _fail(err, "health", f"cannot write {args.export}: {exc.strerror or exc}")
        print(f"wrote {args.export}", file=out)
        return 0
    if args.json:
        json.dump(diagnosis.as_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    from console.anchors.text import print_diagnosis

    print_diagnosis(diagnosis, out)
    return 0


def _actions(engine: Any, args: argparse.Namespace, now: float, out: TextIO, err: TextIO) -> int:
    from console.anchors import actions, summary
    from console.review import queries

    if args.add is not None:
        if not (args.text and args.kpi) or (args.at_least is None and args.at_most is None):
            return _fail(err, "actions", "--add needs --text, --kpi and --min X or --max X", 2)
        try:
            show_id = queries.resolve_show_id(engine, args.add)
        except queries.ShowNotFound as exc:
            return _fail(err, "actions", str(exc))
        totals = next((t for t in summary.load_totals(engine) if t.show_id == show_id), None)
        if totals is None:
            return _fail(err, "actions", f"show {show_id} is still running: add its items after it ends")
        try:
            item_id = actions.add_item(
                engine, from_show=totals, text=args.text, kpi=args.kpi, module_type=args.module_type,
                bound="min" if args.at_least is not None else "max",
                target=args.at_least if args.at_least is not None else args.at_most,
                anchor=args.anchor, who=args.by, now=now)
        except actions.ActionItemError as exc:
            return _fail(err, "actions", str(exc))
        print(f"action item {item_id} recorded for the next show of room {totals.room!r}"
              + (f" with {args.anchor}" if args.anchor else ""), file=out)
        return 0
    found = actions.checks(engine, room=args.room)
    if args.json:
        json.dump([c.as_json() for c in found], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    from console.anchors.text import print_actions

    print_actions(found, out)
    return 0
