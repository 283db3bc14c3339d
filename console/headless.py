"""``liveroom run SCRIPT --headless``: a show with no window (CONTRACTS.md §1).

The outermost loop of a headless run lives here and is the only place that
reads the clock. With no operator, every module advances at its planned end
(``end: hold`` included) and the run ends after the last one. Ctrl-C/SIGTERM
ends it cleanly, recorded as ended early.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from typing import Any, TextIO

from console import show_assembly
from console.errors import CommandFailed
from console.obs.protocol import ObsLink
from console.session import parse_intake_address
from console.station import Station
from db.engine import open_failure

log = logging.getLogger(__name__)

#: The loop's period. Cues fire within one period of their instant (in wall
#: time); at --speed 20 that is 2 s of show time at most, fine for a rehearsal.
TICK_S = 0.1
#: How long a headless run waits for OBS before it gives up at the start.
OBS_CONNECT_WAIT_S = 10.0


def run_headless(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from console.show.loader import load_script

    threads_before = set(threading.enumerate())
    result = load_script(args.script)
    for diagnostic in result.errors:
        print(diagnostic, file=err)
    if result.script is None or result.errors:
        raise CommandFailed(f"{args.script} has errors; fix them first (liveroom lint {args.script})")
    script = result.script
    kind = "rehearsal" if (args.rehearsal or args.no_obs) else "live"
    drill = _load_drill(args, kind, err)
    try:
        parse_intake_address(args.intake)  # a usage mistake stops the run before it starts
    except ValueError as exc:
        raise CommandFailed(str(exc)) from None

    try:
        station = Station(args.db, room=getattr(args, "room", ""), intake=args.intake)
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback
        raise CommandFailed(open_failure(args.db, exc)) from None
    session = None
    control = None  # console.control.loop.HeadlessControl with --control / --auto-arm
    stop = threading.Event()
    previous_handlers = {}
    try:
        if args.live and kind == "live":  # the sign-off gate (console.commerce.approval); rehearsals pass
            from console.commerce.approval import live_refusal

            refusal = live_refusal(station.engine, script)
            if refusal is not None:
                raise CommandFailed(refusal)
        recovery = None
        if getattr(args, "resume", None):
            recovery = _find_recovery(station.engine, args, result.script, err)
            kind = recovery.kind
        obs = None
        if not args.no_obs:
            obs = _connect_obs(station, args.obs_url, kind)
        session = _assemble(args, station, script, kind, recovery, obs, err)
        session.sources.specs = list(getattr(args, "sources", ()))  # --source: started with the intake
        station.show = session
        if getattr(args, "anchor", None) and recovery is None:
            session.runtime.anchor = args.anchor
        if drill is not None:
            from console.drills.trainer import FaultTrainer

            session.drill = FaultTrainer(drill)

        def on_signal(_signum: int, _frame: Any) -> None:
            stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            previous_handlers[sig] = signal.signal(sig, on_signal)

        print(f"show {session.show_id}: {script.show.title} ({kind}, speed {session.speed:g}×, "
              f"{len(script.modules)} modules, {script.planned_total / 60:.1f} min planned)", file=out, flush=True)
        _print_action_items(station, session, out)
        warning = session.open_intake(args.intake)
        if warning:
            print(f"liveroom: warning: {warning}", file=err)
        else:
            host, port = session.intake.address
            print(f"  audience intake: http://{host}:{port}/v1/events (token: liveroom ingest token)", file=out)
        for line in session.start_sources():
            print(f"liveroom: warning: {line}", file=err)
        for report in session.source_health():
            print(f"  audience source: {report.kind}:{report.target} ({report.state})", file=out)
        for finding in session.check_against_obs().result(10):
            print(finding, file=err)
        control = _open_control(args, session, obs, out)
        if recovery is not None:
            session.resume(time.monotonic(), who="headless")
            status = session.runtime.status(time.monotonic())
            print(f"  resumed at {_clock(status.now)} in {status.module.id if status.module else '—'} "
                  f"(the console was down {(status.now - recovery.crash_show_t) / session.speed:.0f} s; "
                  f"{len(session.playbooks.runner.open_incidents()) if session.playbooks else 0} open incidents)",
                  file=out, flush=True)
            if obs is not None:
                snapshot = obs.snapshot  # re-read from OBS on connect: what is on air now, not what we last sent
                print(f"  OBS: program \"{snapshot.program_scene}\", "
                      f"{'streaming' if snapshot.streaming else 'not streaming'}", file=out, flush=True)
        elif control is None or control.auto_arm is None:  # auto-arm: OBS's stream start starts the show
            session.start(time.monotonic())
        current = None
        while not session.ended:
            if control.sleep(stop, TICK_S) if control is not None else stop.wait(TICK_S):
                session.stop(time.monotonic(), early=True, who="signal")
                break
            mono = time.monotonic()
            session.tick(mono)
            if control is not None:
                control.turn(mono)  # commands from the control API, then the state it serves
            module = session.runtime.run_of_show.current_module
            if module is not None and module.id != current:
                current = module.id
                print(f"  ▶ {module.id}: {module.title}", file=out, flush=True)
        if session.replay is not None:
            # Events stamped at or before the end still belong to the show.
            session.tick(time.monotonic())
        station.close_show(time.monotonic())
        _summary(session, out)
        if drill is not None:
            from console.drills.results import print_scores, scores_for_show

            print_scores(scores_for_show(station.engine, session.show_id), out)
        return 0
    finally:
        if control is not None:
            control.close()
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)
        # The show (ended early if it still runs), OBS, the journal, the recorder, the database: in that order.
        station.shutdown()
        _report_threads_left(threads_before, err)


def _assemble(args: argparse.Namespace, station: Station, script: Any, kind: str, recovery: Any, obs: ObsLink | None,
              err: TextIO) -> Any:
    """The run's show (console.show_assembly): its replay file and/or simulator, matcher and playbooks."""
    replay = None
    if args.replay:
        from console.audience.replay import ReplayError, ReplaySource

        try:
            replay = ReplaySource(args.replay)
        except ReplayError as exc:
            raise CommandFailed(str(exc)) from None
        for line in replay.diagnostics()[:20]:
            print(line, file=err)
        if len(replay.rejected) > 20:
            print(f"… and {len(replay.rejected) - 20} more rejected lines", file=err)
    simulator = None
    rate = getattr(args, "simulate_rate", None)
    if args.simulate or rate:
        simulator = show_assembly.audience_simulator(rate)
    matcher, playbooks = show_assembly.load_show_helpers(lambda line: print(line, file=err), tolerant=False)
    live_stream = args.live and obs is not None
    targets = _targets(args, script) if recovery is None else None
    rules_script = recovery.script if recovery is not None else script
    ruleset, diagnostics = show_assembly.load_rules(rules_script, getattr(args, "rules", None), playbooks)
    for diagnostic in diagnostics:
        print(diagnostic, file=err)
    if ruleset is None:
        raise CommandFailed(f"{args.rules} has errors; fix them first (liveroom lint {args.rules})")
    rules = show_assembly.show_rules(rules_script, ruleset)
    if recovery is not None:
        return show_assembly.assemble_resumed_show(recovery, recorder=station.recorder, obs=obs,
                                                   journal=station.journal, replay=replay, simulator=simulator,
                                                   matcher=matcher, playbooks=playbooks, live_stream=live_stream,
                                                   rules=rules)
    return show_assembly.assemble_show(script, recorder=station.recorder, obs=obs, journal=station.journal,
                                       kind=kind, speed=args.speed, room=station.room, script_path=args.script,
                                       replay=replay, simulator=simulator, matcher=matcher, playbooks=playbooks,
                                       live_stream=live_stream, unattended=True, targets=targets,
                                       rules=rules)


def _targets(args: argparse.Namespace, script: Any) -> Any:
    """The targets of the run (shipped < team file < the script's ``targets:`` < ``--targets FILE``)."""
    from console.targets.loader import TargetsError, resolve_targets

    try:
        return resolve_targets(script=script, targets_file=getattr(args, "targets", None))
    except TargetsError as exc:
        raise CommandFailed(str(exc)) from None


def _print_action_items(station: Station, session: Any, out: TextIO) -> None:
    """What earlier reviews of this room (or anchor) decided this show should fix (PDCA)."""
    from console.anchors.actions import open_for

    try:
        items = open_for(station.engine, room=station.room, anchor=session.runtime.anchor)
    except Exception:  # a reminder, never a reason not to run the show (logged)
        log.exception("reading the action items failed")
        return
    for item in items:
        scope = f"{item.module_type} " if item.module_type else ""
        print(f"  to act on: {item.text} ({scope}{item.kpi} {'≥' if item.bound == 'min' else '≤'} {item.target:g})",
              file=out, flush=True)


def _load_drill(args: argparse.Namespace, kind: str, err: TextIO) -> Any:
    """The drill of ``--drill FILE`` (rehearsals only), or None; its errors stop the run before it starts."""
    if not getattr(args, "drill", None):
        return None
    if kind == "live" or args.live:
        raise CommandFailed("--drill runs only in a rehearsal (add --rehearsal, or --no-obs): "
                            "a drill breaks OBS on purpose")
    from console.drills.loader import load_drill_file

    drill, diagnostics = load_drill_file(args.drill)
    for diagnostic in diagnostics:
        print(diagnostic, file=err)
    if drill is None:
        raise CommandFailed(f"{args.drill} has errors; fix them first (liveroom lint {args.drill})")
    return drill


def _open_control(args: argparse.Namespace, session: Any, obs: ObsLink | None, out: TextIO) -> Any:
    """The control API (``--control``) and auto-arm (``--auto-arm``) of this run, or None (console.control)."""
    address, auto_arm = getattr(args, "control", None), getattr(args, "auto_arm", False)
    if address is None and not auto_arm:
        return None
    from console.control.loop import HeadlessControl
    from console.secrets import KeyringUnavailable

    if auto_arm and obs is None:
        raise CommandFailed("--auto-arm needs OBS: it starts the show when OBS starts streaming")
    try:
        return HeadlessControl(session, obs, address=address, auto_arm=auto_arm).open(out)
    except (ValueError, KeyringUnavailable) as exc:
        raise CommandFailed(f"the control API is off: {exc}") from None
    except OSError as exc:
        raise CommandFailed(f"the control API cannot listen on {address}: {exc.strerror or exc}") from None


def _report_threads_left(before: set[threading.Thread], err: TextIO) -> None:
    """Name any thread the run started that still runs once everything is stopped (one stderr line).

    The console's threads are daemons, so one that failed to stop would die
    silently with the interpreter, perhaps mid-write: say so instead. The
    soak benchmark (tests/bench/bench_soak.py) asserts there is none.
    """
    left = [thread.name for thread in threading.enumerate() if thread not in before and thread.is_alive()]
    if left:
        print(f"liveroom: warning: {len(left)} threads still running at exit: {', '.join(sorted(left))}", file=err)


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _find_recovery(engine: Any, args: argparse.Namespace, script: Any, err: TextIO) -> Any:
    """The interrupted show ``--resume`` names (or the newest one of this script in this room)."""
    import hashlib

    from console.recovery import RecoveryError, find_interrupted, load_recovery

    interrupted = find_interrupted(engine, room=None if args.resume != "latest" else args.room)
    if args.resume == "latest":
        digest = hashlib.sha256(script.source_text.encode("utf-8")).hexdigest() if script.source_text else None
        ids = [i.show_id for i in interrupted]
        matching = _shows_with_script(engine, ids, digest)
        if not matching:
            raise CommandFailed(f"no interrupted show of {args.script} in room '{args.room}' "
                                "(a show is interrupted when its console stopped beating while it ran)")
        show_id = matching[0]
    else:
        show_id = args.resume
        if show_id not in {i.show_id for i in interrupted}:
            try:
                load_recovery(engine, show_id)
            except RecoveryError as exc:
                raise CommandFailed(str(exc)) from None
            raise CommandFailed(f"show {show_id} is still beating: another console runs it")
    try:
        recovery = load_recovery(engine, show_id)
    except RecoveryError as exc:
        raise CommandFailed(str(exc)) from None
    if script.source_text and recovery.script.source_text != script.source_text:
        print(f"liveroom: warning: {args.script} changed since show {show_id} started; "
              "it resumes with the script as it was run", file=err)
    return recovery


def _shows_with_script(engine: Any, show_ids: list[str], digest: str | None) -> list[str]:
    if not show_ids or digest is None:
        return []
    from sqlalchemy import select

    from db import schema

    shows = schema.shows
    with engine.connect() as connection:
        found = set(connection.execute(select(shows.c.id).where(shows.c.id.in_(show_ids),
                                                                shows.c.script_sha256 == digest)).scalars())
    return [show_id for show_id in show_ids if show_id in found]  # newest first, as listed


def _connect_obs(station: Station, url: str, kind: str) -> Any:
    """The station's OBS client once connected; None (rehearsal) or CommandFailed (live) when it is not."""
    from console.obs.client import ObsClient
    from console.obs.model import ConnectionState
    from console.secrets import KeyringUnavailable, obs_password

    def password(for_url: str) -> str | None:
        try:
            return obs_password(for_url)
        except KeyringUnavailable:
            return None

    client = station.connect(ObsClient(url, password_provider=password))
    client.wait_for_state(ConnectionState.OK, ConnectionState.AUTH_FAILED, timeout=OBS_CONNECT_WAIT_S)
    if client.state != ConnectionState.OK:
        reason = client.state_reason
        station.disconnect()
        if kind == "live":
            raise CommandFailed(f"OBS at {url}: {reason} (use --rehearsal --no-obs to run without OBS)")
        return None
    return client


def _summary(session: Any, out: TextIO) -> None:
    runtime = session.runtime
    counts: dict[str, int] = {}
    for result in runtime.results:
        counts[result.status] = counts.get(result.status, 0) + 1
    cues = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none"
    ended = "ended early" if runtime.run_of_show.ended_early else "ended"
    over = runtime.run_of_show.show_over_under(runtime.run_of_show.timeline[-1].end or 0.0) if runtime.run_of_show.timeline else 0.0
    snapshot = session.live.snapshot(runtime.unix_at(runtime.run_of_show.timeline[-1].end or 0.0)) \
        if runtime.run_of_show.timeline else None
    gmv = snapshot.show.gmv if snapshot else None
    print(f"show {session.show_id} {ended}; cues: {cues}; over/under {over:+.0f} s; "
          f"GMV {gmv if gmv is not None else 0:.2f}; review: liveroom review {session.show_id}", file=out)
    player = session.player
    if player.events_generated:
        print(f"  audience: {player.events_recorded} of {player.events_generated} replayed/simulated events "
              f"recorded ({player.submit_errors} failed batches)", file=out)
