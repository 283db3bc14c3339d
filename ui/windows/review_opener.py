"""The console's way into the review window: File → Review shows… (Ctrl+Shift+O) and the end-of-show offer.

:class:`ReviewOpener` keeps one :class:`~ui.windows.review_window.ReviewWindow`
on the station's database: opened on ``MainWindow.review_requested`` (raised
again and moved to the asked show when it is already open) and closed with the
console window (``MainWindow.closing``).

The end-of-show offer: a show ends from a tick (its last module's end), from
a command (End show) or from a recovery; rather than hook each path, a slow
timer (:data:`END_CHECK_INTERVAL_MS`) reads the show's ``ended`` flag — a
boolean read on the GUI thread, where the show is ticked — and asks the window
to offer the review of that show once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer

from ui.windows.review_window import ReviewWindow

#: How often the opener looks whether the show in the window has ended: the offer may come a second late.
END_CHECK_INTERVAL_MS = 1000


class ReviewOpener(QObject):
    """GUI thread. ``window``: the MainWindow; ``host``: its ShowHost (the database engine, the show)."""

    def __init__(self, window: Any, host: Any) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.review_window: ReviewWindow | None = None
        self._offered_for: Any = None  # the session whose end was offered (once per show)
        self._running_for: Any = None
        window.review_requested.connect(self.open)
        window.closing.connect(self.close)
        self._end_check = QTimer(self)
        self._end_check.setInterval(END_CHECK_INTERVAL_MS)
        self._end_check.timeout.connect(self.check_show_ended)
        self._end_check.start()

    def open(self, show_id: str = "") -> ReviewWindow:
        """The review window on ``show_id`` ("" = the latest show); one window, raised when already open."""
        if self.review_window is None:
            self.review_window = ReviewWindow(self.host.engine, show_id=show_id or None)
            # Closed means gone: its workers stop on close, so a later open builds a fresh window.
            self.review_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.review_window.destroyed.connect(self._forget)
        elif show_id:
            self.review_window.show_review_of(show_id)
        else:
            self.review_window.refresh_shows()
        self.review_window.show()
        self.review_window.raise_()
        self.review_window.activateWindow()
        return self.review_window

    def _forget(self, *_args: Any) -> None:
        self.review_window = None

    def check_show_ended(self) -> None:
        panels = getattr(self.host, "panels", None)
        session = panels.session if panels is not None else None
        if session is None:
            return
        if session is not self._running_for and getattr(session, "started", False) and not session.ended:
            self._running_for = session
            self.window.withdraw_review_offer()  # a new show runs: the last show's offer goes
        if session.ended and session is not self._offered_for and getattr(session, "started", False):
            self._offered_for = session
            self.window.offer_review(session.show_id, session.script.show.title)

    def close(self) -> None:
        self._end_check.stop()
        if self.review_window is not None:
            self.review_window.close()
            self.review_window = None
