"""Camera switcher: one tile per OBS scene, live thumbnails, tally, Take.

- The tiles follow ``snapshot.scenes`` (OBS's order, live: scenes added,
  renamed or removed in OBS appear here).
- Tally: program red, preview green, as OBS last confirmed (never as clicked).
- Selecting (click, or keys 1–9 through the window's actions): in studio mode
  it sets the preview (``SetCurrentPreviewScene``) and Take
  (``TriggerStudioModeTransition``) puts it on program; outside studio mode it
  cuts straight to program (``SetCurrentProgramScene``).
- Confirmation: the switch counts only when OBS reports the new program scene
  (``CurrentProgramSceneChanged`` → snapshot); then the tile flashes and
  :attr:`CameraSwitcher.notify` carries "Switched to X (N ms)", N measured from
  the operator's key press. A refusal carries OBS's reason instead.
- Thumbnails: ``GetSourceScreenshot`` (JPEG, :data:`THUMBNAIL_WIDTH` px) at
  most once per :data:`THUMBNAIL_INTERVAL_MS` per tile, one request in flight
  per tile, background priority (an operator's switch is never queued behind a
  thumbnail), only for tiles actually visible on screen. Decoding happens on
  the GUI thread on arrival: measured 0.1–0.3 ms for a 192×108 JPEG
  (tests/ui/test_camera_switcher.py::test_thumbnail_decode_is_cheap).
"""

from __future__ import annotations

import base64
import time
from typing import Callable

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.obs.client import PRIORITY_BACKGROUND
from console.obs.model import ConnectionState, ObsResult, ObsSnapshot
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.base import Panel

#: Issue 3: at most 2 screenshots per second per tile.
THUMBNAIL_INTERVAL_MS = 500
#: ~5 KB JPEGs, cheap for OBS to encode and for us to decode; sharp enough to tell cameras apart.
THUMBNAIL_WIDTH = 192
#: Four tiles side by side in the controller workspace's camera column on a 1366-wide laptop (~700 px).
TILE_MIN_WIDTH = 160
#: The picture's least width inside a tile (the tile's margins aside); the 192 px JPEG is scaled to it.
THUMBNAIL_MIN_WIDTH = TILE_MIN_WIDTH - 12
#: Upper bound of a tile's picture: two rows of tiles and the controls fit a 1080p dock.
THUMBNAIL_MAX_HEIGHT = 230
#: How long a tile flashes after OBS confirmed it on program.
FLASH_MS = 600
#: A confirmation that never comes (OBS accepted but no event) stops being awaited.
CONFIRM_TIMEOUT_S = 10.0


def _t(text: str) -> str:
    return QCoreApplication.translate("CameraSwitcher", text)


def decode_screenshot(image_data: str) -> QImage:
    """OBS sends ``data:image/jpg;base64,…``; a null QImage when it is not an image."""
    _, _, payload = image_data.partition(",")
    image = QImage()
    image.loadFromData(base64.b64decode(payload or image_data))
    return image


class SceneTile(QFrame):
    clicked = Signal(str)

    def __init__(self, scene: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sceneTile")
        self.scene = scene
        self.role = ""
        self.index = 0
        self.tally = ""  # "program", "preview" or ""
        self.image: QImage | None = None
        self.request_in_flight = False
        self.thumbnails_received = 0
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(TILE_MIN_WIDTH)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        header = QHBoxLayout()
        self.number_label = QLabel(self)
        self.number_label.setObjectName("tileNumber")
        self.tally_label = QLabel(self)
        self.tally_label.setObjectName("tallyLabel")
        header.addWidget(self.number_label)
        header.addStretch(1)
        header.addWidget(self.tally_label)
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName("thumbnail")
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setMinimumWidth(THUMBNAIL_MIN_WIDTH)
        self.thumbnail.setFixedHeight(THUMBNAIL_MIN_WIDTH * 9 // 16)
        self.thumbnail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.name_label = QLabel(self)
        self.name_label.setObjectName("sceneName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.role_label = QLabel(self)
        self.role_label.setObjectName("sceneRole")
        self.role_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addLayout(header)
        layout.addWidget(self.thumbnail)
        layout.addWidget(self.name_label)
        layout.addWidget(self.role_label)
        self.set_scene(scene)
        self.set_tally("")

    def set_scene(self, scene: str) -> None:
        self.scene = scene
        self.name_label.setText(scene)
        self.name_label.setToolTip(scene)

    def set_index(self, index: int) -> None:
        self.index = index
        self.number_label.setText(str(index + 1) if index < 9 else "")

    def set_role(self, role: str) -> None:
        self.role = role
        self.role_label.setText(role)
        self.role_label.setVisible(bool(role))

    def set_tally(self, tally: str) -> None:
        self.tally = tally
        self.tally_label.setText({"program": _t("PROGRAM"), "preview": _t("PREVIEW")}.get(tally, ""))
        self._polish("tally", tally)

    def flash(self) -> None:
        self._polish("flash", True)
        # With the tile as context: the timer dies with the tile (a scene removed mid-flash).
        QTimer.singleShot(FLASH_MS, self, self._end_flash)

    def _end_flash(self) -> None:
        self._polish("flash", False)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.thumbnails_received += 1
        self._show_image()

    def _show_image(self) -> None:
        if self.image is None:
            return
        self.thumbnail.setPixmap(QPixmap.fromImage(self.image).scaled(
            self.thumbnail.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        # The picture keeps 16:9 at the tile's width (within bounds, so four tiles fit a laptop screen).
        width = self.thumbnail.width()
        height = min(THUMBNAIL_MAX_HEIGHT, max(THUMBNAIL_MIN_WIDTH * 9 // 16, width * 9 // 16))
        if self.thumbnail.height() != height:
            self.thumbnail.setFixedHeight(height)
            self._show_image()

    def is_on_screen(self) -> bool:
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def retranslate(self) -> None:
        self.set_tally(self.tally)

    def _polish(self, name: str, value: object) -> None:
        self.setProperty(name, value)
        self.style().unpolish(self)
        self.style().polish(self)
        self.tally_label.style().unpolish(self.tally_label)
        self.tally_label.style().polish(self.tally_label)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.scene)
        super().mousePressEvent(event)


class CameraSwitcher(Panel):
    panel_id = "camera_switcher"
    default_area = Qt.DockWidgetArea.LeftDockWidgetArea

    #: (text, is_error) — for the window's toast and the event log.
    notify = Signal(str, bool)
    #: scene name — OBS confirmed it on program (after the flash started).
    program_confirmed = Signal(str)

    def __init__(self, bridge: ObsBridge, parent: QWidget | None = None, *,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._monotonic = monotonic
        self.tiles: dict[str, SceneTile] = {}
        self._order: list[str] = []
        self._roles: dict[str, str] = {}
        self._snapshot = bridge.snapshot
        self._state = bridge.state
        # scene -> instant the operator asked for it on program
        self._awaiting_program: dict[str, float] = {}
        self._columns = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        controls = QHBoxLayout()
        self.studio_button = QPushButton(self)
        self.studio_button.setObjectName("studioModeButton")
        self.studio_button.setCheckable(True)
        self.studio_button.clicked.connect(self._on_studio_clicked)
        self.take_button = QPushButton(self)
        self.take_button.setObjectName("takeButton")
        self.take_button.clicked.connect(self.take)
        self.transition_label = QLabel(self)
        self.transition_combo = QComboBox(self)
        self.transition_combo.setObjectName("transitionCombo")
        self.transition_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.transition_combo.activated.connect(self._on_transition_chosen)
        self.duration_spin = QSpinBox(self)
        self.duration_spin.setObjectName("transitionDuration")
        self.duration_spin.setRange(0, 20_000)
        self.duration_spin.setSingleStep(100)
        self.duration_spin.setKeyboardTracking(False)
        self.duration_spin.editingFinished.connect(self._on_duration_chosen)
        controls.addWidget(self.studio_button)
        controls.addWidget(self.take_button)
        controls.addSpacing(12)
        controls.addWidget(self.transition_label)
        controls.addWidget(self.transition_combo)
        controls.addWidget(self.duration_spin)
        controls.addStretch(1)
        outer.addLayout(controls)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_host = QWidget(self.scroll)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll.setWidget(self.grid_host)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        outer.addWidget(self.empty_label)
        outer.addWidget(self.scroll, 1)

        # Number keys and Space are the operator's: the panel takes the focus
        # itself, and the text-like inputs only take it when clicked, so a key
        # press never lands in the duration box by accident.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for widget in (self.transition_combo, self.duration_spin):
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for widget in (self.studio_button, self.take_button):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.duration_spin.editingFinished.connect(self.setFocus)

        self.thumbnail_timer = QTimer(self)
        self.thumbnail_timer.setInterval(THUMBNAIL_INTERVAL_MS)
        self.thumbnail_timer.timeout.connect(self.request_thumbnails)
        self.thumbnail_timer.start()

        bridge.snapshot_changed.connect(self._on_snapshot)
        bridge.state_changed.connect(self._on_state)
        self.retranslate()
        self.refresh()

    # ------------------------------------------------------------ protocol
    def title(self) -> str:
        return _t("Cameras")

    def retranslate(self) -> None:
        self.studio_button.setText(_t("Studio mode"))
        self.studio_button.setToolTip(_t("Studio mode: a selection goes to preview, Take puts it on program"))
        self.take_button.setText(_t("Take (Space)"))
        self.transition_label.setText(_t("Transition"))
        self.duration_spin.setSuffix(_t(" ms"))
        self.duration_spin.setToolTip(_t("Transition duration"))
        self.empty_label.setText(_t("No scenes — waiting for OBS"))
        for tile in self.tiles.values():
            tile.retranslate()

    def refresh(self) -> None:
        self._apply_snapshot(self.bridge.snapshot)

    def save_state(self, settings: QSettings) -> None:
        pass  # nothing of its own yet: the scenes come from OBS

    # ------------------------------------------------------------ show hook
    def set_role_labels(self, roles: dict[str, str]) -> None:
        """``{scene_name: role}`` from the loaded show; shown under the scene name."""
        self._roles = dict(roles)
        for name, tile in self.tiles.items():
            tile.set_role(self._roles.get(name, ""))

    # ------------------------------------------------------------ actions
    def scene_names(self) -> list[str]:
        return list(self._order)

    def select_index(self, index: int) -> None:
        """Key 1–9 (``index`` 0–8)."""
        if 0 <= index < len(self._order):
            self.select_scene(self._order[index])

    def select_scene(self, scene: str) -> None:
        if self._snapshot.studio_mode:
            self.bridge.request("SetCurrentPreviewScene", {"sceneName": scene},
                                on_result=lambda result: self._on_switch_result(result, scene, preview=True))
            return
        self._awaiting_program[scene] = self._monotonic()
        self.bridge.request("SetCurrentProgramScene", {"sceneName": scene},
                            on_result=lambda result: self._on_switch_result(result, scene, preview=False))

    def take(self) -> None:
        snapshot = self._snapshot
        if not snapshot.studio_mode:
            self.notify.emit(_t("Take needs studio mode: outside it a selection cuts straight to program"), True)
            return
        scene = snapshot.preview_scene
        if scene:
            self._awaiting_program[scene] = self._monotonic()
        self.bridge.request("TriggerStudioModeTransition",
                            on_result=lambda result: self._on_switch_result(result, scene, preview=False))

    def set_studio_mode(self, enabled: bool) -> None:
        self.bridge.request("SetStudioModeEnabled", {"studioModeEnabled": enabled},
                            on_result=self._report_failure)

    def toggle_studio_mode(self) -> None:
        self.set_studio_mode(not self._snapshot.studio_mode)

    def _on_studio_clicked(self, checked: bool) -> None:
        # Show what OBS says, not what was clicked: revert until OBS confirms.
        self.studio_button.setChecked(self._snapshot.studio_mode)
        self.set_studio_mode(checked)

    def _on_transition_chosen(self, index: int) -> None:
        name = self.transition_combo.itemText(index)
        if name and name != self._snapshot.transition:
            self.bridge.request("SetCurrentSceneTransition", {"transitionName": name}, on_result=self._report_failure)

    def _on_duration_chosen(self) -> None:
        value = self.duration_spin.value()
        if value != self._snapshot.transition_duration_ms:
            self.bridge.request("SetCurrentSceneTransitionDuration", {"transitionDuration": value},
                                on_result=self._report_failure)

    # ------------------------------------------------------------ results (GUI thread)
    def _report_failure(self, result: ObsResult) -> None:
        if not result.ok:
            self.notify.emit(_t("OBS refused {request}: {reason}").format(
                request=result.request, reason=result.error_text), True)

    def _on_switch_result(self, result: ObsResult, scene: str | None, *, preview: bool) -> None:
        if not result.ok:
            if scene is not None:
                self._awaiting_program.pop(scene, None)
            self.notify.emit(_t("OBS refused to switch to {scene}: {reason}").format(
                scene=scene or "?", reason=result.error_text), True)
            return
        if preview:
            self.notify.emit(_t("Preview: {scene} — press Space to take").format(scene=scene), False)
            return
        if scene is not None and self._snapshot.program_scene == scene and scene in self._awaiting_program:
            # Already on program: OBS sends no change event, so confirm from the answer.
            started = self._awaiting_program.pop(scene)
            self.notify.emit(_t("{scene} is already on program ({ms:.0f} ms)").format(
                scene=scene, ms=(self._monotonic() - started) * 1000), False)

    def _on_state(self, state: ConnectionState, _reason: str) -> None:
        self._state = state

    def _on_snapshot(self, snapshot: ObsSnapshot) -> None:
        previous_program = self._snapshot.program_scene
        self._apply_snapshot(snapshot)
        program = snapshot.program_scene
        if program and program != previous_program:
            tile = self.tiles.get(program)
            if tile is not None:
                tile.flash()
            started = self._awaiting_program.pop(program, None)
            if started is not None:
                self.notify.emit(_t("Switched to {scene} ({ms:.0f} ms)").format(
                    scene=program, ms=(self._monotonic() - started) * 1000), False)
            elif previous_program is not None:
                # Switched by someone else (OBS itself, a cue, a playbook): say so too.
                self.notify.emit(_t("On program in OBS: {scene}").format(scene=program), False)
            self.program_confirmed.emit(program)
        now = self._monotonic()
        for scene, started in list(self._awaiting_program.items()):
            if now - started > CONFIRM_TIMEOUT_S:
                del self._awaiting_program[scene]

    def _apply_snapshot(self, snapshot: ObsSnapshot) -> None:
        self._snapshot = snapshot
        if list(snapshot.scenes) != self._order:
            self._rebuild(list(snapshot.scenes))
        for name, tile in self.tiles.items():
            if name == snapshot.program_scene:
                tile.set_tally("program")
            elif snapshot.studio_mode and name == snapshot.preview_scene:
                tile.set_tally("preview")
            else:
                tile.set_tally("")
        self.studio_button.setChecked(snapshot.studio_mode)
        self.take_button.setEnabled(snapshot.studio_mode)
        transitions = list(snapshot.transitions)
        if [self.transition_combo.itemText(i) for i in range(self.transition_combo.count())] != transitions:
            self.transition_combo.clear()
            self.transition_combo.addItems(transitions)
        if snapshot.transition:
            self.transition_combo.setCurrentText(snapshot.transition)
        if snapshot.transition_duration_ms is not None and not self.duration_spin.hasFocus():
            self.duration_spin.setValue(int(snapshot.transition_duration_ms))

    def _rebuild(self, scenes: list[str]) -> None:
        old = self.tiles
        self.tiles = {}
        for name in scenes:
            tile = old.pop(name, None)
            if tile is None:
                tile = SceneTile(name, self.grid_host)
                tile.clicked.connect(self.select_scene)
                tile.set_role(self._roles.get(name, ""))
            self.tiles[name] = tile
        for tile in old.values():  # removed (or renamed) in OBS
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self._order = scenes
        for index, name in enumerate(scenes):
            self.tiles[name].set_index(index)
        self.empty_label.setVisible(not scenes)
        self._columns = 0
        self._layout_tiles()

    def _layout_tiles(self) -> None:
        # The width without the vertical scroll bar: counting it would keep a two-row layout (which shows the bar)
        # even when one row of all the tiles fits (which would not).
        bar = self.scroll.verticalScrollBar()
        width = max(1, self.scroll.viewport().width() + (bar.width() if bar.isVisible() else 0))
        columns = max(1, min(len(self._order) or 1, width // (TILE_MIN_WIDTH + self.grid.spacing())))
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for index, name in enumerate(self._order):
            self.grid.addWidget(self.tiles[name], index // columns, index % columns)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout_tiles()

    # ------------------------------------------------------------ thumbnails
    def request_thumbnails(self) -> None:
        """Timer tick: one screenshot request per visible tile that has none in flight."""
        if self._state != ConnectionState.OK or not self.isVisible():
            return
        window = self.window()
        if window is not None and window.isMinimized():
            return
        for name, tile in self.tiles.items():
            if tile.request_in_flight or not tile.is_on_screen():
                continue
            tile.request_in_flight = True
            self.bridge.request(
                "GetSourceScreenshot",
                {"sourceName": name, "imageFormat": "jpg", "imageWidth": THUMBNAIL_WIDTH},
                origin="thumbnail", priority=PRIORITY_BACKGROUND,
                on_result=lambda result, tile=tile: self._on_thumbnail(tile, result))

    def _on_thumbnail(self, tile: SceneTile, result: ObsResult) -> None:
        tile.request_in_flight = False
        if not result.ok or self.tiles.get(tile.scene) is not tile:
            return
        data = result.data.get("imageData")
        if not data:
            return
        image = decode_screenshot(data)
        if not image.isNull():
            tile.set_image(image)
