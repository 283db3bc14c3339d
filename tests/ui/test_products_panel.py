"""The products panel on a REAL ShowSession (issue 16 points 2–3): stock with its marks, a reminder that
re-arms until K acknowledges it (sound counted), a flash sale's countdown. The show clock is driven by
hand (a monotonic function the test moves), so every instant is passed in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from console.audience.events import OrderEvent
from console.recording import Recorder
from console.session import ShowSession
from console.show.loader import load_script_text
from db import schema
from db.engine import open_database
from tests.commerce.fixtures_script import COMMERCE_SCRIPT
from ui.bridges.session_bridge import SessionBridge, ShowClock
from ui.panels.products_panel import ProductsPanel


class HandClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def running(tmp_path):
    script = load_script_text(COMMERCE_SCRIPT, "show.yaml").script
    engine = open_database(f"sqlite:///{tmp_path}/x.sqlite")
    recorder = Recorder(engine)
    session = ShowSession(script, recorder=recorder, kind="rehearsal", speed=1.0)
    bridge = SessionBridge(session)
    hand = HandClock()
    clock = ShowClock(session, monotonic=hand)
    yield session, clock, bridge, hand, engine
    clock.stop()
    bridge.detach()
    session.close(hand.now)
    recorder.close()
    engine.dispose()


def _advance_to(clock: ShowClock, hand: HandClock, show_s: float, start: float = 5000.0) -> None:
    """Tick every second of show time up to ``show_s`` (speed 1), as the window's timer would."""
    while hand.now < start + show_s:
        hand.now = min(hand.now + 1.0, start + show_s)
        clock.tick()


def test_reminder_re_arms_until_k_and_stock_marks(qtbot, running):
    session, clock, bridge, hand, engine = running
    panel = ProductsPanel(session, clock, bridge)
    qtbot.addWidget(panel)
    panel.resize(640, 360)
    panel.show()
    panel.timer.stop()  # the test refreshes by hand
    clock.start_show()
    _advance_to(clock, hand, 131)  # explain A-1 at 130 s (serum starts at 120 s)
    panel.refresh()
    assert "A-1" in panel.reminder_label.text() and "修护精华液" in panel.reminder_label.text()
    assert panel.beeps == 1 and panel.flashing
    _advance_to(clock, hand, 139)  # re-armed at 138 s
    panel.refresh()
    assert panel.beeps == 2
    panel.sound_box.setChecked(False)
    _advance_to(clock, hand, 147)  # 146 s: a prompt, silent
    panel.refresh()
    assert panel.beeps == 2 and panel.flashing
    with qtbot.waitActive(panel):
        panel.activateWindow()
    qtbot.keyClick(panel, Qt.Key.Key_K)
    assert session.commerce.board.active() == []
    _advance_to(clock, hand, 170)
    panel.refresh()
    assert panel.reminder_label.text() == "No reminder open"

    # Stock: B-2 has 5; three orders bring it to 0 through "low" (2).
    future = session.submit([OrderEvent(ts=session.show_now(hand.now), order_id="b1", sku="B-2", qty=3, amount=237)])
    future.result(5)
    clock.tick()
    panel.refresh()
    assert panel.table.item(1, 2).text() == "2 low"
    session.submit([OrderEvent(ts=session.show_now(hand.now), order_id="b2", sku="B-2", qty=2, amount=158)]).result(5)
    clock.tick()
    panel.refresh()
    assert panel.table.item(1, 2).text() == "0 sold out"
    assert panel.table.item(0, 2).text() == "100"
    # Per category below the products: 护肤 (A-1, C-3) and 食品 (B-2) with B-2's five units.
    assert [panel.table.item(r, 1).text() for r in range(3, panel.table.rowCount())] == ["护肤", "食品"]
    assert panel.table.item(4, 0).text() == "Category" and panel.table.item(4, 4).text() == "5"

    session.recorder.flush(5)
    with engine.connect() as connection:
        commands = connection.execute(select(schema.operator_commands.c.command, schema.operator_commands.c.who)
                                      .where(schema.operator_commands.c.command == "ack_reminder")).all()
    assert commands == [("ack_reminder", "operator")]


def test_flash_sale_countdown_and_units_left(qtbot, running):
    session, clock, bridge, hand, _engine = running
    panel = ProductsPanel(session, clock, bridge)
    qtbot.addWidget(panel)
    panel.show()
    panel.timer.stop()
    clock.start_show()
    _advance_to(clock, hand, 420 + 60 + 10)  # snacks at 420 s; the flash sale at +1m for 3m
    session.submit([OrderEvent(ts=session.show_now(hand.now), order_id="s1", sku="B-2", qty=1, amount=79)]).result(5)
    clock.tick()
    panel.refresh()
    assert not panel.sale_label.isHidden()
    assert panel.sale_label.text() == "Flash sale B-2: 2:50 · 4 left"
    _advance_to(clock, hand, 420 + 60 + 181)
    panel.refresh()
    assert panel.sale_label.isHidden()


def test_screenshot(qtbot, running, tmp_path):
    session, clock, bridge, hand, _engine = running
    panel = ProductsPanel(session, clock, bridge)
    qtbot.addWidget(panel)
    panel.resize(560, 320)
    panel.show()
    panel.timer.stop()
    clock.start_show()
    _advance_to(clock, hand, 490)
    session.submit([OrderEvent(ts=session.show_now(hand.now), order_id="s1", sku="B-2", qty=4, amount=316)]).result(5)
    clock.tick()
    panel.refresh()
    picture = panel.grab()
    assert picture.save(str(tmp_path / "products.png"))
    # Nothing clipped: the table's columns fit their text at this width (names are never elided).
    header = panel.table.horizontalHeader()
    metrics = panel.table.fontMetrics()
    for row in range(panel.table.rowCount()):
        name = panel.table.item(row, 1).text()
        assert metrics.horizontalAdvance(name) <= header.sectionSize(1), name


def test_teleprompter_shows_the_featured_products_selling_points(qtbot, running):
    from ui.windows.teleprompter_window import TeleprompterWindow

    session, clock, bridge, hand, _engine = running
    prompter = TeleprompterWindow(session, clock, bridge)
    qtbot.addWidget(prompter)
    clock.start_show()
    _advance_to(clock, hand, 121)  # serum features A-1
    assert prompter.talking_points().endswith("【修护精华液】温和不刺激 · 秋冬保湿")
    assert prompter.talking_points().startswith("这款精华液保质期三年")


def test_product_on_air_reads_live_stock(running):
    from console.commerce.onair import product_on_air

    session, clock, _bridge, hand, _engine = running
    clock.start_show()
    _advance_to(clock, hand, 421)  # snacks: explain B-2 at its start
    session.submit([OrderEvent(ts=session.show_now(hand.now), order_id="x", sku="B-2", qty=4, amount=316)]).result(5)
    clock.tick()
    on_air = product_on_air(session, clock.show_ts())
    assert on_air is not None
    assert (on_air["sku"], on_air["stock"], on_air["low"], on_air["live_price"]) == ("B-2", 1, True, 79)
