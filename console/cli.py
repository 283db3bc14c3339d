"""The ``liveroom`` command (CONTRACTS.md §1).

Exit codes: 0 success; 1 the operation failed, with one line on stderr; 2 a
usage error. Every network wait is bounded (5 s by default), so no command
hangs. Heavy modules (Qt, the review) are imported only by the commands that
need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Sequence, TextIO

from console.errors import CommandFailed

DEFAULT_OBS_URL = "ws://127.0.0.1:4455"
DEFAULT_INTAKE = "127.0.0.1:8750"
#: How long a one-shot command waits for OBS before giving up.
CLI_TIMEOUT_S = 5.0


def default_room() -> str:
    """The room a console runs (the rooms wall's first column): LIVEROOM_ROOM, else the host name."""
    import socket

    return os.environ.get("LIVEROOM_ROOM") or socket.gethostname()


def _common(parser: argparse.ArgumentParser, *, obs: bool = False, db: bool = False, intake: bool = False,
            room: bool = False, top: bool = False) -> None:
    """The common options, accepted before or after the subcommand.

    The top-level parser holds the defaults (environment first); a
    subcommand's copy uses SUPPRESS so it only overrides when given: otherwise
    argparse would let the subcommand's default erase ``liveroom --db X run``.
    """

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    if obs:
        parser.add_argument("--obs-url", default=default(os.environ.get("LIVEROOM_OBS_URL", DEFAULT_OBS_URL)),
                            help=f"OBS websocket URL (env LIVEROOM_OBS_URL; default {DEFAULT_OBS_URL})")
    if db:
        parser.add_argument("--db", default=default(os.environ.get("LIVEROOM_DB")),
                            help="SQLAlchemy database URL (env LIVEROOM_DB; default a SQLite file in the user data directory)")
    if intake:
        parser.add_argument("--intake", default=default(os.environ.get("LIVEROOM_INTAKE", DEFAULT_INTAKE)),
                            help=f"audience intake HOST:PORT (env LIVEROOM_INTAKE; default {DEFAULT_INTAKE})")
    if room:
        parser.add_argument("--room", default=default(default_room()),
                            help="the room this console runs, as the rooms wall shows it (env LIVEROOM_ROOM; "
                                 "default the host name)")


def _source_argument(text: str) -> Any:
    """``--source KIND[:TARGET]`` → a resolved SourceSpec; a bad one is a usage error (exit 2) saying why."""
    from console.sources.registry import parse_and_resolve
    from console.sources.spec import SourceSpecError

    try:
        return parse_and_resolve(text)
    except SourceSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _sources_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", dest="sources", action="append", default=[], type=_source_argument,
                        metavar="KIND[:TARGET]", help="an audience source, repeatable (CONTRACTS §8): "
                        "oba[:ws://HOST:PORT], tiktok:@unique_id; events are taken from the show's opening")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="liveroom", description="Control console for live-commerce broadcasts.")
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    _common(parser, obs=True, db=True, intake=True, room=True, top=True)
    parser.add_argument("--targets", metavar="FILE.yaml", default=None,
                        help="the window's targets, over the team's and each script's (CONTRACTS §9.1)")
    parser.add_argument("--rules", metavar="RULES.yaml",
                        help="adjustment rules (CONTRACTS §9.2) for the shows this window or run opens")
    _control_options(parser)  # the window's (`liveroom --control`); run and demo take their own after the command
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="open the console on the bundled sample show (sandbox OBS when installed)")
    _common(demo, db=True, intake=True, room=True)
    demo.add_argument("--no-obs", action="store_true", help="do not start a sandbox OBS (offline rehearsal)")
    _sources_option(demo)
    _control_options(demo)

    sandbox = sub.add_parser("obs-sandbox", help="start a real, isolated, headless OBS with demo scenes")
    sandbox.add_argument("--port", type=int, default=None, help="websocket port (default: a free one)")

    obs = sub.add_parser("obs", help="talk to OBS")
    obs_sub = obs.add_subparsers(dest="obs_command", metavar="OBS_COMMAND")
    obs_sub.required = True
    set_password = obs_sub.add_parser("set-password", help="read the OBS websocket password from stdin into the keyring")
    _common(set_password, obs=True)
    status = obs_sub.add_parser("status", help="connection, scenes, stream/record state, fps, CPU, dropped frames")
    _common(status, obs=True)
    status.add_argument("--json", action="store_true")
    scenes = obs_sub.add_parser("scenes", help="the scene list, marking program and preview")
    _common(scenes, obs=True)
    scenes.add_argument("--json", action="store_true")
    switch = obs_sub.add_parser("switch", help="switch program (or preview) and return once OBS confirms")
    _common(switch, obs=True)
    switch.add_argument("scene")
    switch.add_argument("--preview", action="store_true")

    lint = sub.add_parser("lint", help="validate show scripts and playbooks")
    lint.add_argument("files", nargs="+", metavar="FILE.yaml")
    lint.add_argument("--json", action="store_true")

    run = sub.add_parser("run", help="run a show (headless)")
    _common(run, obs=True, db=True, intake=True, room=True)
    run.add_argument("script", metavar="SCRIPT.yaml")
    run.add_argument("--headless", action="store_true", help="no window (required for now)")
    run.add_argument("--replay", metavar="EVENTS.jsonl")
    run.add_argument("--speed", type=float, default=1.0)
    run.add_argument("--live", action="store_true", help="start streaming at the start, stop at the end")
    run.add_argument("--rehearsal", action="store_true", help="record the run as a rehearsal")
    run.add_argument("--no-obs", action="store_true", help="run without OBS (rehearsal)")
    run.add_argument("--simulate", action="store_true", help="feed the built-in audience simulator")
    run.add_argument("--simulate-rate", type=float, metavar="COMMENTS_PER_S",
                     help="the simulator's base comment rate per show second (implies --simulate; default 2)")
    run.add_argument("--anchor", metavar="NAME", help="who presents this run (default: the script's show.anchor)")
    run.add_argument("--drill", metavar="FILE",
                     help="a rehearsal with the faults of a drill file (console/drills); scores printed at the end")
    _sources_option(run)
    run.add_argument("--targets", metavar="FILE.yaml", default=argparse.SUPPRESS,
                     help="targets that override the team's and the script's (CONTRACTS §9.1)")
    run.add_argument("--rules", metavar="RULES.yaml", default=argparse.SUPPRESS,
                     help="adjustment rules (CONTRACTS §9.2) over the script's own")
    _control_options(run)
    run.add_argument("--resume", nargs="?", const="latest", metavar="SHOW_ID",
                     help="continue a show whose console died (default: the newest interrupted show of SCRIPT "
                          "in this room)")

    approve = sub.add_parser("approve", help="record the sign-off of a script with medical or false-claims wording")
    _common(approve, db=True)
    approve.add_argument("script", metavar="SCRIPT.yaml")
    approve.add_argument("--by", required=True, metavar="NAME", help="who approves (recorded)")

    review = sub.add_parser("review", help="post-show review")
    _common(review, db=True)
    review.add_argument("show", nargs="?", default="latest", metavar="SHOW_ID|latest")
    review.add_argument("--export", metavar="FILE", help="FILE.html, FILE.csv, FILE.pdf or FILE.json")
    review.add_argument("--targets", metavar="FILE.yaml", default=argparse.SUPPRESS,
                        help="targets that override the team's and the script's (CONTRACTS §9.1)")
    review.add_argument("--list", action="store_true", help="list recorded shows")
    review.add_argument("--follow-up-done", type=int, metavar="N", help="mark the show's follow-up N done (with --by)")
    review.add_argument("--by", metavar="NAME", help="who did the follow-up")
    review.add_argument("--text", action="store_true",
                        help="print the review even when a display is available (the window opens otherwise)")
    review.add_argument("--language", choices=("en", "zh_CN"), default=None,
                        help="language of the HTML/PDF report (default: LIVEROOM_LANGUAGE, else the locale)")

    wall = sub.add_parser("wall", help="the rooms wall: every show running in the (team) database, refreshed live")
    _common(wall, db=True)
    wall.add_argument("--once", action="store_true", help="print the rooms once instead of opening the window")
    wall.add_argument("--json", action="store_true", help="with --once: a JSON list of rooms")
    wall.add_argument("--ended-within", type=float, default=0.0, metavar="SECONDS",
                      help="also list shows that ended this many seconds ago")

    from console.anchors import cli as anchors_cli

    anchors_cli.add_parsers(sub, _common)

    ingest = sub.add_parser("ingest", help="audience intake")
    ingest_sub = ingest.add_subparsers(dest="ingest_command", metavar="INGEST_COMMAND")
    ingest_sub.required = True
    ingest_sub.add_parser("token", help="print the audience-intake bearer token")

    control = sub.add_parser("control", help="the control API (CONTRACTS §11)")
    control_sub = control.add_subparsers(dest="control_command", metavar="CONTROL_COMMAND")
    control_sub.required = True
    control_sub.add_parser("token", help="print the control API's bearer token")
    return parser


def _control_options(parser: argparse.ArgumentParser) -> None:
    """``--control [HOST:PORT]`` and ``--auto-arm`` (console/control, docs/control-surface.md)."""
    from console.control import DEFAULT_CONTROL_ADDRESS

    parser.add_argument("--control", nargs="?", const=DEFAULT_CONTROL_ADDRESS, default=None, metavar="HOST:PORT",
                        help=f"serve the control API and the phone remote (default {DEFAULT_CONTROL_ADDRESS}; "
                             "bind a LAN address to reach it from a phone)")
    parser.add_argument("--auto-arm", action="store_true",
                        help="start the show when OBS starts streaming, end it when OBS stops")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.command)
    try:
        return _dispatch(args, sys.stdout, sys.stderr)
    except CommandFailed as exc:
        print(f"liveroom: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def review_window_wanted(args: argparse.Namespace, out: TextIO) -> bool:
    """``liveroom review [ID]`` opens the review window for a person at a desktop.

    Text when asked (``--text``), for an export or the list, with no display, or
    when the output goes to a pipe or a file (``liveroom review | grep``, scripts).
    """
    if args.text or args.export or args.list:
        return False
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")):
        return False
    return bool(getattr(out, "isatty", lambda: False)())


def _configure_logging(command: str | None) -> None:
    """One-shot commands speak in one line on stderr; the log goes to a file.

    ``LIVEROOM_LOG=debug|info|warning`` also prints the log on stderr.
    """
    import logging

    level_name = os.environ.get("LIVEROOM_LOG", "").upper()
    handlers: list[logging.Handler] = []
    if level_name:
        handlers.append(logging.StreamHandler())
    if command in (None, "demo", "run", "obs-sandbox"):
        try:
            from console.paths import data_dir

            handlers.append(logging.FileHandler(data_dir() / "liveroom.log", encoding="utf-8"))
        except OSError:
            pass
    if not handlers:
        handlers.append(logging.NullHandler())
    logging.basicConfig(level=getattr(logging, level_name, logging.INFO), handlers=handlers,
                        format="%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s", force=True)


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    command = args.command
    if command is None:
        from ui.app import run_console

        return run_console(db_url=args.db, obs_url=args.obs_url, intake=args.intake, room=args.room,
                           targets_file=args.targets, rules=args.rules, control=args.control,
                           auto_arm=args.auto_arm)
    if command == "demo":
        from ui.demo import run_demo

        return run_demo(db_url=args.db, intake=args.intake, with_obs=not args.no_obs, room=args.room,
                        sources=args.sources, control=args.control, auto_arm=args.auto_arm)
    if command == "obs-sandbox":
        from console.obs.sandbox import run_sandbox_command

        return run_sandbox_command(args.port)
    if command == "obs":
        return _obs_command(args, out, err)
    if command == "lint":
        from console.show.lint import lint_command

        return lint_command(args.files, args.json, out, err)
    if command == "run":
        if not args.headless:
            raise CommandFailed("only `liveroom run SCRIPT --headless` exists; open the window with `liveroom`")
        if args.simulate_rate is not None and args.simulate_rate <= 0:
            raise CommandFailed("--simulate-rate must be positive")
        if args.speed <= 0:
            raise CommandFailed("--speed must be positive")
        from console.headless import run_headless

        return run_headless(args, out, err)
    if command == "approve":
        import time

        from console.commerce.approval import approve_command

        return approve_command(args, out, err, time.time())  # the outermost loop reads the clock
    if command == "review":
        if review_window_wanted(args, sys.stdout):
            from ui.app import run_review

            return run_review(args.db, args.show or "latest")
        from console.review.cli import review_command

        return review_command(args, out, err)
    if command == "wall":
        if not args.once:
            from ui.app import run_wall

            return run_wall(args.db, include_ended_within_s=args.ended_within)
        from console.wall import wall_command

        return wall_command(args, out, err)
    if command == "anchors" and args.window:
        from ui.app import run_anchors

        return run_anchors(args.db)
    if command in ("anchors", "health", "actions"):
        from console.anchors.cli import dispatch

        return dispatch(args, out, err)
    if command == "ingest":
        from console.audience.token import ingest_token_command

        return ingest_token_command(out, err)
    if command == "control":
        from console.control.token import control_token_command

        return control_token_command(out, err)
    raise CommandFailed(f"unknown command {command}")  # pragma: no cover - argparse rejects it first


# ---------------------------------------------------------------------- obs
def _obs_password(url: str) -> str | None:
    from console.secrets import KeyringUnavailable, obs_password

    try:
        return obs_password(url)
    except KeyringUnavailable:
        return None  # OBS may not need one; if it does, the auth error says what to do


def _connected_client(url: str):
    from console.obs.client import ObsClient
    from console.obs.connection import parse_url
    from console.obs.model import ConnectionState

    try:
        parse_url(url)
    except ValueError as exc:
        raise CommandFailed(str(exc)) from None
    client = ObsClient(url, _obs_password(url), reconnect=False, request_timeout=CLI_TIMEOUT_S,
                       connect_timeout=CLI_TIMEOUT_S)
    client.start()
    finished = client.wait_for_state(ConnectionState.OK, ConnectionState.AUTH_FAILED, ConnectionState.DISCONNECTED,
                                     timeout=CLI_TIMEOUT_S * 2 + 1)
    return client, finished


def _obs_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.obs_command == "set-password":
        from console.secrets import KeyringUnavailable, set_obs_password

        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandFailed("no password on stdin (pipe it in: echo -n PASSWORD | liveroom obs set-password)")
        try:
            set_obs_password(args.obs_url, password)
        except KeyringUnavailable as exc:
            raise CommandFailed(str(exc)) from None
        print(f"stored the OBS password for {args.obs_url} in the system keyring", file=out)
        return 0

    import time

    from console.obs.model import ConnectionState

    client, _ = _connected_client(args.obs_url)
    try:
        state = client.state
        if args.obs_command == "status":
            if state == ConnectionState.OK and client.snapshot.health is None:
                deadline = time.monotonic() + 2.0
                while client.snapshot.health is None and time.monotonic() < deadline:
                    time.sleep(0.05)
            status = _status_object(client)
            if args.json:
                print(json.dumps(status, ensure_ascii=False), file=out)
            else:
                _print_status(status, out)
            if state != ConnectionState.OK:
                print(f"liveroom: OBS at {args.obs_url}: {client.state_reason}", file=err)
                return 1
            return 0
        if state != ConnectionState.OK:
            raise CommandFailed(f"OBS at {args.obs_url}: {client.state_reason}")
        snapshot = client.snapshot
        if args.obs_command == "scenes":
            rows = [{"name": name, "program": name == snapshot.program_scene,
                     "preview": snapshot.studio_mode and name == snapshot.preview_scene} for name in snapshot.scenes]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False), file=out)
            else:
                for row in rows:
                    mark = "PGM" if row["program"] else ("PVW" if row["preview"] else "   ")
                    print(f"{mark}  {row['name']}", file=out)
            return 0
        if args.obs_command == "switch":
            return _switch(client, args.scene, args.preview, out)
    finally:
        client.stop()
    raise CommandFailed(f"unknown obs command {args.obs_command}")  # pragma: no cover


def _switch(client: Any, scene: str, preview: bool, out: TextIO) -> int:
    """Switch and wait for OBS's own event confirming it (not just the request's answer)."""
    import threading

    confirmed = threading.Event()
    wanted_event = "CurrentPreviewSceneChanged" if preview else "CurrentProgramSceneChanged"

    def on_event(event_type: str, data: dict[str, Any]) -> None:
        if event_type == wanted_event and data.get("sceneName") == scene:
            confirmed.set()

    if scene not in client.snapshot.scenes:
        known = ", ".join(client.snapshot.scenes) or "none"
        raise CommandFailed(f"unknown scene '{scene}' (OBS has: {known})")
    if preview and not client.snapshot.studio_mode:
        raise CommandFailed("OBS is not in studio mode, so there is no preview to switch")
    already = client.snapshot.preview_scene if preview else client.snapshot.program_scene
    client.obs_event.connect(on_event)
    request = "SetCurrentPreviewScene" if preview else "SetCurrentProgramScene"
    result = client.call(request, {"sceneName": scene}, origin="cli")
    if not result.ok:
        raise CommandFailed(f"OBS refused to switch to '{scene}': {result.error_text}")
    # OBS sends no change event when the scene was already current.
    if already != scene and not confirmed.wait(CLI_TIMEOUT_S):
        raise CommandFailed(f"OBS accepted the switch to '{scene}' but did not confirm it within {CLI_TIMEOUT_S:g} s")
    print(f"{'preview' if preview else 'program'}: {scene}", file=out)
    return 0


def _status_object(client: Any) -> dict[str, Any]:
    snapshot = client.snapshot
    health = snapshot.health
    connected = client.state.value == "ok"
    return {
        "connection": client.state.value,
        "reason": client.state_reason,
        "obs_url": client.url,
        "obs_version": snapshot.obs_version if connected else None,
        "websocket_version": snapshot.websocket_version if connected else None,
        "program_scene": snapshot.program_scene if connected else None,
        "preview_scene": snapshot.preview_scene if connected and snapshot.studio_mode else None,
        "studio_mode": snapshot.studio_mode if connected else None,
        "streaming": snapshot.streaming if connected else None,
        "stream_timecode": health.stream_timecode if connected and health else None,
        "recording": snapshot.recording if connected else None,
        "record_timecode": health.record_timecode if connected and health else None,
        "fps": round(health.fps, 2) if connected and health else None,
        "cpu": round(health.cpu, 2) if connected and health else None,
        "render_skipped_frames": health.render_skipped_frames if connected and health else None,
        "render_total_frames": health.render_total_frames if connected and health else None,
        "output_skipped_frames": health.output_skipped_frames if connected and health else None,
        "output_total_frames": health.output_total_frames if connected and health else None,
    }


def _print_status(status: dict[str, Any], out: TextIO) -> None:
    print(f"connection:   {status['connection']} ({status['reason']})", file=out)
    if status["connection"] != "ok":
        return
    print(f"OBS:          {status['obs_version']} (websocket {status['websocket_version']})", file=out)
    print(f"program:      {status['program_scene']}", file=out)
    print(f"studio mode:  {'on, preview ' + str(status['preview_scene']) if status['studio_mode'] else 'off'}", file=out)
    stream = f"live {status['stream_timecode']}" if status["streaming"] else "off"
    record = f"recording {status['record_timecode']}" if status["recording"] else "off"
    print(f"stream:       {stream}", file=out)
    print(f"record:       {record}", file=out)
    print(f"fps / CPU:    {status['fps']} / {status['cpu']} %", file=out)
    print(f"dropped:      render {status['render_skipped_frames']}/{status['render_total_frames']}, "
          f"output {status['output_skipped_frames']}/{status['output_total_frames']}", file=out)


if __name__ == "__main__":  # pragma: no cover
    # `python -m console.cli` runs this file as __main__, a second copy of the module:
    # run the real module's main, so there is one copy of its state.
    from console.cli import main as cli_main

    sys.exit(cli_main())
