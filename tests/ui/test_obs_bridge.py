"""The bridge delivers the client's worker-thread signals and request results on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from tests.fakes.fake_obs import FakeObsServer
from ui.bridges.obs_bridge import ObsBridge

SCENE_LIST = {"scenes": [{"sceneName": "B", "sceneIndex": 0}, {"sceneName": "A", "sceneIndex": 1}],
              "currentProgramSceneName": "A", "currentPreviewSceneName": None}


def test_signals_and_results_arrive_on_the_gui_thread(qtbot):
    gui_thread = QApplication.instance().thread()
    seen_threads: list[bool] = []
    with FakeObsServer(responses={"GetSceneList": SCENE_LIST}) as server:
        client = ObsClient(server.url, password="fakepass")
        bridge = ObsBridge(client)
        bridge.state_changed.connect(lambda *_: seen_threads.append(QThread.currentThread() is gui_thread))
        bridge.snapshot_changed.connect(lambda *_: seen_threads.append(QThread.currentThread() is gui_thread))
        try:
            with qtbot.waitSignal(bridge.state_changed, timeout=5000,
                                  check_params_cb=lambda state, _reason: state == ConnectionState.OK):
                client.start()
            qtbot.waitUntil(lambda: bridge.snapshot.scenes == ("A", "B"), timeout=5000)
            results = []
            caller = threading.current_thread()
            bridge.request("GetVersion", on_result=lambda result: results.append(
                (result.ok, threading.current_thread() is caller)))
            assert results == []  # never called inside request()
            qtbot.waitUntil(lambda: len(results) == 1, timeout=5000)
            assert results == [(True, True)]
        finally:
            bridge.detach()
            client.stop()
    assert seen_threads and all(seen_threads)


def test_without_a_client_requests_fail_with_the_reason(qtbot):
    bridge = ObsBridge()
    bridge.set_offline("offline rehearsal: no OBS")
    results = []
    bridge.request("SetCurrentProgramScene", {"sceneName": "A"}, on_result=results.append)
    qtbot.waitUntil(lambda: len(results) == 1, timeout=2000)
    assert not results[0].ok and "offline rehearsal" in results[0].error_text
