"""Camera switcher without OBS: which request a selection sends, tally, confirmation, scene list."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import Future

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from console.obs.model import ObsResult, ObsSnapshot
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.camera_switcher import CameraSwitcher, decode_screenshot

SCENES = ("机位A 全景", "机位B 特写", "机位C 产品台", "稍后回来")


class RecordingBridge(ObsBridge):
    """A real bridge whose requests are recorded and answered by the test."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, dict, object]] = []

    def request(self, request_type, params=None, *, on_result=None, origin="operator", priority=0, timeout=None):
        self.sent.append((request_type, dict(params or {}), on_result))
        return Future()

    def answer(self, index: int, ok: bool = True, comment: str | None = None, code: int = 100) -> None:
        request_type, params, on_result = self.sent[index]
        on_result(ObsResult(request_type, params, ok, {}, code, comment, 2.0, time.time(), "operator"))


@pytest.fixture
def switcher(qtbot):
    bridge = RecordingBridge()
    panel = CameraSwitcher(bridge)
    qtbot.addWidget(panel)
    bridge.snapshot_changed.emit(ObsSnapshot(scenes=SCENES, program_scene=SCENES[0], transitions=("Cut", "Fade"),
                                             transition="Cut", transition_duration_ms=300))
    return bridge, panel


def test_tiles_follow_obs_scene_list_and_tally(switcher):
    bridge, panel = switcher
    assert panel.scene_names() == list(SCENES)
    assert panel.tiles[SCENES[0]].tally == "program"
    assert panel.tiles[SCENES[1]].number_label.text() == "2"
    renamed = ("机位A 全景", "新机位", "稍后回来")
    bridge.snapshot_changed.emit(bridge.snapshot.replace(scenes=renamed, program_scene="新机位"))
    assert panel.scene_names() == list(renamed)
    assert set(panel.tiles) == set(renamed)
    assert panel.tiles["新机位"].tally == "program"
    assert panel.tiles["机位A 全景"].tally == ""


def test_selection_outside_studio_mode_cuts_to_program_and_confirms_on_obs_event(switcher, qtbot):
    bridge, panel = switcher
    panel.select_index(2)
    assert bridge.sent[-1][:2] == ("SetCurrentProgramScene", {"sceneName": SCENES[2]})
    bridge.answer(-1)  # OBS accepted, but nothing is confirmed until it reports the switch
    with qtbot.waitSignal(panel.notify) as notified:
        bridge.snapshot_changed.emit(bridge.snapshot.replace(program_scene=SCENES[2]))
    text, error = notified.args
    assert not error and SCENES[2] in text and "ms" in text
    assert panel.tiles[SCENES[2]].tally == "program"


def test_refusal_shows_obs_reason(switcher, qtbot):
    bridge, panel = switcher
    panel.select_scene(SCENES[1])
    with qtbot.waitSignal(panel.notify) as notified:
        bridge.answer(-1, ok=False, comment="No source was found by the name of `x`.", code=600)
    text, error = notified.args
    assert error and "No source was found" in text


def test_studio_mode_selection_goes_to_preview_and_take_transitions(switcher):
    bridge, panel = switcher
    bridge.snapshot_changed.emit(bridge.snapshot.replace(studio_mode=True, preview_scene=SCENES[1]))
    assert panel.tiles[SCENES[1]].tally == "preview"
    panel.select_index(3)
    assert bridge.sent[-1][:2] == ("SetCurrentPreviewScene", {"sceneName": SCENES[3]})
    panel.take()
    assert bridge.sent[-1][0] == "TriggerStudioModeTransition"


def test_take_outside_studio_mode_sends_nothing(switcher, qtbot):
    bridge, panel = switcher
    with qtbot.waitSignal(panel.notify) as notified:
        panel.take()
    assert notified.args[1] is True
    assert bridge.sent == []


def test_transition_and_studio_controls_send_their_requests(switcher):
    bridge, panel = switcher
    panel.transition_combo.setCurrentIndex(1)
    panel.transition_combo.activated.emit(1)
    assert bridge.sent[-1][:2] == ("SetCurrentSceneTransition", {"transitionName": "Fade"})
    panel.duration_spin.setValue(750)
    panel.duration_spin.editingFinished.emit()
    assert bridge.sent[-1][:2] == ("SetCurrentSceneTransitionDuration", {"transitionDuration": 750})
    panel.studio_button.click()
    assert bridge.sent[-1][:2] == ("SetStudioModeEnabled", {"studioModeEnabled": True})
    assert not panel.studio_button.isChecked()  # shows OBS's state until OBS confirms


def test_role_labels(switcher):
    _bridge, panel = switcher
    panel.set_role_labels({SCENES[0]: "wide", SCENES[3]: "standby"})
    assert panel.tiles[SCENES[0]].role_label.text() == "wide"
    assert panel.tiles[SCENES[1]].role_label.text() == ""


def _jpeg(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for x in range(width):  # a gradient, so the JPEG is not trivially small
        for y in range(0, height, 4):
            image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 5) % 256, (x + y) % 256))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", 80)
    return bytes(data)


def test_thumbnail_decode_is_cheap():
    import base64

    payload = "data:image/jpg;base64," + base64.b64encode(_jpeg(192, 108)).decode()
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        image = decode_screenshot(payload)
        timings.append((time.perf_counter() - started) * 1000)
    assert image.width() == 192 and image.height() == 108
    median = statistics.median(timings)
    print(f"BENCH thumbnail_decode_192x108 median_ms={median:.3f} max_ms={max(timings):.3f}")
    # Decoding on the GUI thread is acceptable only while it stays far below a frame (16 ms).
    assert median < 3.0
