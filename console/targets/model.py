"""Targets and the status of a value against them (CONTRACTS.md §9.1).

A :class:`Targets` holds, per KPI, a :class:`Bound` (``min`` — higher is
better — or ``max`` — lower is better) for the whole show and every module,
overrides per module type, and the relative ``warn_margin``. Layers merge per
KPI: the shipped defaults, then the team file, then a script's ``targets:``
block, then ``--targets FILE`` (:func:`Targets.overridden_by`).

Status of ``v`` against ``min: m``: ``ok`` if v ≥ m, ``warn`` if
v ≥ m × (1 − warn_margin), else ``bad``; against ``max: M``: ``ok`` if v ≤ M,
``warn`` if v ≤ M × (1 + warn_margin), else ``bad``; None (empty) when v is
empty.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, Literal, Mapping

Status = Literal["ok", "warn", "bad"]
STATUSES: tuple[Status, ...] = ("ok", "warn", "bad")
#: The plan's figures, shipped as defaults (互动率 ≥ 25 %, 转化率 ≥ 12 %, 退货率 ≤ 5 %).
DEFAULT_WARN_MARGIN = 0.1
#: A mark for each status, so the status reads without colour (tiles, tables, the wall, the CSV's words).
STATUS_MARKS: Mapping[str, str] = MappingProxyType({"ok": "✓", "warn": "!", "bad": "✗"})


@dataclasses.dataclass(frozen=True, slots=True)
class Bound:
    """One target: ``kind`` ``min`` (at least ``value``) or ``max`` (at most ``value``)."""

    kind: Literal["min", "max"]
    value: float

    @property
    def higher_is_better(self) -> bool:
        return self.kind == "min"

    def status(self, value: float | None, warn_margin: float) -> Status | None:
        if value is None:
            return None
        if self.kind == "min":
            if value >= self.value:
                return "ok"
            return "warn" if value >= self.value * (1 - warn_margin) else "bad"
        if value <= self.value:
            return "ok"
        return "warn" if value <= self.value * (1 + warn_margin) else "bad"

    def describe(self) -> str:
        """``≥ 0.25`` / ``≤ 0.05``: the bound as a reader writes it."""
        return f"{'≥' if self.kind == 'min' else '≤'} {self.value:g}"


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclasses.dataclass(frozen=True, slots=True)
class Targets:
    """Bounds per KPI for the show and every module, overrides per module type, the warn margin."""

    show: Mapping[str, Bound] = dataclasses.field(default_factory=dict)
    by_module_type: Mapping[str, Mapping[str, Bound]] = dataclasses.field(default_factory=dict)
    warn_margin: float = DEFAULT_WARN_MARGIN
    #: Where each layer came from, most specific last (for the window and `review --text`).
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "show", _frozen(self.show))
        object.__setattr__(self, "by_module_type",
                           _frozen({kind: _frozen(bounds) for kind, bounds in self.by_module_type.items()}))

    def bounds_for(self, module_type: str | None = None) -> dict[str, Bound]:
        """The bounds that apply to a module of ``module_type`` (None: the whole show)."""
        bounds = dict(self.show)
        if module_type:
            bounds.update(self.by_module_type.get(module_type, {}))
        return bounds

    def kpi_names(self) -> tuple[str, ...]:
        """Every targeted KPI (show-wide first, then those only a module type targets), in file order."""
        names = list(self.show)
        for bounds in self.by_module_type.values():
            names += [name for name in bounds if name not in names]
        return tuple(names)

    def statuses(self, values: Mapping[str, float | None] | Any, module_type: str | None = None) -> dict[str, Status | None]:
        """The status of each targeted KPI of a row (a mapping or an object with KPI attributes)."""
        get = values.get if isinstance(values, Mapping) else (lambda name: getattr(values, name, None))
        return {name: bound.status(get(name), self.warn_margin)
                for name, bound in self.bounds_for(module_type).items()}

    def overridden_by(self, other: Targets | None) -> Targets:
        """``other`` on top of this one, per KPI (a bound ``other`` does not name stays)."""
        if other is None:
            return self
        show = {**self.show, **other.show}
        by_type = {kind: dict(bounds) for kind, bounds in self.by_module_type.items()}
        for kind, bounds in other.by_module_type.items():
            by_type.setdefault(kind, {}).update(bounds)
        margin = other.warn_margin if other.margin_given else self.warn_margin
        return Targets(show, by_type, margin, self.sources + other.sources, margin_given=True)

    margin_given: bool = False  # whether the layer's file named warn_margin (else a lower layer's stays)


#: The shipped defaults: the operations plan's figures (CONTRACTS §9.1).
SHIPPED = Targets(
    show={"interaction_rate": Bound("min", 0.25), "conversion_rate": Bound("min", 0.12),
          "refund_rate": Bound("max", 0.05)},
    by_module_type={"conversion": {"conversion_rate": Bound("min", 0.15)}},
    warn_margin=DEFAULT_WARN_MARGIN, sources=("shipped defaults",), margin_given=True,
)
