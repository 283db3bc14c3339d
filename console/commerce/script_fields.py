"""The commerce fields of a show script (CONTRACTS.md §10), validated for :mod:`console.show.loader`.

The loader owns the schema of §2; these helpers add what §10 gives products
(``category``, ``platform_ids``, ``low_stock``, ``must_mention``,
``selling_points``) and selling cues (``sku``, ``every``, ``until``,
``stock``), each failure a positioned diagnostic through the loader's
:class:`~console.show.node_checks.NodeChecks`. :func:`script_findings` runs
once the script is built: what needs the whole script (must_mention phrases
against the talking points of the modules that feature the product).
"""

from __future__ import annotations

from typing import Any

from console.show.model import ShowScript
from console.show.node_checks import NodeChecks, describe_kind
from console.yamlpos import Diagnostic, PMap, PScalar, PSeq

PRODUCT_FIELDS = ("category", "platform_ids", "low_stock", "must_mention", "selling_points")
CUE_FIELDS = ("sku", "every", "until", "stock")


def text_list(checks: NodeChecks, entry: PMap, key: str, what: str) -> tuple[str, ...]:
    """A list of text (one text alone is taken as a list of one); errors at the offending item."""
    node = entry.get(key)
    if node is None or (isinstance(node, PScalar) and node.value is None):
        return ()
    if isinstance(node, PScalar) and isinstance(node.value, str):
        return (node.value,)
    if not isinstance(node, PSeq):
        checks.error(node.pos, "wrong-type", f"'{key}' of {what} must be a list of text, not {describe_kind(node)}")
        return ()
    values = []
    for item in node:
        value = item.plain() if isinstance(item, PScalar) else None
        if not isinstance(value, str) or not value.strip():
            checks.error(item.pos, "wrong-type",
                         f"an item of '{key}' of {what} must be text, not {describe_kind(item)}; put it in quotes")
        else:
            values.append(value)
    return tuple(values)


def product_fields(checks: NodeChecks, entry: PMap, what: str) -> dict[str, Any]:
    """The §10 fields of one product entry, as keyword arguments of ``Product``."""
    low_stock = checks.number_field(entry, "low_stock", what, integer=True)
    return {
        "category": checks.text_field(entry, "category", what),
        "platform_ids": text_list(checks, entry, "platform_ids", what),
        "low_stock": int(low_stock) if low_stock is not None else None,
        "must_mention": text_list(checks, entry, "must_mention", what),
        "selling_points": text_list(checks, entry, "selling_points", what),
    }


def cue_fields(checks: NodeChecks, entry: PMap, do: str, at: float | None, module_duration: float | None,
               skus: set[str] | None, what: str) -> dict[str, Any]:
    """The §10 fields of a selling cue; errors: an sku not in the catalogue, a flash sale past its module's end."""
    sku_node = entry.get("sku")
    sku = checks.text_field(entry, "sku", what)
    if sku is not None and skus is not None and sku not in skus and sku_node is not None:
        checks.error(sku_node.pos, "unknown-sku", f"sku '{sku}' of {what} is not in 'products'")
    every = checks.duration(entry, "every", what, positive=True) if "every" in entry else None
    until = checks.duration(entry, "until", what, positive=True) if "until" in entry else None
    stock = checks.number_field(entry, "stock", what, integer=True) if "stock" in entry else None
    if do == "flash_sale" and until is not None and at is not None and module_duration is not None \
            and at + until > module_duration:
        checks.error(entry.get("until").pos, "flash-sale-too-long",  # type: ignore[union-attr]
                     f"the flash sale runs {_clock(until)} from {_clock(at)}, past the end of its module "
                     f"({_clock(module_duration)})")
    return {"sku": sku, "every": every, "until": until, "stock": int(stock) if stock is not None else None}


def script_findings(script: ShowScript) -> list[Diagnostic]:
    """Warnings that need the whole script: a ``must_mention`` phrase missing from the talking points
    of a module that features the product (listed in ``products`` or named by a selling cue)."""
    findings: list[Diagnostic] = []
    catalogue = {product.sku: product for product in script.products}
    for module in script.modules:
        featured = list(module.products)
        featured += [cue.sku for cue in module.cues if cue.sku is not None and cue.sku not in featured]
        where = module.field_positions.get("talking_points", module.pos)
        for sku in featured:
            product = catalogue.get(sku)
            if product is None:
                continue
            for phrase in product.must_mention:
                if phrase not in module.talking_points:
                    findings.append(Diagnostic(
                        where, "warning", "must-mention-missing",
                        f"the talking points of module '{module.id}' never say '{phrase}', which "
                        f"'{sku}' must mention (line {product.field_positions.get('must_mention', product.pos).line})"))
    return findings


def _clock(seconds: float) -> str:
    from console.show.duration import format_duration

    return format_duration(seconds)
