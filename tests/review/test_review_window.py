"""The review window on a recorded show (pytest-qt, offscreen when there is no display)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF, Qt

from console.review import kpi_adapter
from ui.windows.review_window import ReviewWindow

from .fixtures import UNIX_START


def test_opens_lists_shows_and_shows_the_kpi_table(qtbot, engine, recorded):
    window = ReviewWindow(engine, show_id="live-1")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=10_000) as loaded:
            window.show()
        review = loaded.args[0]
        assert review.show.id == "live-1"
        assert window.show_list.table.rowCount() == 2
        assert window.show_list.table.item(0, 1).text() == "秋冬 <修护> & 专场"
        assert window.show_list.table.item(0, 4).text() == "1245.00"
        table = window.kpi_panel.table
        assert table.rowCount() == 5
        from ui.panels.review.column_titles import column_title

        # Titled in words on screen (issue 19), in the CSV's column order (§4.1: then one status column per
        # targeted KPI, the shipped targets here).
        names = list(kpi_adapter.CSV_COLUMNS) + ["status_interaction_rate", "status_conversion_rate",
                                                 "status_refund_rate"]
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert headers == [column_title(name) for name in names]
        assert "gmv" not in headers and "module_id" not in headers
        column = {name: c for c, name in enumerate(names)}
        assert [table.item(r, 0).text() for r in range(5)] == ["opening", "product", "interaction", "closing", "TOTAL"]
        assert table.item(1, column["over_under_s"]).text() == "30.00"
        assert table.item(2, column["interaction_rate"]).text() == "0.0167"  # 2 users / reach 120 (§4.1)
        # 0.0167 < 25 % × 0.9: off target, with its mark (readable without colour); no order: no refund status
        assert table.item(2, column["status_interaction_rate"]).text().startswith("✗")
        assert table.item(2, column["status_refund_rate"]).text() == ""
        assert table.item(4, column["gmv"]).text() == "1245.00"
        # Incidents with response times, comments with the script comment as plain text.
        tree = window.incidents.tree
        assert tree.topLevelItemCount() == 2
        stream_drop = next(tree.topLevelItem(i) for i in range(2) if "推流中断" in tree.topLevelItem(i).text(0))
        assert (stream_drop.text(2), stream_drop.text(3)) == ("4.5", "30.0")
        assert window.comments.model.rowCount() == 7
        assert window.comments.model.index(1, 3).data() == "<script>alert(1)</script>"
        # The rehearsal of the same script was found and compared.
        qtbot.waitUntil(lambda: window.comparison.timing_table.rowCount() == 4, timeout=10_000)
        assert window.comparison.timing_table.item(1, 4).text() == "150.0" and window.comparison.timing_table.item(1, 5).text() == "+30.0"
    finally:
        window.shutdown()


def test_clicking_a_marker_shows_its_details(qtbot, engine, recorded):
    window = ReviewWindow(engine, show_id="live-1")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=10_000):
            window.show()
        window.tabs.setCurrentIndex(1)  # charts
        window.resize(1400, 900)
        qtbot.wait(50)  # let the layout settle so the marker's position on screen is final
        index = next(i for i, m in enumerate(window.charts.markers) if m.kind == "incident" and m.ts == UNIX_START + 100)
        marker = window.charts.markers[index]
        view_box = window.charts.marker_plot.getViewBox()
        scene_point = view_box.mapViewToScene(QPointF(marker.ts - UNIX_START, 0.0))
        widget_point = window.charts.chart_area.mapFromScene(scene_point)
        qtbot.mouseClick(window.charts.chart_area.viewport(), Qt.MouseButton.LeftButton, pos=widget_point)
        qtbot.waitUntil(lambda: "推流中断" in window.charts.marker_detail.toPlainText(), timeout=5_000)
        text = window.charts.marker_detail.toPlainText()
        assert text.startswith("1:40") and "acknowledged after 4.5 s" in text
        assert "restart_stream — OBS refused: <output busy>" in text
    finally:
        window.shutdown()


def test_export_from_the_window_runs_on_the_worker(qtbot, engine, recorded, tmp_path):
    window = ReviewWindow(engine, show_id="live-1")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=10_000):
            window.show()
        target = tmp_path / "from-window.html"
        with qtbot.waitSignal(window.export_finished, timeout=20_000) as finished:
            window.export_to(str(target))
            assert window.progress.isVisible()  # progress shows while the worker writes
        assert finished.args == [str(target)]
        assert "秋冬 &lt;修护&gt; &amp; 专场" in target.read_text(encoding="utf-8")  # the report, escaped
        pdf = tmp_path / "from-window.pdf"  # laid out by Qt on the worker thread, not the GUI's
        with qtbot.waitSignal(window.export_finished, timeout=30_000):
            window.export_to(str(pdf))
        assert pdf.read_bytes().startswith(b"%PDF")
        with qtbot.waitSignal(window.export_failed, timeout=20_000):
            window.export_to(str(tmp_path / "missing-dir" / "x.html"))
    finally:
        window.shutdown()


def test_any_two_shows_side_by_side_per_module_type(qtbot, engine, recorded):
    window = ReviewWindow(engine, show_id="live-1")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=10_000):
            window.show()
        with qtbot.waitSignal(window.compared, timeout=10_000):
            window.compare_with("rehearsal-1")
        table = window.comparison.type_table
        assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
            "opening", "explanation", "interaction", "closing", "TOTAL"]
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        gmv_live = headers.index("gmv (live)")
        assert table.item(1, gmv_live).text() == "996.00"
    finally:
        window.shutdown()


def test_an_empty_database_shows_an_empty_list_and_refresh_finds_a_new_show(qtbot, engine):
    from .fixtures import record_small_show

    window = ReviewWindow(engine)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.shows_listed, timeout=10_000) as listed:
            window.show()
        assert listed.args[0] == [] and window.show_list.table.rowCount() == 0
        assert not any(button.isEnabled() for button in window.export_panel.buttons.values())
        record_small_show(engine, show_id="new-show")
        with qtbot.waitSignal(window.show_loaded, timeout=10_000) as loaded:
            window.refresh_button.click()
        assert loaded.args[0].show.id == "new-show" and window.show_list.table.rowCount() == 1
    finally:
        window.shutdown()
