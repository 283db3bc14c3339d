"""Screenshots of the console window with the show's panels, a rehearsal of the sample show under way.

    QT_QPA_PLATFORM=offscreen python scripts/show_screenshots.py [--speed 30] [--seconds 8]

No OBS (cues are recorded as missed): the audience simulator feeds the KPIs,
charts and comments. Writes docs/screenshots/show-{zh,en}-{1366,1920}.png and
a teleprompter picture, docs/screenshots/teleprompter-zh.png.
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--speed", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    home = tempfile.mkdtemp()
    os.environ["LIVEROOM_HOME"] = home

    from console.paths import resource
    from console.recording import Recorder
    from db.engine import open_database
    from ui.app import create_application
    from ui.demo import DEMO_SHOW, demo_show, load_demo_show, offline_reason
    from ui.bridges.obs_bridge import ObsBridge
    from ui.windows.main_window import MainWindow

    app, translations, _settings = create_application()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for short, language in LANGUAGES:
        for size in SIZES:
            translations.apply(language)
            engine = open_database(f"sqlite:///{home}/shots-{short}-{size[0]}.sqlite")
            recorder = Recorder(engine)
            settings = QSettings(str(Path(tempfile.mkdtemp()) / "console.ini"), QSettings.Format.IniFormat)
            bridge = ObsBridge()
            window = MainWindow(bridge, settings, apply_language=translations.apply, confirm=lambda *_: False)
            load_demo_show(window)
            bridge.set_offline(offline_reason())
            console = demo_show(window, resource(*DEMO_SHOW), recorder, None, speed=args.speed)
            window.resize(*size)
            window.show()
            window.reset_layout()
            wait(0.5)
            console.start_show()
            wait(args.seconds)
            path = out / f"show-{short}-{size[0]}.png"
            window.grab().save(str(path))
            print(path)
            if size == SIZES[0]:
                prompter = console.open_teleprompter()
                prompter.resize(1280, 720)
                wait(0.5)
                prompter_path = out / f"teleprompter-{short}.png"
                prompter.grab().save(str(prompter_path))
                print(prompter_path)
            console.shutdown().wait()  # the show closes on a worker: before the recorder
            window.close()
            recorder.close()
            engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
