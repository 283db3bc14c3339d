"""oba-live-tool's broadcast messages → §3 audience objects (CONTRACTS §8), with no I/O.

:class:`ObaMapper` turns one decoded message into the §3 objects it stands
for (plain dicts; the source validates them exactly as the HTTP intake does).
It keeps two bounded memories that live as long as the source, across
reconnects: the message ids seen lately (comments repeat on this wire) and the
furthest status of each order (an order's status only moves up).

Mapping (§8): ``ts`` = ``time`` / 1000. ``comment`` → ``comment`` with
``user`` ``nick:`` + nick_name; ``wechat_channel_live_msg``,
``xiaohongshu_comment``, ``taobao_comment`` → ``comment`` with ``user`` the
user_id; ``room_like`` → ``like`` count 1; ``room_follow`` → ``follow``;
``room_enter`` and any other type → an unknown kind named by the msg_type,
carrying the message's fields. ``live_order`` → one §3 ``order`` (qty 1, the
script's price, ``estimated: true``) the first time it is paid *and* its
product maps to a script product, otherwise the unknown kind ``order_signal``
(once per order and status change). Money is never invented: an unmapped or
unpaid order counts in no KPI.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Mapping

#: Message ids remembered for deduplication. Repeats on this wire come from
#: oba re-reading overlapping windows of the platform's comment poll, seconds to
#: a few minutes apart; 50,000 ids cover well over ten minutes at the busiest
#: rooms' few dozen messages a second, in about 5 MB. Older ids are forgotten
#: (least recently seen first), so memory stays flat through a ten-hour show.
DEDUPE_WINDOW = 50_000
#: Orders whose furthest status is remembered (same reasoning: a live show has
#: thousands of orders, never tens of thousands in the window where one repeats).
TRACKED_ORDERS = 20_000

#: Comment types that carry a platform user id (§8).
COMMENT_TYPES_WITH_USER_ID = frozenset({"wechat_channel_live_msg", "xiaohongshu_comment", "taobao_comment"})
PLACED = "已下单"
PAID = "已付款"
UNKNOWN_STATUS = "未知状态"
#: Order statuses in the only direction they move. 未知状态 (and anything else) has no rank: it never moves an order.
STATUS_RANK = {PLACED: 1, PAID: 2}
#: Message fields not copied into an unknown kind's data: the envelope (type, time) and names §3 reserves.
_ENVELOPE = frozenset({"msg_type", "time", "ts", "kind"})

#: ``platform product_id → (sku, amount)``: the script's products by their ``platform_ids``,
#: with ``live_price`` or else ``price`` (the session builds it from the script).
ProductMap = Mapping[str, tuple[str, float]]


@dataclass(slots=True)
class Mapped:
    """What one message became. ``outcome``: ``event`` (``objects`` holds §3 objects), ``duplicate``,
    ``malformed`` (``reason`` says why), or ``ignored`` (an order status that did not move up)."""

    outcome: str
    objects: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""
    #: The msg_type is one the mapping does not know (stored as an unknown kind, counted apart).
    unknown_type: bool = False
    #: ``time`` was missing or not epoch milliseconds; ``ts`` is the time of receipt instead.
    untimed: bool = False


def product_map(products: Any) -> dict[str, tuple[str, float]]:
    """``{platform_id: (sku, live_price or price)}`` from script products (objects or dicts with
    ``sku``, ``platform_ids``, ``live_price``, ``price``). A product without a price maps nothing:
    the source must not invent an amount."""
    mapping: dict[str, tuple[str, float]] = {}
    for product in products or ():
        get = product.get if isinstance(product, Mapping) else lambda name, p=product: getattr(p, name, None)
        amount = get("live_price")
        if amount is None:
            amount = get("price")
        if amount is None:
            continue
        for platform_id in get("platform_ids") or ():
            mapping[str(platform_id)] = (str(get("sku")), float(amount))
    return mapping


class _Recent:
    """A bounded set that forgets the least recently seen key first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._keys: OrderedDict[str, None] = OrderedDict()

    def seen(self, key: str) -> bool:
        """True if ``key`` was seen before (and refreshes it); otherwise remembers it."""
        if key in self._keys:
            self._keys.move_to_end(key)
            return True
        self._keys[key] = None
        if len(self._keys) > self.capacity:
            self._keys.popitem(last=False)
        return False

    def __len__(self) -> int:
        return len(self._keys)


class ObaMapper:
    """One source's mapping state. Not thread-safe: the source's thread owns it."""

    def __init__(self, products: ProductMap | None = None, *, dedupe_window: int = DEDUPE_WINDOW,
                 tracked_orders: int = TRACKED_ORDERS) -> None:
        self.products: dict[str, tuple[str, float]] = dict(products or {})
        self._recent = _Recent(dedupe_window)
        self._order_rank: OrderedDict[str, int] = OrderedDict()
        self._tracked_orders = tracked_orders

    def map(self, message: Any, received_at: float) -> Mapped:
        """Map one decoded frame. ``received_at`` (Unix seconds) stands in for a missing ``time``."""
        if not isinstance(message, dict):
            return Mapped("malformed", reason=f"not a JSON object ({type(message).__name__})")
        msg_type = message.get("msg_type")
        if type(msg_type) is not str or not msg_type:
            return Mapped("malformed", reason="no msg_type")
        msg_id = message.get("msg_id")
        if type(msg_id) is int:
            msg_id = str(msg_id)
        if type(msg_id) is not str or not msg_id:
            return Mapped("malformed", reason=f"{msg_type} without a msg_id")
        if self._recent.seen(msg_id):
            return Mapped("duplicate")
        ts, untimed = _seconds(message.get("time"), received_at)
        # A None field is left in: the §3 validation reads null as absent (and refuses a missing `user`).
        if msg_type == "comment":
            nick = message.get("nick_name")
            objects = [{"ts": ts, "kind": "comment", "user": _by_nick(nick), "nick": nick,
                        "text": message.get("content")}]
        elif msg_type in COMMENT_TYPES_WITH_USER_ID:
            # Without a user id (the anchor's own messages on some platforms) the nick still names the user.
            nick = message.get("nick_name")
            objects = [{"ts": ts, "kind": "comment", "user": _by_id(message) or _by_nick(nick), "nick": nick,
                        "text": message.get("content")}]
        elif msg_type == "room_like":
            objects = [{"ts": ts, "kind": "like", "count": 1,
                        "user": _by_id(message) or _by_nick(message.get("nick_name"))}]
        elif msg_type == "room_follow":
            objects = [{"ts": ts, "kind": "follow", "user": _by_id(message) or _by_nick(message.get("nick_name"))}]
        elif msg_type == "live_order":
            return self._order(message, msg_id, ts, _by_nick(message.get("nick_name")), untimed)
        else:
            # room_enter (no online count on this wire) and every type the mapping does not know.
            fields = {k: v for k, v in message.items() if k not in _ENVELOPE}
            return Mapped("event", [{"ts": ts, "kind": msg_type, **fields}], unknown_type=msg_type != "room_enter",
                          untimed=untimed)
        return Mapped("event", objects, untimed=untimed)

    def _order(self, message: dict, msg_id: str, ts: float, user: str | None, untimed: bool) -> Mapped:
        # oba's order msg_id is "<order_id>#<platform status code>": one id per status of an order.
        order_id = msg_id.split("#", 1)[0] or msg_id
        status = message.get("order_status")
        rank = STATUS_RANK.get(status) if isinstance(status, str) else None
        known = self._order_rank.get(order_id)
        if known is not None:
            self._order_rank.move_to_end(order_id)
        if rank is None:
            if known is not None:
                return Mapped("ignored", reason=f"order {order_id}: status {status!r} never moves an order")
            self._remember_order(order_id, 0)
            return Mapped("event", [self._signal(message, order_id, ts, "unknown_status")], untimed=untimed)
        if known is not None and rank <= known:
            return Mapped("ignored", reason=f"order {order_id}: status {status} does not move it up")
        self._remember_order(order_id, rank)
        if status != PAID:
            return Mapped("event", [self._signal(message, order_id, ts, "unpaid")], untimed=untimed)
        product_id = message.get("product_id")
        product = self.products.get(str(product_id)) if product_id is not None else None
        if product is None:
            return Mapped("event", [self._signal(message, order_id, ts, "unmapped")], untimed=untimed)
        sku, amount = product
        return Mapped("event", [_drop_none({"ts": ts, "kind": "order", "order_id": order_id, "sku": sku, "qty": 1,
                                            "amount": amount, "estimated": True, "user": user})], untimed=untimed)

    def _remember_order(self, order_id: str, rank: int) -> None:
        self._order_rank[order_id] = rank
        self._order_rank.move_to_end(order_id)
        if len(self._order_rank) > self._tracked_orders:
            self._order_rank.popitem(last=False)

    @staticmethod
    def _signal(message: dict, order_id: str, ts: float, reason: str) -> dict[str, Any]:
        """An ``order_signal``: an order seen on the wire that counts in no KPI, and why (``reason``)."""
        return _drop_none({"ts": ts, "kind": "order_signal", "order_id": order_id, "reason": reason,
                           "order_status": message.get("order_status"), "product_id": message.get("product_id"),
                           "product_title": message.get("product_title"), "order_ts": message.get("order_ts"),
                           "nick_name": message.get("nick_name")})


def _seconds(value: Any, received_at: float) -> tuple[float, bool]:
    """``time`` (epoch ms) in seconds, or the receipt time and True when it is not a usable number.

    Releases of oba before it switched to ``Date.now()`` sent a locale time
    string ("20:01:02"); their messages still count, stamped on arrival.
    """
    if type(value) in (int, float) and math.isfinite(value) and value > 0:
        return value / 1000.0, False
    return received_at, True


def _by_nick(nick: Any) -> str | None:
    return f"nick:{nick}" if type(nick) is str and nick else None


def _by_id(message: dict) -> str | None:
    user_id = message.get("user_id")
    if type(user_id) is str:
        return user_id or None
    return str(user_id) if type(user_id) is int else None


def _drop_none(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v is not None}
