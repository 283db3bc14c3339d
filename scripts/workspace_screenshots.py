"""Screenshots of the console's workspaces on the sample show with the sandbox OBS, in Chinese and English.

    xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/workspace_screenshots.py [--only controller] [--sizes 1600]

Starts the sandbox OBS on a display of its own (as the demo does), runs the
sample show as a rehearsal with the simulated audience (KPIs and charts move,
comments arrive), opens a warning incident (the status bar's strip) and grabs
the window in each workspace: docs/screenshots/workspace-{name}-{zh,en}-{width}.png; then the
anchor's screen at 1920×1080 (docs/screenshots/anchor-{zh,en}.png).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from qtloop import wait  # noqa: E402 (scripts/ is on sys.path: the scripts run as files)

SIZES = {1366: (1366, 768), 1600: (1600, 900), 1920: (1920, 1080)}
LANGUAGES = (("zh", "zh_CN"), ("en", "en"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", help="workspace name (repeatable); default all")
    parser.add_argument("--sizes", type=int, action="append", help="1366, 1600 or 1920 (repeatable); default all")
    parser.add_argument("--languages", action="append", help="zh or en (repeatable); default both")
    parser.add_argument("--seconds", type=float, default=6.0, help="show time before the first grab")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--prefix", default="workspace")
    parser.add_argument("--no-anchor", action="store_true", help="skip the anchor's screen (docs/screenshots/anchor-*.png)")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="liveroom-shots-")
    os.environ["LIVEROOM_HOME"] = home

    from console.obs.client import ObsClient
    from console.obs.model import ConnectionState
    from console.obs.sandbox import ObsSandbox
    from console.paths import resource
    from console.recording import Recorder
    from db.engine import open_database
    from ui.app import create_application
    from ui.bridges.obs_bridge import ObsBridge
    from ui.demo import DEMO_SHOW, demo_show
    from ui.windows.main_window import MainWindow
    from ui.windows.workspaces import WORKSPACES

    names = args.only or list(WORKSPACES)
    sizes = [SIZES[width] for width in (args.sizes or list(SIZES))]
    languages = [pair for pair in LANGUAGES if not args.languages or pair[0] in args.languages]
    app, translations, _settings = create_application()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sandbox = ObsSandbox(own_display=True).start()
    try:
        for short, language in languages:
            for size in sizes:
                translations.apply(language)
                engine = open_database(f"sqlite:///{home}/shots-{short}-{size[0]}.sqlite")
                recorder = Recorder(engine)
                settings = QSettings(str(Path(tempfile.mkdtemp()) / "console.ini"), QSettings.Format.IniFormat)
                client = ObsClient(sandbox.url, password=sandbox.password, name="screenshot")
                bridge = ObsBridge(client)
                window = MainWindow(bridge, settings, apply_language=translations.apply, confirm=lambda *_: False)
                client.start()
                console = demo_show(window, resource(*DEMO_SHOW), recorder, client, speed=20.0)
                console.install_incidents()
                window.resize(*size)
                window.show()
                window.reset_layout()
                wait(15, lambda bridge=bridge, window=window: bridge.state == ConnectionState.OK
                     and len(window.camera_switcher.tiles) >= 3)
                console.start_show()
                wait(args.seconds)
                import time

                console.session.playbooks.runner.trigger("cpu-high", time.time(), "CPU 91 %")
                for name in names:
                    window.workspaces.switch(name)
                    wait(2.5)  # thumbnails refresh, charts move
                    path = out / f"{args.prefix}-{name}-{short}-{size[0]}.png"
                    window.grab().save(str(path))
                    print(path)
                window.workspaces.switch("controller")
                if size == sizes[0] and not args.no_anchor:
                    # The anchor's screen on a 1080-line TV, selling the serum, with a critical incident open.
                    console.clock.command("jump", "serum")
                    console.session.playbooks.runner.trigger("camera-frozen", time.time())
                    screen = console.open_anchor_screen()
                    screen.resize(1920, 1080)
                    wait(3)
                    path = out / f"anchor-{short}.png"
                    screen.grab().save(str(path))
                    print(path)
                console.shutdown().wait()
                bridge.detach()
                client.stop()
                window.close()
                recorder.close()
                engine.dispose()
    finally:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
