"""Where the control server's thread meets the show's tick: commands in, state out.

The server (``control-server`` thread) never touches the show. It
:meth:`ControlSurface.submit`\\ s a checked command, which queues it and calls
``wake`` (the window posts a queued Qt call to the GUI thread; the headless
loop cuts its sleep short), and reads the state the tick last published.

The loop that ticks the show calls :meth:`ControlSurface.turn` (its own
thread: the GUI thread in the window, the main thread headless): queued
commands run there, through the same calls as the window's keys, then the
state is rebuilt at the loop's instant and published when it differs from the
last one. Subscribers (the server's WebSocket fan-out) are called on that
thread and must only hand over (``loop.call_soon_threadsafe``).

Time is the loop's: ``turn(context, mono)`` gets the instant; nothing here
reads a clock.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from concurrent.futures import Future
from typing import Any, Callable

from console.control.actions import ACTIONS, Action, BadCommand, NotApplicable, check_body
from console.control.state import build_state

log = logging.getLogger(__name__)

#: The most commands one turn runs; the rest wait for the next turn (a flood never stalls a tick).
COMMANDS_PER_TURN = 50


@dataclasses.dataclass(slots=True)
class PendingCommand:
    action: Action
    body: dict[str, Any]
    who: str
    #: Resolves on the tick's thread with (version of the state published after it, OBS future or None),
    #: or fails with NotApplicable.
    done: Future


class ControlSurface:
    """Thread-safe inbox of commands and board of the published state."""

    def __init__(self, *, actions: dict[str, Action] | None = None) -> None:
        self.actions = ACTIONS if actions is None else actions
        self._lock = threading.Lock()
        self._inbox: list[PendingCommand] = []
        self._state: dict[str, Any] = build_state(None, None, 0.0)
        self._version = 0
        self._subscribers: list[Callable[[int, dict[str, Any]], None]] = []
        self._wake: Callable[[], None] | None = None

    # ------------------------------------------------------------ any thread
    def set_wake(self, wake: Callable[[], None] | None) -> None:
        """``wake()`` is called (on the submitting thread) after a command is queued; it must only hand over."""
        self._wake = wake

    def submit(self, body: Any, *, who: str = "api") -> Future:
        """Check ``body`` (:class:`BadCommand` at once, nothing queued) and queue it for the next turn."""
        action = check_body(body, self.actions)
        pending = PendingCommand(action, dict(body), who, Future())
        with self._lock:
            self._inbox.append(pending)
        wake = self._wake
        if wake is not None:
            try:
                wake()
            except Exception:  # the command still runs on the next turn
                log.exception("waking the show's loop failed")
        return pending.done

    @property
    def state(self) -> tuple[int, dict[str, Any]]:
        """(version, state) as last published. The dict is never mutated after publication."""
        with self._lock:
            return self._version, self._state

    def subscribe(self, callback: Callable[[int, dict[str, Any]], None]) -> None:
        """``callback(version, state)`` after every change, on the publishing thread."""
        with self._lock:
            self._subscribers = [*self._subscribers, callback]

    def unsubscribe(self, callback: Callable[[int, dict[str, Any]], None]) -> None:
        with self._lock:
            self._subscribers = [s for s in self._subscribers if s is not callback]

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._inbox)

    # ------------------------------------------------------------ the tick's thread
    def turn(self, context: Any, mono: float) -> None:
        """Run queued commands with ``context`` (actions.ControlContext), then publish the state at ``mono``."""
        with self._lock:
            batch, self._inbox = self._inbox[:COMMANDS_PER_TURN], self._inbox[COMMANDS_PER_TURN:]
        outcomes: list[tuple[PendingCommand, Any, BaseException | None]] = []
        for pending in batch:
            context.who = pending.who
            try:
                outcomes.append((pending, pending.action.run(context, pending.body), None))
            except NotApplicable as exc:
                outcomes.append((pending, None, exc))
            except BadCommand as exc:
                outcomes.append((pending, None, exc))
            except Exception as exc:  # one bad command must not stop the show's loop
                log.exception("control command %s failed", pending.action.name)
                outcomes.append((pending, None, NotApplicable(f"{pending.action.name} failed: {exc}")))
        context.who = "api"
        version = self.publish(build_state(context.session, context.obs, mono))
        for pending, obs_future, error in outcomes:
            if error is not None:
                pending.done.set_exception(error)
            else:
                pending.done.set_result((version, obs_future))

    def publish(self, state: dict[str, Any]) -> int:
        """Make ``state`` the current one if it differs; returns the current version."""
        with self._lock:
            if state == self._state:
                return self._version
            self._version += 1
            self._state = state
            version, subscribers = self._version, self._subscribers
        for callback in subscribers:
            try:
                callback(version, state)
            except Exception:
                log.exception("a state subscriber failed")
        return version

    def refuse_pending(self, reason: str) -> None:
        """Fail every queued command with ``reason`` (the loop that drains them is going away)."""
        with self._lock:
            batch, self._inbox = self._inbox, []
        for pending in batch:
            pending.done.set_exception(NotApplicable(reason))


@dataclasses.dataclass
class CoreContext:
    """The context of a loop without a window (headless, tests): the session's own command path."""

    session: Any
    obs: Any
    mono: float = 0.0
    who: str = "api"

    def show_command(self, name: str, *args: Any) -> list[Any]:
        return self.session.command(name, self.mono, *args, who=self.who)

    def start_show(self) -> bool:
        if self.session is None or self.session.started:
            return False
        self.session.start(self.mono, who=self.who)
        return True

    def stop_show(self) -> bool:
        if self.session is None or not self.session.started or self.session.ended:
            return False
        self.session.stop(self.mono, who=self.who)
        return True

    def show_now(self) -> float:
        return self.session.show_now(self.mono)
