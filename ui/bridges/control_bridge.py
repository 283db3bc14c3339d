"""The window's side of the control surface (console/control): commands run on the GUI thread, as the keys do.

:class:`ControlBridge` owns the :class:`~console.control.surface.ControlSurface`
of the window. The server's thread queues a command and calls ``wake``, which
only emits a Qt signal; Qt delivers it queued on the GUI thread, where
:meth:`ControlBridge.turn` runs the command through the very calls the keys
use (``ShowClock.command`` for the run of show, so the timeline repaints and
the command is recorded, with origin ``api``; the playbook runner for
incidents; the OBS client for cameras) and publishes the state. A timer
(:data:`PUBLISH_MS`) publishes the state on the show's rhythm when no command
comes. Auto-arm is fed from the OBS bridge's events (the client comes and goes
with the demo's sandbox; the bridge stays).

The server is started by the application (ui/app.py) on a worker (the token
comes from the keyring over D-Bus) and given to :meth:`attach_server`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from console.control.auto_arm import AutoArm
from console.control.surface import ControlSurface

log = logging.getLogger(__name__)

#: How often the state is rebuilt when nothing else happens: the show's tick (ui.bridges.session_bridge.TICK_MS).
PUBLISH_MS = 100


class WindowContext:
    """What a control action touches in the window (actions.ControlContext), read at each turn."""

    def __init__(self, host: Any, mono: float) -> None:
        self.host = host
        self.mono = mono
        self.who = "api"
        panels = host.panels
        self.panels = panels
        self.session = panels.session if panels is not None else None
        self.obs = host.client

    def show_command(self, name: str, *args: Any) -> list[Any]:
        return self.panels.clock.command(name, *args, who=self.who)

    def start_show(self) -> bool:
        if self.panels is None:
            return False
        return bool(self.panels.clock.start_show(who=self.who))

    def stop_show(self) -> bool:
        session = self.session
        if session is None or not session.started or session.ended:
            return False
        session.stop(self.panels.clock.mono, who=self.who)
        self.panels.clock.ticked.emit(self.panels.clock.mono)
        return True

    def show_now(self) -> float:
        return self.session.show_now(self.panels.clock.mono)


class ControlBridge(QObject):
    """GUI thread. ``woken`` is emitted from the server's thread and delivered queued here."""

    woken = Signal()

    def __init__(self, host: Any, *, monotonic: Any, auto_arm: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self._monotonic = monotonic
        self.surface = ControlSurface()
        self.server: Any = None
        #: The status-bar line (ui.widgets.control_status), set by whoever shows it.
        self.status: Any = None
        self.surface.set_wake(self.woken.emit)
        self.woken.connect(self.turn)
        self.auto_arm = AutoArm(self.surface) if auto_arm else None
        if self.auto_arm is not None:
            host.bridge.obs_event.connect(self.auto_arm.on_obs_event)
        self.timer = QTimer(self)
        self.timer.setInterval(PUBLISH_MS)
        self.timer.timeout.connect(self.turn)
        self.timer.start()
        self.turn()

    def attach_server(self, server: Any) -> None:
        """The started ControlServer (console.control.server), stopped by :meth:`close`."""
        self.server = server

    def turn(self) -> None:
        mono = self._monotonic()
        try:
            self.surface.turn(WindowContext(self.host, mono), mono)
        except Exception:  # a bad turn must not stop the timer
            log.exception("the control surface's turn failed")

    def close(self) -> None:
        """Stop the timer and the server (joins its thread: a second at most). Safe to call twice."""
        self.timer.stop()
        if self.status is not None:
            self.status.timer.stop()
        if self.auto_arm is not None:
            try:
                self.host.bridge.obs_event.disconnect(self.auto_arm.on_obs_event)
            except (RuntimeError, TypeError):
                pass
            self.auto_arm = None
        self.surface.refuse_pending("the console is closing")
        server, self.server = self.server, None
        if server is not None:
            server.stop()
