"""The console window as an operator has it: the sample show's panels and incident UI, OBS scenes on the tiles.

For the layout, alarm and translation tests (issue 19): a fake obs-websocket
server (tests/fakes) gives the camera tiles the sandbox's scene names, so the
tiles, their names and the toolbars are laid out as they are on air; the show
is the bundled sample show, not started unless asked.
"""

from __future__ import annotations

import base64
import contextlib
import tempfile
from pathlib import Path
from typing import Any, Iterator

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from console.obs.client import ObsClient
from console.paths import resource
from console.recording import Recorder
from db.engine import open_database
from tests.fakes.fake_obs import FakeObsServer
from ui.bridges.obs_bridge import ObsBridge
from ui.demo import DEMO_SHOW, demo_show
from ui.i18n import Translations
from ui.windows.main_window import MainWindow

SCENES = ("机位A 全景", "机位B 特写", "机位C 产品台", "稍后回来")
SCENE_LIST = {"scenes": [{"sceneName": name, "sceneIndex": index} for index, name in enumerate(reversed(SCENES))],
              "currentProgramSceneName": SCENES[0], "currentPreviewSceneName": None}
INPUT_LIST = {"inputs": [{"inputName": name, "inputKind": kind} for name, kind in
                         (("麦克风", "pulse_input_capture"), ("摄像头A", "ffmpeg_source"), ("摄像头B", "ffmpeg_source"),
                          ("摄像头C", "ffmpeg_source"))]}
SIZES = ((1366, 768), (1600, 900), (1920, 1080))
LANGUAGES = ("zh_CN", "en")


def _screenshot() -> dict[str, str]:
    """A 192×108 JPEG as ``GetSourceScreenshot`` answers (the thumbnail size the console asks for)."""
    image = QImage(192, 108, QImage.Format.Format_RGB32)
    image.fill(QColor(40, 90, 200))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG")
    return {"imageData": "data:image/jpg;base64," + base64.b64encode(bytes(data)).decode()}


@contextlib.contextmanager
def console_window(qtbot: Any, tmp_path: Path, *, size: tuple[int, int] = (1366, 768), language: str = "en",
                   start: bool = False) -> Iterator[tuple[MainWindow, Any]]:
    translations = Translations(QApplication.instance())
    translations.apply(language)
    engine = open_database(f"sqlite:///{tmp_path / 'rig.sqlite'}")
    recorder = Recorder(engine)
    settings = QSettings(str(Path(tempfile.mkdtemp(dir=tmp_path)) / "console.ini"), QSettings.Format.IniFormat)
    panels = None
    client = None
    bridge = ObsBridge()
    window = MainWindow(bridge, settings, apply_language=translations.apply, confirm=lambda *_: False)
    qtbot.addWidget(window)
    try:
        # Real pictures on the tiles, as OBS sends them: a label holding a picture asks for the picture's size.
        # And the sandbox's four audio inputs (the mixer's rows count in the docks' heights).
        with FakeObsServer(responses={"GetSceneList": SCENE_LIST, "GetSourceScreenshot": _screenshot(),
                                      "GetInputList": INPUT_LIST, "GetInputMute": {"inputMuted": False}}) as server:
            client = ObsClient(server.url, password="fakepass")
            bridge.attach(client)
            client.start()
            panels = demo_show(window, resource(*DEMO_SHOW), recorder, None, speed=30.0)
            panels.install_incidents()
            window.resize(*size)
            window.show()
            window.reset_layout()
            qtbot.waitUntil(lambda: len(window.camera_switcher.tiles) == len(SCENES), timeout=10000)
            qtbot.waitUntil(lambda: any(tile.thumbnails_received for tile in window.camera_switcher.tiles.values()),
                            timeout=10000)
            qtbot.wait(600)  # a second round: every tile on screen has its picture
            if start:
                panels.start_show()
            qtbot.wait(300)  # the docks settle after the first show (sizes are applied on the next turn)
            yield window, panels
            client.stop()
    finally:
        if panels is not None:
            job = panels.shutdown()
            if job is not None:
                job.wait(5)
        bridge.detach()
        if client is not None:
            client.stop()
        window.close()
        recorder.close()
        engine.dispose()
        translations.apply("en")
