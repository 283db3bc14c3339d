"""The control surface in a loop without a window (``liveroom run --headless --control …``).

:class:`HeadlessControl` owns the surface, the server and auto-arm for one
headless run. The run's loop calls :meth:`HeadlessControl.sleep` instead of
sleeping (a command wakes it at once, so a phone's ``next`` is not held for
a whole tick) and :meth:`HeadlessControl.turn` after each tick, on its own
thread, with its own instant.
"""

from __future__ import annotations

import threading
from typing import Any, TextIO

from console.control.auto_arm import AutoArm
from console.control.server import ControlServer, parse_control_address
from console.control.surface import ControlSurface, CoreContext


class HeadlessControl:
    def __init__(self, session: Any, obs: Any, *, address: str | None, auto_arm: bool) -> None:
        self.session = session
        self.obs = obs
        self.surface = ControlSurface()
        self._wake = threading.Event()
        self.surface.set_wake(self._wake.set)
        self.server: ControlServer | None = None
        self.auto_arm: AutoArm | None = None
        self._address = address
        self._want_auto_arm = auto_arm
        self._context = CoreContext(session, obs)

    def open(self, out: TextIO) -> "HeadlessControl":
        """Start the server (raises ValueError for a bad address, OSError when it cannot listen, KeyringUnavailable)."""
        if self._address is not None:
            from console.control.token import get_or_create_control_token

            host, port = parse_control_address(self._address)
            self.server = ControlServer(self.surface, get_or_create_control_token(), host, port).start()
            print(f"  control: {self.server.url}/v1/state, phone remote {self.server.url}/remote "
                  "(token: liveroom control token)", file=out, flush=True)
        if self._want_auto_arm and self.obs is not None:
            self.auto_arm = AutoArm(self.surface, self.obs)
            print("  auto-arm: the show starts when OBS starts streaming and ends when it stops", file=out,
                  flush=True)
        return self

    def sleep(self, stop: threading.Event, seconds: float) -> bool:
        """Wait up to ``seconds`` or until a command arrives; True when the run must stop."""
        if stop.is_set():
            return True
        self._wake.wait(seconds)
        self._wake.clear()
        return stop.is_set()

    def turn(self, mono: float) -> None:
        self._context.mono = mono
        self.surface.turn(self._context, mono)

    def close(self) -> None:
        if self.auto_arm is not None:
            self.auto_arm.close()
        self.surface.refuse_pending("the show's run is over")
        if self.server is not None:
            self.server.stop()
