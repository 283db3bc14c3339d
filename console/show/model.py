"""The typed show script (CONTRACTS.md §2), as the loader hands it to the rest.

Every object keeps the :class:`~console.yamlpos.Position` of its YAML node
(``pos``) and of its fields (``field_positions``), so a later check — a scene
missing in OBS, banned wording — can still point at ``FILE:LINE:COL``. The
objects are frozen: the loader validated them, the inside of the program
trusts them.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping

from console.yamlpos import Position

MODULE_TYPES = ("opening", "explanation", "interaction", "conversion", "break", "closing")
END_MODES = ("hold", "advance")
#: Cue actions and the fields each one takes (besides ``at`` and ``do``).
#: ``mute``/``unmute`` are an extension of CONTRACTS.md §2 (docs/show-script.md),
#: shared with playbooks through console.obs.actions.
CUE_FIELDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    # action: (required fields, optional fields)
    "switch_scene": (("scene",), ()),
    "show_text": (("source", "text"), ()),
    "show_source": (("source",), ()),
    "hide_source": (("source",), ()),
    "note": (("text",), ()),
    "mute": (("input",), ()),
    "unmute": (("input",), ()),
    # Selling cues (CONTRACTS.md §10): prompts for the operator, never OBS requests (console.commerce).
    "explain": (("sku",), ("every", "until")),
    "link_up": (("sku",), ("every", "until")),
    "lucky_bag": (("sku",), ("every", "until")),
    "flash_sale": (("sku",), ("every", "until", "stock")),
})
#: The selling cues of CUE_FIELDS: each one raises a reminder on the commerce board.
SELLING_ACTIONS = ("explain", "link_up", "lucky_bag", "flash_sale")
#: How the operator reads each selling cue (the timeline, the teleprompter, the record).
SELLING_LABELS: Mapping[str, str] = MappingProxyType({
    "explain": "讲解", "link_up": "上链接", "lucky_bag": "福袋", "flash_sale": "秒杀"})
#: The role a playbook falls back to (CONTRACTS.md §2); not required.
STANDBY_ROLE = "standby"



def _frozen_map(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclasses.dataclass(frozen=True, slots=True)
class Cue:
    """A timed action inside a module; ``at`` is seconds from the module's start."""

    at: float
    do: str
    pos: Position
    scene: str | None = None
    source: str | None = None
    text: str | None = None
    input: str | None = None
    sku: str | None = None  # selling cues: the product
    every: float | None = None  # selling cues: re-arm the reminder every so many seconds until acknowledged
    until: float | None = None  # selling cues: seconds from the cue after which the reminder ends
    stock: int | None = None  # flash_sale: units offered
    field_positions: Mapping[str, Position] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def action(self) -> dict[str, Any]:
        """The action dict for ``console.obs.actions.perform`` (selling cues: for the record)."""
        action: dict[str, Any] = {"do": self.do}
        for name in ("scene", "source", "text", "input", "sku", "every", "until", "stock"):
            value = getattr(self, name)
            if value is not None:
                action[name] = value
        return action

    @property
    def sends_to_obs(self) -> bool:
        """A ``note`` and the selling cues are for the operator only; every other cue is an OBS request."""
        return self.do != "note" and self.do not in SELLING_ACTIONS

    def describe(self) -> str:
        """One short line for the operator (timeline, teleprompter, logs)."""
        if self.do == "switch_scene":
            return f"切换画面 → {self.scene}"
        if self.do == "show_text":
            return f"字幕 {self.source}: {self.text}"
        if self.do == "show_source":
            return f"显示 {self.source}"
        if self.do == "hide_source":
            return f"隐藏 {self.source}"
        if self.do in ("mute", "unmute"):
            return f"{'静音' if self.do == 'mute' else '取消静音'} {self.input}"
        if self.do in SELLING_ACTIONS:
            return f"{SELLING_LABELS[self.do]} {self.sku}"
        return f"提示: {self.text}"


@dataclasses.dataclass(frozen=True, slots=True)
class Product:
    sku: str
    name: str
    pos: Position
    price: float | None = None
    live_price: float | None = None
    stock: int | None = None
    # Commerce (CONTRACTS.md §10, console.commerce).
    category: str | None = None
    platform_ids: tuple[str, ...] = ()
    low_stock: int | None = None
    must_mention: tuple[str, ...] = ()
    selling_points: tuple[str, ...] = ()
    field_positions: Mapping[str, Position] = dataclasses.field(default_factory=dict, compare=False, repr=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Module:
    id: str
    type: str
    title: str
    duration: float  # planned seconds, > 0
    scene: str  # a role of show.scenes
    pos: Position
    products: tuple[str, ...] = ()
    talking_points: str = ""
    cues: tuple[Cue, ...] = ()
    end: str = "hold"  # hold | advance
    anchor: str | None = None  # who presents this module when not the show's anchor (a guest, dual anchors)
    field_positions: Mapping[str, Position] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def advances(self) -> bool:
        return self.end == "advance"


@dataclasses.dataclass(frozen=True, slots=True)
class ShowInfo:
    title: str
    scenes: Mapping[str, str]  # role -> OBS scene name, in file order
    pos: Position
    anchor: str | None = None
    planned_start: datetime | None = None
    field_positions: Mapping[str, Position] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    #: Position of each role's scene name (the value), for the OBS check.
    scene_positions: Mapping[str, Position] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scenes", _frozen_map(self.scenes))


@dataclasses.dataclass(frozen=True, slots=True)
class ShowScript:
    version: int
    show: ShowInfo
    products: tuple[Product, ...]
    modules: tuple[Module, ...]
    file: str
    #: The YAML exactly as loaded, so a recorded show keeps the script it ran.
    source_text: str = dataclasses.field(default="", compare=False, repr=False)
    #: Modules of the §2 shape that run only when a rule inserts them (CONTRACTS §9.2 ``insert``).
    reserve: tuple[Module, ...] = ()
    #: The script's own adjustment rules (a console.rules.model.RuleSet), or None.
    rules: Any = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def planned_total(self) -> float:
        return sum(module.duration for module in self.modules)

    def module(self, module_id: str) -> Module:
        for module in self.modules + self.reserve:
            if module.id == module_id:
                return module
        raise KeyError(module_id)

    def index_of(self, module_id: str) -> int:
        for index, module in enumerate(self.modules):
            if module.id == module_id:
                return index
        raise KeyError(module_id)

    def product(self, sku: str) -> Product:
        for product in self.products:
            if product.sku == sku:
                return product
        raise KeyError(sku)

    def products_of(self, module: Module) -> tuple[Product, ...]:
        return tuple(self.product(sku) for sku in module.products)

    def scene_name(self, role_or_scene: str) -> str:
        """The OBS scene for a role, or the name after ``scene:``."""
        if role_or_scene.startswith("scene:"):
            return role_or_scene[len("scene:"):]
        return self.show.scenes[role_or_scene]
