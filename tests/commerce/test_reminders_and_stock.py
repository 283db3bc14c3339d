"""Reminders re-arm every interval until acknowledged (time passed in); stock per order and refund;
the stock detectors; a flash sale's countdown and units left."""

from __future__ import annotations

import pytest

from console.audience.events import OrderEvent, ProductClickEvent, RefundEvent
from console.commerce.detectors import LowStock, SoldOut, feed_stock
from console.commerce.live import ShowCommerce
from console.commerce.reminders import ACKNOWLEDGED, ENDED, ReminderBoard
from console.contingency.detectors import DetectorBank, make_detector
from console.contingency.loader import load_playbooks
from console.show import effects
from console.show.loader import load_script_text
from tests.commerce.fixtures_script import COMMERCE_SCRIPT


@pytest.fixture()
def script():
    result = load_script_text(COMMERCE_SCRIPT, "show.yaml")
    assert result.script is not None
    return result.script


def order(ts, order_id, sku, qty, amount=10.0):
    return OrderEvent(ts=ts, order_id=order_id, sku=sku, qty=qty, amount=amount)


def test_a_reminder_re_arms_every_interval_until_acknowledged(script):
    records = []
    board = ReminderBoard(record=lambda command, ts, args, who: records.append((command, ts, args["prompt"], who)))
    prompted = []
    board.prompted.connect(lambda reminder: prompted.append(reminder.prompts))
    cue = script.module("serum").cues[0]  # explain A-1 every 8s until 2m
    reminder = board.cue_fired("serum", 0, cue, 1000.0)
    assert prompted == [1]
    for now in (1001.0, 1007.9):
        assert board.tick(now) == []
    assert board.tick(1008.0) == [reminder] and reminder.prompts == 2
    assert board.tick(1010.0) == []
    assert board.tick(1016.0) == [reminder] and reminder.prompts == 3
    # A late tick prompts once and keeps the rhythm (next at 1032, not 1045).
    assert board.tick(1037.0) == [reminder] and reminder.prompts == 4
    assert reminder.next_at == 1040.0
    acknowledged = board.acknowledge(1038.5, who="场控")
    assert acknowledged is reminder and reminder.state == ACKNOWLEDGED
    assert board.tick(1040.0) == [] and board.tick(1100.0) == []
    assert prompted == [1, 2, 3, 4]
    assert records == [("reminder", 1000.0, 1, "system"), ("reminder", 1008.0, 2, "system"),
                       ("reminder", 1016.0, 3, "system"), ("reminder", 1037.0, 4, "system"),
                       ("ack_reminder", 1038.5, 4, "场控")]


def test_a_reminder_ends_at_until_or_with_its_module(script):
    board = ReminderBoard()
    explain = board.cue_fired("serum", 0, script.module("serum").cues[0], 0.0)
    link = board.cue_fired("serum", 1, script.module("serum").cues[1], 5.0)  # link_up, no every: prompts once
    for second in range(1, 120):
        board.tick(float(second))
    assert explain.state != ENDED and explain.prompts == 15
    board.tick(120.0)
    assert explain.state == ENDED and explain.closed_at == 120.0
    assert link.prompts == 1 and link.state != ENDED
    board.module_ended("serum", 300.0)
    assert link.state == ENDED
    assert board.acknowledge(301.0) is None


def test_stock_goes_down_per_order_and_back_per_refund(script):
    commerce = ShowCommerce(script)
    line = []
    commerce.stock_changed.connect(lambda skus: line.append((skus, commerce.ledger.stock("B-2"))))
    commerce.audience([order(1, "b1", "B-2", 2), ProductClickEvent(ts=1, sku="B-2", count=3)])
    commerce.audience([order(2, "b1", "B-2", 2)])  # the same order again: nothing
    commerce.audience([order(3, "b2", "B-2", 3)])
    commerce.audience([RefundEvent(ts=4, order_id="b1", amount=20.0)])
    commerce.audience([RefundEvent(ts=5, order_id="b1", amount=0.0)])  # refunded already: stock stays
    assert line == [(["B-2"], 3), (["B-2"], 0), (["B-2"], 2)]
    b2 = next(p for p in commerce.products(10.0) if p.sku == "B-2")
    assert (b2.orders, b2.qty, b2.refunds, b2.clicks, b2.gmv) == (2, 5, 1, 3, 0.0)


def test_low_stock_and_sold_out_detectors_fire_and_clear():
    low, out = LowStock({}, 0.0), SoldOut({"sku": "B-2"}, 0.0)
    for detector in (low, out):
        detector.on_stock({"B-2": (3, 2), "A-1": (50, 20)}, 1.0)
    assert not low.condition(1.0).active and not out.condition(1.0).active
    for detector in (low, out):
        detector.on_stock({"B-2": (2, 2), "A-1": (50, 20)}, 2.0)
    assert low.condition(2.0).active and low.condition(2.0).since == 2.0 and "B-2: 2" in low.condition(2.0).detail
    for detector in (low, out):
        detector.on_stock({"B-2": (0, 2), "A-1": (0, 20)}, 3.0)
    assert not low.condition(3.0).active  # sold out is not "low"
    assert out.condition(3.0).active and "A-1" not in out.condition(3.0).detail  # bound to its sku
    for detector in (low, out):
        detector.on_stock({"B-2": (2, 2)}, 4.0)  # a refund put two back
    assert not out.condition(4.0).active and low.condition(4.0).active


def test_the_default_playbooks_load_and_their_detectors_are_fed():
    playbooks, diagnostics = load_playbooks()
    assert not [d for d in diagnostics if d.severity == "error"], [str(d) for d in diagnostics]
    ours = [p for p in playbooks if p.trigger.detector in ("low_stock", "sold_out")]
    assert sorted(p.id for p in ours) == ["low-stock", "sold-out"]
    bank = DetectorBank(ours)
    feed_stock(bank, {"B-2": (0, 2)}, 10.0)
    assert [(t.playbook_id, t.kind) for t in bank.evaluate(10.0)] == [("sold-out", "fired")]
    assert isinstance(make_detector("low_stock", {}, 0.0), LowStock)


def test_flash_sale_countdown_and_units_left(script):
    commerce = ShowCommerce(script)
    module = script.module("snacks")
    sale_cue = module.cues[1]  # flash_sale B-2, stock 5, until 3m
    commerce.audience([order(100, "early", "B-2", 1)])  # before the sale: stock 4, not the sale's
    commerce.effects([effects.ModuleStarted(module, 0.0, 2, 1),
                      effects.CueDue(module, 2, 1, sale_cue, 60.0, 60.0)], lambda t: 1000.0 + t)
    [sale] = commerce.flash_sales(1070.0)
    assert sale.remaining_s == pytest.approx(170.0)
    assert sale.units_left == 4  # 5 offered, but only 4 left in stock
    commerce.audience([order(1080, "s1", "B-2", 3)])
    [sale] = commerce.flash_sales(1100.0)
    assert (sale.remaining_s, sale.units_left) == (pytest.approx(140.0), 1)
    commerce.tick(1240.0)
    assert commerce.flash_sales(1240.0) == []


def test_control_action_acknowledges_like_the_key(script):
    from console.commerce.control import CONTROL_ACTIONS, reminders_state

    class Session:
        started = True
        commerce = ShowCommerce(script)

    session = Session()
    handler = CONTROL_ACTIONS["ack_reminder"]
    assert handler(session, 10.0, {}) == (409, "no reminder is open")
    session.commerce.board.cue_fired("serum", 0, script.module("serum").cues[0], 5.0)
    assert reminders_state(session, 6.0) == [{"id": 1, "do": "explain", "sku": "A-1", "prompts": 1,
                                              "remaining_s": 119.0}]
    assert handler(session, 10.0, {"reminder_id": "one"})[0] == 400
    assert handler(session, 10.0, {"reminder_id": 7}) == (409, "no such open reminder")
    assert handler(session, 10.0, {}) == (200, None)
    assert session.commerce.board.reminders[0].who == "api"


def test_crash_recovery_rebuilds_stock_and_explain_time_from_the_record(script):
    commerce = ShowCommerce(script)
    serum = script.module("serum")
    replayed = [effects.ModuleStarted(serum, 120.0, 1, 1), effects.CueDue(serum, 1, 0, serum.cues[0], 130.0, 130.0)]
    recorded = [(1150.0, order(1150.0, "a1", "A-1", 2), "serum"), (1160.0, order(1160.0, "a2", "A-1", 1), "serum")]
    passed = list(commerce.replay(replayed, iter(recorded), lambda t: 1000.0 + t))
    assert passed == recorded  # the live KPIs get every event too
    [a1] = [p for p in commerce.products(1300.0) if p.sku == "A-1"]
    assert (a1.stock, a1.orders, a1.orders_after_explain) == (97, 2, 2)
    assert a1.explain_s == pytest.approx(120.0)  # 1130 → until 2m
    assert commerce.board.active() == []  # reminders belonged to the moment
