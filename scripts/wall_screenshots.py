"""Screenshots of the rooms wall with real consoles running, in Chinese and English.

    bash -c 'source scripts/lib.sh && run_with_test_services python3 scripts/wall_screenshots.py'

(the test services give it a display, PostgreSQL and a keyring for the OBS
password and the intake tokens). On a fresh database of the test PostgreSQL
(or ``--db URL``) it starts, for real:

- 一号间: ``liveroom run --live`` on a sandbox OBS streaming to a local RTMP
  sink (OBS's own fps and dropped frames), simulated audience;
- 二号间, 四号间: headless rehearsals without OBS, simulated audience;
- 三号间: a rehearsal whose console is killed with SIGKILL (stale after 15 s);
- 五号间: a show run by this process whose module is held past its end by the
  operator (over/under in amber) — a headless run never overruns.

Then it opens the wall and writes docs/screenshots/wall-{zh,en}.png with
``QWidget.grab()``; everything started is stopped again.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qtloop import wait  # noqa: E402 (scripts/ is on sys.path: the scripts run as files)


SIZE = (1500, 340)
LANGUAGES = (("zh", "zh_CN"), ("en", "en"))
#: Rehearsal speeds: the rooms are at different points of the same 80-minute plan.
SPEEDS = {"一号间": 5.0, "二号间": 30.0, "三号间": 15.0, "四号间": 60.0}
DEMO = ROOT / "resources" / "shows" / "skincare_launch.yaml"
#: The room titles (the demo script with another title each).
TITLES = {"一号间": "秋冬修护专场", "二号间": "保湿面霜返场", "三号间": "礼盒预售夜", "四号间": "新客福利专场"}


def fresh_pg_database() -> tuple[str, callable]:
    from sqlalchemy import create_engine, text

    base = os.environ["LIVEROOM_TEST_PG_URL"]
    name = f"liveroom_wall_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.rsplit("/", 1)[0] + "/" + name, drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a fresh database on LIVEROOM_TEST_PG_URL)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIVEROOM_HOME", tempfile.mkdtemp(prefix="liveroom-wall-shots-"))
    work = Path(tempfile.mkdtemp(prefix="liveroom-wall-scripts-"))
    drop = None
    db_url = args.db
    if db_url is None:
        db_url, drop = fresh_pg_database()

    from console.obs.processes import RtmpSink
    from console.obs.sandbox import ObsSandbox, obs_installed
    from console.secrets import set_obs_password
    from db.engine import open_database
    from tests.harness.common import stop_process
    from ui.app import create_application
    from ui.windows.wall_window import WallWindow

    app, translations, _settings = create_application([sys.argv[0]])
    args.out.mkdir(parents=True, exist_ok=True)
    sink = sandbox = None
    processes: dict[str, subprocess.Popen] = {}
    held = None
    engine = open_database(db_url)
    try:
        text = DEMO.read_text(encoding="utf-8")
        scripts = {}
        for room, title in TITLES.items():
            scripts[room] = work / f"{room}.yaml"
            scripts[room].write_text(text.replace("title: 秋冬修护专场", f"title: {title}", 1), encoding="utf-8")

        def run(room: str, *extra: str) -> subprocess.Popen:
            return subprocess.Popen([sys.executable, "-m", "console.cli", "run", str(scripts[room]), "--headless",
                                     "--room", room, "--speed", str(SPEEDS[room]), "--db", db_url, "--simulate",
                                     "--intake", "127.0.0.1:0", *extra],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        if obs_installed() and RtmpSink.available():
            sink = RtmpSink().start()
            sandbox = ObsSandbox(rtmp_url=sink.url).start()
            set_obs_password(sandbox.url, sandbox.password)
            processes["一号间"] = run("一号间", "--obs-url", sandbox.url, "--live")
        else:
            print("no OBS or RTMP sink here: 一号间 runs without OBS", file=sys.stderr)
            processes["一号间"] = run("一号间", "--rehearsal", "--no-obs")
        for room in ("二号间", "三号间", "四号间"):
            processes[room] = run(room, "--rehearsal", "--no-obs")

        # 五号间: run here, its opening (5 min) held by the operator, 5 min 40 s in.
        from console.recording import Recorder
        from console.session import ShowSession
        from console.show.loader import load_script_text

        script = load_script_text(text.replace("title: 秋冬修护专场", "title: 限时秒杀加场", 1), str(DEMO)).script
        recorder = Recorder(engine)
        held = ShowSession(script, recorder=recorder, kind="rehearsal", room="五号间", clock=time.time)
        mono0 = time.monotonic() - 340  # started 5 min 40 s ago on the show's own clock
        held.start(mono0)
        held.command("hold", mono0 + 290)  # the anchor is still talking: the operator holds the module

        def tick() -> None:
            held.tick(time.monotonic())

        window = WallWindow(engine, None)
        window.resize(*SIZE)
        window.show()
        window.start()
        # Five rooms with a beat each and OBS figures for 一号间; then 三号间's console dies.
        wait(90, lambda: len(window.model.rooms) == 5 and all(r.obs != "unknown" for r in window.model.rooms)
             and (sandbox is None or any(r.fps is not None for r in window.model.rooms)), tick, step_ms=50)
        processes["三号间"].send_signal(signal.SIGKILL)
        processes["三号间"].wait(10)
        if not wait(40, lambda: any(r.health == "stale" for r in window.model.rooms), tick, step_ms=50):
            raise SystemExit("三号间 did not turn stale")
        for short, language in LANGUAGES:
            translations.apply(language)
            wait(2.5, tick=tick, step_ms=50)
            out = args.out / f"wall-{short}.png"
            window.grab().save(str(out))
            print(f"wrote {out} ({language})")
        translations.apply("en")
        window.close()
    finally:
        for process in processes.values():
            stop_process(process, 30)
        if held is not None:
            held.close(time.monotonic())
            held.recorder.close()
        if sandbox is not None:
            sandbox.stop()
        if sink is not None:
            sink.close()
        engine.dispose()
        if drop is not None:
            drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
