"""``liveroom demo``: the console on the bundled sample show, with a sandbox OBS when OBS is installed.

The wiring only the demo has, on top of :mod:`ui.app`:

- the sandbox OBS, started on a ``sandbox-start`` worker
  (:meth:`console.station.Station.start_sandbox`, seconds); the client is
  attached when it is up, and the offline banner says why when it is not;
- the sample show, read on a ``demo-load`` worker
  (:func:`console.show_assembly.prepare_show`) and put in the window once
  the OBS client is known (:func:`console.show_assembly.assemble_demo_show`).
"""

from __future__ import annotations

import logging
import shutil
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication

from console import show_assembly
from console.obs.client import ObsClient
from console.paths import resource
from console.show_assembly import DEMO_SHOW
from ui.app import build_window, create_application, open_station, run_window
from ui.windows.main_window import MainWindow
from ui.windows.show_host import ShowHost
from ui.windows.show_panels import ShowPanels, attach_show
from ui.workers import failure_text

log = logging.getLogger(__name__)

__all__ = ["DEMO_SHOW", "OFFLINE_BY_CHOICE", "OFFLINE_NO_OBS", "OFFLINE_SANDBOX_FAILED", "demo_show",
           "load_demo_show", "run_demo"]

OFFLINE_NO_OBS = "离线排练 / Offline rehearsal — OBS not installed"
OFFLINE_BY_CHOICE = "离线排练 / Offline rehearsal — OBS not started (--no-obs)"
OFFLINE_SANDBOX_FAILED = "离线排练 / Offline rehearsal — sandbox OBS failed to start"
#: A sandbox OBS takes seconds to load; shutdown waits this long for one still starting (then stops it).
SANDBOX_START_WAIT_S = 60.0


def _t(text: str) -> str:
    # These sentences were ui.app's: the catalogues (resources/i18n) keep them in its context.
    return QCoreApplication.translate("App", text)


def offline_reason() -> str:
    """The connection bar's line when the demo runs with no OBS (the screenshot scripts show it too)."""
    return _t("offline rehearsal: no OBS")


def run_demo(db_url: str | None, intake: str | None, with_obs: bool, room: str = "", sources: Any = (), *,
             control: str | None = None, auto_arm: bool = False) -> int:
    """``liveroom demo``: the sample show, with a sandbox OBS when OBS is installed; ``sources``: ``--source``."""
    app, translations, settings = create_application()
    host = open_station(db_url, intake, room)
    if host is None:
        return 1
    host.station.sources = list(sources)
    window = build_window(host, translations, settings)
    obs_known = _demo_show(window, host)  # read off the GUI thread from now, in the window once OBS is known
    if with_obs and shutil.which("obs"):
        host.bridge.set_waiting(_t("starting sandbox OBS…"))

        def on_started(sandbox: Any) -> None:
            host.connect(ObsClient(sandbox.url, password=sandbox.password))
            obs_known()

        def on_failed(error: BaseException) -> None:
            window.set_banner(OFFLINE_SANDBOX_FAILED)
            host.bridge.set_offline(failure_text(error))
            obs_known()

        # OBS's own window would open over the console (its --minimize-to-tray needs a tray): with Xvfb at
        # hand it gets a virtual display of its own; the console shows its cameras through the thumbnails.
        own_display = shutil.which("Xvfb") is not None
        host.workers.start("sandbox-start", lambda: host.station.start_sandbox(own_display=own_display),
                           returned=on_started, errored=on_failed, wait_s=SANDBOX_START_WAIT_S)
    else:
        window.set_banner(OFFLINE_NO_OBS if with_obs else OFFLINE_BY_CHOICE)
        host.bridge.set_offline(offline_reason())
        obs_known()
    return run_window(app, window, host, control=control, auto_arm=auto_arm)


def _demo_show(window: MainWindow, host: ShowHost) -> Callable[[], None]:
    """Start reading the sample show (script, lexicon, playbooks: ~0.3 s cold) on a worker, not the GUI thread.

    Its title and camera roles label the window as soon as it is read. Returns
    ``obs_known()``, to call on the GUI thread once the OBS client (the
    sandbox's, or none) is final. When both are there the show's panels go in
    (started with F5) and OBS is settled (:meth:`ShowHost.settle_obs`), so a
    resume waiting for OBS replaces the demo. A resumed show that got in first
    is never replaced by the demo.
    """
    path = resource(*DEMO_SHOW)
    if not path.exists():
        return host.settle_obs
    state: dict[str, Any] = {"prepared": None, "obs": False, "done": False}

    def both_ready() -> None:
        if state["done"] or not state["obs"] or state["prepared"] is None:
            return
        state["done"] = True
        prepared = state["prepared"]
        if prepared is not False and host.panels is None:
            station = host.station
            show = show_assembly.assemble_demo_show(prepared, recorder=station.recorder, obs=station.client,
                                                    journal=station.journal, room=station.room)
            if show is not None:
                host.run_show(window, show)
        host.settle_obs()

    def ready(prepared: Any) -> None:
        if host.panels is None:  # the roles on the camera tiles while the sandbox starts
            script = prepared.script
            window.set_show(script.show.title if script else path.stem, dict(script.show.scenes) if script else {})
        state["prepared"] = prepared
        both_ready()

    def failed(error: BaseException) -> None:
        log.warning("the demo show does not load: %s", failure_text(error))
        state["prepared"] = False
        both_ready()

    def obs_known() -> None:
        state["obs"] = True
        both_ready()

    host.workers.start("demo-load", lambda: show_assembly.prepare_show(str(path)), returned=ready, errored=failed)
    return obs_known


# ---------------------------------------------------------------- screenshot scripts
def load_demo_show(window: MainWindow) -> None:
    """Title and role labels of the sample show (reads the script: scripts and tests, not the running window)."""
    from console.show.loader import load_script

    path = resource(*DEMO_SHOW)
    if not path.exists():
        return
    result = load_script(path)
    if result.script is None:
        log.warning("the demo show does not load: %s", "; ".join(str(d) for d in result.errors))
        window.set_show(path.stem, {})
        return
    window.set_show(result.script.show.title, dict(result.script.show.scenes))


def demo_show(window: Any, script_path: Any, recorder: Any, obs: Any = None, *,
              speed: float | None = None, room: str = "") -> ShowPanels | None:
    """The demo show's panels in ``window`` (reads files: scripts and benchmarks); None when it does not load."""
    prepared = show_assembly.prepare_show(str(script_path))
    session = show_assembly.assemble_demo_show(prepared, recorder=recorder, obs=obs, speed=speed, room=room)
    return attach_show(window, session) if session is not None else None
