"""What the anchor's screens read from the commerce side (Qt-free helpers for ui/).

- :func:`selling_points_text`: the selling points of the products a module
  features, as lines appended to its talking points on the teleprompter.
- :func:`product_on_air`: the product being sold now, with its live price
  and live stock — the one small function the anchor's screen (confidence
  monitor) reads.
"""

from __future__ import annotations

from typing import Any

from console.show.model import Module, ShowScript


def featured_skus(module: Module) -> list[str]:
    """The module's products, then the skus its selling cues name, each once, in order."""
    skus = list(module.products)
    for cue in module.cues:
        if cue.sku is not None and cue.sku not in skus:
            skus.append(cue.sku)
    return skus


def selling_points_text(script: ShowScript, module: Module) -> str:
    """``【name】point · point`` per featured product with selling points; empty when none."""
    lines = []
    for sku in featured_skus(module):
        try:
            product = script.product(sku)
        except KeyError:
            continue
        if product.selling_points:
            lines.append(f"【{product.name}】" + " · ".join(product.selling_points))
    return "\n".join(lines)


def product_on_air(session: Any, now_ts: float) -> dict[str, Any] | None:
    """The product on air at ``now_ts``: the one of the latest active selling reminder, else the running
    module's first featured product; None without one. Keys: sku, name, price, live_price, stock,
    low, sold_out, selling_points. Call it on the session's tick thread (the window's GUI thread)."""
    script = session.script
    sku = None
    active = session.commerce.board.active()
    if active:
        sku = max(active, key=lambda r: r.opened_at).sku
    else:
        module = session.runtime.run_of_show.current_module
        featured = featured_skus(module) if module is not None else []
        sku = featured[0] if featured else None
    if sku is None:
        return None
    try:
        product = script.product(sku)
    except KeyError:
        return None
    result = next((p for p in session.commerce.products(now_ts) if p.sku == sku), None)
    return {"sku": sku, "name": product.name, "price": product.price, "live_price": product.live_price,
            "stock": result.stock if result is not None else product.stock,
            "low": bool(result and result.low), "sold_out": bool(result and result.sold_out),
            "selling_points": list(product.selling_points)}
