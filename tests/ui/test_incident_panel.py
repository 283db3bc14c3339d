"""Incident panel, alarm banner and playbook library on a real SessionPlaybooks/PlaybookRunner.

OBS is a fake ``perform`` returning finished futures; time is injected (the
runner is ticked with chosen instants, the panel reads the same clock).
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from console.contingency.session import SessionPlaybooks
from console.obs.actions import ActionOutcome
from console.obs.model import ObsResult
from tests.contingency.helpers import playbook
from ui.panels.incident_panel import IncidentPanel, install_incident_ui
from ui.panels.playbook_library import PlaybookLibrary
from ui.theme import PROGRAM_RED
from ui.widgets.alarm_banner import AlarmBanner

STEPS = """\
  - {do: switch_scene, scene: standby}
  - {do: show_text, source: 字幕条, text: 信号调整中}
  - {check: 通知主播, within: 5m}
  - {check: 发布公告, within: 10m}
"""
T0 = 1_700_000_000.0
OBS_ERROR = "No source was found by the name of `字幕条`."


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


class FinishedPerform:
    """OBS stand-in: the scene switch is confirmed, the text source does not exist (OBS's own words)."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict, str]] = []

    def __call__(self, action: dict, origin: str) -> Future:
        self.calls.append((action, origin))
        future: Future = Future()
        if action["do"] == "switch_scene":
            result = ObsResult("SetCurrentProgramScene", {}, True, {}, 100, None, 3.0, T0)
            future.set_result(ActionOutcome(True, None, (result,)))
        else:
            result = ObsResult("SetInputSettings", {}, False, {}, 600, OBS_ERROR, 2.0, T0)
            future.set_result(ActionOutcome(False, OBS_ERROR, (result,)))
        return future


@pytest.fixture
def rig(qtbot):
    book = playbook("stream_down", for_="3s", steps=STEPS, resolve="manual")
    facade = SessionPlaybooks([book])
    perform = FinishedPerform()
    facade.runner.perform = perform
    clock = Clock()
    panel = IncidentPanel(facade, clock)
    banner = AlarmBanner(facade.runner)
    library = PlaybookLibrary(facade, clock)
    for widget in (panel, banner, library):
        qtbot.addWidget(widget)
    panel.bridge.opened.connect(lambda _i: banner.update_from_runner())
    panel.bridge.changed.connect(lambda _i: banner.update_from_runner())
    panel.bridge.escalated.connect(lambda _i, _c: banner.escalate())
    library.drilled.connect(lambda _i: panel.refresh())
    panel.show()
    yield facade, panel, banner, library, clock, perform
    panel.stop()
    banner.stop()


def cell(table, row: int, column: int) -> str:
    return table.item(row, column).text()


def test_incident_lifecycle_banner_countdowns_and_history(qtbot, rig):
    facade, panel, banner, _library, clock, perform = rig
    assert not banner.active

    facade.runner.trigger("stream-down", clock.now, "stream reconnecting")
    qtbot.waitUntil(lambda: panel.open_list.count() == 1)
    incident = facade.runner.open_incidents()[0]
    assert banner.active and banner.isVisible()
    assert "测试" in banner.text()
    assert "测试" in panel.open_list.item(0).text() and "critical" in panel.open_list.item(0).text()
    # Steps with their results; the failed one carries OBS's reason.
    assert [a["do"] for a, _ in perform.calls] == ["switch_scene", "show_text"]
    assert panel.steps.rowCount() == 2
    assert "ok" in cell(panel.steps, 0, 1)
    assert OBS_ERROR in cell(panel.steps, 1, 1)
    # Countdowns on the injected clock, refreshed by the 2 Hz timer.
    assert cell(panel.checks, 0, 1) == "5:00" and cell(panel.checks, 1, 1) == "10:00"
    clock.now = T0 + 61
    qtbot.waitUntil(lambda: cell(panel.checks, 0, 1) == "3:59", timeout=2000)

    panel.ack_button.click()
    assert incident.state == "acknowledged" and incident.acknowledged_by == "operator"
    assert not banner.active and not banner.isVisible()
    assert not panel.ack_button.isEnabled()

    # 5 min passed with the anchor not told: the row turns red, the runner escalates, the banner flashes.
    clock.now = T0 + 301
    with qtbot.waitSignal(panel.bridge.escalated, timeout=1000) as escalated:
        facade.runner.tick(clock.now)
    assert escalated.args[1].check.text == "通知主播"
    assert panel.overdue_rows() == [0]
    assert panel.checks.item(0, 0).background().color() == QColor(PROGRAM_RED)
    assert panel.checks.item(1, 0).background().color() != QColor(PROGRAM_RED)
    assert "OVERDUE" in cell(panel.checks, 0, 1)
    assert banner.active and banner.flashing and banner.beeps >= 1

    panel.checks.setCurrentCell(0, 0)
    panel.check_button.click()
    assert incident.checks[0].done_by == "operator"
    assert not banner.active and not banner.flashing
    assert panel.overdue_rows() == []

    clock.now = T0 + 400
    panel.resolve_button.click()
    assert not incident.open
    assert panel.open_list.count() == 0
    assert panel.history.rowCount() == 1
    times = incident.response_times()
    assert times["first_action_s"] == 0.0 and times["acknowledged_s"] == 61.0
    row = [cell(panel.history, 0, column) for column in range(5)]
    assert row[2] == "0.0 s" and row[3] == "61.0 s"
    assert "通知主播: 301.0 s" in row[4] and "发布公告: —" in row[4] and "400.0 s" in row[4]
    assert not panel.resolve_button.isEnabled()


def test_drill_button_opens_a_drill_without_the_banner(qtbot, rig):
    facade, panel, banner, library, clock, perform = rig
    assert library.table.rowCount() == 1
    assert [cell(library.table, 0, column) for column in range(4)] == ["stream-down", "测试", "stream_down",
                                                                      "critical"]
    library.drill_buttons["stream-down"].click()
    qtbot.waitUntil(lambda: panel.open_list.count() == 1)
    incident = facade.runner.open_incidents()[0]
    assert incident.drill and incident.opened_at == clock.now
    assert all(origin.endswith(":drill") for _, origin in perform.calls) and len(perform.calls) == 2
    assert "DRILL" in panel.open_list.item(0).text() and "DRILL" in panel.header.text()
    assert not banner.active and not banner.isVisible()
    # Even an overdue drill check does not raise the alarm (it is still red in the panel).
    clock.now = T0 + 301
    facade.runner.tick(clock.now)
    assert panel.overdue_rows() == [0] and not banner.active


def test_install_incident_ui_registers_panels_and_banner_row(qtbot, settings_path):
    from PySide6.QtCore import QSettings

    from ui.bridges.obs_bridge import ObsBridge
    from ui.windows.main_window import MainWindow

    window = MainWindow(ObsBridge(), QSettings(settings_path, QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    facade = SessionPlaybooks([playbook("stream_down", steps=STEPS, resolve="manual")])
    facade.runner.perform = FinishedPerform()
    clock = Clock()

    class Session:
        playbooks = facade

    parts = install_incident_ui(window, Session(), now=clock)
    window.show()
    assert {"incidents", "playbooks"} <= set(window.docks)
    assert not parts["toolbar"].isVisible()
    facade.runner.trigger("stream-down", clock.now)
    qtbot.waitUntil(lambda: parts["toolbar"].isVisible() and parts["banner"].isVisible())
    assert parts["toolbar"].geometry().width() >= window.width() - 20  # full width, its own row
    assert parts["toolbar"].y() > window.action_toolbar.y()
    assert parts["banner"].isVisible() and parts["banner"].width() > window.width() // 2
    facade.runner.acknowledge(facade.runner.open_incidents()[0].id, "operator", clock.now)
    qtbot.waitUntil(lambda: not parts["toolbar"].isVisible())
    parts["panel"].stop()
    parts["banner"].stop()
    assert install_incident_ui(window, object()) is None


def test_bridge_delivers_a_runner_event_from_another_thread_on_the_gui_thread(qtbot):
    import threading

    from PySide6.QtCore import QThread

    from ui.bridges.incident_bridge import IncidentBridge

    facade = SessionPlaybooks([playbook("stream_down", steps=STEPS, resolve="manual")])
    facade.runner.perform = FinishedPerform()
    bridge = IncidentBridge(facade.runner)
    received: list[bool] = []
    bridge.opened.connect(lambda _incident: received.append(QThread.currentThread() is bridge.thread()))
    worker = threading.Thread(target=facade.runner.trigger, args=("stream-down", T0))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: received == [True])
    bridge.detach()
    assert len(facade.runner.incident_opened) == 0


def test_the_details_speak_the_operators_language_and_name_the_module(qtbot, rig, qapp):
    """Severity, state, step results and the session's own reason in Chinese; the module by its title."""
    from types import SimpleNamespace

    from console.show.loader import load_script_text
    from ui.i18n import Translations

    facade, panel, _banner, _library, clock, perform = rig
    fixture = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
    facade.session = SimpleNamespace(script=load_script_text(fixture.read_text(encoding="utf-8"), str(fixture)).script)
    facade.runner.module_at = lambda _now: "product"

    def no_obs(action: dict, origin: str) -> Future:  # the session's answer when it has no OBS
        future: Future = Future()
        future.set_result(ActionOutcome(False, "no OBS connection in this session"))
        return future

    translations = Translations(qapp)
    translations.apply("zh_CN")
    try:
        facade.runner.trigger("stream-down", clock.now, "stream reconnecting")
        qtbot.waitUntil(lambda: panel.open_list.count() == 1)
        row = panel.open_list.item(0).text()
        assert "[严重]" in row and "未处理" in row and "critical" not in row and "OPEN" not in row, row
        header = panel.header.text()
        assert "环节 精华液讲解 · 触发于" in header and "product" not in header, header
        assert cell(panel.steps, 0, 1) == "✓ 成功"
        assert OBS_ERROR in cell(panel.steps, 1, 1)  # OBS's own words stay as OBS gave them

        facade.runner.perform = no_obs
        panel.resolve_button.click()
        facade.runner.trigger("stream-down", clock.now + 1, "a new one")  # its steps meet no OBS
        qtbot.waitUntil(lambda: panel.open_list.count() == 1 and panel.steps.rowCount() == 2)
        assert cell(panel.steps, 0, 1) == "✗ 本场没有连接 OBS"
        assert panel.steps.item(0, 1).toolTip() == "本场没有连接 OBS"
    finally:
        translations.apply("en")
    assert perform.calls, "the first incident's steps went to the stand-in OBS"
