"""The commerce side of a running show: live stock, selling-cue reminders, per-product results.

:class:`ShowCommerce` is built once by :class:`console.session.ShowSession`
and fed from the session's tick thread (the GUI thread in the window, the
loop in headless runs): committed audience events (:meth:`audience`), the
run-of-show's effects (:meth:`effects`: module runs, selling cues) and the
tick (:meth:`tick`: reminders re-arm, the ``low_stock``/``sold_out``
detectors get the stock levels before the playbooks evaluate). The window's
products panel and the control API read it on that same thread.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Callable

from console.commerce.detectors import feed_stock
from console.commerce.ledger import CategoryResult, ProductLedger, ProductResult
from console.commerce.reminders import Reminder, ReminderBoard
from console.events import Signal
from console.show import effects as show_effects
from console.show.model import SELLING_ACTIONS, ShowScript

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True, slots=True)
class FlashSale:
    reminder: Reminder
    remaining_s: float | None  # countdown to its ``until``; None without one
    units_left: int | None  # offered − sold since it began, never above the product's stock; None if unknown


class ShowCommerce:
    def __init__(self, script: ShowScript, recorder: Any | None = None, show_id: Callable[[], str] | None = None
                 ) -> None:
        self.script = script
        self.recorder = recorder
        self._show_id = show_id
        self.ledger = ProductLedger(script)
        self.board = ReminderBoard(record=self._record)
        self.stock_changed = Signal("ShowCommerce.stock_changed")
        """(list[str]) — skus whose stock moved (orders, refunds); on the session's tick thread."""

    @property
    def has_products(self) -> bool:
        return bool(self.script.products)

    # ----------------------------------------------------------------- feeds
    def audience(self, events: list[Any]) -> None:
        changed = self.ledger.apply(events)
        if changed:
            self.stock_changed.emit(changed)

    def effects(self, effects: list[Any], unix_at: Callable[[float], float]) -> None:
        for effect in effects:
            if isinstance(effect, show_effects.ModuleStarted):
                self.ledger.module_started(effect.module.id, unix_at(effect.at))
            elif isinstance(effect, show_effects.ModuleEnded):
                ts = unix_at(effect.at)
                self.ledger.module_ended(ts)
                self.board.module_ended(effect.module.id, ts)
            elif isinstance(effect, show_effects.ShowEnded):
                self.ledger.module_ended(unix_at(effect.at))
            elif isinstance(effect, show_effects.CueDue) and effect.cue.do in SELLING_ACTIONS:
                cue = effect.cue
                ts = unix_at(effect.due_at)
                if cue.do == "explain" and cue.sku is not None:
                    self.ledger.explain_cue(cue.sku, ts, cue.until)
                self.board.cue_fired(effect.module.id, effect.cue_index, cue, ts)

    def replay(self, effects: list[Any], events: Any, to_ts: Callable[[float], float]) -> Any:
        """Crash recovery: the ledger rebuilt from the record while ``events`` ((ts, event, module_id),
        time order) pass through to the live KPIs. Module runs and explain cues come back from the
        run-of-show's replayed ``effects``; reminders do not (they belonged to the moment)."""
        for effect in effects:
            if isinstance(effect, show_effects.ModuleStarted):
                self.ledger.module_started(effect.module.id, to_ts(effect.at))
            elif isinstance(effect, (show_effects.ModuleEnded, show_effects.ShowEnded)):
                self.ledger.module_ended(to_ts(effect.at))
            elif isinstance(effect, show_effects.CueDue) and effect.cue.do == "explain" and effect.cue.sku:
                self.ledger.explain_cue(effect.cue.sku, to_ts(effect.due_at), effect.cue.until)
        for item in events:
            self.ledger.apply([item[1]])
            yield item

    def tick(self, now_ts: float, playbooks: Any | None = None) -> None:
        self.board.tick(now_ts)
        bank = getattr(playbooks, "bank", None)
        if bank is not None:
            feed_stock(bank, self.ledger.stock_levels(), now_ts)

    # ----------------------------------------------------------------- commands
    def acknowledge(self, now_ts: float, reminder_id: int | None = None, who: str = "operator") -> Reminder | None:
        """The controller's one key (or the control API's ``ack_reminder``): the oldest active reminder."""
        return self.board.acknowledge(now_ts, reminder_id, who)

    # ----------------------------------------------------------------- reading
    def products(self, now_ts: float) -> list[ProductResult]:
        return self.ledger.products(now_ts)

    def categories(self, now_ts: float) -> list[CategoryResult]:
        return self.ledger.categories(now_ts)

    def flash_sales(self, now_ts: float) -> list[FlashSale]:
        """The active flash sales with their countdown and units left."""
        sales = []
        for reminder in self.board.active():
            if reminder.do != "flash_sale":
                continue
            left = None
            if reminder.stock_offered is not None:
                left = reminder.stock_offered - self.ledger.sold_since(reminder.sku, reminder.opened_at)
            stock = self.ledger.stock(reminder.sku) if reminder.sku in self.ledger.stock_levels() else None
            if stock is not None:
                left = stock if left is None else min(left, stock)
            sales.append(FlashSale(reminder, reminder.remaining_s(now_ts), None if left is None else max(0, left)))
        return sales

    # ----------------------------------------------------------------- recording
    def _record(self, command: str, ts: float, args: dict[str, Any], who: str) -> None:
        if self.recorder is None or self._show_id is None:
            return
        from db import schema

        future = self.recorder.write(schema.operator_commands, {"show_id": self._show_id(), "ts": ts,
                                                                "command": command, "args": args, "who": who})
        future.add_done_callback(_log_failure)


def _log_failure(future: Any) -> None:
    exc = future.exception()
    if exc is not None:
        log.error("recording a reminder failed: %s", exc)
