"""PDCA action items: decided after a review, checked against the next show of the same room or anchor.

An item names a KPI (§4/§4.1), optionally of one module type (``opening`` interaction rate), and a bound
(``min``/``max``) with its target. It is *open* until a later live show of the same room — or of the same
anchor when it names one — has been summarised; that show's figure then marks it ``met`` or ``not met``
(``no data`` when the show has no value for it, e.g. no opening module).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from console.anchors.summary import DETAIL_KPIS, ShowTotals, load_totals
from db import schema


class ActionItemError(ValueError):
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class ActionItem:
    id: int
    from_show_id: str
    room: str
    anchor: str | None
    text: str
    kpi: str
    module_type: str | None
    bound: str
    target: float
    created_at: float
    created_by: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class ActionCheck:
    item: ActionItem
    show_id: str | None  # the show that checked it; None while open
    value: float | None
    outcome: str  # open | met | not_met | no_data

    def as_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self.item), "checked_by_show": self.show_id, "value": self.value,
                "outcome": self.outcome}


def add_item(engine: Engine, *, from_show: ShowTotals, text: str, kpi: str, bound: str, target: float,
             module_type: str | None = None, anchor: str | None = None, who: str | None = None,
             now: float) -> int:
    if kpi not in DETAIL_KPIS:
        raise ActionItemError(f"unknown KPI {kpi!r}: one of {', '.join(DETAIL_KPIS)}")
    if bound not in ("min", "max"):
        raise ActionItemError(f"bound {bound!r}: min or max")
    if not text.strip():
        raise ActionItemError("an action item needs its text")
    with engine.begin() as connection:
        result = connection.execute(insert(schema.action_items), [{
            "from_show_id": from_show.show_id, "room": from_show.room, "anchor": anchor, "text": text.strip(),
            "kpi": kpi, "module_type": module_type, "bound": bound, "target": float(target), "created_at": now,
            "created_by": who}])
        return int(result.inserted_primary_key[0]) if result.inserted_primary_key else 0


def load_items(engine: Engine, *, room: str | None = None) -> list[ActionItem]:
    table = schema.action_items
    query = select(*(table.c[f.name] for f in dataclasses.fields(ActionItem))).order_by(table.c.created_at, table.c.id)
    if room is not None:
        query = query.where(table.c.room == room)
    with engine.connect() as connection:
        return [ActionItem(*row) for row in connection.execute(query)]


def value_for(item: ActionItem, show: ShowTotals) -> float | None:
    section = show.detail.get("by_type", {}).get(item.module_type) if item.module_type else show.detail.get("total")
    if not section:
        return None
    value = section.get(item.kpi)
    return None if value is None else float(value)


def check(item: ActionItem, later_shows: Sequence[ShowTotals]) -> ActionCheck:
    """The item against the first live show after it of its room (and anchor, when it names one)."""
    for show in later_shows:
        if not show.live or show.started_at <= item.created_at or show.show_id == item.from_show_id:
            continue
        if show.room != item.room or (item.anchor and show.anchor != item.anchor):
            continue
        value = value_for(item, show)
        if value is None:
            return ActionCheck(item, show.show_id, None, "no_data")
        met = value >= item.target if item.bound == "min" else value <= item.target
        return ActionCheck(item, show.show_id, value, "met" if met else "not_met")
    return ActionCheck(item, None, None, "open")


def checks(engine: Engine, *, room: str | None = None) -> list[ActionCheck]:
    items = load_items(engine, room=room)
    if not items:
        return []
    shows = load_totals(engine, since=min(item.created_at for item in items))
    return [check(item, shows) for item in items]


def open_for(engine: Engine, *, room: str, anchor: str | None) -> list[ActionItem]:
    """What the next show of this room/anchor must act on: the items not yet checked by a show."""
    return [c.item for c in checks(engine, room=room)
            if c.outcome == "open" and (not c.item.anchor or c.item.anchor == anchor)]
