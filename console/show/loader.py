"""Load and validate a show script (CONTRACTS.md §2) into :mod:`console.show.model`.

``load_script(path)`` / ``load_script_text(text, file)`` never raise for bad
input: they return a :class:`LoadResult` whose ``diagnostics`` point at the
offending YAML node (``FILE:LINE:COL``, 1-based, columns in characters), and
whose ``script`` is ``None`` when there is any error. Warnings (risky wording,
a module without talking points, a live price above the list price) keep the
script.

Decisions the contract leaves open (docs/show-script.md):
- text fields (titles, names, skus, scene names, cue text) must be YAML
  strings: ``sku: 0012`` is the octal number 10 in YAML 1.1 and ``title: 2026``
  an integer, so a number or a boolean there is an error that says to quote it;
- a bare number as a duration is refused except ``0`` (see duration.py);
- a module's ``scene`` may also be ``scene:NAME`` (like cues), naming an OBS
  scene directly.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from console.show.model import (
    CUE_FIELDS,
    END_MODES,
    MODULE_TYPES,
    Cue,
    Module,
    Product,
    ShowInfo,
    ShowScript,
)
from console.commerce import script_fields as commerce_fields
from console.show.node_checks import NodeChecks, describe_kind
from console.show.wording_positions import ScalarSpans
from console.yamlpos import Diagnostic, PMap, PNode, PScalar, Position, YamlLoadError, load_file, load_text


ID_PATTERN = re.compile(r"^[a-z0-9_-]+$")
#: Module and playbook ids are stored in VARCHAR(64) columns (PostgreSQL enforces the width).
MAX_ID_LENGTH = 64
TOP_FIELDS = ("version", "show", "products", "modules", "targets", "reserve", "rules")
SHOW_FIELDS = ("title", "anchor", "planned_start", "scenes")
PRODUCT_FIELDS = ("sku", "name", "price", "live_price", "stock", *commerce_fields.PRODUCT_FIELDS)
MODULE_FIELDS = ("id", "type", "title", "duration", "scene", "products", "talking_points", "cues", "end", "anchor")
SUPPORTED_VERSIONS = (1,)


@dataclasses.dataclass(frozen=True, slots=True)
class LoadResult:
    script: ShowScript | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.script is not None


def load_script(path: str | Path) -> LoadResult:
    """Read, parse and validate the script at ``path`` (size, encoding, syntax included)."""
    file = str(path)
    try:
        root = load_file(path)
    except YamlLoadError as exc:
        return LoadResult(None, [exc.diagnostic])
    # load_file has accepted size and encoding; read the text again for
    # positions inside scalars and to keep the script as run.
    text = Path(path).read_bytes().decode("utf-8")
    return script_from_tree(root, _strip_bom(text), file)


def load_script_text(text: str, file: str = "<string>") -> LoadResult:
    """Validate a script given as text (the editor, tests)."""
    text = _strip_bom(text)
    try:
        root = load_text(text, file)
    except YamlLoadError as exc:
        return LoadResult(None, [exc.diagnostic])
    return script_from_tree(root, text, file)


def script_from_tree(root: PNode | None, text: str, file: str) -> LoadResult:
    """Validate an already parsed tree (``lint`` parses once to tell scripts from playbooks)."""
    validator = _Validator(text, file)
    script = validator.script(root)
    if script is not None:
        validator.diagnostics.extend(commerce_fields.script_findings(script))
    diagnostics = sorted(validator.diagnostics, key=lambda d: (d.position.line, d.position.col))
    if any(d.severity == "error" for d in diagnostics):
        script = None
    return LoadResult(script, diagnostics)


def _targets_block_diagnostics(node: PNode | None, file: str) -> list[Diagnostic]:
    """The script's optional ``targets:`` block (CONTRACTS §9.1), checked by the targets loader."""
    if node is None or (isinstance(node, PScalar) and node.value is None):
        return []
    from console.targets.loader import targets_from_node  # the targets package builds on this one

    return targets_from_node(node, file, whole_file=False)[1]


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


class _Validator(NodeChecks):
    """The show script's schema (CONTRACTS.md §2) on top of the generic node checks."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(file)
        self.text = text
        self._spans: ScalarSpans | None = None
        self._matcher: Any = None

    # -- the document -----------------------------------------------------
    def script(self, root: PNode | None) -> ShowScript | None:
        if root is None:
            self.error(Position(self.file, 1, 1), "empty", "the file is empty; a show script needs 'show' and 'modules'")
            return None
        top = self.mapping(root, "a show script")
        if top is None:
            return None
        complete = self.fields(top, TOP_FIELDS, ("show", "modules"), "the show script")
        version = 1
        version_node = top.get("version")
        if version_node is not None:
            value = version_node.plain()
            if isinstance(value, bool) or value not in SUPPORTED_VERSIONS:
                self.error(version_node.pos, "bad-value",
                           f"unsupported version {describe_kind(version_node)}; this console reads version 1")
            else:
                version = int(value)
        show = self.show(top.get("show")) if top.get("show") is not None else None
        products = self.products(top.get("products"))
        modules = self.modules(top.get("modules"), show, products) if top.get("modules") is not None else ()
        self.diagnostics += _targets_block_diagnostics(top.get("targets"), self.file)
        reserve, rules = self._adjustments(top, show, products, modules)  # CONTRACTS §9.2
        if not complete or show is None or products is None or not modules or reserve is None:
            return None
        script = ShowScript(version, show, products, modules, self.file, self.text, reserve=reserve, rules=rules)
        if rules is not None:
            from console.rules.loader import check_against_script

            self.diagnostics.extend(check_against_script(rules, script))
        return script

    def _adjustments(self, top: PMap, show: ShowInfo | None, products: tuple[Product, ...] | None,
                     modules: tuple[Module, ...]) -> tuple[tuple[Module, ...] | None, Any]:
        """The ``reserve:`` modules (ids unique with the run's) and the ``rules:`` list (console.rules)."""
        reserve: tuple[Module, ...] | None = ()
        node = top.get("reserve")
        if node is not None and not (isinstance(node, PScalar) and node.value is None):
            seen = {module.id: module.pos for module in modules}
            items = self.sequence(node, "'reserve'")
            built = [self.module(item, dict(show.scenes) if show else None,
                                 {p.sku for p in products} if products is not None else None, seen)
                     for item in (items or ())]
            reserve = None if items is None or None in built else tuple(built)  # type: ignore[arg-type]
        rules = None
        node = top.get("rules")
        if node is not None:
            from console.rules.loader import rules_from_node

            rules, diagnostics = rules_from_node(node, self.file)
            self.diagnostics.extend(diagnostics)
        return reserve, rules

    def show(self, node: PNode) -> ShowInfo | None:
        show = self.mapping(node, "'show'")
        if show is None:
            return None
        complete = self.fields(show, SHOW_FIELDS, ("title", "scenes"), "'show'")
        title = self.text_field(show, "title", "'show'")
        anchor = self.text_field(show, "anchor", "'show'")
        planned_start = None
        start_node = show.get("planned_start")
        if start_node is not None and start_node.plain() is not None:
            value = start_node.plain()
            if isinstance(value, datetime):  # YAML reads an unquoted ISO timestamp itself
                planned_start = value
            elif isinstance(value, str):
                try:
                    planned_start = datetime.fromisoformat(value)
                except ValueError:
                    self.error(start_node.pos, "bad-value",
                               f"planned_start '{value}' is not an ISO 8601 time such as 2026-12-01T20:00:00+08:00")
            else:
                self.error(start_node.pos, "wrong-type",
                           f"planned_start must be an ISO 8601 time such as \"2026-12-01T20:00:00+08:00\", not {describe_kind(start_node)}")
        scenes: dict[str, str] = {}
        scene_positions: dict[str, Position] = {}
        scenes_node = show.get("scenes")
        if scenes_node is not None and not (isinstance(scenes_node, PScalar) and scenes_node.value is None):
            scenes_map = self.mapping(scenes_node, "'show.scenes' (role: OBS scene name)")
            if scenes_map is not None:
                if not scenes_map.keys():
                    self.error(scenes_map.pos, "missing-field", "'show.scenes' needs at least one role")
                for role, scene_node in scenes_map.items():
                    name = self.text_field(scenes_map, role, "'show.scenes'")
                    if role.startswith("scene:") or ":" in role:
                        self.error(scenes_map.key_pos(role), "bad-id", f"scene role '{role}' cannot contain ':'")
                    elif name is not None:
                        if not name.strip():
                            self.error(scene_node.pos, "bad-value", f"scene role '{role}' has an empty scene name")
                        scenes[role] = name
                        scene_positions[role] = scene_node.pos
        if not complete or title is None or not scenes:
            return None
        return ShowInfo(title, scenes, show.pos, anchor=anchor, planned_start=planned_start,
                        field_positions=self.positions(show), scene_positions=scene_positions)

    def products(self, node: PNode | None) -> tuple[Product, ...] | None:
        if node is None or (isinstance(node, PScalar) and node.value is None):
            return ()
        items = self.sequence(node, "'products'")
        if items is None:
            return None
        products: list[Product] = []
        seen: dict[str, Position] = {}
        ok = True
        for item in items:
            entry = self.mapping(item, "a product")
            if entry is None:
                ok = False
                continue
            complete = self.fields(entry, PRODUCT_FIELDS, ("sku", "name"), "a product")
            sku = self.text_field(entry, "sku", "a product")
            name = self.text_field(entry, "name", "a product")
            price = self.number_field(entry, "price", "a product")
            live_price = self.number_field(entry, "live_price", "a product")
            stock = self.number_field(entry, "stock", "a product", integer=True)
            commerce = commerce_fields.product_fields(self, entry, f"product '{sku}'" if sku else "a product")
            if sku is not None:
                if sku in seen:
                    self.error(entry.get("sku").pos, "duplicate-sku",  # type: ignore[union-attr]
                               f"duplicate sku '{sku}' (first at line {seen[sku].line})")
                    ok = False
                else:
                    seen[sku] = entry.get("sku").pos  # type: ignore[union-attr]
            if price is not None and live_price is not None and live_price > price:
                self.warning(entry.get("live_price").pos, "live-price-above-price",  # type: ignore[union-attr]
                             f"live_price {live_price:g} of '{sku}' is above its price {price:g}")
            if not complete or sku is None or name is None:
                ok = False
                continue
            products.append(Product(sku, name, entry.pos, price=price, live_price=live_price,
                                    stock=int(stock) if stock is not None else None, **commerce,
                                    field_positions=self.positions(entry)))
        return tuple(products) if ok else None

    def modules(self, node: PNode, show: ShowInfo | None, products: tuple[Product, ...] | None) -> tuple[Module, ...]:
        items = self.sequence(node, "'modules'")
        if items is None:
            return ()
        if not len(items):
            self.error(items.pos, "missing-field", "'modules' needs at least one module")
            return ()
        roles = dict(show.scenes) if show is not None else None
        skus = {p.sku for p in products} if products is not None else None
        modules: list[Module] = []
        seen: dict[str, Position] = {}
        ok = True
        for item in items:
            module = self.module(item, roles, skus, seen)
            if module is None:
                ok = False
            else:
                modules.append(module)
        return tuple(modules) if ok else ()

    def module(self, item: PNode, roles: dict[str, str] | None, skus: set[str] | None,
               seen: dict[str, Position]) -> Module | None:
        entry = self.mapping(item, "a module")
        if entry is None:
            return None
        module_id = self.text_field(entry, "id", "a module")
        what = f"module '{module_id}'" if module_id else "a module"
        errors_before = self.error_count()
        self.fields(entry, MODULE_FIELDS, ("id", "type", "title", "duration", "scene"), what)
        if module_id is not None:
            id_pos = entry.get("id").pos  # type: ignore[union-attr]
            if not ID_PATTERN.match(module_id):
                self.error(id_pos, "bad-id", f"module id '{module_id}' may only use a-z, 0-9, '_' and '-'")
            elif len(module_id) > MAX_ID_LENGTH:
                self.error(id_pos, "bad-id", f"module id '{module_id}' is {len(module_id)} characters long; "
                                             f"at most {MAX_ID_LENGTH}")
            elif module_id in seen:
                self.error(id_pos, "duplicate-id", f"duplicate module id '{module_id}' (first at line {seen[module_id].line})")
            else:
                seen[module_id] = id_pos
        module_type = self.text_field(entry, "type", what)
        if module_type is not None and module_type not in MODULE_TYPES:
            self.error(entry.get("type").pos, "unknown-module-type",  # type: ignore[union-attr]
                       f"unknown module type '{module_type}' (known: {', '.join(MODULE_TYPES)})")
        title = self.text_field(entry, "title", what)
        duration = self.duration(entry, "duration", what, positive=True)
        scene = self.text_field(entry, "scene", what)
        if scene is not None and roles is not None:
            self.scene_reference(scene, entry.get("scene").pos, roles)  # type: ignore[union-attr]
        module_products: list[str] = []
        products_node = entry.get("products")
        if products_node is not None and not (isinstance(products_node, PScalar) and products_node.value is None):
            sku_items = self.sequence(products_node, f"'products' of {what}")
            for sku_node in sku_items or ():
                value = sku_node.plain() if isinstance(sku_node, PScalar) else None
                if not isinstance(value, str):
                    self.error(sku_node.pos, "wrong-type", f"a sku in {what} must be text, not {describe_kind(sku_node)}; put it in quotes")
                elif skus is not None and value not in skus:
                    self.error(sku_node.pos, "unknown-sku", f"sku '{value}' is not in 'products'")
                else:
                    module_products.append(value)
        talking_points = self.text_field(entry, "talking_points", what)
        if talking_points is None or not talking_points.strip():
            where = entry.key_pos("talking_points") if "talking_points" in entry else entry.pos
            self.warning(where, "no-talking-points", f"{what} has no talking points")
        else:
            self.wording(entry.get("talking_points"), talking_points, f"the talking points of {what}")  # type: ignore[arg-type]
        end = self.text_field(entry, "end", what) or "hold"
        anchor = self.text_field(entry, "anchor", what)
        if end not in END_MODES:
            self.error(entry.get("end").pos, "bad-value", f"'end' must be hold or advance, not '{end}'")  # type: ignore[union-attr]
        cues: list[Cue] = []
        cues_node = entry.get("cues")
        if cues_node is not None and not (isinstance(cues_node, PScalar) and cues_node.value is None):
            for cue_node in self.sequence(cues_node, f"'cues' of {what}") or ():
                cue = self.cue(cue_node, duration, roles, what, skus)
                if cue is not None:
                    cues.append(cue)
        if self.error_count() != errors_before or None in (module_id, module_type, title, duration, scene):
            return None
        return Module(module_id, module_type, title, duration, scene, entry.pos,  # type: ignore[arg-type]
                      products=tuple(module_products), talking_points=talking_points or "", cues=tuple(cues),
                      end=end, anchor=anchor.strip() if anchor and anchor.strip() else None,
                      field_positions=self.positions(entry))

    def cue(self, node: PNode, duration: float | None, roles: dict[str, str] | None, what: str,
            skus: set[str] | None = None) -> Cue | None:
        entry = self.mapping(node, f"a cue of {what}")
        if entry is None:
            return None
        errors_before = self.error_count()
        do = self.text_field(entry, "do", f"a cue of {what}")
        if do is not None and do not in CUE_FIELDS:
            self.error(entry.get("do").pos, "unknown-action",  # type: ignore[union-attr]
                       f"unknown cue action '{do}' (known: {', '.join(CUE_FIELDS)})")
            return None
        if do is None:
            self.fields(entry, ("at", "do", "scene", "source", "text", "input", *commerce_fields.CUE_FIELDS),
                        ("at", "do"), f"a cue of {what}")
            return None
        required, optional = CUE_FIELDS[do]
        cue_what = f"a {do} cue of {what}"
        self.fields(entry, ("at", "do", *required, *optional), ("at", *required), cue_what)
        at = self.duration(entry, "at", cue_what, positive=False)
        if at is not None and duration is not None and not 0 <= at < duration:
            self.error(entry.get("at").pos, "cue-outside-module",  # type: ignore[union-attr]
                       f"cue at {_seconds(at)} is outside its module (0 to {_seconds(duration)}, end excluded)")
        values: dict[str, Any] = {name: self.text_field(entry, name, cue_what)
                                  for name in ("scene", "source", "text", "input")}
        if "sku" in required:  # a selling cue (CONTRACTS.md §10)
            values.update(commerce_fields.cue_fields(self, entry, do, at, duration, skus, cue_what))
        if do == "switch_scene" and values["scene"] is not None and roles is not None:
            self.scene_reference(values["scene"], entry.get("scene").pos, roles)  # type: ignore[union-attr]
        if values["text"] is not None:
            self.wording(entry.get("text"), values["text"], f"the text of {cue_what}")  # type: ignore[arg-type]
        if self.error_count() != errors_before or at is None:
            return None
        return Cue(at, do, entry.pos, **{k: v for k, v in values.items() if k in required + optional},
                   field_positions=self.positions(entry))

    def scene_reference(self, value: str, pos: Position, roles: dict[str, str]) -> None:
        if value.startswith("scene:"):
            if not value[len("scene:"):].strip():
                self.error(pos, "unknown-role", "'scene:' needs an OBS scene name after the colon")
            return
        if value not in roles:
            self.error(pos, "unknown-role",
                       f"scene role '{value}' is not in show.scenes (roles: {', '.join(roles)}; or write scene:NAME)")

    # -- wording ----------------------------------------------------------
    def wording(self, node: PScalar, text: str, where: str) -> None:
        matcher = self._compliance_matcher()
        if matcher is None:
            return
        categories = getattr(matcher, "categories", {})
        for hit in matcher.find(text):
            pos = self._spans_index().position_in(node, text, hit.start, hit.end)
            category = categories.get(hit.category)
            label = f"{category.name}, {hit.category}" if category is not None else hit.category
            self.warning(pos, "wording",
                         f"{hit.severity} wording '{text[hit.start:hit.end]}' ({label}) in {where}")

    def _compliance_matcher(self) -> Any:
        if self._matcher is None:
            self._matcher = _default_matcher()
        return self._matcher

    def _spans_index(self) -> ScalarSpans:
        if self._spans is None:
            self._spans = ScalarSpans(self.text, self.file)
        return self._spans


def _seconds(value: float) -> str:
    from console.show.duration import format_duration

    return format_duration(value)


def _default_matcher() -> Any:
    """The shared compliance matcher (CONTRACTS.md §6); built once per process by console.compliance."""
    from console.compliance import default_matcher

    return default_matcher()
