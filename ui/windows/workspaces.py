"""Workspaces: the window arranged for the field controller, for a rehearsal, or for looking back at a show.

Each :class:`Workspace` says where the docks go: the timeline across the
top, then a left and a right column of rows; a row holds groups side by
side, a group holds docks tabbed together (the first one in front). A dock
the workspace does not name (a panel another part adds later) is tabbed
behind the workspace's ``spare`` group, so it is reachable and squeezes
nothing; ``hidden`` docks stay in the View menu.

Keys: Ctrl+1 controller, Ctrl+2 rehearsal, Ctrl+3 review; View → Reset
layout (Ctrl+Shift+0) puts the current workspace back to its default. What
the operator changes in a workspace is kept for it (QSettings
``workspaces/<name>/state``) and comes back with it; the current workspace's
name is ``workspaces/current``.

The default arrangement is built from the docks present (the window's own,
the show's, the incident panels), so it is applied again whenever panels come
or go (:meth:`Workspaces.panels_changed`, from ``MainWindow.refresh_default_layout``).
Dock sizes only take once the window has its size, so they are applied again
on the next turn of the event loop.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget

#: Bump when a workspace's arrangement changes incompatibly: saved states of the old one are then ignored.
WORKSPACE_LAYOUT_VERSION = 2

Group = tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Row:
    groups: tuple[Group, ...]
    share: float  # of the column's height


@dataclasses.dataclass(frozen=True)
class Workspace:
    name: str
    key: str
    top: tuple[str, ...]
    left: tuple[Row, ...]
    right: tuple[Row, ...]
    left_share: float  # of the window's width
    spare: str  # the dock other (unnamed) docks are tabbed behind
    hidden: tuple[str, ...] = ()


def _row(share: float, *groups: Group) -> Row:
    return Row(tuple(groups), share)


# The shares fit 1366×768 in both languages with every dock at or above its minimum size (the charts ask for
# ~650×240, the incident panel ~580×200): the controller's six panels are in view together, the rest are tabs.
CONTROLLER = Workspace(
    "controller", "Ctrl+1", top=("timeline",),
    left=(_row(0.50, ("camera_switcher",)),  # no tab bar under the cameras: a row of tiles needs its height
          _row(0.50, ("live_charts", "stream_controls", "audio_mixer", "script", "event_log", "playbooks"))),
    # No tab bar in the right column either: an open incident's details make its panel taller.
    right=(_row(0.30, ("kpi_tiles",)),
           _row(0.38, ("incidents",)),
           _row(0.32, ("comment_feed",))),
    left_share=0.53, spare="live_charts")

REHEARSAL = Workspace(
    "rehearsal", "Ctrl+2", top=("timeline",),
    left=(_row(0.50, ("camera_switcher",)),
          _row(0.50, ("script",), ("playbooks", "incidents", "event_log", "stream_controls"))),
    right=(_row(0.36, ("audio_mixer",)),
           _row(0.30, ("kpi_tiles",)),
           _row(0.34, ("comment_feed",))),
    left_share=0.64, spare="comment_feed", hidden=("live_charts",))

REVIEW = Workspace(
    "review", "Ctrl+3", top=("timeline",),
    left=(_row(0.55, ("live_charts",)),
          _row(0.45, ("incidents", "playbooks"), ("event_log",))),
    right=(_row(0.38, ("kpi_tiles",)),
           _row(0.62, ("comment_feed", "script"))),
    left_share=0.64, spare="comment_feed",
    hidden=("camera_switcher", "stream_controls", "audio_mixer"))

WORKSPACES: dict[str, Workspace] = {space.name: space for space in (CONTROLLER, REHEARSAL, REVIEW)}
DEFAULT_WORKSPACE = CONTROLLER.name


def _t(text: str) -> str:
    return QCoreApplication.translate("Workspaces", text)


def workspace_title(name: str) -> str:
    return {"controller": _t("Controller"), "rehearsal": _t("Rehearsal"), "review": _t("Review")}.get(name, name)


def arrange(window: Any, space: Workspace) -> None:
    """Put ``window``'s docks where ``space`` has them (GUI thread); docks it does not name go behind its spare.

    Without dock animations while it moves them: every dock is taken out and put back in one turn, and an
    animation still running for a dock that was taken out again crashed Qt (a segfault in the suite, in
    ``splitDockWidget``). The window's own setting comes back afterwards.
    """
    animated = window.isAnimated()
    window.setAnimated(False)
    try:
        _arrange(window, space)
    finally:
        window.setAnimated(animated)


def _arrange(window: Any, space: Workspace) -> None:
    docks: dict[str, QDockWidget] = dict(window.docks)
    named = {panel_id for row in space.left + space.right for group in row.groups for panel_id in group}
    named |= set(space.top) | set(space.hidden)
    for dock in docks.values():
        dock.setFloating(False)
        window.removeDockWidget(dock)

    tabs: list[list[QDockWidget]] = []

    def place_column(rows: tuple[Row, ...], area: Qt.DockWidgetArea) -> list[tuple[QDockWidget, float]]:
        # Splits first, tabs after: splitting next to a dock that is already tabbed adds a tab instead (Qt).
        placed: list[tuple[QDockWidget, float]] = []
        previous: QDockWidget | None = None
        for row in rows:
            leaders = []
            for group in row.groups:
                present = [docks[panel_id] for panel_id in group if panel_id in docks]
                if not present:
                    continue
                leader = present[0]
                if previous is None:
                    window.addDockWidget(area, leader)
                elif not leaders:
                    window.splitDockWidget(previous, leader, Qt.Orientation.Vertical)
                else:
                    window.splitDockWidget(leaders[-1], leader, Qt.Orientation.Horizontal)
                leader.show()
                leaders.append(leader)
                tabs.append(present)
            if leaders:
                previous = leaders[0]
                placed.append((leaders[0], row.share))
        return placed

    for panel_id in space.top:
        if panel_id in docks:
            window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, docks[panel_id])
            docks[panel_id].show()
    left = place_column(space.left, Qt.DockWidgetArea.LeftDockWidgetArea)
    right = place_column(space.right, Qt.DockWidgetArea.RightDockWidgetArea)
    for present in tabs:
        for other in present[1:]:
            window.tabifyDockWidget(present[0], other)
            other.show()
    spare = docks.get(space.spare)
    for panel_id, dock in docks.items():
        if panel_id in space.hidden:
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
        elif panel_id not in named:
            if spare is not None:
                window.tabifyDockWidget(spare, dock)
            else:
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.show()
    for present in tabs:
        present[0].raise_()
    window.workspace_columns = (left, right, space.left_share)
    apply_sizes(window)


def apply_sizes(window: Any) -> None:
    """The columns' widths and the rows' heights, as parts of 1000 (resizeDocks scales them to the room there is)."""
    columns = getattr(window, "workspace_columns", None)
    if not columns:
        return
    left, right, left_share = columns
    if left and right:
        window.resizeDocks([left[0][0], right[0][0]], [int(left_share * 1000), int((1 - left_share) * 1000)],
                           Qt.Orientation.Horizontal)
    for column in (left, right):
        if len(column) > 1:
            window.resizeDocks([dock for dock, _share in column], [int(share * 1000) for _dock, share in column],
                               Qt.Orientation.Vertical)


class Workspaces:
    """The window's workspaces: actions (View → Workspace), the current one, each one's saved arrangement."""

    def __init__(self, window: Any, settings: QSettings) -> None:
        self.window = window
        self.settings = settings
        saved = settings.value("workspaces/current")
        self.current = saved if saved in WORKSPACES else DEFAULT_WORKSPACE
        self.group = QActionGroup(window)
        self.actions: dict[str, QAction] = {}
        for space in WORKSPACES.values():
            action = QAction(window)
            action.setObjectName(f"workspace_{space.name}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(space.key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setChecked(space.name == self.current)
            action.triggered.connect(lambda _checked=False, name=space.name: self.switch(name))
            self.group.addAction(action)
            window.addAction(action)
            self.actions[space.name] = action
        self.retranslate()

    def retranslate(self) -> None:
        for name, action in self.actions.items():
            action.setText(_t("{workspace} workspace").format(workspace=workspace_title(name)))

    def _key(self, name: str) -> str:
        return f"workspaces/{name}/state"

    def _panels_key(self, name: str) -> str:
        return f"workspaces/{name}/panels"

    def save_current(self) -> None:
        """Keep what the operator made of the current workspace (a switch away, the window closing)."""
        self.settings.setValue(self._key(self.current), self.window.saveState(WORKSPACE_LAYOUT_VERSION))
        self.settings.setValue(self._panels_key(self.current), ",".join(sorted(self.window.docks)))
        self.settings.setValue("workspaces/current", self.current)

    def switch(self, name: str) -> None:
        if name not in WORKSPACES:
            raise ValueError(f"no workspace {name!r}")
        if name != self.current:
            self.save_current()
            self.current = name
            self.settings.setValue("workspaces/current", name)
        self.actions[name].setChecked(True)
        self.apply_current()

    def apply_current(self) -> None:
        """The current workspace as the operator left it, or its default when nothing (usable) is saved."""
        saved = self.settings.value(self._key(self.current))
        # A state saved with other panels (before the show's came) would leave the new ones wherever they were
        # added: the default arrangement places every panel present.
        same_panels = self.settings.value(self._panels_key(self.current)) == ",".join(sorted(self.window.docks))
        if saved is None or not same_panels or not self.window.restoreState(saved, WORKSPACE_LAYOUT_VERSION):
            self.arrange_default()
        self.window.connection_toolbar.show()

    def arrange_default(self) -> None:
        arrange(self.window, WORKSPACES[self.current])
        QTimer.singleShot(0, self.window, lambda: apply_sizes(self.window))  # again once the docks have laid out

    def reset_current(self) -> None:
        """View → Reset layout: the current workspace back to its default, its saved arrangement forgotten."""
        self.settings.remove(self._key(self.current))
        self.settings.remove(self._panels_key(self.current))
        self.arrange_default()
        self.window.connection_toolbar.show()

    def panels_changed(self) -> None:
        """Panels came or went (a show attached or detached): the current workspace again, with them."""
        self.apply_current()
