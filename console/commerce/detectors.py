"""``low_stock`` and ``sold_out`` detectors (CONTRACTS.md §5 extended; issue 16 point 3).

Fed by :func:`feed_stock` with the ledger's stock levels (sku → (stock,
low_stock)) on the show's tick, before the playbooks evaluate. ``low_stock``
holds while a product (or the one named by ``sku``) has stock at or below its
``low_stock`` and above zero; ``sold_out`` while one has none left. Both clear
when the stock comes back (refunds). A product without ``stock`` in the
script is never low nor sold out. Importing this module registers both into
:data:`console.contingency.detectors.DETECTOR_CLASSES` (console.contingency.session
imports it, so every show's detector bank knows them).
"""

from __future__ import annotations

from typing import Any

from console.contingency.detectors import DETECTOR_CLASSES, Condition, Detector


class _StockDetector(Detector):
    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.sku = params.get("sku")
        self.levels: dict[str, tuple[int | None, int | None]] = {}
        self.since: dict[str, float] = {}

    def on_stock(self, levels: dict[str, tuple[int | None, int | None]], now: float) -> None:
        self.levels = {sku: level for sku, level in levels.items() if self.sku in (None, sku)}
        for sku, level in self.levels.items():
            if self.hit(*level):
                self.since.setdefault(sku, now)
            else:
                self.since.pop(sku, None)

    def hit(self, stock: int | None, low_stock: int | None) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def condition(self, now: float) -> Condition:
        hits = [sku for sku in self.levels if sku in self.since]
        if not hits:
            return Condition(False)
        detail = ", ".join(f"{sku}: {self.levels[sku][0]}" for sku in hits)
        return Condition(True, f"{self.label} {detail}", min(self.since[sku] for sku in hits))


class LowStock(_StockDetector):
    name = "low_stock"
    label = "库存紧张"

    def hit(self, stock: int | None, low_stock: int | None) -> bool:
        return stock is not None and low_stock is not None and 0 < stock <= low_stock


class SoldOut(_StockDetector):
    name = "sold_out"
    label = "已售罄"

    def hit(self, stock: int | None, low_stock: int | None) -> bool:
        return stock is not None and stock <= 0


def feed_stock(bank: Any, levels: dict[str, tuple[int | None, int | None]], now: float) -> None:
    """Hand the stock levels to the bank's stock detectors (the others have no stock feed)."""
    for entry in bank.armed:
        feed = getattr(entry.detector, "on_stock", None)
        if feed is not None:
            feed(levels, now)


def register() -> None:
    """Make ``low_stock`` and ``sold_out`` known to the detector bank (idempotent)."""
    DETECTOR_CLASSES.setdefault(LowStock.name, LowStock)
    DETECTOR_CLASSES.setdefault(SoldOut.name, SoldOut)


register()
