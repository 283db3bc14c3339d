"""A generated year of recorded shows, with the figures each one must yield computed as it is written.

Rows go straight into the tables (no runtime, no OBS): the point is the period arithmetic over many shows,
checked against sums kept here independently of the console's code. Each show has three modules run in
order (one of them over or under its plan), viewers events (nobody online before the start, so a show's
reach is its entries), comments from distinct users with some banned wording, orders, a refund now and
then, and incidents: a stream outage on some shows and a drill with an acknowledgement on rehearsals.
"""

from __future__ import annotations

import dataclasses
import random
import uuid

from sqlalchemy import insert

from db import schema

DAY = 86400.0
MODULES = (("opening", "opening", 300.0), ("product", "explanation", 600.0), ("deal", "conversion", 300.0))
BANNED = "全网最低价"  # the shipped lexicon flags it (absolute wording)


@dataclasses.dataclass
class Expected:
    show_id: str
    kind: str
    room: str
    anchor: str
    started_at: float
    actual_s: float
    reach: int = 0
    interacting: int = 0
    comments: int = 0
    flagged: int = 0
    orders: int = 0
    refunds: int = 0
    gmv: float = 0.0
    over_under_abs_s: float = 0.0
    incidents: int = 0
    stream_down_s: float = 0.0
    drill_ack_s: list[float] = dataclasses.field(default_factory=list)
    users: set[str] = dataclasses.field(default_factory=set)
    type_figures: dict[str, dict[str, float | None]] = dataclasses.field(default_factory=dict)


def write_year(engine, *, start: float, days: int = 365, seed: int = 7) -> list[Expected]:
    rng = random.Random(seed)
    expected: list[Expected] = []
    shows, planned, runs, events, incidents = [], [], [], [], []
    for day in range(days):
        kind = "rehearsal" if day % 7 == 6 else "live"
        anchor = "小雅" if day % 2 == 0 else "阿杰"
        room = "room-a" if day % 3 else "room-b"
        show_id = str(uuid.UUID(int=rng.getrandbits(128)))
        t0 = start + day * DAY + 20 * 3600
        t = t0
        exp = Expected(show_id, kind, room, anchor, t0, 0.0)
        for index, (module_id, module_type, planned_s) in enumerate(MODULES):
            planned.append({"show_id": show_id, "idx": index, "module_id": module_id, "type": module_type,
                            "title": module_id, "planned_s": planned_s})
            actual = planned_s + rng.choice((-60.0, 0.0, 30.0, 90.0))
            runs.append({"show_id": show_id, "module_id": module_id, "idx": index, "started_at": t,
                         "ended_at": t + actual})
            exp.over_under_abs_s += abs(actual - planned_s)
            online = 0
            entered_here, users_here, orders_here = 0, set(), 0
            for step in range(3):  # viewers every third of the module
                entered = rng.randint(20, 60)
                online += entered - rng.randint(0, 10)
                events.append(_event(show_id, t + 1 + step * actual / 3, "viewers", module_id,
                                     {"online": max(online, 0), "entered": entered}))
                entered_here += entered
            for c in range(rng.randint(5, 15)):
                user = f"u{rng.randint(0, 40)}"
                text = f"{BANNED}吗" if rng.random() < 0.1 else "好看"
                exp.flagged += text.startswith(BANNED)
                users_here.add(user)
                events.append(_event(show_id, t + 5 + c, "comment", module_id, {"user": user, "text": text}))
                exp.comments += 1
            for o in range(rng.randint(0, 4)):
                order_id = f"{show_id[:8]}-{module_id}-{o}"
                amount = float(rng.choice((59, 99, 129)))
                events.append(_event(show_id, t + 30 + o, "order", module_id,
                                     {"order_id": order_id, "sku": "S1", "qty": 1, "amount": amount}))
                exp.orders += 1
                orders_here += 1
                exp.gmv += amount
                if rng.random() < 0.08:
                    events.append(_event(show_id, t + 60 + o, "refund", module_id,
                                         {"order_id": order_id, "amount": amount}))
                    exp.refunds += 1
                    exp.gmv -= amount
            exp.reach += entered_here
            exp.type_figures[module_type] = {
                "interaction_rate": len(users_here) / entered_here, "conversion_rate": orders_here / entered_here}
            exp.users |= users_here
            t += actual
        exp.interacting = len(exp.users)
        exp.actual_s = t - t0
        if kind == "live" and day % 10 == 3:  # a stream outage of 2 min, resolved
            incidents.append(_incident(show_id, "stream-down", "stream_down", t0 + 400, t0 + 520, None, False))
            exp.incidents += 1
            exp.stream_down_s += 120
        if kind == "rehearsal":  # a drill, acknowledged after 10–40 s
            ack = float(rng.randint(10, 40))
            incidents.append(_incident(show_id, "mic-silent", "mic_silent", t0 + 200, t0 + 400, t0 + 200 + ack, True))
            exp.drill_ack_s.append(ack)
        shows.append({"id": show_id, "title": f"show {day}", "kind": kind, "room": room, "anchor": anchor,
                      "speed": 1.0, "started_at": t0, "ended_at": t, "status": "ended"})
        expected.append(exp)
    with engine.begin() as connection:
        for table, rows in ((schema.shows, shows), (schema.planned_modules, planned), (schema.module_runs, runs),
                            (schema.audience_events, events), (schema.incidents, incidents)):
            connection.execute(insert(table), rows)
    return expected


def _event(show_id: str, ts: float, kind: str, module_id: str, data: dict) -> dict:
    return {"show_id": show_id, "ts": ts, "kind": kind, "module_id": module_id, "data": {"ts": ts, "kind": kind, **data}}


def _incident(show_id: str, playbook: str, detector: str, opened: float, resolved: float, acked: float | None,
              drill: bool) -> dict:
    return {"id": str(uuid.uuid4()), "show_id": show_id, "playbook_id": playbook, "title": playbook,
            "severity": "critical", "drill": drill, "state": "resolved", "module_id": None, "opened_at": opened,
            "acknowledged_at": acked, "resolved_at": resolved, "detail": {"detector": detector}}
