"""The application core: what one console process owns, with no Qt.

A :class:`Station` is opened once per process — by the window (``liveroom``,
``liveroom demo``, through :mod:`ui.app`) and by ``liveroom run --headless``
(:mod:`console.headless`) — and owns:

- the database engine (``db.engine.open_database``, migrated) and the one
  :class:`~console.recording.Recorder` that writes to it;
- the OBS client, when there is one (:meth:`connect` starts it; a second call
  replaces it), and ONE :class:`~console.obs.journal.ObsJournal` recording its
  actions and state changes. While a show runs, the show tags that journal
  with its id and clock (``ShowSession(journal=station.journal)``) and
  untags it when it closes: there is never a second journal to swap in;
- the sandbox OBS of the demo, when asked (:meth:`start_sandbox` blocks for
  seconds: the caller runs it off its own thread, by its own idiom);
- the show in progress (:attr:`show`), so that :meth:`shutdown` closes it first.

Shutdown order (:meth:`shutdown`): the show (its last rows go in first) →
the caller's workers (a script load, a recovery look-up still reading the
database: the ``wait_for_workers`` callback) → the OBS client → the journal →
the recorder (flushed, closed) → the sandbox → the engine.

Threads: every method runs on the owner's thread (the GUI thread in the
window, the main thread headless) except :meth:`start_sandbox`.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Callable

from console.obs.client import ObsClient
from console.obs.journal import ObsJournal
from console.recording import Recorder

log = logging.getLogger(__name__)


class Station:
    """One console process's services: database, recorder, OBS client + journal, sandbox, the show."""

    def __init__(self, db_url: str | None, *, room: str = "", intake: str | None = None) -> None:
        """Open the database (migrating it: a one-off wait at start-up) and start the recorder.

        Raises what ``open_database`` raises; :func:`db.engine.open_failure` makes it one line.
        """
        from db.engine import open_database

        self.db_url = db_url
        self.room = room  # recorded with every show (the rooms wall)
        self.intake = intake  # the audience intake's HOST:PORT, opened for each show
        #: Audience sources given on the command line (``--source``: SourceSpec), for every show of this process;
        #: empty: the window's remembered choice per script (File → Audience sources…).
        self.sources: list[Any] = []
        self.engine = open_database(db_url)
        self.recorder = Recorder(self.engine)
        self.client: ObsClient | None = None
        self.journal: ObsJournal | None = None
        self.sandbox: Any = None
        self.show: Any = None  # the ShowSession in progress (console.session), one at a time
        self._sandbox_lock = threading.Lock()
        self._closed = False

    # ------------------------------------------------------------------ OBS
    def connect(self, client: ObsClient, *, start: bool = True) -> ObsClient:
        """Journal and (unless ``start`` is False) start ``client``; it replaces the station's client, if any.

        A replaced client is stopped and its journal closed first. Returns ``client``.
        """
        if self.client is not None and self.client is not client:
            self.disconnect()
        self.client = client
        self.journal = ObsJournal(client, self.recorder)
        if start:
            client.start()
        return client

    def disconnect(self) -> None:
        """Stop the OBS client and close its journal (a show still tagged keeps no OBS)."""
        client, self.client = self.client, None
        journal, self.journal = self.journal, None
        if client is not None:
            client.stop()
        if journal is not None:
            journal.close()

    def start_sandbox(self, *, own_display: bool | None = None) -> Any:
        """Start a sandbox OBS (``console.obs.sandbox.ObsSandbox``) and keep it for :meth:`shutdown`.

        Blocks for seconds while OBS loads: call it off the GUI thread. Raises
        when OBS does not come up. The station keeps the sandbox as soon as it
        runs, so a shutdown that comes first still stops it. ``own_display``:
        OBS on an Xvfb of its own (the demo: its window never covers the console).
        """
        from console.obs.sandbox import ObsSandbox

        sandbox = ObsSandbox(own_display=own_display)
        with self._sandbox_lock:
            self.sandbox = sandbox
        sandbox.start()
        return sandbox

    # ------------------------------------------------------------------ show
    @property
    def show_running(self) -> bool:
        show = self.show
        return show is not None and show.started and not show.ended

    def close_show(self, mono: float | None = None) -> None:
        """Close the show in progress (ended early if it runs), if any; its rows are flushed."""
        show, self.show = self.show, None
        if show is not None:
            show.close(time.monotonic() if mono is None else mono)
            self.summarise(show.show_id)

    def summarise(self, show_id: str) -> None:
        """Store the closed show's totals for the period views (anchors, health); never fails a close.

        Costs one review load (about a second for a 4-hour show), so the window runs it on a worker;
        a show whose summary is missing is summarised by the next period view instead.
        """
        from console.anchors.summary import summarise_closed_show

        try:
            summarise_closed_show(self.engine, show_id, now=time.time())
        except Exception:
            log.exception("summarising show %s failed; the next period view will", show_id)

    # ------------------------------------------------------------------ exit
    def shutdown(self, wait_for_workers: Callable[[], None] | None = None) -> None:
        """Close everything in order (see the module docstring). Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            self.close_show()
        except Exception:
            log.exception("closing the show failed")
        if wait_for_workers is not None:
            wait_for_workers()
        self.disconnect()  # the client's own action queue stops with it
        self.recorder.close()
        self._stop_sandbox()
        self.engine.dispose()

    def _stop_sandbox(self) -> None:
        with self._sandbox_lock:
            sandbox = self.sandbox
        if sandbox is None:
            return
        try:
            sandbox.stop()
        except Exception:
            log.exception("stopping the sandbox OBS failed")
