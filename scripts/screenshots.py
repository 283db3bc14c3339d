"""Screenshots of the console window connected to a real OBS, in Chinese and English.

    xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/screenshots.py [--obs-url URL --password PW]

Without ``--obs-url`` it starts the sandbox OBS (console.obs.sandbox) and
stops it afterwards. Writes docs/screenshots/console-{zh,en}-{1366,1920}.png
with ``QWidget.grab()`` once the window has settled (connected, thumbnails
in, one switch confirmed so the log and the tally show real traffic).
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

SIZES = ((1366, 768), (1920, 1080))
LANGUAGES = (("zh", "zh_CN"), ("en", "en"))
#: Long enough for two thumbnail rounds and a few heartbeats (the bar's figures).
SETTLE_S = 3.5


def shoot(app, translations, url: str, password: str | None, language: str, size: tuple[int, int],
          out: Path) -> None:
    from console.obs.client import ObsClient
    from console.obs.model import ConnectionState
    from ui.demo import load_demo_show
    from ui.bridges.obs_bridge import ObsBridge
    from ui.windows.main_window import MainWindow

    translations.apply(language)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "console.ini"), QSettings.Format.IniFormat)
    client = ObsClient(url, password=password, name="screenshot")
    bridge = ObsBridge(client)
    window = MainWindow(bridge, settings, apply_language=translations.apply, confirm=lambda *_: False)
    load_demo_show(window)
    window.resize(*size)
    window.show()
    window.reset_layout()
    client.start()
    try:
        if not wait(15, lambda: bridge.state == ConnectionState.OK and window.camera_switcher.tiles):
            raise SystemExit(f"OBS at {url} did not connect: {bridge.state_reason}")
        scenes = window.camera_switcher.scene_names()
        wait(SETTLE_S)
        # Real traffic for the log, tally and toast: select the second scene, then the first;
        # the grab follows the confirmation, so the toast is in the picture.
        if len(scenes) > 1:
            window.camera_switcher.select_scene(scenes[1])
            wait(3, lambda: bridge.snapshot.program_scene == scenes[1])
            window.camera_switcher.select_scene(scenes[0])
            wait(3, lambda: bridge.snapshot.program_scene == scenes[0])
        wait(0.6)
        window.grab().save(str(out))
        print(f"wrote {out} ({size[0]}×{size[1]}, {language})")
    finally:
        bridge.detach()
        client.stop()
        window.close()
        window.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obs-url")
    parser.add_argument("--password")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIVEROOM_HOME", tempfile.mkdtemp(prefix="liveroom-shots-"))

    from ui.app import create_application

    app, translations, _settings = create_application([sys.argv[0]])
    args.out.mkdir(parents=True, exist_ok=True)
    sandbox = None
    url, password = args.obs_url, args.password
    if url is None:
        from console.obs.sandbox import ObsSandbox

        sandbox = ObsSandbox()
        sandbox.start()
        url, password = sandbox.url, sandbox.password
    try:
        for short, language in LANGUAGES:
            for width, height in SIZES:
                shoot(app, translations, url, password, language, (width, height),
                      args.out / f"console-{short}-{width}.png")
    finally:
        if sandbox is not None:
            sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
