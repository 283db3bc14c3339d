"""Which process runs a show, and whether it still runs: portable (psutil), pid plus create time.

The show's heartbeat records :func:`process_identity` (host, pid and the
process's create time) in ``shows.state``; crash recovery asks
:func:`process_gone` whether a console on this machine has died. A pid alone
is not an identity: after the console dies the system may hand its pid to
another process, which must not be taken for the console. The create time
tells them apart.

psutil, not ``os.kill(pid, 0)`` and ``/proc``: on Windows, where most field
controllers run OBS, ``os.kill`` with signal 0 terminates the process it was
meant to probe, and there is no ``/proc``.
"""

from __future__ import annotations

import functools
import os
import socket
from typing import Any

import psutil

#: How far a stored create time may be from the live process's and still be the
#: same process. Linux derives the create time from the boot time and clock ticks
#: (1/100 s), and the boot time moves with a wall-clock step; a reused pid starts
#: long after the console did (the pid space has to wrap first).
CREATE_TIME_TOLERANCE_S = 1.0


def process_identity() -> dict[str, Any]:
    """This process: ``host``, ``pid`` and ``pid_started`` (create time, Unix seconds).

    Called with every heartbeat, on the thread that ticks the show (the GUI
    thread in the window): the create time is read once per process.
    """
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "pid_started": _create_time(pid)}


@functools.cache
def _create_time(pid: int) -> float:
    # Keyed on the pid, so a forked child reads its own.
    return round(psutil.Process(pid).create_time(), 3)


def process_alive(pid: int, started: float | None) -> bool:
    """True while process ``pid`` exists, is not a zombie and (if ``started`` is known) began at ``started``.

    A process we may not inspect (another user's) counts as alive: it exists,
    and its create time cannot be read on every system.
    """
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False  # exited, not yet reaped by its parent
        if started is not None and abs(process.create_time() - started) > CREATE_TIME_TOLERANCE_S:
            return False  # the pid now belongs to another process
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True
    return True


def process_gone(host: str | None, pid: int | None, started: float | None) -> bool:
    """True when the process ran on this machine and no longer runs (unknown or elsewhere: False)."""
    if host != socket.gethostname() or not isinstance(pid, int) or pid <= 0:
        return False
    # Our own pid needs no special case: with its create time it is this console
    # (alive); with another, a crashed console whose pid we were given.
    return not process_alive(pid, started)
