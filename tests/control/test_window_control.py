"""The control API in the window: commands run on the GUI thread through the keys' own path (pytest-qt).

The HTTP client runs on a thread of its own: the command it sends is run by
the window's event loop, which the test keeps turning with ``qtbot.waitUntil``.
"""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from console import show_assembly
from console.show.loader import load_script
from console.station import Station
from db import schema
from ui.app import start_control
from ui.windows.main_window import MainWindow
from ui.windows.show_host import ShowHost

pytestmark = pytest.mark.keyring
SCRIPT = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Client:
    """POSTs on a thread; the answer lands in ``answers``."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.answers: list[tuple[int, Any]] = []
        self.threads: list[threading.Thread] = []

    def post(self, body: dict) -> None:
        def run() -> None:
            request = urllib.request.Request(self.url + "/v1/control", data=json.dumps(body).encode(), method="POST",
                                             headers={"Authorization": f"Bearer {self.token}"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    self.answers.append((response.status, json.loads(response.read())))
            except urllib.error.HTTPError as error:
                self.answers.append((error.code, json.loads(error.read())))

        thread = threading.Thread(target=run, name="test-http-client")
        thread.start()
        self.threads.append(thread)


def test_api_commands_drive_the_window_show_like_its_keys(qtbot, tmp_path, keyring_backend):
    from console.control.token import get_or_create_control_token

    host = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}", room="A"))
    window = MainWindow(host.bridge, QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat),
                        confirm=lambda *_: True)
    qtbot.addWidget(window)
    bridge = None
    client = None
    try:
        script = load_script(SCRIPT).script
        show = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="A")
        panels = host.run_show(window, show)
        bridge = start_control(window, host, "127.0.0.1:0", auto_arm=False)
        qtbot.waitUntil(lambda: bridge.server is not None, timeout=10_000)
        client = Client(bridge.server.url, get_or_create_control_token())

        client.post({"do": "start"})  # F5's path: the clock starts ticking, the Start action greys out
        qtbot.waitUntil(lambda: len(client.answers) == 1, timeout=10_000)
        status, state = client.answers[-1]
        assert status == 200 and state["module"]["id"] == "opening"
        assert panels.clock.running and not panels.start_action.isEnabled()

        client.post({"do": "next"})  # N's path: ShowClock.command, which the timeline repaints from
        qtbot.waitUntil(lambda: len(client.answers) == 2, timeout=10_000)
        assert client.answers[-1][0] == 200
        assert panels.clock.status().module.id == "product"
        assert panels.timeline.clock.status().module.id == "product"

        client.post({"do": "extend", "by": 30})
        qtbot.waitUntil(lambda: len(client.answers) == 3, timeout=10_000)
        assert client.answers[-1][1]["module"]["planned_s"] == 150
        for thread in client.threads:
            thread.join(5)
        host.recorder.flush(10)
        with host.engine.connect() as connection:
            rows = connection.execute(select(schema.operator_commands.c.command, schema.operator_commands.c.who)
                                      .where(schema.operator_commands.c.show_id == show.show_id)
                                      .order_by(schema.operator_commands.c.id)).all()
        assert [(row.command, row.who) for row in rows] == [("start", "api"), ("next", "api"), ("extend", "api")]
        # The status bar says where the console can be driven from.
        bridge.status.refresh()
        assert bridge.server.url in bridge.status.text() and "0 connected" in bridge.status.text()
        if os.environ.get("LIVEROOM_SAVE_SCREENSHOTS") == "1":
            window.resize(1366, 768)
            window.show()
            qtbot.wait(300)
            window.grab().save(str(SCREENSHOTS / "control-console-status-en.png"))
    finally:
        for thread in client.threads if client is not None else []:
            thread.join(5)
        if bridge is not None:
            bridge.close()
        host.shutdown()


def test_the_settings_dialog_keeps_the_control_api_and_auto_arm(qtbot, tmp_path):
    from ui import i18n
    from ui.settings import SettingsDialog, control_preference

    settings = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    assert control_preference(settings) == (None, False)  # off by default
    dialog = SettingsDialog(settings, lambda _preference: None)
    qtbot.addWidget(dialog)
    dialog.control_check.setChecked(True)
    dialog.control_address.setText("0.0.0.0:9123")
    dialog.auto_arm_check.setChecked(True)
    if os.environ.get("LIVEROOM_SAVE_SCREENSHOTS") == "1":
        translations = i18n.Translations(QApplication.instance())
        for language, name in ((i18n.ENGLISH, "en"), (i18n.CHINESE, "zh")):
            translations.apply(language)
            shown = SettingsDialog(settings, lambda _preference: None)
            qtbot.addWidget(shown)
            shown.control_check.setChecked(True)
            shown.auto_arm_check.setChecked(True)
            shown.show()
            qtbot.wait(200)
            shown.grab().save(str(SCREENSHOTS / f"control-settings-{name}.png"))
        translations.apply(i18n.ENGLISH)
    dialog.accept()
    assert control_preference(settings) == ("0.0.0.0:9123", True)

    # A bad address is not saved.
    dialog = SettingsDialog(settings, lambda _preference: None)
    qtbot.addWidget(dialog)
    dialog.control_address.setText("not an address")
    dialog.control_check.setChecked(False)
    dialog.accept()
    assert control_preference(settings) == ("0.0.0.0:9123", True)


def test_auto_arm_in_the_window_starts_and_ends_the_show_with_obs_stream_events(qtbot, tmp_path):
    """The OBS bridge's events (as the real OBS sends them: tests/control/test_obs_commands.py) drive F5's path."""
    from console.control.auto_arm import STREAM_STARTED, STREAM_STOPPED

    host = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}", room="A"))
    window = MainWindow(host.bridge, QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat),
                        confirm=lambda *_: True)
    qtbot.addWidget(window)
    bridge = None
    try:
        script = load_script(SCRIPT).script
        show = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="A")
        panels = host.run_show(window, show)
        bridge = start_control(window, host, None, auto_arm=True)
        assert bridge is not None and bridge.server is None
        host.bridge.obs_event.emit("StreamStateChanged", {"outputActive": False,
                                                          "outputState": "OBS_WEBSOCKET_OUTPUT_STARTING"})
        assert not show.started
        host.bridge.obs_event.emit("StreamStateChanged", {"outputActive": True, "outputState": STREAM_STARTED})
        qtbot.waitUntil(lambda: show.started, timeout=5000)
        assert panels.clock.running and not panels.start_action.isEnabled()
        host.bridge.obs_event.emit("StreamStateChanged", {"outputActive": True,
                                                          "outputState": "OBS_WEBSOCKET_OUTPUT_RECONNECTING"})
        qtbot.wait(300)
        assert not show.ended, "a reconnecting stream never ends the show"
        host.bridge.obs_event.emit("StreamStateChanged", {"outputActive": False, "outputState": STREAM_STOPPED})
        qtbot.waitUntil(lambda: show.ended, timeout=5000)
        host.recorder.flush(10)
        with host.engine.connect() as connection:
            rows = connection.execute(select(schema.operator_commands.c.command, schema.operator_commands.c.who)
                                      .where(schema.operator_commands.c.show_id == show.show_id)
                                      .order_by(schema.operator_commands.c.id)).all()
        assert [(row.command, row.who) for row in rows] == [("start", "auto-arm"), ("stop", "auto-arm")]
        assert "auto-arm" in bridge.status.text()
    finally:
        if bridge is not None:
            bridge.close()
        host.shutdown()
