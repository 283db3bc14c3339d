"""Screenshots of the console side of the audience sources, in Chinese and English.

    bash -c 'source scripts/lib.sh && run_with_test_services python3 scripts/sources_screenshots.py'

No OBS (the window is offline), no internet: a local server speaking oba's
exact wire format (tests/sources/oba_server.py) sends a warm-up's comments,
likes and entries; a second oba source points at a port where nothing listens
(its pill goes red: retrying). The sample show is opened but not started, so
what arrives is pre-show. Writes docs/screenshots/sources-window-{zh,en}.png
(the window with the source pills and the warm-up's comments),
sources-bar-{zh,en}.png (the connection bar) and sources-dialog-{zh,en}.png
(File → Audience sources…).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from qtloop import wait  # noqa: E402 (scripts/ is on sys.path: the scripts run as files)

SIZE = (1366, 768)
LANGUAGES = (("zh", "zh_CN"), ("en", "en"))
WARM_UP = ["主播什么时候开始", "等好久了", "今天有福袋吗", "面霜还有货吗", "来了来了", "前排占座", "上次买的很好用",
           "有没有敏感肌能用的", "价格会比昨天低吗", "蹲一个链接"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def feed(server, stop: threading.Event) -> None:
    """oba's messages, a few a second, stamped now (epoch milliseconds)."""
    n = 0
    while not stop.wait(0.25):
        now_ms = int(time.time() * 1000)
        n += 1
        frames = [{"msg_type": "comment", "msg_id": f"c{n}", "time": now_ms, "nick_name": f"观众{n % 37}",
                   "content": WARM_UP[n % len(WARM_UP)]}]
        if n % 3 == 0:
            frames.append({"msg_type": "room_like", "msg_id": f"l{n}", "time": now_ms, "user_id": f"u{n}",
                           "nick_name": f"观众{n % 23}"})
        if n % 4 == 0:
            frames.append({"msg_type": "room_enter", "msg_id": f"e{n}", "time": now_ms, "user_id": f"u{n}",
                           "nick_name": f"新观众{n}"})
        try:
            server.send(frames)
        except Exception:  # noqa: BLE001 - the server is stopping
            return


def shoot(translations, short: str, language: str, out: Path) -> None:
    from console.sources.spec import SourceSpec
    from console.station import Station
    from tests.sources.oba_server import FakeObaServer
    from ui.demo import offline_reason
    from ui.app import build_window
    from ui.windows.audience_sources import AudienceSourcesDialog
    from ui.windows.show_host import ShowHost
    from ui.windows.show_opener import StartChoice

    translations.apply(language)
    folder = Path(tempfile.mkdtemp(prefix="liveroom-sources-shots-"))
    server = FakeObaServer().start()
    stop = threading.Event()
    feeder = threading.Thread(target=feed, args=(server, stop), name="shots-oba-feed", daemon=True)
    host = ShowHost(Station(f"sqlite:///{folder / 'shots.sqlite'}", room="一号间", intake="127.0.0.1:0"))
    host.station.sources = [SourceSpec("oba", server.url), SourceSpec("oba", f"ws://127.0.0.1:{free_port()}")]
    settings = QSettings(str(folder / "console.ini"), QSettings.Format.IniFormat)
    window = build_window(host, translations, settings)
    host.bridge.set_offline(offline_reason())
    host.settle_obs()
    window.resize(*SIZE)
    window.show()
    window.reset_layout()
    try:
        opener = window.show_opener
        opener.choose_mode = lambda *_: StartChoice("rehearsal", 1.0, False)
        opened = []
        opener.opened.connect(opened.append)
        opener.open_path(str(ROOT / "resources" / "shows" / "skincare_launch.yaml"))
        wait(15, lambda: bool(opened))
        server.wait_clients(1, timeout=15)
        feeder.start()
        strip = window.connection_bar.source_status
        wait(20, lambda: [p.property("level") for p in strip.pills] == ["ok", "error"])
        wait(6)  # a few seconds of warm-up: the rate and the comment feed fill
        window.grab().save(str(out / f"sources-window-{short}.png"))
        window.connection_bar.grab().save(str(out / f"sources-bar-{short}.png"))
        session = opened[0].session
        dialog = AudienceSourcesDialog(list(session.sources.specs), session.script.show.title, window)
        dialog.show()
        wait(0.5)
        dialog.grab().save(str(out / f"sources-dialog-{short}.png"))
        dialog.close()
        print(f"wrote {out}/sources-*-{short}.png")
    finally:
        stop.set()
        if feeder.is_alive():
            feeder.join(5)
        window.close()
        window.recovery_offer.stop()
        host.shutdown()
        server.stop()
        window.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("LIVEROOM_HOME", tempfile.mkdtemp(prefix="liveroom-sources-home-"))
    from ui.app import create_application

    _app, translations, _settings = create_application([sys.argv[0]])
    args.out.mkdir(parents=True, exist_ok=True)
    for short, language in LANGUAGES:
        shoot(translations, short, language, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
