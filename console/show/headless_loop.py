"""The outermost loop of a headless show run: the one place that reads the clock.

:func:`drive` starts a :class:`~console.show.runtime.ShowRuntime`, ticks it
with ``time.monotonic`` until the show ends or ``stop`` is set, and waits for
OBS's answers. It runs on the calling thread.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from console.show.runtime import ShowRuntime


#: How often the headless loop ticks (wall seconds). Cues are processed at
#: their due instant whatever the rate; 50 ms keeps OBS actions within one
#: video frame or two of their offset at speed 1 and costs nothing.
HEADLESS_TICK_S = 0.05


def drive(runtime: ShowRuntime, *, stop: threading.Event | None = None,
          monotonic: Callable[[], float] = time.monotonic, tick_s: float = HEADLESS_TICK_S,
          on_tick: Callable[[float], None] | None = None) -> bool:
    """The outermost loop of a headless run: start, tick until the show ends or ``stop`` is set.

    This is the one place that reads the clock (``monotonic``). When ``stop``
    is set (Ctrl-C, SIGTERM) the show is stopped and recorded as ended early.
    Waits for OBS's answers before returning. Returns True if the show ran to
    its end, False if it was stopped.
    """
    stop = stop or threading.Event()
    runtime.start(monotonic(), who="headless")
    while not runtime.ended:
        if stop.wait(tick_s):
            runtime.stop(monotonic(), early=True, who="signal")
            break
        now = monotonic()
        runtime.tick(now)
        if on_tick is not None:
            on_tick(now)
    runtime.wait_idle()
    return not runtime.run_of_show.ended_early
