"""The Anchors window on a generated period: the list, the selected scorecard with target marks, the trends
and the action items, loaded off the GUI thread."""

from __future__ import annotations

from console.anchors import actions, summary
from ui.windows.anchors_window import AnchorsWindow

from .year import DAY, write_year

START = 1_790_000_000.0



def test_the_window_lists_anchors_and_shows_the_selected_scorecard(qtbot, tmp_path):
    from db.engine import open_database

    engine = open_database(f"sqlite:///{tmp_path / 'w.sqlite'}")
    try:
        expected = write_year(engine, start=START, days=40)
        first = next(e for e in expected if e.room == "room-a" and e.kind == "live")
        summary.ensure_summaries(engine)
        (totals,) = [t for t in summary.load_totals(engine) if t.show_id == first.show_id]
        actions.add_item(engine, from_show=totals, text="开场加一个提问", kpi="interaction_rate", bound="min",
                         target=0.25, module_type="opening", now=first.started_at + DAY / 2)
        window = AnchorsWindow(engine)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.loaded, timeout=30_000):
            pass
        assert [window.table.item(r, 0).text() for r in range(window.table.rowCount())] == ["小雅", "阿杰"]
        window.table.selectRow(0)
        card = next(c for c in window.data.cards if c.name == "小雅")
        live = [e for e in expected if e.anchor == "小雅" and e.kind == "live"]
        assert card.shows == len(live)
        assert window.figure_values["shows"].text() == f"{len(live)}"
        conversion = sum(e.orders for e in live) / sum(e.reach for e in live)
        assert window.figure_values["conversion_rate"].text().startswith(f"{conversion * 100:.1f}%")
        assert window.figure_values["conversion_rate"].text()[-1] in "✓!✗"  # readable without colour
        _plot, curve = window.trend_plots["conversion_rate"]
        assert len(curve.getData()[0]) == 10
        items = [window.actions_table.item(r, 1).text() for r in range(window.actions_table.rowCount())]
        assert items == ["开场加一个提问"]
        assert window.actions_table.item(0, 0).text() in ("met", "not met")  # checked by the room's next show
        window.resize(1366, 768)
        qtbot.wait(50)
        window.grab().save("/tmp/anchors.png")
    finally:
        engine.dispose()
