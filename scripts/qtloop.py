"""The screenshot scripts' one way to let the window work: run the Qt event loop for a while."""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEventLoop, QTimer


def wait(seconds: float, until: Callable[[], bool] | None = None, tick: Callable[[], None] | None = None,
         step_ms: int = 20) -> bool:
    """Run the event loop for up to ``seconds``, or until ``until()`` is true (its last answer is returned).

    ``tick`` is called every step (a show driven by the script itself)."""
    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    while time.monotonic() < deadline:
        if tick is not None:
            tick()
        if until is not None and until():
            return True
        QTimer.singleShot(step_ms, loop.quit)
        loop.exec()
    return until() if until is not None else True
