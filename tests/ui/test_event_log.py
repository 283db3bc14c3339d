"""Event log: bounded, newest first, filterable by text and level."""

from __future__ import annotations

from console.obs.model import ConnectionState, ObsResult
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.event_log import EventLog, EventLogModel, LogEntry, entry_for_result


def result(request: str, ok: bool = True, **params) -> ObsResult:
    return ObsResult(request, params, ok, {}, 100 if ok else 600, None if ok else "No source was found", 1.25,
                     1000.0, "operator")


def test_buffer_is_bounded_and_newest_first():
    model = EventLogModel(max_rows=3)
    for number in range(5):
        model.add(LogEntry(float(number), "info", "test", f"message {number}"))
    assert model.rowCount() == 3
    assert [model.entry(row).message for row in range(3)] == ["message 4", "message 3", "message 2"]


def test_result_entries_carry_params_outcome_and_latency():
    good = entry_for_result(result("SetCurrentProgramScene", sceneName="机位A 全景"))
    assert good.level == "info" and "sceneName=机位A 全景" in good.message and good.latency_ms == 1.25
    bad = entry_for_result(result("SetCurrentProgramScene", ok=False, sceneName="nope"))
    assert bad.level == "error" and "No source was found" in bad.message


def test_actions_and_states_arrive_and_filter(qtbot):
    bridge = ObsBridge()
    log = EventLog(bridge)
    qtbot.addWidget(log)
    bridge.action_finished.emit(result("SetCurrentProgramScene", sceneName="Cam A"))
    bridge.action_finished.emit(result("SetInputMute", ok=False, inputName="Mic"))
    bridge.action_finished.emit(result("GetSourceScreenshot", sourceName="Cam A"))  # thumbnails are not logged
    bridge.state_changed.emit(ConnectionState.RECONNECTING, "OBS has not answered for 1.6 s")
    assert log.model.rowCount() == 3
    assert log.model.entry(0).source == "connection"  # newest first

    log.filter_edit.setText("cam a")
    assert log.proxy.rowCount() == 1
    assert "SetCurrentProgramScene" in log.proxy.index(0, 3).data()
    log.filter_edit.setText("")
    log.level_combo.setCurrentIndex(1)  # warnings and errors
    assert log.proxy.rowCount() == 2
    log.level_combo.setCurrentIndex(2)  # errors only
    assert log.proxy.rowCount() == 1
    assert "SetInputMute" in log.proxy.index(0, 3).data()
