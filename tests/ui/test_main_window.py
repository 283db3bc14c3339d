"""Main window without OBS: panels as docks, layout across restarts, shortcuts, live language switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from console.obs.model import ObsSnapshot
from ui import i18n
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.base import Panel
from ui.windows.main_window import MainWindow

from tests.ui.test_camera_switcher import RecordingBridge

SCENES = ("Cam A", "Cam B", "Cam C")


def make_window(qtbot, settings_path, bridge=None, confirm=lambda *_: False):
    bridge = bridge or ObsBridge()
    window = MainWindow(bridge, QSettings(settings_path, QSettings.Format.IniFormat), confirm=confirm)
    qtbot.addWidget(window)
    return bridge, window


def dock_layout(window: MainWindow) -> dict[str, tuple[object, bool, bool]]:
    return {panel_id: (window.dockWidgetArea(dock), dock.isVisible(), dock.isFloating())
            for panel_id, dock in window.docks.items()}


def test_every_panel_is_a_named_dock(qtbot, settings_path):
    _bridge, window = make_window(qtbot, settings_path)
    names = {dock.objectName() for dock in window.findChildren(QDockWidget)}
    assert names == {"dock_camera_switcher", "dock_stream_controls", "dock_audio_mixer", "dock_event_log"}
    assert all(isinstance(panel, Panel) for panel in window.panels.values())


def test_layout_survives_a_restart(qtbot, settings_path):
    _bridge, first = make_window(qtbot, settings_path)
    first.resize(760, 560)  # fits the offscreen platform's 800×600 screen (restoreGeometry clamps to it)
    with qtbot.waitExposed(first):
        first.show()
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.docks["event_log"])
    first.docks["audio_mixer"].hide()
    first.event_log.filter_edit.setText("SetInputMute")
    expected = dock_layout(first)
    assert expected["event_log"][0] == Qt.DockWidgetArea.RightDockWidgetArea
    first.close()  # saves

    _bridge2, second = make_window(qtbot, settings_path)
    assert second.restore_layout()
    with qtbot.waitExposed(second):
        second.show()
    assert dock_layout(second) == expected
    assert second.event_log.filter_edit.text() == "SetInputMute"
    assert second.size() == first.size()

    second.reset_layout()
    # The controller workspace's default (ui.windows.workspaces): the log under the cameras, left column.
    assert second.dockWidgetArea(second.docks["event_log"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    # …as a tab of the group under the cameras (Stream / Audio / Event log).
    assert second.docks["stream_controls"] in second.tabifiedDockWidgets(second.docks["event_log"])
    assert second.docks["audio_mixer"].isVisible()


def test_an_incompatible_saved_layout_is_ignored(qtbot, settings_path):
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    settings.setValue("window/state", b"not a state")
    settings.sync()
    _bridge, window = make_window(qtbot, settings_path)
    assert window.restore_layout() is False
    assert window.dockWidgetArea(window.docks["event_log"]) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_register_panel_for_later_panels(qtbot, settings_path):
    class TimelineStub(Panel):
        panel_id = "timeline"
        default_area = Qt.DockWidgetArea.BottomDockWidgetArea

        def title(self) -> str:
            return "Timeline"

    _bridge, window = make_window(qtbot, settings_path)
    dock = window.register_panel(TimelineStub())
    assert dock.objectName() == "dock_timeline"
    assert dock.toggleViewAction() in window.view_menu.actions()
    with pytest.raises(ValueError):
        window.register_panel(TimelineStub())


def test_number_keys_and_space_drive_the_switcher(qtbot, settings_path):
    bridge = RecordingBridge()
    _bridge, window = make_window(qtbot, settings_path, bridge)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert QApplication.focusWidget() is window.camera_switcher  # keys go to the cameras from the start
    bridge.snapshot_changed.emit(ObsSnapshot(scenes=SCENES, program_scene="Cam A"))
    qtbot.keyClick(window, Qt.Key.Key_3)
    assert bridge.sent[-1][:2] == ("SetCurrentProgramScene", {"sceneName": "Cam C"})
    bridge.snapshot_changed.emit(bridge.snapshot.replace(studio_mode=True, preview_scene="Cam B"))
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert bridge.sent[-1][0] == "TriggerStudioModeTransition"
    # Typing in the log's filter box types; it does not switch cameras.
    count = len(bridge.sent)
    window.show_log()
    qtbot.keyClicks(window.event_log.filter_edit, "12 ")
    assert window.event_log.filter_edit.text() == "12 "
    assert len(bridge.sent) == count


def test_stopping_a_live_stream_asks_first(qtbot, settings_path):
    answers = []
    bridge = RecordingBridge()
    _bridge, window = make_window(qtbot, settings_path, bridge, confirm=lambda *_: answers.pop(0))
    bridge.snapshot_changed.emit(ObsSnapshot(streaming=True))
    answers.append(False)
    window.stream_action.trigger()
    assert bridge.sent == []
    answers.append(True)
    window.stream_action.trigger()
    assert bridge.sent[-1][0] == "StopStream"
    bridge.snapshot_changed.emit(ObsSnapshot(streaming=False))
    window.stream_action.trigger()  # starting needs no confirmation
    assert bridge.sent[-1][0] == "StartStream" and answers == []


def test_shortcut_list_covers_the_frequent_actions(qtbot, settings_path):
    _bridge, window = make_window(qtbot, settings_path)
    keys = {row[0] for row in window.shortcut_rows()}
    for key in ("1", "9", "Space", "Ctrl+Shift+S", "Ctrl+Shift+R", "Ctrl+L", "F1"):
        assert key in keys


def test_language_switches_live(qtbot, settings_path):
    translations = i18n.Translations(QApplication.instance())
    _bridge, window = make_window(qtbot, settings_path)
    try:
        translations.apply(i18n.CHINESE)
        qtbot.waitUntil(lambda: window.docks["camera_switcher"].windowTitle() == "机位", timeout=2000)
        assert window.camera_switcher.studio_button.text() == "工作室模式"
        assert window.event_log.model.headerData(0, Qt.Orientation.Horizontal) == "时间"
        translations.apply(i18n.ENGLISH)
        qtbot.waitUntil(lambda: window.docks["camera_switcher"].windowTitle() == "Cameras", timeout=2000)
    finally:
        translations.apply(i18n.ENGLISH)


def test_settings_dialog_stores_and_applies_the_language(qtbot, settings_path):
    from ui.settings import LANGUAGE_KEY, SettingsDialog, language_preference

    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    applied = []
    dialog = SettingsDialog(settings, applied.append)
    qtbot.addWidget(dialog)
    assert language_preference(settings) == i18n.FOLLOW_SYSTEM
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(i18n.CHINESE))
    dialog.accept()
    assert applied == [i18n.CHINESE]
    assert settings.value(LANGUAGE_KEY) == i18n.CHINESE


def test_follow_system_resolves_from_the_locale():
    from PySide6.QtCore import QLocale

    assert i18n.resolve(i18n.FOLLOW_SYSTEM, QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == i18n.CHINESE
    assert i18n.resolve(i18n.FOLLOW_SYSTEM, QLocale(QLocale.Language.German)) == i18n.ENGLISH
    assert i18n.resolve(i18n.ENGLISH, QLocale(QLocale.Language.Chinese)) == i18n.ENGLISH
