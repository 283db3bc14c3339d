"""Alarm by severity (issue 19 point 3): critical takes the banner; warning and info go to the strip.

On the sample show's window at 1366×768 with the sandbox's four scenes on
the tiles: a warning or info incident never raises the red row and never
moves a panel; critical incidents raise one line of banner, however many,
and every camera tile's name stays whole and in view under it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect

from tests.ui.window_rig import console_window


def _now(panels) -> float:
    import time

    return time.time()


def _dock_geometries(window) -> dict[str, QRect]:
    return {panel_id: QRect(dock.geometry()) for panel_id, dock in window.docks.items() if dock.isVisible()}


def _names_whole_and_in_view(window) -> list[str]:
    """Tile names that are cut, clipped by the dock, or squeezed below their text's height (empty = all fine)."""
    problems = []
    dock = window.docks["camera_switcher"]
    for name, tile in window.camera_switcher.tiles.items():
        label = tile.name_label
        metrics = label.fontMetrics()
        if not label.isVisible():
            problems.append(f"{name}: hidden")
            continue
        if label.visibleRegion().boundingRect() != label.rect():
            problems.append(f"{name}: clipped ({label.visibleRegion().boundingRect()} of {label.rect()})")
        if label.height() < metrics.height():
            problems.append(f"{name}: {label.height()} px high for {metrics.height()} px of text")
        if metrics.horizontalAdvance(label.text()) > label.contentsRect().width():
            problems.append(f"{name}: {label.contentsRect().width()} px wide for its text")
        top_left = label.mapTo(dock, label.rect().topLeft())
        if not dock.rect().contains(QRect(top_left, label.size())):
            problems.append(f"{name}: outside its dock")
    return problems


def test_warning_and_info_go_to_the_strip_and_move_nothing(qtbot, tmp_path):
    with console_window(qtbot, tmp_path) as (window, panels):
        parts = panels.incident_ui
        runner = panels.session.playbooks.runner
        before = _dock_geometries(window)
        assert "No open warnings" in parts["strip"].full_text()
        runner.trigger("cpu-high", _now(panels))
        runner.trigger("banned-word", _now(panels))
        qtbot.waitUntil(lambda: len(parts["strip"].shown["warning"]) == 1 and len(parts["strip"].shown["info"]) == 1)
        qtbot.wait(200)
        assert not parts["banner"].active and not parts["toolbar"].isVisible()
        assert "×1" in parts["strip"].full_text()
        strip_top = parts["strip"].mapTo(window, parts["strip"].rect().topLeft()).y()
        assert parts["strip"].isVisible() and strip_top > max(rect.bottom() for rect in before.values())
        assert _dock_geometries(window) == before


def test_critical_incidents_take_one_line_of_banner_and_the_tile_names_stay_whole(qtbot, tmp_path):
    with console_window(qtbot, tmp_path) as (window, panels):
        parts = panels.incident_ui
        runner = panels.session.playbooks.runner
        assert _names_whole_and_in_view(window) == []
        runner.trigger("stream-down", _now(panels))
        qtbot.waitUntil(lambda: parts["toolbar"].isVisible())
        qtbot.wait(200)
        one_incident_height = parts["toolbar"].height()
        assert _names_whole_and_in_view(window) == []
        for playbook_id in ("camera-frozen", "mic-silent", "obs-disconnected"):
            runner.trigger(playbook_id, _now(panels))
        qtbot.waitUntil(lambda: parts["banner"].full_text().count("|") == 3)
        qtbot.wait(200)
        assert parts["toolbar"].height() == one_incident_height  # one line, whatever it says
        assert parts["banner"].text().endswith("…") and parts["banner"].toolTip() == parts["banner"].full_text()
        assert parts["strip"].shown == {"warning": [], "info": []}  # critical ones are the banner's only
        assert _names_whole_and_in_view(window) == []


def test_a_confirmation_toast_leaves_the_tile_names_readable(qtbot, tmp_path):
    with console_window(qtbot, tmp_path) as (window, _panels):
        window.notify("OBS program: 机位B 特写", False)
        toast = window.toast
        assert toast.isVisible()
        toast_rect = QRect(toast.mapTo(window, toast.rect().topLeft()), toast.size())
        for name, tile in window.camera_switcher.tiles.items():
            label = tile.name_label
            label_rect = QRect(label.mapTo(window, label.rect().topLeft()), label.size())
            assert not toast_rect.intersects(label_rect), name
