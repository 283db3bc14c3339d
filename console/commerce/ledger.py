"""Stock and per-product results, one definition for the live view and the review (issue 16 points 3–4).

:class:`ProductLedger` is fed, in time order, with the show's audience events
(orders, refunds, product clicks), its module runs and its ``explain`` cues,
and answers per product and per category:

- ``stock`` — the script's ``stock`` minus the ``qty`` of every distinct
  order, plus the ``qty`` of a refunded order (CONTRACTS.md §10: refunds of
  a known order put it back; a refund of an order the show never saw has no
  product and counts nowhere). It may go below zero: an oversold product
  shows it, it is not hidden.
- ``explain_s`` — seconds the product was being explained (see
  :func:`explain_intervals`), a union of intervals, never counted twice.
- ``clicks``, ``orders`` (distinct ``order_id``), ``qty``, ``gmv``
  (Σ order amount − Σ refund amount of its orders), ``refunds`` (distinct
  refunded orders).
- ``orders_after_explain`` — orders stamped within
  :data:`CONVERSION_WINDOW_S` after an ``explain`` cue of the same product;
  ``after_explain_share`` = that / ``orders`` (empty when no orders).

The live session (console.commerce.live) and the review
(console.commerce.review) both build one; only the feeding differs. Not
thread-safe: one thread feeds and reads (the show's tick thread, or the
review's worker).
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import Any, Iterable

from console.audience.events import OrderEvent, ProductClickEvent, RefundEvent
from console.show.model import ShowScript

#: "Conversion after explanation": an order this long after an explain cue of its
#: product counts as converted by it (the plan's 5 minutes: the platform's
#: product card stays pinned about that long after the anchor talks about it).
CONVERSION_WINDOW_S = 300.0
#: The label of products the script gives no category.
NO_CATEGORY = ""


@dataclasses.dataclass(slots=True)
class ProductResult:
    sku: str
    name: str
    category: str
    stock_start: int | None
    stock: int | None  # now (live) or at the end (review)
    low_stock: int | None
    clicks: int = 0
    orders: int = 0
    qty: int = 0
    gmv: float = 0.0
    refunds: int = 0
    explain_s: float = 0.0
    explain_cues: int = 0
    orders_after_explain: int = 0

    @property
    def after_explain_share(self) -> float | None:
        return self.orders_after_explain / self.orders if self.orders else None

    @property
    def sold_out(self) -> bool:
        return self.stock is not None and self.stock <= 0

    @property
    def low(self) -> bool:
        return (self.stock is not None and self.low_stock is not None and not self.sold_out
                and self.stock <= self.low_stock)


@dataclasses.dataclass(slots=True)
class CategoryResult:
    category: str
    products: int = 0
    clicks: int = 0
    orders: int = 0
    qty: int = 0
    gmv: float = 0.0
    refunds: int = 0
    explain_s: float = 0.0
    orders_after_explain: int = 0

    @property
    def after_explain_share(self) -> float | None:
        return self.orders_after_explain / self.orders if self.orders else None


@dataclasses.dataclass(frozen=True, slots=True)
class ExplainCue:
    ts: float
    sku: str
    until_s: float | None
    run: int  # index into the ledger's module runs


def explain_intervals(script: ShowScript, runs: list[tuple[str, float, float | None]], cues: list[ExplainCue],
                      now: float) -> dict[str, list[tuple[float, float]]]:
    """When each product was being explained, as merged (start, end) intervals.

    In a module run with ``explain`` cues, each cue explains its product from
    the cue until the earliest of its ``until``, the next ``explain`` cue and
    the end of the run. A module run with no ``explain`` cue explains every
    product the module lists in ``products`` for the whole run. A run still
    going ends at ``now``.
    """
    by_run: dict[int, list[ExplainCue]] = {}
    for cue in cues:
        by_run.setdefault(cue.run, []).append(cue)
    spans: dict[str, list[tuple[float, float]]] = {}
    for index, (module_id, start, end) in enumerate(runs):
        stop = now if end is None else end
        run_cues = sorted(by_run.get(index, ()), key=lambda c: c.ts)
        if not run_cues:
            try:
                featured = script.module(module_id).products
            except KeyError:  # a module of an older script revision
                featured = ()
            for sku in featured:
                if stop > start:
                    spans.setdefault(sku, []).append((start, stop))
            continue
        for position, cue in enumerate(run_cues):
            cue_end = stop
            if position + 1 < len(run_cues):
                cue_end = min(cue_end, run_cues[position + 1].ts)
            if cue.until_s is not None:
                cue_end = min(cue_end, cue.ts + cue.until_s)
            if cue_end > cue.ts:
                spans.setdefault(cue.sku, []).append((cue.ts, cue_end))
    return {sku: _merge(intervals) for sku, intervals in spans.items()}


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class ProductLedger:
    """Stock and per-product figures of one show; fed in time order (see the module docstring)."""

    def __init__(self, script: ShowScript, *, window_s: float = CONVERSION_WINDOW_S) -> None:
        self.script = script
        self.window_s = window_s
        self._products = {p.sku: p for p in script.products}
        self._results = {p.sku: ProductResult(p.sku, p.name, p.category or NO_CATEGORY, p.stock, p.stock,
                                              p.low_stock) for p in script.products}
        self._orders: dict[str, tuple[str, int, float, float]] = {}  # order_id -> (sku, qty, amount, ts)
        self._refunded: set[str] = set()
        self._order_times: dict[str, list[float]] = {}
        self._runs: list[tuple[str, float, float | None]] = []
        self._cues: list[ExplainCue] = []
        self._cue_times: dict[str, list[float]] = {}
        self._after_cache: dict[str, tuple[tuple[int, int], int]] = {}

    # ------------------------------------------------------------- feeding
    def apply(self, events: Iterable[Any]) -> list[str]:
        """Orders, refunds and clicks (other kinds are ignored); returns the skus whose stock changed."""
        changed: list[str] = []
        for event in events:
            if isinstance(event, OrderEvent):
                if event.order_id in self._orders:
                    continue  # orders are distinct by order_id
                self._orders[event.order_id] = (event.sku, event.qty, float(event.amount), event.ts)
                result = self._results.get(event.sku)
                if result is None:
                    continue  # an sku not in the catalogue: counted in the show's KPIs, not here
                result.orders += 1
                result.qty += event.qty
                result.gmv += float(event.amount)
                if result.stock is not None:
                    result.stock -= event.qty
                    changed.append(event.sku)
                bisect.insort(self._order_times.setdefault(event.sku, []), event.ts)
            elif isinstance(event, RefundEvent):
                order = self._orders.get(event.order_id)
                if order is None or order[0] not in self._results:
                    continue
                result = self._results[order[0]]
                result.gmv -= float(event.amount)
                if event.order_id not in self._refunded:
                    self._refunded.add(event.order_id)
                    result.refunds += 1
                    if result.stock is not None:
                        result.stock += order[1]
                        changed.append(order[0])
            elif isinstance(event, ProductClickEvent):
                result = self._results.get(event.sku)
                if result is not None:
                    result.clicks += event.count
        return changed

    def module_started(self, module_id: str, ts: float) -> None:
        self.module_ended(ts)
        self._runs.append((module_id, ts, None))

    def module_run(self, module_id: str, start: float, end: float | None) -> None:
        """A module run as recorded (the review): ``end`` None while it goes on."""
        self.module_ended(start)
        self._runs.append((module_id, start, end))

    def module_ended(self, ts: float) -> None:
        if self._runs and self._runs[-1][2] is None:
            module_id, start, _ = self._runs[-1]
            self._runs[-1] = (module_id, start, ts)

    def explain_cue(self, sku: str, ts: float, until_s: float | None = None) -> None:
        """An ``explain`` cue fired at ``ts`` in the module run going on."""
        if sku not in self._results:
            return
        run = len(self._runs) - 1 if self._runs else -1
        self._cues.append(ExplainCue(ts, sku, until_s, run))
        bisect.insort(self._cue_times.setdefault(sku, []), ts)
        self._results[sku].explain_cues += 1

    # ------------------------------------------------------------- reading
    def stock(self, sku: str) -> int | None:
        return self._results[sku].stock

    def stock_levels(self) -> dict[str, tuple[int | None, int | None]]:
        """sku → (stock now, low_stock) for the products with a stock (the stock detectors' feed)."""
        return {sku: (r.stock, r.low_stock) for sku, r in self._results.items() if r.stock is not None}

    def sold_since(self, sku: str, ts: float) -> int:
        """Units of ``sku`` ordered (not refunded) since ``ts`` — a flash sale's units gone."""
        return sum(qty for order_id, (order_sku, qty, _amount, order_ts) in self._orders.items()
                   if order_sku == sku and order_id not in self._refunded and order_ts >= ts)

    def products(self, now: float) -> list[ProductResult]:
        """Every catalogue product, in catalogue order, with ``explain_s`` up to ``now``."""
        intervals = explain_intervals(self.script, self._runs, self._cues, now)
        rows = []
        for sku, result in self._results.items():
            row = dataclasses.replace(result)
            row.explain_s = sum(end - start for start, end in intervals.get(sku, ()))
            row.orders_after_explain = self._after_explain(sku)
            rows.append(row)
        return rows

    def categories(self, now: float) -> list[CategoryResult]:
        """One row per category in order of first appearance; ``explain_s`` is the union over its products."""
        intervals = explain_intervals(self.script, self._runs, self._cues, now)
        rows: dict[str, CategoryResult] = {}
        spans: dict[str, list[tuple[float, float]]] = {}
        for product in self.products(now):
            row = rows.setdefault(product.category, CategoryResult(product.category))
            row.products += 1
            row.clicks += product.clicks
            row.orders += product.orders
            row.qty += product.qty
            row.gmv += product.gmv
            row.refunds += product.refunds
            row.orders_after_explain += product.orders_after_explain
            spans.setdefault(product.category, []).extend(intervals.get(product.sku, ()))
        for category, row in rows.items():
            row.explain_s = sum(end - start for start, end in _merge(spans[category]))
        return list(rows.values())

    # ------------------------------------------------------------ internals
    def _after_explain(self, sku: str) -> int:
        cue_times = self._cue_times.get(sku)
        if not cue_times:
            return 0
        # Recounted only when its orders or cues changed: the panel reads it twice a second.
        key = (len(self._order_times.get(sku, ())), len(cue_times))
        cached = self._after_cache.get(sku)
        if cached is not None and cached[0] == key:
            return cached[1]
        count = 0
        for ts in self._order_times.get(sku, ()):
            index = bisect.bisect_right(cue_times, ts) - 1
            if index >= 0 and ts - cue_times[index] <= self.window_s:
                count += 1
        self._after_cache[sku] = (key, count)
        return count
