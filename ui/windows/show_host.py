"""The window's side of the station: the OBS bridge, the show's panels, the window's workers.

The :class:`~console.station.Station` (Qt-free) owns the process's services.
:class:`ShowHost` adds what only the window needs (GUI thread throughout):

- the :class:`~ui.bridges.obs_bridge.ObsBridge` the window's panels watch,
  attached to the station's OBS client (:meth:`connect`);
- one show at a time in the window (:meth:`run_show`, :meth:`close_show`): its
  panels (:class:`~ui.windows.show_panels.ShowPanels`), and its audience
  intake opened on an ``intake-open`` worker (the token comes from the
  keyring over D-Bus, which may wait for an unlock prompt);
- "is the OBS client final?" (:meth:`settle_obs`): the demo's sandbox comes
  up seconds after the window; a resumed show waits for it;
- the window's jobs off the GUI thread (:attr:`workers`: script loads,
  recovery look-ups, the sandbox start, a show closing), waited for by
  :meth:`shutdown` before the station closes the database.

Replacing a show never blocks the GUI thread: the old show closes on a
``show-close`` worker and the new show's intake opens once that close has
finished (chained through the worker's ``finished`` signal), so the address
the old intake listened on is free again.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication

from console.obs.client import ObsClient
from console.station import Station
from ui.bridges.obs_bridge import ObsBridge
from ui.windows.audience_sources import open_audience, remembered_sources
from ui.windows.show_panels import ShowPanels, attach_show
from ui.workers import Job, Workers, failure_text

log = logging.getLogger(__name__)

#: Shutdown waits this long for the show's intake to finish opening (the show's close must see it to stop it).
INTAKE_OPEN_WAIT_S = 10.0


def _t(text: str) -> str:
    # These sentences were ui.app's: the catalogues (resources/i18n) keep them in its context.
    return QCoreApplication.translate("App", text)


class ShowHost:
    """Everything the window runs on: the station, the OBS bridge, the show's panels, the workers."""

    def __init__(self, station: Station) -> None:
        self.station = station
        self.bridge = ObsBridge()
        self.workers = Workers()
        #: The show in the window: one at a time, closed by shutdown().
        self.panels: ShowPanels | None = None
        #: True once it is known which OBS client a show gets (the demo's sandbox is up, or known absent).
        self.obs_settled = False
        self._when_obs_settled: list[Callable[[], None]] = []
        self._intake_job: Job | None = None
        self._closing: Job | None = None  # the replaced show's close
        self.targets_file: str | None = None  # `liveroom --targets FILE`: over the team's and each script's
        #: ``liveroom --rules FILE``: adjustment rules for every show opened here (console.rules).
        self.rules_path: str | None = None

    # ------------------------------------------------------------ the station's parts
    @property
    def engine(self) -> Any:
        return self.station.engine

    @property
    def recorder(self) -> Any:
        return self.station.recorder

    @property
    def client(self) -> ObsClient | None:
        return self.station.client

    @property
    def journal(self) -> Any:
        return self.station.journal

    @property
    def room(self) -> str:
        return self.station.room

    # ------------------------------------------------------------ OBS
    def connect(self, client: ObsClient) -> None:
        """Journal, bridge and start ``client`` (the station's from now on)."""
        self.station.connect(client, start=False)
        self.bridge.attach(client)
        client.start()

    def settle_obs(self) -> None:
        """The OBS client (or its absence) is final; run what waited for it."""
        self.obs_settled = True
        waiting, self._when_obs_settled = self._when_obs_settled, []
        for callback in waiting:
            callback()

    def when_obs_settled(self, callback: Callable[[], None]) -> None:
        """``callback()`` now, or once :meth:`settle_obs` is called (the demo's sandbox)."""
        if self.obs_settled:
            callback()
        else:
            self._when_obs_settled.append(callback)

    # ------------------------------------------------------------ the show
    @property
    def show_running(self) -> bool:
        panels = self.panels
        return panels is not None and panels.session.started and not panels.session.ended

    def may_replace_show(self, window: Any, confirm: Any, new_title: str) -> bool:
        """True when nothing runs, or the operator agrees to stop the running show."""
        if not self.show_running:
            return True
        title = self.panels.session.script.show.title
        return bool(confirm(window, _t("Stop the running show?"),
                            _t("“{running}” is running. Stop it (recorded as ended early) and open “{new}”?")
                            .format(running=title, new=new_title)))

    def run_show(self, window: Any, show: Any, *, resume: bool = False) -> ShowPanels:
        """Put ``show`` (a ShowSession) in ``window`` in place of any show there.

        Its panels, the incident UI with the default playbooks and its intake
        (opened off the GUI thread, after the replaced show has closed).
        ``resume``: an interrupted show, continued at once on its recorded
        clock; otherwise it waits for F5. Returns the ShowPanels.
        """
        self.close_show()
        panels = attach_show(window, show)
        panels.install_incidents()
        panels.install_proposals()  # adjustment rules (issue 15): the proposal banner, when the show has rules
        self.panels = panels
        self.station.show = show
        window.set_show(show.script.show.title, dict(show.script.show.scenes))
        show.sources.specs = list(self.station.sources or remembered_sources(window.settings, show.runtime.script_path))
        window.connection_bar.source_status.watch(show.source_health)
        if self.station.intake or len(show.sources):
            self._after_closing(lambda: self._open_intake(show, window))
        if resume:
            panels.resume_show()
        return panels

    def close_show(self) -> None:
        """Stop the show in the window (ended early if it ran) and remove its panels; it closes on a worker."""
        panels, self.panels = self.panels, None
        if panels is None:
            return
        if self.station.show is panels.session:
            self.station.show = None
        panels.window.connection_bar.source_status.watch(None)
        if self._intake_job is not None:
            self._intake_job.wait(INTAKE_OPEN_WAIT_S)  # the show's close must see the intake it has to stop
            self._intake_job = None
        self._closing = panels.shutdown(self.workers)  # before the recorder closes: the show's last rows go in first
        panels.detach()
        if self._closing is not None:
            show_id = panels.session.show_id
            self._closing.worker.finished.connect(
                lambda: self.workers.start("show-summary", lambda: self.station.summarise(show_id)))

    def _after_closing(self, callback: Callable[[], None]) -> None:
        """``callback()`` once the replaced show has closed (now, when none is closing)."""
        closing = self._closing
        if closing is None or not closing.running:
            callback()
            return
        closing.worker.finished.connect(callback)

    def _open_intake(self, show: Any, window: Any) -> None:
        if self.panels is None or self.panels.session is not show:
            return  # replaced (or closed) before its intake could open
        address = self.station.intake

        def reported(warning: str | None) -> None:
            if warning:
                log.warning("%s", warning)
                window.notify(warning, True)

        self._intake_job = self.workers.start("intake-open", lambda: open_audience(show, address), returned=reported,
                                              errored=lambda error: window.notify(failure_text(error), True))

    # ------------------------------------------------------------ exit
    def shutdown(self) -> None:
        """Close the show (its panels first), wait for the window's jobs, then the station in its order."""
        if self._intake_job is not None:
            self._intake_job.wait(INTAKE_OPEN_WAIT_S)  # the show's close must see the intake it has to stop
        self.close_show()
        self.station.shutdown(wait_for_workers=self._wait_then_detach)

    def _wait_then_detach(self) -> None:
        self.workers.wait()  # the show's close, a script load, a recovery look-up, the sandbox start
        self.bridge.detach()
