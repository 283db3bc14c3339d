"""Where a :class:`~console.session.ShowSession` meets the GUI thread, and the window's show clock.

:class:`SessionBridge` subscribes to the session's plain-Python signals and
re-emits them as Qt signals. ``comments`` and ``comment_flagged`` fire where
the show's tick publishes committed audience events — the GUI thread here, as
:class:`ShowClock` ticks the session (and the closing thread for a last batch
after the bridge is detached) — and ``cue_result`` on ``obs-actions`` when OBS
answers: the bridge lives on the GUI thread, so Qt delivers an emission from
another thread queued and one from the GUI thread directly, and panels only
ever run on the GUI thread (the ObsBridge habit).

:class:`ShowClock` is the outermost loop of the show in the window and the
only place in it that reads the clock: a QTimer calls
``session.tick(time.monotonic())`` every :data:`TICK_MS` and then emits
``ticked(mono)``. Panels take the instant from that signal (or from
:attr:`ShowClock.mono`) and never read a clock themselves; operator commands
go through :meth:`ShowClock.command`, which stamps them with the instant the
operator gave them.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

#: The show's tick in the window. Cues fire within one tick of their instant
#: (100 ms: two or three video frames at speed 1), and the countdowns, which
#: show whole seconds, never lag visibly.
TICK_MS = 100


class SessionBridge(QObject):
    """Qt face of one show session. Signals are always delivered on the GUI thread.

    - ``comments(list[(CommentEvent, module_id, hits)])`` — committed comments, in batches
    - ``comment_flagged(FlaggedComment)`` — a comment with banned or risky wording
    - ``cue_result(CueResult)`` — what became of a cue (fired, failed, skipped, missed)
    - ``changed()`` — the run-of-show state changed (module, hold, extension, end)
    """

    comments = Signal(object)
    comment_flagged = Signal(object)
    cue_result = Signal(object)
    changed = Signal()

    def __init__(self, session: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._attached = False
        self.attach()

    def attach(self) -> None:
        if self._attached:
            return
        self._attached = True
        self.session.comments.connect(self._on_comments)
        self.session.comment_flagged.connect(self._on_flagged)
        self.session.runtime.cue_result.connect(self._on_cue_result)
        self.session.runtime.changed.connect(self._on_changed)

    def detach(self) -> None:
        """Stop listening (before the session closes); safe to call twice."""
        if not self._attached:
            return
        self._attached = False
        self.session.comments.disconnect(self._on_comments)
        self.session.comment_flagged.disconnect(self._on_flagged)
        self.session.runtime.cue_result.disconnect(self._on_cue_result)
        self.session.runtime.changed.disconnect(self._on_changed)

    # Any thread: each handler only emits; from another thread Qt queues the call to the GUI thread.
    def _on_comments(self, batch: list[Any]) -> None:
        self.comments.emit(batch)

    def _on_flagged(self, flagged: Any) -> None:
        self.comment_flagged.emit(flagged)

    def _on_cue_result(self, result: Any) -> None:
        self.cue_result.emit(result)

    def _on_changed(self) -> None:
        self.changed.emit()


class ShowClock(QObject):
    """The window's show loop (GUI thread): ticks the session and stamps operator commands.

    Signals: ``started()`` once the show has started, ``ticked(mono)`` after
    every tick and every command, ``command_done(name, effects)`` after a
    command (the effects list of the engine, ``CommandIgnored`` included).
    """

    started = Signal()
    ticked = Signal(float)
    command_done = Signal(str, object)

    def __init__(self, session: Any, *, monotonic: Callable[[], float] = time.monotonic,
                 interval_ms: int = TICK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._monotonic = monotonic
        #: The instant of the last tick or command (what panels show "now" as).
        self.mono = monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        # Ticking from the show's opening: the warm-up's audience (pre-show) reaches the comment feed and the
        # tiles before the start. Until then a tick only publishes (ShowSession.tick) and emits nothing.
        self.timer.start()

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start_show(self, *, who: str = "operator") -> bool:
        """Start the show now (False if it had already started); ``who`` is recorded (``api``, ``auto-arm``)."""
        if self.session.started:
            return False
        self.mono = self._monotonic()
        self.session.start(self.mono, who=who)
        self.timer.start()
        self.started.emit()
        self.ticked.emit(self.mono)
        return True

    def resume_show(self) -> bool:
        """Continue an interrupted show (a session from ``ShowSession.from_recovery``) now.

        Like :meth:`start_show`, but the session's clock is the recorded one:
        ``session.resume(mono)`` puts show time at real time since the
        recorded start. False if the show already runs.
        """
        if self.session.started:
            return False
        self.mono = self._monotonic()
        self.session.resume(self.mono)
        self.timer.start()
        self.started.emit()
        self.ticked.emit(self.mono)
        return True

    def tick(self) -> None:
        self.mono = self._monotonic()
        try:
            self.session.tick(self.mono)
        except Exception:  # one bad tick must not stop the show's clock
            log.exception("show tick failed")
        if not self.session.started:
            return  # pre-show: nothing runs yet but the audience's publication
        if self.session.ended:
            # The show is over: a last tick flushes replay events stamped at its end, then the clock stops.
            self.timer.stop()
        self.ticked.emit(self.mono)

    def command(self, name: str, *args: Any, who: str = "operator") -> list[Any]:
        """``next``, ``previous``, ``jump`` (module id), ``hold``, ``resume``, ``extend``/``shorten`` (seconds).

        ``who``: the origin recorded with it (the control API's commands come through here as ``api``)."""
        self.mono = self._monotonic()
        effects = self.session.command(name, self.mono, *args, who=who)
        self.command_done.emit(name, effects)
        self.ticked.emit(self.mono)
        return effects

    def stop(self) -> None:
        """Stop ticking (the window closes); the session is closed by its owner."""
        self.timer.stop()

    # ------------------------------------------------------------ reading
    def status(self) -> Any:
        """The run-of-show status at the last tick (ShowStatus)."""
        return self.session.runtime.status(self.mono)

    def show_ts(self) -> float:
        """Show-clock Unix seconds at the last tick (what the KPIs and series are stamped in)."""
        return self.session.show_now(self.mono)
