"""Screenshot of the console window with an incident open: docs/screenshots/incident-zh.png.

    QT_QPA_PLATFORM=offscreen python scripts/incident_screenshot.py

No OBS: the sample show runs as a rehearsal, a ``stream_down`` incident is
triggered on the show clock (its OBS steps fail with the session's reason,
which is what the panel must show), and a drilled ``mic_silent`` is resolved
so the history has a row.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from qtloop import wait  # noqa: E402 (scripts/ is on sys.path: the scripts run as files)


def main() -> int:
    home = tempfile.mkdtemp()
    os.environ["LIVEROOM_HOME"] = home
    from console.contingency.session import SessionPlaybooks
    from console.paths import resource
    from console.recording import Recorder
    from db.engine import open_database
    from ui.app import create_application
    from ui.demo import DEMO_SHOW, demo_show, load_demo_show, offline_reason
    from ui.bridges.obs_bridge import ObsBridge
    from ui.panels.incident_panel import install_incident_ui
    from ui.windows.main_window import MainWindow

    app, translations, _settings = create_application()
    translations.apply("zh_CN")
    engine = open_database(f"sqlite:///{home}/incident.sqlite")
    recorder = Recorder(engine)
    settings = QSettings(str(Path(home) / "console.ini"), QSettings.Format.IniFormat)
    bridge = ObsBridge()
    window = MainWindow(bridge, settings, apply_language=translations.apply, confirm=lambda *_: False)
    load_demo_show(window)
    bridge.set_offline(offline_reason())
    console = demo_show(window, resource(*DEMO_SHOW), recorder, None, speed=1.0)
    console.session.playbooks = SessionPlaybooks.load_default()[0]
    parts = install_incident_ui(window, console.session)
    window.resize(1366, 768)
    window.show()
    window.reset_layout()
    wait(0.5)
    console.start_show()
    wait(1.0)
    runner = console.session.playbooks.runner
    now = console.session.show_now(time.monotonic())
    drill = parts["library"].drill("mic-silent") if "mic-silent" in runner.playbooks else None
    if drill is not None:
        runner.acknowledge(drill.id, "operator", now + 4)
        runner.resolve(drill.id, "operator", now + 9)
    runner.trigger("stream-down", now, "OBS: stream reconnecting")
    wait(1.5)
    out = ROOT / "docs" / "screenshots" / "incident-zh.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(out)
    parts["panel"].stop()
    parts["banner"].stop()
    console.shutdown().wait()  # the show closes on a worker: before the recorder
    window.close()
    recorder.close()
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
