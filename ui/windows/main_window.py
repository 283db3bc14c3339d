"""The console's main window: a connection bar always in view, dockable panels, menus and shortcuts.

Panels follow :class:`ui.panels.base.Panel`; :meth:`MainWindow.register_panel`
puts one in a QDockWidget named ``dock_<panel_id>``, adds its show/hide action
to the View menu and includes it in the saved layout. Later panels (timeline,
script, KPI tiles, charts, comment feed, incidents) register the same way,
from the code that creates their core service.

Layout: QSettings keys ``window/geometry`` and ``window/state`` (QMainWindow's
own byte arrays, versioned by :data:`LAYOUT_VERSION`) plus each panel's group
``panels/<panel_id>``; saved on close, restored on start. View → Reset layout
returns to the default layout captured right after the panels were built.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QWidget,
)

from ui.bridges.obs_bridge import ObsBridge
from ui.panels.audio_mixer import AudioMixer
from ui.panels.base import Panel
from ui.panels.camera_switcher import CameraSwitcher
from ui.panels.connection_bar import ConnectionBar
from ui.panels.event_log import EventLog
from ui.panels.stream_controls import Confirm, StreamControls, ask_user
from ui.settings import recent_shows
from ui.windows.shortcuts_dialog import ShortcutsDialog
from ui.windows.workspaces import Workspaces, apply_sizes
from ui.widgets.toast import Toast

#: Bump when the dock arrangement changes incompatibly: an old saved state is then ignored.
LAYOUT_VERSION = 1


def _t(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


@dataclasses.dataclass
class ShortcutInfo:
    action: QAction
    group: str


class MainWindow(QMainWindow):
    #: File → Open show… (Ctrl+O): the application asks for a script and loads it (ui.windows.show_opener).
    open_show_requested = Signal()
    #: File → Recent shows → a path.
    recent_show_requested = Signal(str)
    #: File → Review shows… ("": the latest show) or the end-of-show offer (that show's id): ui.windows.review_opener.
    review_requested = Signal(str)
    #: The window is closing (its own windows — the review, the anchor's screen — close with it).
    closing = Signal()

    def __init__(self, bridge: ObsBridge, settings: QSettings, *,
                 apply_language: Callable[[str], object] | None = None,
                 confirm: Confirm = ask_user, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.bridge = bridge
        self.settings = settings
        self.apply_language = apply_language
        self.panels: dict[str, Panel] = {}
        self.docks: dict[str, QDockWidget] = {}
        self.shortcuts: list[ShortcutInfo] = []
        self.show_title = ""
        self._shown_once = False
        self._layout_restored = False
        self.setDockNestingEnabled(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AllowTabbedDocks)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

        # The connection bar is a toolbar that cannot be moved, floated or hidden: always in view.
        self.connection_bar = ConnectionBar(bridge, self)
        self.connection_toolbar = QToolBar(self)
        self.connection_toolbar.setObjectName("connectionToolbar")
        self.connection_toolbar.setMovable(False)
        self.connection_toolbar.setFloatable(False)
        self.connection_toolbar.toggleViewAction().setEnabled(False)
        self.connection_toolbar.toggleViewAction().setVisible(False)
        self.connection_toolbar.addWidget(self.connection_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.connection_toolbar)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.action_toolbar = QToolBar(self)
        self.action_toolbar.setObjectName("actionToolbar")
        self.action_toolbar.setMovable(False)
        self.action_toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.action_toolbar)

        # A window with only docks: the switcher is the widest dock on the left.
        self.setCentralWidget(None)
        # There from the start: what a show puts in it later (the incident strip) never moves a panel.
        self.statusBar().setObjectName("statusBar")

        self.camera_switcher = CameraSwitcher(bridge)
        self.stream_controls = StreamControls(bridge, confirm=confirm)
        self.audio_mixer = AudioMixer(bridge)
        self.event_log = EventLog(bridge)
        for panel in (self.camera_switcher, self.stream_controls, self.audio_mixer, self.event_log):
            self.register_panel(panel)
        self.splitDockWidget(self.docks["stream_controls"], self.docks["audio_mixer"], Qt.Orientation.Vertical)

        self.toast = Toast(self, anchor=self.camera_switcher)
        for panel in (self.camera_switcher, self.stream_controls, self.audio_mixer):
            panel.notify.connect(self.notify)

        self._build_actions()
        self.workspaces = Workspaces(self, settings)
        self._build_menus()
        self.retranslate()
        self.resize(1280, 720)
        self.workspaces.arrange_default()
        self.default_state = self.saveState(LAYOUT_VERSION)

    # ------------------------------------------------------------ panels
    def register_panel(self, panel: Panel, area: Qt.DockWidgetArea | None = None) -> QDockWidget:
        """Host ``panel`` in a dock (objectName ``dock_<panel_id>``) and remember it in the layout."""
        if not panel.panel_id or panel.panel_id in self.panels:
            raise ValueError(f"panel id {panel.panel_id!r} is empty or already registered")
        dock = QDockWidget(panel.title(), self)
        dock.setObjectName(f"dock_{panel.panel_id}")
        if getattr(panel, "scroll_when_short", False):
            # A panel kept behind a tab (products, quick entry): it scrolls when its group is short rather than
            # forcing the window taller than the screen.
            scroll = QScrollArea(dock)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(panel)
            dock.setWidget(scroll)
        else:
            dock.setWidget(panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area or panel.default_area, dock)
        self.panels[panel.panel_id] = panel
        self.docks[panel.panel_id] = dock
        if hasattr(self, "view_menu"):
            self.view_menu.insertAction(self._view_separator, dock.toggleViewAction())
        return dock

    def add_panel(self, panel: Panel, area: Qt.DockWidgetArea | None = None) -> QDockWidget:
        """A panel that comes after start-up (a show's): registered, its own state restored from the settings.

        Its dock's place comes from :meth:`restore_docks` once the caller has
        added all its panels; then :meth:`refresh_default_layout`.
        """
        dock = self.register_panel(panel, area)
        self.settings.beginGroup(f"panels/{panel.panel_id}")
        panel.restore_state(self.settings)
        self.settings.endGroup()
        return dock

    def restore_docks(self, panels: list[Panel]) -> bool:
        """Put the docks of ``panels`` (added after the layout was restored) where the saved layout has them.

        False when there is no saved layout: the caller arranges them its own way.
        """
        # restoreDockWidget() answers True even with nothing saved: ask the settings whether a layout exists.
        if self.settings.value("window/state") is None:
            return False
        for panel in panels:
            self.restoreDockWidget(self.docks[panel.panel_id])
        return True

    def refresh_default_layout(self) -> None:
        """Panels or rows were added or removed: the current workspace arranges them (ui.windows.workspaces)."""
        self.workspaces.panels_changed()
        self.default_state = self.saveState(LAYOUT_VERSION)

    def unregister_panel(self, panel_id: str) -> None:
        """Take a panel out of the window (its show was replaced): state saved, dock and View entry removed."""
        panel = self.panels.pop(panel_id, None)
        dock = self.docks.pop(panel_id, None)
        if panel is None or dock is None:
            return
        self.settings.beginGroup(f"panels/{panel_id}")
        panel.save_state(self.settings)
        self.settings.endGroup()
        if hasattr(self, "view_menu"):
            self.view_menu.removeAction(dock.toggleViewAction())
        self.removeDockWidget(dock)
        dock.deleteLater()  # the panel with it

    # ------------------------------------------------------------ actions
    def _action(self, group: str, key: str | QKeySequence.StandardKey | None, slot: Callable[[], object], *,
                name: str, checkable: bool = False) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if key is not None:
            action.setShortcut(QKeySequence(key))
            # Window-wide, so it works whichever dock has focus (text fields still get their own keys).
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.shortcuts.append(ShortcutInfo(action, group))
        return action

    def _build_actions(self) -> None:
        self.scene_actions = [
            self._action("control", str(number), lambda index=number - 1: self.camera_switcher.select_index(index),
                         name=f"selectScene{number}")
            for number in range(1, 10)
        ]
        self.take_action = self._action("control", "Space", self.camera_switcher.take, name="take")
        self.studio_action = self._action("control", "Ctrl+Shift+P", self.camera_switcher.toggle_studio_mode,
                                          name="toggleStudioMode")
        self.stream_action = self._action("control", "Ctrl+Shift+S", self.stream_controls.toggle_stream,
                                          name="toggleStream")
        self.record_action = self._action("control", "Ctrl+Shift+R", self.stream_controls.toggle_record,
                                          name="toggleRecord")
        self.reconnect_action = self._action("control", "Ctrl+Shift+C", self.reconnect, name="reconnect")
        self.log_action = self._action("view", "Ctrl+L", self.show_log, name="showLog")
        self.cameras_action = self._action("view", "Esc", self.focus_cameras, name="focusCameras")
        self.reset_layout_action = self._action("view", "Ctrl+Shift+0", self.reset_layout, name="resetLayout")
        self.fullscreen_action = self._action("view", "F11", self.toggle_fullscreen, name="fullScreen")
        self.open_show_action = self._action("file", "Ctrl+O", self.open_show_requested.emit, name="openShow")
        self.review_action = self._action("file", "Ctrl+Shift+O", lambda: self.review_requested.emit(""),
                                          name="reviewShows")
        # The end-of-show offer: one click opens the review of the show that just ended (offer_review).
        self.review_offer_action = QAction(self)
        self.review_offer_action.setObjectName("reviewEndedShow")
        self.review_offer_action.setVisible(False)
        self.review_offer_action.triggered.connect(self._open_offered_review)
        self._offered_show_id = ""
        self.settings_action = self._action("file", "Ctrl+,", self.open_settings, name="settings")
        self.quit_action = self._action("file", "Ctrl+Q", self.close, name="quit")
        self.shortcuts_action = self._action("help", "F1", self.show_shortcuts, name="shortcuts")
        self.about_action = self._action("help", None, self.show_about, name="about")
        panel_keys = {"camera_switcher": "F2", "audio_mixer": "F3", "stream_controls": "F4", "event_log": "F6"}
        for panel_id, key in panel_keys.items():
            toggle = self.docks[panel_id].toggleViewAction()
            toggle.setShortcut(QKeySequence(key))
            self.shortcuts.append(ShortcutInfo(toggle, "view"))

        for action in (self.take_action, self.studio_action, self.stream_action, self.record_action):
            self.action_toolbar.addAction(action)
        self.action_toolbar.addSeparator()
        self.action_toolbar.addAction(self.log_action)
        self.action_toolbar.addAction(self.reconnect_action)
        self.action_toolbar.addAction(self.review_offer_action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.open_show_action)
        self.file_menu.addAction(self.review_action)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.setObjectName("recentShowsMenu")
        self.recent_menu.aboutToShow.connect(self.refresh_recent_menu)
        self.refresh_recent_menu()
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.control_menu = bar.addMenu("")
        self.control_menu.addActions(self.scene_actions)
        self.control_menu.addSeparator()
        for action in (self.take_action, self.studio_action, self.stream_action, self.record_action,
                       self.reconnect_action):
            self.control_menu.addAction(action)
        self.view_menu = bar.addMenu("")
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        self._view_separator = self.view_menu.addSeparator()
        self.workspace_menu = self.view_menu.addMenu("")
        self.workspace_menu.setObjectName("workspaceMenu")
        self.workspace_menu.addActions(list(self.workspaces.actions.values()))
        for action in self.workspaces.actions.values():
            self.shortcuts.append(ShortcutInfo(action, "view"))
        for action in (self.log_action, self.cameras_action, self.reset_layout_action, self.fullscreen_action):
            self.view_menu.addAction(action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        self._update_title()
        self.file_menu.setTitle(_t("&File"))
        self.control_menu.setTitle(_t("&Control"))
        self.view_menu.setTitle(_t("&View"))
        self.help_menu.setTitle(_t("&Help"))
        for number, action in enumerate(self.scene_actions, start=1):
            action.setText(_t("Select scene {number}").format(number=number))
        self.take_action.setText(_t("Take"))
        self.take_action.setToolTip(_t("Studio mode: put the preview on program (Space)"))
        self.studio_action.setText(_t("Studio mode"))
        self.stream_action.setText(_t("Start/stop stream"))
        self.record_action.setText(_t("Start/stop recording"))
        self.reconnect_action.setText(_t("Reconnect to OBS"))
        self.log_action.setText(_t("Event log"))
        self.cameras_action.setText(_t("Keys back to the cameras"))
        self.reset_layout_action.setText(_t("Reset layout"))
        self.reset_layout_action.setToolTip(_t("Put the current workspace back to its default"))
        self.workspace_menu.setTitle(_t("&Workspace"))
        self.workspaces.retranslate()
        self.fullscreen_action.setText(_t("Full screen"))
        self.open_show_action.setText(_t("&Open show…"))
        self.open_show_action.setToolTip(_t("Load a show script (YAML), check it, and run it live or as a rehearsal"))
        self.recent_menu.setTitle(_t("Recent &shows"))
        self.review_action.setText(_t("&Review shows…"))
        self.review_action.setToolTip(_t("The review of recorded shows and rehearsals (复盘)"))
        self._retranslate_review_offer()
        self.settings_action.setText(_t("Settings…"))
        self.quit_action.setText(_t("Quit"))
        self.shortcuts_action.setText(_t("Keyboard shortcuts"))
        self.about_action.setText(_t("About"))
        self.action_toolbar.setWindowTitle(_t("Actions"))
        for panel_id, panel in self.panels.items():
            self.docks[panel_id].setWindowTitle(panel.title())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "help_menu"):
            self.retranslate()
        super().changeEvent(event)

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        groups = {"control": _t("Control"), "view": _t("View"), "file": _t("File"), "help": _t("Help")}
        rows = []
        for info in self.shortcuts:
            key = info.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if key:
                rows.append((key, info.action.text().replace("&", ""), groups.get(info.group, info.group)))
        return rows

    # ------------------------------------------------------------ commands
    def notify(self, text: str, error: bool) -> None:
        """A confirmation or a refusal: a toast for the operator, a line in the log."""
        self.toast.show_message(text, error=error)
        self.event_log.add_note(text, error)

    def show_log(self) -> None:
        dock = self.docks["event_log"]
        dock.show()
        dock.raise_()
        self.event_log.focus_filter()

    def reconnect(self) -> None:
        client = self.bridge.client
        if client is not None:
            client.reconnect_now()

    def refresh_recent_menu(self) -> None:
        """File → Recent shows from the settings (newest first; ui.windows.show_opener keeps the list)."""
        self.recent_menu.clear()
        paths = recent_shows(self.settings)
        for number, path in enumerate(paths, start=1):
            escaped = path.replace("&", "&&")  # a path's own & is not an accelerator
            action = self.recent_menu.addAction(f"&{number} {escaped}" if number < 10 else escaped)
            action.setData(path)
            action.triggered.connect(lambda _checked=False, chosen=path: self.recent_show_requested.emit(chosen))
        self.recent_menu.setEnabled(bool(paths))

    def toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def open_settings(self) -> None:
        from ui.settings import SettingsDialog

        dialog = SettingsDialog(self.settings, self.apply_language or (lambda _preference: None), self)
        dialog.exec()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, _t("About"), _t("Liveroom console 0.1 — OBS control for live-commerce shows."))

    # ------------------------------------------------------------ show
    def set_show(self, title: str, roles: dict[str, str]) -> None:
        """A show is loaded: its title in the bar and window, role labels on the tiles.

        ``roles`` maps role → OBS scene name (the script's ``show.scenes``).
        """
        self.show_title = title
        self.connection_bar.set_show_title(title)
        self.camera_switcher.set_role_labels({scene: role for role, scene in roles.items()})
        self._update_title()

    def offer_review(self, show_id: str, title: str) -> None:
        """A show ended: a button in the action toolbar opens its review in one click (until another show runs)."""
        self._offered_show_id = show_id
        self._offered_title = title
        self._retranslate_review_offer()
        self.review_offer_action.setVisible(bool(show_id))
        if show_id:
            self.notify(_t("Show ended: “{title}” — its review is one click away").format(title=title), False)

    def withdraw_review_offer(self) -> None:
        self._offered_show_id = ""
        self.review_offer_action.setVisible(False)

    def _retranslate_review_offer(self) -> None:
        title = getattr(self, "_offered_title", "")
        self.review_offer_action.setText(_t("Review “{title}”").format(title=title))
        self.review_offer_action.setToolTip(_t("Open the review of the show that just ended"))

    def _open_offered_review(self) -> None:
        if self._offered_show_id:
            self.review_requested.emit(self._offered_show_id)

    def set_banner(self, text: str) -> None:
        self.connection_bar.set_banner(text)

    def _update_title(self) -> None:
        base = _t("Liveroom console")
        self.setWindowTitle(f"{self.show_title} — {base}" if self.show_title else base)

    # ------------------------------------------------------------ layout
    def save_layout(self) -> None:
        settings = self.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState(LAYOUT_VERSION))
        settings.setValue("window/layout_version", LAYOUT_VERSION)
        self.workspaces.save_current()
        for panel_id, panel in self.panels.items():
            settings.beginGroup(f"panels/{panel_id}")
            panel.save_state(settings)
            settings.endGroup()
        settings.sync()

    def restore_layout(self) -> bool:
        """Apply the saved layout; False (defaults kept) when there is none or it is from another version."""
        settings = self.settings
        for panel_id, panel in self.panels.items():
            settings.beginGroup(f"panels/{panel_id}")
            panel.restore_state(settings)
            settings.endGroup()
        geometry = settings.value("window/geometry")
        state = settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.fit_to_screen()
        restored = state is not None and self.restoreState(state, LAYOUT_VERSION)
        self._layout_restored = bool(restored)
        self.connection_toolbar.show()  # never hidden, whatever an old file says
        return bool(restored)

    def fit_to_screen(self) -> None:
        """The first start: the whole screen's working area (a 1280×720 window on a 1920 screen hides the cameras)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.setGeometry(area)

    def reset_layout(self) -> None:
        """View → Reset layout: the current workspace's default arrangement (ui.windows.workspaces)."""
        self.workspaces.reset_current()

    def focus_cameras(self) -> None:
        self.camera_switcher.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.focus_cameras()
            if not self._layout_restored:
                # Dock sizes only take once the window has its real size: after the first show.
                QTimer.singleShot(0, self, lambda: apply_sizes(self))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        self.closing.emit()
        super().closeEvent(event)
