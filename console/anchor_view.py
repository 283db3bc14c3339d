"""What the anchor's screen shows, computed without Qt: the product on sale, questions, incident instructions.

The anchor's screen (ui/windows/anchor_screen.py, a confidence monitor by the
camera) follows the show with no input. These functions decide what is on it,
so they are tested without a window:

- :func:`product_on_sale`: the product of the module on air, with its live
  price and its live stock (the show's commerce ledger: orders take it, refunds give it back).
- :class:`QuestionFeed`: the latest questions among the comments (a viewer
  asking is what the anchor should answer on air); flagged comments never show.
- :func:`anchor_instructions`: for each open, real incident, what the anchor
  is to do or say: the playbook's title and its notes and on-screen texts
  (the same words the audience sees in the caption).
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from typing import Any, Iterable

#: How many questions the screen keeps: three lines read from 3 m; older ones scroll off.
QUESTIONS_SHOWN = 3
#: A question: ends with a question mark (either width), or a Chinese question particle or word.
QUESTION = re.compile(r"[?？]\s*$|[吗呢么嘛]\s*[?？!！~。.]*\s*$|怎么|多少|能不能|可不可以|是不是|有没有|哪[里个款种]|什么时候|几[号天点]")


@dataclasses.dataclass(frozen=True, slots=True)
class ProductOnSale:
    sku: str
    name: str
    price: float | None  # list price
    live_price: float | None  # tonight's price (None: the list price)
    stock: int | None  # None: unknown


def live_stock(session: Any, product: Any) -> int | None:
    """The live stock (console.commerce: orders take it, refunds give it back); the script's without it."""
    commerce = getattr(session, "commerce", None)
    return commerce.ledger.stock(product.sku) if commerce is not None else product.stock


def product_on_sale(session: Any, module: Any) -> ProductOnSale | None:
    """The first product of ``module`` (a script Module) as the anchor sells it; None when it sells none."""
    if module is None or not getattr(module, "products", ()):
        return None
    products = {product.sku: product for product in getattr(session.script, "products", ())}
    product = products.get(module.products[0])
    if product is None:
        return None
    return ProductOnSale(product.sku, product.name, product.price, product.live_price, live_stock(session, product))


def is_question(text: str) -> bool:
    return bool(QUESTION.search(text.strip()))


class QuestionFeed:
    """The latest questions from the comments (``add`` takes the session's comment batches)."""

    def __init__(self, keep: int = QUESTIONS_SHOWN) -> None:
        self.questions: deque[tuple[str, str]] = deque(maxlen=keep)  # (who, text)

    def add(self, batch: Iterable[tuple[Any, Any, Any]]) -> bool:
        """``(event, module, hits)`` rows; True when a question was added. Flagged comments are never shown."""
        added = False
        for event, _module, hits in batch:
            text = getattr(event, "text", "") or ""
            if hits or not text.strip() or not is_question(text):
                continue
            self.questions.append((getattr(event, "nick", None) or getattr(event, "user", ""), text.strip()))
            added = True
        return added


def anchor_instructions(incidents: Iterable[Any]) -> list[tuple[str, str, list[str]]]:
    """``(severity, title, lines)`` per open, real incident: the notes and on-screen texts of its playbook."""
    found = []
    for incident in incidents:
        if getattr(incident, "drill", False) or getattr(incident, "state", "open") == "resolved":
            continue
        playbook = incident.playbook
        lines = []
        for step in playbook.steps:
            params = getattr(step, "params", None)
            if params is None:
                continue
            if step.do == "note" and params.get("text"):
                lines.append(str(params["text"]))
            elif step.do == "show_text" and params.get("text"):
                lines.append(f"“{params['text']}”")
        found.append((playbook.severity, playbook.title, lines))
    order = {"critical": 0, "warning": 1, "info": 2}
    found.sort(key=lambda item: order.get(item[0], 3))
    return found
