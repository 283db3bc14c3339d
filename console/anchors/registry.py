"""Anchors as records: name, tier, type and joining date (``anchors`` table)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from db import schema

#: Tiers in order of growth (新手 → 进阶 → 精英 → 头部), as stored, with the plan's names.
TIERS = ("novice", "intermediate", "elite", "top")
TIER_NAMES_ZH = {"novice": "新手", "intermediate": "进阶", "elite": "精英", "top": "头部"}
TYPES = ("selling", "knowledge", "entertainment")
TYPE_NAMES_ZH = {"selling": "带货", "knowledge": "知识", "entertainment": "娱乐"}


class AnchorError(ValueError):
    """A tier, type or date the registry does not know."""


def _canonical(value: str, allowed: tuple[str, ...], chinese: dict[str, str], what: str) -> str:
    value = value.strip()
    if value in allowed:
        return value
    for key, name in chinese.items():
        if value == name:
            return key
    choices = ", ".join(f"{key} ({chinese[key]})" for key in allowed)
    raise AnchorError(f"unknown {what} {value!r}: one of {choices}")


def canonical_tier(value: str) -> str:
    return _canonical(value, TIERS, TIER_NAMES_ZH, "tier")


def canonical_type(value: str) -> str:
    return _canonical(value, TYPES, TYPE_NAMES_ZH, "type")


@dataclasses.dataclass(frozen=True, slots=True)
class Anchor:
    name: str
    tier: str
    type: str
    joined: str | None


def save_anchor(engine: Engine, name: str, *, tier: str = "novice", type: str = "selling",  # noqa: A002 - the field
                joined: str | None = None, now: float) -> Anchor:
    name = name.strip()
    if not name:
        raise AnchorError("an anchor needs a name")
    if joined is not None:
        try:
            dt.date.fromisoformat(joined)
        except ValueError:
            raise AnchorError(f"joined {joined!r}: expected an ISO date such as 2026-03-01") from None
    anchor = Anchor(name, canonical_tier(tier), canonical_type(type), joined)
    with engine.begin() as connection:
        connection.execute(delete(schema.anchors).where(schema.anchors.c.name == name))
        connection.execute(insert(schema.anchors), [{**dataclasses.asdict(anchor), "updated_at": now}])
    return anchor


def load_anchors(engine: Engine) -> dict[str, Anchor]:
    table = schema.anchors
    with engine.connect() as connection:
        return {row.name: Anchor(row.name, row.tier, row.type, row.joined)
                for row in connection.execute(select(table.c.name, table.c.tier, table.c.type, table.c.joined))}
