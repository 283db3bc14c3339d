"""The PlaybookRunner's events on the GUI thread.

The runner's ``console.events.Signal`` handlers run on the thread that calls
``tick`` / the operator commands. In the window that is already the GUI
thread (the ShowClock's QTimer ticks the session), but the headless loop or a
test may drive it elsewhere: re-emitting through Qt signals of a QObject that
lives on the GUI thread makes delivery queued whenever the emitter is another
thread, and direct (no extra latency) when it is the GUI thread itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal


class IncidentBridge(QObject):
    opened = Signal(object)  # Incident
    changed = Signal(object)  # Incident
    escalated = Signal(object, object)  # Incident, CheckState

    def __init__(self, runner: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        runner.incident_opened.connect(self._on_opened)
        runner.incident_changed.connect(self._on_changed)
        runner.escalated.connect(self._on_escalated)

    # Any thread: only re-emit.
    def _on_opened(self, incident: Any) -> None:
        self.opened.emit(incident)

    def _on_changed(self, incident: Any) -> None:
        self.changed.emit(incident)

    def _on_escalated(self, incident: Any, check: Any) -> None:
        self.escalated.emit(incident, check)

    def detach(self) -> None:
        for signal, handler in ((self.runner.incident_opened, self._on_opened),
                                (self.runner.incident_changed, self._on_changed),
                                (self.runner.escalated, self._on_escalated)):
            try:
                signal.disconnect(handler)
            except (ValueError, KeyError, RuntimeError):
                pass
