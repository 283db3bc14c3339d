"""A built-in audience for demos, rehearsals and soak tests.

:meth:`AudienceSimulator.step` returns the events of one slice of show time
``(now - dt, now]``, stamped inside it and ordered. Its behaviour follows the
module type (:data:`PROFILES`): comments and likes cluster in ``interaction``,
orders and product clicks in ``conversion``, people arrive in ``opening`` and
drift away in ``break`` and ``closing``. The audience drifts towards a target
that depends on the module, and :meth:`on_cue` gives a short bump (a coupon
text, a scene switch) that decays with :data:`CUE_BUMP_HALF_LIFE_S`.

Deterministic: the same seed and the same calls give the same events. No
clock, no thread: time is passed in. Order ids are unique per simulator
(``SIM-<seed>-<n>``). Comments are realistic Chinese lines; now and then one
carries banned wording (加微信, 全网最低…) for the compliance checks.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from console.audience.events import (
    AudienceEvent,
    CommentEvent,
    FollowEvent,
    GiftEvent,
    LikeEvent,
    OrderEvent,
    ProductClickEvent,
    RefundEvent,
    ShareEvent,
    ViewersEvent,
)

#: A cue's bump halves every this many seconds of show time.
CUE_BUMP_HALF_LIFE_S = 30.0
#: A ``viewers`` sample every this many show seconds (platform feeds send about one a second).
VIEWERS_INTERVAL_S = 1.0


@dataclass(frozen=True, slots=True)
class SimulatorRates:
    """Base rates per show second (multiplied by the module profile and any cue bump)."""

    comments_per_s: float = 2.0
    likes_per_s: float = 3.0
    shares_per_s: float = 0.05
    follows_per_s: float = 0.1
    gifts_per_s: float = 0.05
    clicks_per_s: float = 0.5
    orders_per_s: float = 0.1
    refund_probability: float = 0.03  # per order, refunded later in the show
    banned_probability: float = 0.02  # per comment
    base_online: int = 800
    entries_per_s: float = 3.0


@dataclass(frozen=True, slots=True)
class Profile:
    """Multipliers of the base rates for one module type, and the audience target."""

    comments: float = 1.0
    likes: float = 1.0
    clicks: float = 1.0
    orders: float = 1.0
    entries: float = 1.0
    online: float = 1.0  # target audience as a multiple of base_online


PROFILES: dict[str | None, Profile] = {
    "opening": Profile(comments=0.8, likes=1.0, clicks=0.3, orders=0.2, entries=2.5, online=0.8),
    "explanation": Profile(comments=0.7, likes=0.8, clicks=1.5, orders=0.8, entries=1.0, online=1.0),
    "interaction": Profile(comments=3.0, likes=3.0, clicks=0.5, orders=0.5, entries=1.2, online=1.2),
    "conversion": Profile(comments=1.0, likes=1.0, clicks=3.0, orders=6.0, entries=1.0, online=1.1),
    "break": Profile(comments=0.3, likes=0.3, clicks=0.1, orders=0.1, entries=0.3, online=0.6),
    "closing": Profile(comments=0.8, likes=1.5, clicks=0.5, orders=1.0, entries=0.3, online=0.5),
    None: Profile(comments=0.1, likes=0.1, clicks=0.0, orders=0.0, entries=0.2, online=0.3),
}

#: How strongly each kind of cue stirs the audience (a bump of 1.0 doubles the rates).
CUE_BUMPS: dict[str, float] = {
    "show_text": 1.0, "show_source": 0.6, "switch_scene": 0.3, "note": 0.0, "hide_source": 0.0,
    "coupon": 2.0, "lottery": 2.5,
}

COMMENTS = (
    "主播好漂亮", "这个颜色好看", "多少钱", "有优惠券吗", "已下单", "能便宜点吗", "适合干皮吗", "敏感肌能用吗",
    "发货快吗", "上链接", "怎么还没上架", "拍了拍了", "求讲解一下成分", "有赠品吗", "第一次来", "来了来了",
    "主播声音好听", "刚进来，讲到哪了", "这个好用吗", "回购第三次了", "包邮吗", "有没有小样", "孕妇能用吗",
    "求返场", "买两件有优惠吗", "库存还有吗", "支持七天无理由吗", "抢到了！", "手慢了没抢到", "主播讲得好清楚",
    "30ml够用多久", "和上次那款比哪个好", "男生能用吗", "质地稠吗", "夏天用会不会油",
)
#: Lines with banned or risky wording (off-platform diversion, absolute claims, pressure selling).
BANNED_COMMENTS = (
    "主播加微信私聊更便宜", "加我vx发你链接", "这是全网最低价吗", "国家级认证的吗", "仅限今日吗",
    "加微信给你返现", "第一名的效果吗",
)
NICKS = ("小雨", "阿杰", "甜甜", "橙子", "木木", "星星", "大熊", "小鹿", "糖糖", "阿明", "七七", "果果")
DEFAULT_PRODUCTS: tuple[tuple[str, float], ...] = (("A-1001", 249.0), ("A-1002", 129.0), ("B-2001", 59.9))


@dataclass(slots=True)
class _State:
    online: float
    bump: float = 0.0
    order_seq: int = 0
    next_viewers: float | None = None
    pending_entries: float = 0.0
    refundable: list[tuple[str, float]] = field(default_factory=list)


class AudienceSimulator:
    """Deterministic simulated audience; single-thread use (the outer loop calls it)."""

    def __init__(self, seed: int = 0, *, rates: SimulatorRates | None = None,
                 profiles: dict[str | None, Profile] | None = None,
                 products: tuple[tuple[str, float], ...] = DEFAULT_PRODUCTS,
                 users: int = 5000) -> None:
        self.seed = seed
        self.rates = rates or SimulatorRates()
        self.profiles = {**PROFILES, **(profiles or {})}
        self.products = products
        self._random = random.Random(seed)
        self._users = [f"u{seed}-{n:05d}" for n in range(max(1, users))]
        self._state = _State(online=float(self.rates.base_online) * 0.5)

    # -- inputs ----------------------------------------------------------
    def on_cue(self, kind: str, strength: float | None = None) -> None:
        """A cue fired (``show_text``, ``switch_scene``, … or ``coupon``): the audience reacts for a while."""
        self._state.bump += CUE_BUMPS.get(kind, 0.3) if strength is None else strength

    def collapse(self, fraction: float) -> None:
        """A sudden loss of ``fraction`` of the audience (a drill's viewer collapse); it recovers as it would."""
        self._state.online *= max(0.0, 1.0 - fraction)

    # -- output ----------------------------------------------------------
    def step(self, now: float, module_type: str | None, dt: float) -> list[AudienceEvent]:
        """The events of ``(now - dt, now]`` for a module of ``module_type`` (None between modules)."""
        if dt <= 0:
            return []
        rnd = self._random
        rates = self.rates
        state = self._state
        # An unknown module type behaves like the base rates; None (between modules) is quiet.
        profile = self.profiles.get(module_type) or Profile()
        start = now - dt
        boost = 1.0 + state.bump
        events: list[AudienceEvent] = []

        def stamps(rate: float) -> list[float]:
            # now − U·dt with U in [0, 1) stays inside (start, now].
            return sorted(now - rnd.random() * dt for _ in range(self._poisson(rate * dt)))

        # The audience: drift towards the module's target (time constant 60 s), noise, entries.
        target = rates.base_online * profile.online * (1.0 + 0.3 * state.bump)
        state.online += (target - state.online) * (1.0 - math.exp(-dt / 60.0))
        state.online = max(0.0, state.online + rnd.gauss(0.0, 0.01 * math.sqrt(dt) * (state.online + 10)))
        state.pending_entries += self._poisson(rates.entries_per_s * profile.entries * boost * dt)
        if state.next_viewers is None or state.next_viewers <= start:
            state.next_viewers = now  # the first step, or time jumped: sample now
        while state.next_viewers <= now:
            entered = int(state.pending_entries)
            state.pending_entries -= entered
            events.append(ViewersEvent(state.next_viewers, int(round(state.online)), entered))
            state.next_viewers += VIEWERS_INTERVAL_S

        for ts in stamps(rates.comments_per_s * profile.comments * boost):
            user = rnd.choice(self._users)
            banned = rnd.random() < rates.banned_probability
            text = rnd.choice(BANNED_COMMENTS if banned else COMMENTS)
            events.append(CommentEvent(ts, user, text, rnd.choice(NICKS) + user[-3:]))
        for ts in stamps(rates.likes_per_s * profile.likes * boost):
            events.append(LikeEvent(ts, 1 + self._poisson(2.0), rnd.choice(self._users)))
        for ts in stamps(rates.shares_per_s * boost):
            events.append(ShareEvent(ts, 1, rnd.choice(self._users)))
        for ts in stamps(rates.follows_per_s * profile.entries * boost):
            events.append(FollowEvent(ts, rnd.choice(self._users)))
        for ts in stamps(rates.gifts_per_s * profile.comments * boost):
            events.append(GiftEvent(ts, rnd.choice(self._users), float(rnd.choice((1, 1, 1, 6, 10, 52, 99)))))
        if self.products:
            for ts in stamps(rates.clicks_per_s * profile.clicks * boost):
                events.append(ProductClickEvent(ts, rnd.choice(self.products)[0], 1))
            for ts in stamps(rates.orders_per_s * profile.orders * boost):
                sku, price = rnd.choice(self.products)
                qty = 1 if rnd.random() < 0.8 else 2
                state.order_seq += 1
                order_id = f"SIM-{self.seed}-{state.order_seq:07d}"
                amount = round(price * qty, 2)
                events.append(OrderEvent(ts, order_id, sku, qty, amount, rnd.choice(self._users)))
                if rnd.random() < rates.refund_probability:
                    state.refundable.append((order_id, amount))
            # A refund comes a while after its order (one per step at most keeps it rare and spread).
            if state.refundable and rnd.random() < min(1.0, dt / 30.0):
                order_id, amount = state.refundable.pop(0)
                events.append(RefundEvent(now - rnd.random() * dt, order_id, amount))

        state.bump *= 0.5 ** (dt / CUE_BUMP_HALF_LIFE_S)
        events.sort(key=lambda event: event.ts)
        return events

    def _poisson(self, mean: float) -> int:
        """A Poisson draw (Knuth for small means, a rounded normal for large ones: fast and close enough)."""
        if mean <= 0:
            return 0
        rnd = self._random
        if mean > 30:
            return max(0, int(round(rnd.gauss(mean, math.sqrt(mean)))))
        limit = math.exp(-mean)
        count, product = 0, rnd.random()
        while product > limit:
            count += 1
            product *= rnd.random()
        return count
