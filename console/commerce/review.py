"""Per-product results of a recorded show (issue 16 point 4): the review's table, §9.3 ``products``, the CSV.

The recorded show is fed into the same :class:`~console.commerce.ledger.ProductLedger`
the live view uses, so the figures are the live view's by construction: the
script as run (``shows.script_text``), its module runs, its fired ``explain``
cues (``cue_results``; the sku and ``until`` come from the script as run) and
its orders, refunds and product clicks (``audience_events``, time order).
Runs on any thread but the GUI's (it reads the database).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from console.commerce.ledger import CategoryResult, ProductLedger, ProductResult
from db import schema

#: ``liveroom review ID --export F.products.csv`` writes the product table, not the KPI table.
PRODUCTS_CSV_SUFFIX = ".products.csv"
#: The product CSV's columns, in order; the §9.3 keys first.
CSV_COLUMNS = ("sku", "name", "category", "orders", "qty", "gmv", "refunds", "explain_s", "stock_start",
               "stock_end", "clicks", "explain_cues", "orders_after_explain", "after_explain_share")
#: Rows of the product CSV that total a category: their ``sku`` column is this prefix + the category.
CATEGORY_ROW_PREFIX = "CATEGORY:"
COMMERCE_KINDS = ("order", "refund", "product_click")


class NoScript(RuntimeError):
    """The show's record has no script text (a show recorded before scripts were kept)."""


def load_ledger(engine: Any, show_id: str) -> tuple[ProductLedger, float]:
    """The show's ledger, fed from its record, and the instant it is read at (the end, or the last sign of life)."""
    from console.audience.events import from_stored
    from console.show.loader import load_script_text

    shows, runs, cues, events = schema.shows, schema.module_runs, schema.cue_results, schema.audience_events
    with engine.connect() as connection:
        show = connection.execute(select(shows.c.script_text, shows.c.script_path, shows.c.started_at,
                                         shows.c.ended_at, shows.c.heartbeat_at)
                                  .where(shows.c.id == show_id)).one()
        run_rows = connection.execute(select(runs.c.module_id, runs.c.started_at, runs.c.ended_at)
                                      .where(runs.c.show_id == show_id).order_by(runs.c.started_at, runs.c.id)).all()
        cue_rows = connection.execute(select(cues.c.module_id, cues.c.cue_index, cues.c.ts)
                                      .where(cues.c.show_id == show_id, cues.c.action == "explain",
                                             cues.c.status == "fired").order_by(cues.c.ts, cues.c.id)).all()
        event_rows = connection.execute(select(events.c.ts, events.c.kind, events.c.data)
                                        .where(events.c.show_id == show_id, events.c.kind.in_(COMMERCE_KINDS))
                                        .order_by(events.c.ts, events.c.id)).all()
    if not show.script_text:
        raise NoScript("the show's record has no script: no per-product results")
    loaded = load_script_text(show.script_text, show.script_path or "<recorded script>")
    if loaded.script is None:
        raise NoScript("the show's recorded script no longer loads: " + str(loaded.errors[0]))
    script = loaded.script
    ledger = ProductLedger(script)
    read_at = float(show.ended_at or show.heartbeat_at or show.started_at)
    # Module runs and explain cues interleaved in time, as the live session saw them.
    timeline: list[tuple[float, int, Any]] = [(float(r.started_at), 0, r) for r in run_rows]
    timeline += [(float(c.ts), 1, c) for c in cue_rows]
    for ts, kind, row in sorted(timeline, key=lambda item: (item[0], item[1])):
        if kind == 0:
            ledger.module_run(row.module_id, ts, None if row.ended_at is None else float(row.ended_at))
        else:
            try:
                cue = script.module(row.module_id).cues[row.cue_index]
            except (KeyError, IndexError):
                continue
            if cue.sku is not None:
                ledger.explain_cue(cue.sku, ts, cue.until)
    ledger.module_ended(read_at)  # a run the record never closed (a crash) ends at the last sign of life
    ledger.apply(from_stored(float(r.ts), r.kind, dict(r.data or {})) for r in event_rows)
    return ledger, read_at


def product_results(engine: Any, show_id: str) -> tuple[list[ProductResult], list[CategoryResult]]:
    ledger, read_at = load_ledger(engine, show_id)
    return ledger.products(read_at), ledger.categories(read_at)


def product_rows(engine: Any, show_id: str) -> list[dict[str, Any]]:
    """The §9.3 ``products`` section of ``liveroom review ID --export F.json``."""
    try:
        products, _categories = product_results(engine, show_id)
    except NoScript:
        return []
    return [{"sku": p.sku, "category": p.category, "orders": p.orders, "qty": p.qty, "gmv": round(p.gmv, 2),
             "refunds": p.refunds, "explain_s": round(p.explain_s, 1), "stock_start": p.stock_start,
             "stock_end": p.stock} for p in products]


def csv_rows(products: list[ProductResult], categories: list[CategoryResult]) -> list[dict[str, str]]:
    """One row per product (catalogue order), then one per category; money to 2 decimals, shares to 4."""
    rows = []
    for p in products:
        rows.append({"sku": p.sku, "name": p.name, "category": p.category, "orders": str(p.orders),
                     "qty": str(p.qty), "gmv": f"{p.gmv:.2f}", "refunds": str(p.refunds),
                     "explain_s": f"{p.explain_s:.1f}", "stock_start": _int(p.stock_start),
                     "stock_end": _int(p.stock), "clicks": str(p.clicks), "explain_cues": str(p.explain_cues),
                     "orders_after_explain": str(p.orders_after_explain),
                     "after_explain_share": _share(p.after_explain_share)})
    for c in categories:
        rows.append({"sku": CATEGORY_ROW_PREFIX + c.category, "name": "", "category": c.category,
                     "orders": str(c.orders), "qty": str(c.qty), "gmv": f"{c.gmv:.2f}", "refunds": str(c.refunds),
                     "explain_s": f"{c.explain_s:.1f}", "stock_start": "", "stock_end": "", "clicks": str(c.clicks),
                     "explain_cues": "", "orders_after_explain": str(c.orders_after_explain),
                     "after_explain_share": _share(c.after_explain_share)})
    return rows


def table_rows(engine: Any, show_id: str) -> list[dict[str, str]]:
    """The product CSV's rows for a review view (empty for a show without products or script)."""
    try:
        products, categories = product_results(engine, show_id)
    except NoScript:
        return []
    return csv_rows(products, categories) if products else []


def write_products_csv(engine: Any, show_id: str, path: str | os.PathLike[str]) -> Path:
    """``--export F.products.csv``: written atomically (a failed export leaves no half file)."""
    from console.review.files import atomic_path

    try:
        products, categories = product_results(engine, show_id)
    except NoScript as exc:
        raise RuntimeError(str(exc)) from exc
    target = Path(path)
    with atomic_path(target) as temp, open(temp, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(csv_rows(products, categories))
    return target


def print_products(engine: Any, show_id: str, out: TextIO) -> None:
    """The product table of ``liveroom review`` (text); nothing for a show without products."""
    try:
        products, categories = product_results(engine, show_id)
    except NoScript:
        return
    if not products:
        return
    print("", file=out)
    print(f"{'product':12} {'category':8} {'orders':>6} {'qty':>5} {'GMV':>10} {'refunds':>7} {'explain':>8} "
          f"{'after':>6} {'stock':>11}  name", file=out)
    for p in products:
        stock = "" if p.stock_start is None else f"{p.stock_start}→{p.stock}"
        print(f"{p.sku:12} {p.category:8} {p.orders:6d} {p.qty:5d} {p.gmv:10.2f} {p.refunds:7d} "
              f"{p.explain_s:7.0f}s {p.orders_after_explain:6d} {stock:>11}  {p.name}", file=out)
    for c in categories:
        print(f"{CATEGORY_ROW_PREFIX + c.category:21} {c.orders:6d} {c.qty:5d} {c.gmv:10.2f} {c.refunds:7d} "
              f"{c.explain_s:7.0f}s {c.orders_after_explain:6d}", file=out)


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
