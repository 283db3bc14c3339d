"""What the anchor's screen shows, without Qt: questions, the product on sale, incident instructions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from console import anchor_view
from console.anchor_view import QuestionFeed, anchor_instructions, is_question, product_on_sale
from console.contingency.model import ActionStep, CheckStep


@pytest.mark.parametrize("text", ["孕妇能用吗", "包邮吗？", "what size?", "这个多少钱", "敏感肌可以用嘛", "有没有小样",
                                  "什么时候发货", "哪款适合干皮"])
def test_questions_are_recognised(text):
    assert is_question(text)


@pytest.mark.parametrize("text", ["主播好美", "已下单", "666", "好用！", "吗啡"])
def test_statements_are_not_questions(text):
    assert not is_question(text)


def comment(text, nick="小鹿", user="u1"):
    return SimpleNamespace(text=text, nick=nick, user=user)


def test_the_feed_keeps_the_latest_questions_and_never_a_flagged_one():
    feed = QuestionFeed(keep=2)
    assert feed.add([(comment("主播好美"), None, ())]) is False
    assert feed.add([(comment("包邮吗"), None, ()), (comment("加微信吗", nick="坏人"), None, ("微信",))])
    assert list(feed.questions) == [("小鹿", "包邮吗")]
    feed.add([(comment("孕妇能用吗", nick=None, user="u7"), None, ()), (comment("有小样吗"), None, ())])
    assert list(feed.questions) == [("u7", "孕妇能用吗"), ("小鹿", "有小样吗")]


def _session(stock=500):
    product = SimpleNamespace(sku="A-1", name="修护精华液", price=299.0, live_price=249.0, stock=stock)
    return SimpleNamespace(script=SimpleNamespace(products=(product,)))


def test_the_product_on_sale_is_the_modules_first_with_its_live_price_and_stock():
    session = _session()
    selling = SimpleNamespace(products=("A-1",))
    assert product_on_sale(session, selling) == anchor_view.ProductOnSale("A-1", "修护精华液", 299.0, 249.0, 500)
    assert product_on_sale(session, SimpleNamespace(products=())) is None
    assert product_on_sale(session, None) is None
    assert product_on_sale(session, SimpleNamespace(products=("NOPE",))) is None


def test_live_stock_is_the_commerce_ledgers_when_the_show_has_one():
    session = _session()
    session.commerce = SimpleNamespace(ledger=SimpleNamespace(stock=lambda sku: {"A-1": 17}[sku]))
    assert product_on_sale(session, SimpleNamespace(products=("A-1",))).stock == 17


def test_the_stock_on_the_anchors_screen_is_the_shows_live_stock():
    """Orders through the show's commerce ledger take stock; the anchor's screen reads that, not the script."""
    from console.audience.events import OrderEvent, RefundEvent
    from console.commerce.live import ShowCommerce
    from tests.show.conftest import three_modules

    script = three_modules("hold")
    session = SimpleNamespace(script=script, commerce=ShowCommerce(script))
    sku = script.products[0].sku
    module = SimpleNamespace(products=(sku,))
    start = script.products[0].stock
    assert product_on_sale(session, module).stock == start
    session.commerce.audience([OrderEvent(1.0, order_id="o1", sku=sku, qty=3, amount=747.0),
                               OrderEvent(2.0, order_id="o2", sku=sku, qty=1, amount=249.0)])
    assert product_on_sale(session, module).stock == start - 4
    session.commerce.audience([RefundEvent(3.0, order_id="o1", amount=747.0)])
    assert product_on_sale(session, module).stock == start - 1


def _incident(title, severity, steps, *, drill=False, state="open"):
    return SimpleNamespace(playbook=SimpleNamespace(title=title, severity=severity, steps=steps), drill=drill,
                           state=state)


def test_instructions_are_the_notes_and_captions_of_open_real_incidents_critical_first():
    steps = (ActionStep("switch_scene", {"scene": "standby"}), ActionStep("show_text", {"source": "字幕条", "text": "信号调整中"}),
             CheckStep("通知主播", 300.0))
    found = anchor_instructions([
        _incident("评论出现违禁词", "info", (ActionStep("note", {"text": "提醒主播不要复述"}),)),
        _incident("推流中断", "critical", steps),
        _incident("演练", "critical", steps, drill=True),
        _incident("已解决", "warning", steps, state="resolved"),
    ])
    assert found == [("critical", "推流中断", ["“信号调整中”"]), ("info", "评论出现违禁词", ["提醒主播不要复述"])]
