"""Screenshots of File → Open show… and of the crash-recovery offer, in Chinese and English.

    xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/open_show_screenshots.py

No OBS (the window is offline): what is looked at here is the offer row, the
Live/Rehearsal dialog, the error dialog of a broken script and an opened show's
panels. The interrupted show is made for real: a ShowSession started on a
temporary database with its wall clock two minutes back, moved to its second
module and dropped without closing (what SIGKILL leaves). Writes
docs/screenshots/recovery-offer-{zh,en}.png, open-show-{zh,en}.png,
open-show-dialog-{zh,en}.png and script-errors-{zh,en}.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from qtloop import wait  # noqa: E402 (scripts/ is on sys.path: the scripts run as files)

SIZE = (1366, 768)
LANGUAGES = (("zh", "zh_CN"), ("en", "en"))
BROKEN = """\
version: 1
show:
  title: 坏脚本
  scenes: {wide: 机位A 全景}
modules:
  - {id: opening, type: opening, title: 开场, duration: soon, scene: wide}
  - {id: closing, type: finale, title: 收尾, duration: 30s, scene: tele}
"""


def crash_a_show(db_url: str, room: str) -> None:
    from console.recording import Recorder
    from console.session import ShowSession
    from console.show.loader import load_script
    from db.engine import open_database

    script = load_script(ROOT / "resources" / "shows" / "skincare_launch.yaml").script
    engine = open_database(db_url)
    recorder = Recorder(engine)
    start = time.time() - 400
    clock = [start]
    session = ShowSession(script, recorder=recorder, kind="rehearsal", room=room, clock=lambda: clock[0],
                          script_path=str(ROOT / "resources" / "shows" / "skincare_launch.yaml"))
    session.start(100.0)
    clock[0] = start + 290
    session.command("next", 390.0)
    clock[0] = start + 318
    session.tick(418.0)
    session.runtime.wait_idle(5)
    recorder.flush()
    recorder.close()
    engine.dispose()


def shoot(translations, short: str, language: str, out: Path) -> None:
    from console.station import Station
    from ui.demo import offline_reason
    from ui.app import build_window
    from ui.windows.show_host import ShowHost
    from ui.windows.show_opener import StartChoice, StartModeDialog, prepare_show

    translations.apply(language)
    folder = Path(tempfile.mkdtemp(prefix="liveroom-shots-"))
    url = f"sqlite:///{folder / 'shots.sqlite'}"
    crash_a_show(url, "studio-2")
    session = ShowHost(Station(url, room="studio-2"))
    settings = QSettings(str(folder / "console.ini"), QSettings.Format.IniFormat)
    window = build_window(session, translations, settings)
    session.bridge.set_offline(offline_reason())
    session.settle_obs()
    window.resize(*SIZE)
    window.show()
    window.reset_layout()
    try:
        offer = window.recovery_offer
        offer.check()
        wait(10, lambda: offer.visible)
        wait(0.5)
        window.grab().save(str(out / f"recovery-offer-{short}.png"))

        broken = folder / "broken.yaml"
        broken.write_text(BROKEN, encoding="utf-8")
        opener = window.show_opener
        opener.open_path(str(broken))
        wait(10, lambda: opener.error_box is not None and opener.error_box.isVisible())
        wait(0.3)
        opener.error_box.grab().save(str(out / f"script-errors-{short}.png"))
        opener.error_box.close()

        script = ROOT / "resources" / "shows" / "skincare_launch.yaml"
        dialog = StartModeDialog(prepare_show(str(script)), obs_available=True, parent=window)
        dialog.show()
        wait(0.3)
        dialog.grab().save(str(out / f"open-show-dialog-{short}.png"))
        dialog.close()

        offer.later()
        opener.choose_mode = lambda *_: StartChoice("rehearsal", 10.0, True)
        opened = []
        opener.opened.connect(opened.append)
        opener.open_path(str(script))
        wait(10, lambda: bool(opened))
        opened[0].start_show()
        wait(4)
        window.grab().save(str(out / f"open-show-{short}.png"))
        print(f"wrote {out}/*-{short}.png")
    finally:
        window.close()
        window.recovery_offer.stop()
        session.shutdown()
        window.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIVEROOM_HOME", tempfile.mkdtemp(prefix="liveroom-shots-"))
    from ui.app import create_application

    _app, translations, _settings = create_application([sys.argv[0]])
    args.out.mkdir(parents=True, exist_ok=True)
    for short, language in LANGUAGES:
        shoot(translations, short, language, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
