"""Targets on screen (pytest-qt, a REAL ShowSession on the replay fixture): tile status lines with a mark and
the status colour, module bands tinted by their worst status, the incident panel's impact line."""

from __future__ import annotations

import time

import pyqtgraph as pg
import pytest

from console.targets.live import attach
from console.targets.model import SHIPPED, Bound, Targets
from ui.panels import targets_display as shown
from ui.panels.kpi_tiles import KpiTiles
from ui.panels.live_charts import LiveCharts, opaque_band
from ui.theme import TARGET_BAND_COLOURS, TARGET_STATUS_COLOURS

from .test_show_panels import Show

TARGETS = Targets(show={**SHIPPED.show, "gpm": Bound("min", 1.0), "orders": Bound("max", 0.0)},
                  by_module_type={"explanation": {"interaction_rate": Bound("min", 0.0)}}, warn_margin=0.1)


@pytest.fixture
def show(tmp_path):
    running = Show(tmp_path)
    attach(running.session, TARGETS)
    yield running
    running.close()


def _run_replay(qtbot, show, widget):
    show.clock.start_show()
    qtbot.waitUntil(lambda: show.session.live.snapshot(show.clock.show_ts()).show.interacting_users >= 3,
                    timeout=8000)
    show.clock.stop()
    show.recorder.flush(10)


def test_tiles_show_status_mark_colour_bound_and_module_line(qtbot, show, tmp_path):
    tiles = KpiTiles(show.session, show.clock, show.bridge, refresh_ms=50)
    qtbot.addWidget(tiles)
    try:
        _run_replay(qtbot, show, tiles)
        tiles.refresh()
        snapshot = tiles.snapshot
        seen = 0
        for name, tile in tiles.tiles.items():
            bound = TARGETS.bounds_for().get(name)
            if bound is None:
                assert not tile.target_label.isVisibleTo(tiles), name
                continue
            status = bound.status(getattr(snapshot.show, name), TARGETS.warn_margin)
            text = tile.target_label.text()
            # Readable without colour: the mark (or · when empty) leads, then the bound.
            assert text.startswith(f"{shown.status_mark(status) or '·'} {shown.bound_text(name, bound)}"), name
            assert TARGET_STATUS_COLOURS.get(status, "") in tile.target_label.styleSheet() or status is None
            seen += 1
        assert seen == 4  # interaction, conversion, gpm, orders (refund_rate has no tile)
        # "gpm ≥ ¥1" with no order yet: GPM is 0 → bad, ✗ in red
        assert snapshot.show.gpm == 0 and tiles.tiles["gpm"].target_label.text().startswith("✗")
        assert TARGET_STATUS_COLOURS["bad"] in tiles.tiles["gpm"].target_label.styleSheet()
        module = snapshot.module
        if module is not None and module.type == "explanation":
            assert "module" in tiles.tiles["interaction_rate"].module_label.text()
        tiles.resize(760, 260)
        tiles.show()
        tiles.grab().save(str(tmp_path / "tiles.png"))
    finally:
        tiles.stop()


def test_module_bands_take_their_worst_status(qtbot, show):
    charts = LiveCharts(show.session, show.clock, show.bridge, redraw_ms=50)
    qtbot.addWidget(charts)
    _run_replay(qtbot, show, charts)
    charts._update_bands()
    timeline = show.session.runtime.run_of_show.timeline
    assert timeline
    for number, entry in enumerate(timeline):
        module = show.session.script.modules[entry.index]
        row = show.session.live.row(module.id, show.clock.show_ts())
        expected = shown.worst(TARGETS.statuses(row, module.type)) if row is not None else None
        assert charts._band_status.get(number) == expected, module.id
        label = charts.labels[number]
        if expected:
            assert label.toPlainText().startswith(shown.status_mark(expected))
            colour = charts.regions[number][0].brush.color()
            # The tint premixed over the chart (opaque, as every band is drawn: ui.panels.live_charts.opaque_band).
            tint = opaque_band(pg.mkBrush(TARGET_BAND_COLOURS[expected])).color()
            assert colour.name(colour.NameFormat.HexArgb) == tint.name(tint.NameFormat.HexArgb)
            assert colour.alpha() == 255 and tint.name() != opaque_band(pg.mkBrush(TARGET_BAND_COLOURS[
                "ok" if expected != "ok" else "bad"])).color().name()  # the status shows in the colour


def test_impact_line_reads_the_trackers_figures(show):
    session = show.session
    now = time.time()
    impact = session.targets.impact(now - 60, now)
    text = shown.impact_text(impact)
    assert "—" in text or "¥" in text
    assert f"{impact.minutes_down:.1f}" in text
