"""The review window's panels: the shared panel protocol, and the window's jobs on named workers."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings

from ui.panels.base import Panel
from ui.windows.review_window import JOB_THREAD_NAME, ReviewWindow


def test_every_section_is_a_panel_with_its_own_id_and_title(qtbot, engine, recorded):
    window = ReviewWindow(engine, show_id="live-1")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=10_000):
            window.show()
        panels = [window.show_list, window.timeline, window.kpi_panel, window.charts, window.incidents,
                  window.comments, window.comparison, window.export_panel]
        assert all(isinstance(panel, Panel) for panel in panels)
        assert len({panel.panel_id for panel in panels}) == len(panels)
        assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
            "Plan && KPIs", "Charts", "Incidents", "Comments", "Compare"]
        assert all(button.isEnabled() for button in window.export_panel.buttons.values())
    finally:
        window.shutdown()


def test_the_comment_filter_is_saved_and_restored(qtbot, engine, recorded, tmp_path):
    window = ReviewWindow(engine, show_id="live-1")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=10_000):
            window.show()
        window.comments.flagged_only.setChecked(True)
        flagged = window.comments.model.rowCount()
        assert 0 < flagged < 7
        settings = QSettings(str(tmp_path / "review.ini"), QSettings.Format.IniFormat)
        settings.beginGroup(f"panels/{window.comments.panel_id}")
        window.comments.save_state(settings)
        window.comments.flagged_only.setChecked(False)
        assert window.comments.model.rowCount() == 7
        window.comments.restore_state(settings)
        assert window.comments.flagged_only.isChecked() and window.comments.model.rowCount() == flagged
    finally:
        window.shutdown()


def test_jobs_run_one_at_a_time_on_a_named_worker_never_the_gui_thread(qtbot, engine, recorded, monkeypatch):
    import threading

    from console.review import queries

    seen: list[str] = []
    listing = queries.list_shows

    def spy(engine_):
        seen.append(threading.current_thread().name)
        return listing(engine_)

    monkeypatch.setattr("ui.windows.review_window.list_shows", spy)
    window = ReviewWindow(engine, show_id="live-1")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=10_000):
            window.show()
        assert seen == [JOB_THREAD_NAME] and threading.main_thread().name != JOB_THREAD_NAME
        # Three jobs asked at once run in order, each after the one before.
        order: list[str] = []
        window.shows_listed.connect(lambda _summaries: order.append("list"))
        window.compared.connect(lambda: order.append("compare"))
        with qtbot.waitSignal(window.compared, timeout=10_000):
            window.refresh_shows()
            window.compare_with("rehearsal-1")
        assert order[:2] == ["list", "compare"] and seen == [JOB_THREAD_NAME] * 2
    finally:
        window.shutdown()
