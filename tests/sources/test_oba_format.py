"""The oba wire format → §3 objects (CONTRACTS §8), without sockets: every row of the mapping table."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from console.audience.events import parse_line, parse_object
from console.sources.oba_format import ObaMapper, product_map

FIXTURE = Path(__file__).parent / "fixtures" / "oba_session.jsonl"
PRODUCTS = {"3701": ("A-1001", 249.0)}
NOW = 1796130000.0


def messages() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def test_the_recorded_session_maps_row_by_row():
    mapper = ObaMapper(PRODUCTS)
    results = [mapper.map(m, NOW) for m in messages()]
    assert [r.outcome for r in results] == [
        "event", "duplicate", "event", "event", "event", "event", "event", "event",
        "event", "event", "duplicate", "ignored", "event", "event", "event", "ignored", "event", "event"]
    objects = [obj for r in results for obj in r.objects]
    assert objects == [
        {"ts": 1796126400.12, "kind": "comment", "user": "nick:小雨", "nick": "小雨", "text": "多少钱"},
        {"ts": 1796126402.001, "kind": "room_enter", "msg_id": "e-1", "nick_name": "阿狸", "user_id": "u-1001"},
        {"ts": 1796126402.5, "kind": "like", "count": 1, "user": "u-1001"},
        {"ts": 1796126403.0, "kind": "follow", "user": "u-1002"},
        {"ts": 1796126403.333, "kind": "comment", "user": "wx-u-9", "nick": "视频号用户", "text": "有链接吗"},
        {"ts": 1796126404.0, "kind": "comment", "user": "xhs-u-3", "nick": "薯宝", "text": "求讲解"},
        {"ts": 1796126404.5, "kind": "comment", "user": "tb-u-4", "nick": "淘友", "text": "包邮吗"},
        {"ts": 1796126405.0, "kind": "order_signal", "order_id": "O-1", "reason": "unpaid", "order_status": "已下单",
         "product_id": "3701", "product_title": "修护精华液 30ml", "order_ts": 1796126405, "nick_name": "小雨"},
        {"ts": 1796126406.0, "kind": "order", "order_id": "O-1", "sku": "A-1001", "qty": 1, "amount": 249.0,
         "estimated": True, "user": "nick:小雨"},
        {"ts": 1796126408.0, "kind": "order_signal", "order_id": "O-2", "reason": "unmapped", "order_status": "已付款",
         "product_id": "9999", "product_title": "别家的杯子", "order_ts": 1796126408, "nick_name": "大壮"},
        {"ts": 1796126409.0, "kind": "order_signal", "order_id": "O-3", "reason": "unpaid", "order_status": "已下单",
         "product_id": "3701", "product_title": "修护精华液 30ml", "order_ts": 1796126409, "nick_name": "阿狸"},
        {"ts": 1796126409.5, "kind": "order_signal", "order_id": "O-4", "reason": "unknown_status",
         "order_status": "未知状态", "product_id": "3701", "product_title": "修护精华液 30ml",
         "order_ts": 1796126409, "nick_name": "路人"},
        {"ts": 1796126410.0, "kind": "subscribe_merchant_brand_vip", "msg_id": "v-1", "nick_name": "会员",
         "user_id": "u-1003", "content": "开通了品牌会员！"},
        {"ts": 1796126410.5, "kind": "ecom_fansclub_participate", "msg_id": "fc-1", "nick_name": "粉丝",
         "user_id": "u-1004", "content": "加入粉丝团"},
    ]
    assert [r.unknown_type for r in results if r.objects and r.objects[0]["kind"] not in (
        "comment", "like", "follow", "order", "order_signal")] == [False, True, True]  # room_enter is expected


def test_every_object_passes_the_intakes_validation_unchanged():
    # A source must produce exactly what the HTTP intake would from the same JSON line.
    mapper = ObaMapper(PRODUCTS)
    for result in (mapper.map(m, NOW) for m in messages()):
        for obj in result.objects:
            assert parse_object(obj) == parse_line(json.dumps(obj, ensure_ascii=False))
    order = parse_object({"ts": 1.0, "kind": "order", "order_id": "O", "sku": "A", "qty": 1, "amount": 249.0,
                          "estimated": True})
    assert order.estimated is True and order.to_data()["estimated"] is True
    gap = parse_object({"ts": 5.0, "kind": "source_gap", "source": "oba:ws://x", "from": 5.0, "to": 9.0})
    assert (gap.kind, gap.to_data()) == ("source_gap", {"source": "oba:ws://x", "from": 5.0, "to": 9.0})


def test_a_paid_order_becomes_one_order_however_often_and_in_whatever_order_it_repeats():
    mapper = ObaMapper(PRODUCTS)
    paid = {"msg_type": "live_order", "msg_id": "X#3", "time": 1_000, "order_status": "已付款", "product_id": "3701"}
    placed = {**paid, "msg_id": "X#0", "order_status": "已下单"}
    unknown = {**paid, "msg_id": "X#2", "order_status": "未知状态"}
    kinds = [[o["kind"] for o in mapper.map(m, NOW).objects] for m in (paid, placed, unknown, paid)]
    assert kinds == [["order"], [], [], []]


def test_an_order_first_paid_for_an_unmapped_product_never_becomes_an_order_later():
    mapper = ObaMapper(PRODUCTS)
    first = mapper.map({"msg_type": "live_order", "msg_id": "Y#3", "time": 1, "order_status": "已付款",
                        "product_id": 424242}, NOW)
    assert first.objects[0]["reason"] == "unmapped" and first.objects[0]["product_id"] == 424242
    assert product_map([]) == {}


def test_an_order_id_without_hash_is_the_whole_msg_id():
    result = ObaMapper(PRODUCTS).map({"msg_type": "live_order", "msg_id": "Z9", "time": 1, "order_status": "已付款",
                                      "product_id": "3701"}, NOW)
    assert result.objects[0]["order_id"] == "Z9"


@pytest.mark.parametrize("message, reason", [
    ([1, 2], "not a JSON object (list)"),
    ("text", "not a JSON object (str)"),
    ({"msg_id": "a", "time": 1}, "no msg_type"),
    ({"msg_type": "", "msg_id": "a"}, "no msg_type"),
    ({"msg_type": "comment", "time": 1, "nick_name": "n", "content": "c"}, "comment without a msg_id"),
    ({"msg_type": "comment", "msg_id": None}, "comment without a msg_id"),
])
def test_malformed_messages_say_why(message, reason):
    result = ObaMapper().map(message, NOW)
    assert (result.outcome, result.reason, result.objects) == ("malformed", reason, [])


def test_a_time_that_is_not_epoch_ms_falls_back_to_the_receipt_time():
    # Older oba releases sent toLocaleTimeString(); those messages still count, stamped on arrival.
    result = ObaMapper().map({"msg_type": "comment", "msg_id": "1", "time": "20:01:02", "nick_name": "n",
                              "content": "c"}, NOW)
    assert result.untimed and result.objects[0]["ts"] == NOW
    assert not ObaMapper().map({"msg_type": "comment", "msg_id": "1", "time": 1500, "nick_name": "n",
                                "content": "c"}, NOW).untimed


def test_deduplication_memory_is_bounded_and_forgets_the_least_recently_seen_first():
    mapper = ObaMapper(dedupe_window=3)
    def outcome(msg_id):
        return mapper.map({"msg_type": "x", "msg_id": msg_id, "time": 1}, NOW).outcome
    assert [outcome(i) for i in ("a", "b", "c", "a", "d")] == ["event"] * 3 + ["duplicate", "event"]
    # "a" was refreshed by its repeat, so "b" was the one forgotten when "d" came in.
    assert [outcome("a"), outcome("b")] == ["duplicate", "event"]
    assert len(mapper._recent) == 3


def test_order_memory_is_bounded():
    mapper = ObaMapper(PRODUCTS, tracked_orders=2)
    for n in range(5):
        mapper.map({"msg_type": "live_order", "msg_id": f"o{n}#0", "time": 1, "order_status": "已下单"}, NOW)
    assert list(mapper._order_rank) == ["o3", "o4"]


def test_users_fall_back_to_the_nick_when_a_platform_gives_no_id():
    mapper = ObaMapper()
    comment = mapper.map({"msg_type": "xiaohongshu_comment", "msg_id": "s1", "time": 1, "nick_name": "主播",
                          "content": "欢迎"}, NOW)
    like = mapper.map({"msg_type": "room_like", "msg_id": "s2", "time": 1}, NOW)
    assert comment.objects[0]["user"] == "nick:主播"
    assert parse_object(like.objects[0]).to_data() == {"count": 1}   # no user at all: the like still counts


def test_product_map_takes_live_price_else_price_and_skips_products_without_either():
    products = [
        {"sku": "A-1001", "price": 299, "live_price": 249, "platform_ids": ["3701", 3702]},
        SimpleNamespace(sku="B-2002", price=99, live_price=None, platform_ids=["5501"]),
        {"sku": "C-3003", "platform_ids": ["7701"]},
        {"sku": "D-4004", "price": 10},
    ]
    assert product_map(products) == {"3701": ("A-1001", 249.0), "3702": ("A-1001", 249.0),
                                     "5501": ("B-2002", 99.0)}
