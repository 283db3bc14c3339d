"""A small publish/subscribe primitive for the core.

The core never imports Qt, so services announce what happened through
:class:`Signal`. Handlers run synchronously **on the thread that calls
``emit``**; every signal's docstring in the core names that thread. Handlers
must not block: a UI bridge re-emits into a Qt signal (queued to the GUI
thread), a recorder puts rows on its queue.

A handler that raises is logged and does not stop the other handlers: one
broken subscriber must not take the show down.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

log = logging.getLogger(__name__)

Handler = Callable[..., Any]


class Signal:
    """A named list of handlers called in subscription order."""

    __slots__ = ("name", "_handlers", "_lock")

    def __init__(self, name: str = "") -> None:
        self.name = name
        self._handlers: tuple[Handler, ...] = ()
        self._lock = threading.Lock()

    def connect(self, handler: Handler) -> Handler:
        """Subscribe ``handler``; returns it so this works as a decorator."""
        with self._lock:
            if handler not in self._handlers:
                self._handlers = self._handlers + (handler,)
        return handler

    def disconnect(self, handler: Handler) -> None:
        with self._lock:
            self._handlers = tuple(h for h in self._handlers if h != handler)

    def emit(self, *args: Any) -> None:
        # The tuple is replaced, never mutated, so iterating it needs no lock.
        for handler in self._handlers:
            try:
                handler(*args)
            except Exception:  # a subscriber's bug must not stop the emitter
                log.exception("handler %r of signal %s failed", handler, self.name)

    def __len__(self) -> int:
        return len(self._handlers)

    def __repr__(self) -> str:
        return f"Signal({self.name!r}, {len(self._handlers)} handlers)"
