"""The report's sections that come from the show's other records: products, live adjustments, incident impact.

The window, the text review and the JSON export show them (console.commerce.review,
console.rules.review, console.targets.impact); the HTML/PDF report for the
operations team shows the same figures in words. :func:`report_extras` reads
the two that need the database (a worker thread, with the review load); the
incident impact is computed from the review's own events.
"""

from __future__ import annotations

import dataclasses
from html import escape
from typing import Any, Sequence

from console.review import svg
from console.review.report_format import Words, count, duration, money, number, percent, table_row

#: §9.3 outcome → the report's word.
OUTCOME_WORDS = {"applied": "Applied", "accepted": "Accepted", "dismissed": "Dismissed", "expired": "Expired"}
#: §10 rule actions → the report's word (console.rules.model.ACTIONS).
ACTION_WORDS = {"jump_to": "Jump to a module", "jump_to_type": "Jump to a module type", "extend": "Extend the module",
                "shorten": "Shorten the module", "cue": "Cue", "playbook": "Playbook", "insert": "Insert a module",
                "note": "Note"}


@dataclasses.dataclass(frozen=True)
class ReportExtras:
    """What the report reads beyond the review: per-product results and the rules' adjustments."""

    products: tuple[Any, ...] = ()  # console.commerce.ledger.ProductResult, catalogue order
    adjustments: tuple[dict[str, Any], ...] = ()  # §9.3 adjustment rows, in firing order


def report_extras(engine: Any, show_id: str) -> ReportExtras:
    """The products and adjustments of ``show_id`` (none for a show without a script or rules)."""
    from console.commerce.review import NoScript, product_results
    from console.rules.review import adjustment_rows

    try:
        products, _categories = product_results(engine, show_id)
    except NoScript:
        products = []
    return ReportExtras(tuple(products), tuple(adjustment_rows(engine, show_id)))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    return "".join([table_row(header, header=True, align=align), *(table_row(row, align=align) for row in rows),
                    "</table>"])


def products_section(extras: ReportExtras, tr: Words) -> list[str]:
    """One row per product sold or explained: orders, quantity, GMV, refunds, explain time, stock."""
    out = [f"<h2>{escape(tr('Products'))}</h2>"]
    shown = [p for p in extras.products if p.orders or p.refunds or p.explain_s or p.clicks]
    if not shown:
        out.append(f"<p>{escape(tr('No product sold or explained.'))}</p>")
        return out
    header = [tr("Product"), tr("SKU"), tr("Orders"), tr("Quantity"), tr("GMV"), tr("Refunds"),
              tr("Explained"), tr("Orders after explaining"), tr("Stock start"), tr("Stock end")]
    rows = [[p.name or p.sku, p.sku, count(p.orders), count(p.qty), money(p.gmv), count(p.refunds),
             duration(p.explain_s), percent(p.after_explain_share), count(p.stock_start), count(p.stock)]
            for p in shown]
    out.append(_table(header, rows, "llrrrrrrrr"))
    return out


def _kpi_change(before: dict[str, Any], after: dict[str, Any], key: str, fmt) -> str:
    return f"{fmt(before.get(key))} → {fmt(after.get(key))}"


def adjustments_section(extras: ReportExtras, start: float, module_title, tr: Words) -> list[str]:
    """The rules' proposals and actions with what the audience did in the 5 minutes before and after."""
    out = [f"<h2>{escape(tr('Live adjustments'))}</h2>"]
    if not extras.adjustments:
        out.append(f"<p>{escape(tr('No rule fired.'))}</p>")
        return out
    header = [tr("At"), tr("Module"), tr("Rule"), tr("Metric"), tr("Action"), tr("Outcome"),
              tr("Online before → after"), tr("GMV/min before → after")]
    rows = []
    for row in extras.adjustments:
        before, after = row.get("kpi_before") or {}, row.get("kpi_after") or {}
        rows.append([svg.clock_label(row["at"] - start), module_title(row["module_id"]) if row.get("module_id") else "",
                     row["rule_id"], f"{row['metric']} = {number(row['value'])}",
                     action_text(row["action"], tr), outcome_text(row, tr),
                     _kpi_change(before, after, "online", count), _kpi_change(before, after, "gmv_per_min", money)])
    out.append(_table(header, rows, "llllllrr"))
    return out


def action_text(action: Any, tr: Words) -> str:
    """A rule's action (§10: ``{"action": "jump_to_type", "type": "interaction"}``) in words."""
    if not isinstance(action, dict):
        return str(action)
    kind = str(action.get("action", ""))
    detail = ", ".join(str(value) for key, value in action.items() if key != "action")
    name = tr(ACTION_WORDS.get(kind, kind))
    return f"{name}: {detail}" if detail else name


def outcome_text(row: dict[str, Any], tr: Words) -> str:
    """Applied, accepted, … and by whom when a person answered (a rule's own ``rule:…`` goes unsaid)."""
    outcome = tr(OUTCOME_WORDS.get(row["outcome"], row["outcome"]))
    who = row.get("who") or ""
    return f"{outcome} ({who})" if who and not who.startswith("rule:") else outcome


def impact_cell(impact: Any) -> str:
    """An incident's business impact in a table cell: the online change and the estimated loss."""
    if impact is None:
        return "—"
    online = impact.online_delta
    online_text = "—" if online is None else (f"{online:+,.0f}".replace("-", "−"))
    return f"{online_text} · {money(impact.estimated_loss)}"
