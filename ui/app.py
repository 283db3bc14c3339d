"""Starting the console window: ``liveroom`` (run_console); the demo's wiring is :mod:`ui.demo`.

This module keeps the Qt application and the window; the process's services
are the :class:`~console.station.Station`'s (Qt-free), the window's side of
them the :class:`~ui.windows.show_host.ShowHost`'s.

Start-up order, and which thread waits for what:
1. QApplication (names for QSettings, theme, CJK font, translations).
2. The station: database open + migrations and the Recorder, on the GUI
   thread *before* the window shows (a one-off wait at start-up, never while
   the operator works). Its one :class:`ObsJournal` records every OBS action
   and state change from ``obs-worker`` through the Recorder's own thread.
3. The window, restored to the saved layout; then the OBS client starts.
   In the demo the sandbox OBS starts on a worker (it takes seconds) and the
   client is attached when it is up; the bar says "starting sandbox OBS…"
   meanwhile.
4. On exit: layout saved; the show closed; the window's workers waited for;
   then the station: client stopped, journal detached, recorder flushed and
   closed, sandbox stopped, database engine disposed.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from console.obs.client import ObsClient
from console.station import Station
from ui import i18n, settings as ui_settings
from ui.theme import apply_theme
from ui.windows.main_window import MainWindow
from ui.windows.show_host import ShowHost

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> tuple[QApplication, i18n.Translations, Any]:
    """The QApplication with names, theme, font and translations (or the existing one, in tests)."""
    app = QApplication.instance()
    if app is None:
        # Fractional scale factors (125 %, 150 % laptops) drawn as such, not rounded to 1 or 2.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ui_settings.ORGANIZATION)
    app.setApplicationName(ui_settings.APPLICATION)
    app.setApplicationDisplayName("Liveroom")
    apply_theme(app)
    settings = ui_settings.open_settings()
    translations = i18n.Translations(app)
    translations.apply(ui_settings.language_preference(settings))
    return app, translations, settings


def build_window(host: ShowHost, translations: i18n.Translations, settings: Any) -> MainWindow:
    """The window with File → Open show… and the crash-recovery offer wired to ``host``."""
    from ui.windows.audience_sources import AudienceSourcesMenu
    from ui.windows.period_menu import PeriodMenu
    from ui.windows.recovery_offer import RecoveryOffer
    from ui.windows.review_opener import ReviewOpener
    from ui.windows.show_opener import ShowOpener

    window = MainWindow(host.bridge, settings, apply_language=translations.apply)
    window.restore_layout()
    window.show_opener = ShowOpener(window, host)
    window.recovery_offer = RecoveryOffer(window, host)
    window.audience_sources = AudienceSourcesMenu(window, host)  # File → Audience sources…
    window.review_opener = ReviewOpener(window, host)
    window.period_menu = PeriodMenu(window, host)  # File → Anchors…, Run a drill…; a show's action items
    window.closing.connect(window.period_menu.close)
    return window


def open_station(db_url: str | None, intake: str | None, room: str = "") -> ShowHost | None:
    """The station and its window side, or None after one line on stderr (exit code 1) when the database
    cannot be opened."""
    try:
        return ShowHost(Station(db_url, room=room, intake=intake))
    except Exception as exc:  # noqa: BLE001 - a bad --db URL or an unreachable server: say so, no traceback
        from db.engine import open_failure

        message = open_failure(db_url, exc)
        log.error("%s", message)  # not the traceback: a driver's error may quote its connection string
        print(f"liveroom: {message}", file=sys.stderr)
        return None


def close_on_signals(window: Any) -> Any:
    """Ctrl-C / SIGTERM close the window as the operator would (layout saved, OBS sandbox stopped).

    Qt's event loop never hands control back to Python, so a Python signal
    handler would wait until the next Python callback: a slow timer gives
    Python that chance twice a second.
    """
    import signal

    from PySide6.QtCore import QTimer

    def on_signal(_signum: int, _frame: Any) -> None:
        QTimer.singleShot(0, window.close)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(500)
    return wake


def start_control(window: MainWindow, host: ShowHost, address: str | None, auto_arm: bool) -> Any:
    """The control API on ``address`` and/or auto-arm (console/control; docs/control-surface.md), or None.

    The server starts on a ``control-open`` worker (the token comes from the
    keyring, which may wait for an unlock prompt); a failure is one line in
    the window's notice, and the window goes on without it.
    """
    if address is None and not auto_arm:
        address, auto_arm = ui_settings.control_preference(window.settings)
    if address is None and not auto_arm:
        return None
    import time

    from console.control.server import ControlServer, parse_control_address
    from console.control.token import get_or_create_control_token
    from ui.bridges.control_bridge import ControlBridge
    from ui.workers import failure_text

    from ui.widgets.control_status import ControlStatus

    bridge = ControlBridge(host, monotonic=time.monotonic, auto_arm=auto_arm, parent=window)
    failure: list[str] = []

    def read_status() -> tuple[str | None, int, bool, str | None]:
        server = bridge.server
        return (server.url if server is not None else None, server.clients if server is not None else 0,
                bridge.auto_arm is not None, failure[0] if failure else None)

    bridge.status = ControlStatus(read_status, window)
    window.statusBar().addPermanentWidget(bridge.status)
    if address is not None:
        def open_server() -> Any:
            host_name, port = parse_control_address(address)
            return ControlServer(bridge.surface, get_or_create_control_token(), host_name, port).start()

        def opened(server: Any) -> None:
            if bridge.timer.isActive():
                bridge.attach_server(server)
                log.info("control API on %s", server.url)
            else:  # the window closed while it opened
                server.stop()

        def failed(error: BaseException) -> None:
            failure.append(failure_text(error))
            bridge.status.refresh()
            window.notify(failure_text(error), True)

        host.workers.start("control-open", open_server, returned=opened, errored=failed)
    return bridge


def run_window(app: Any, window: MainWindow, host: ShowHost, *, control: str | None = None,
               auto_arm: bool = False) -> int:
    """Show the window, look for interrupted shows of this room, run until it closes, then close everything.

    Shared by ``liveroom`` and ``liveroom demo``: the show in the window (opened,
    resumed or the demo's) is the host's ``panels``, closed by
    ``host.shutdown()`` before the station's recorder.
    """
    close_on_signals(window)  # before the window shows: a SIGTERM from then on closes it cleanly
    window.show()
    window.recovery_offer.check()  # off the GUI thread; the offer appears when it answers
    control_bridge = start_control(window, host, control, auto_arm)
    try:
        return app.exec()
    finally:
        window.recovery_offer.stop()
        if control_bridge is not None:
            control_bridge.close()
        host.shutdown()


def run_console(db_url: str | None, obs_url: str, intake: str | None, room: str = "",
                targets_file: str | None = None, rules: str | None = None, *, control: str | None = None,
                auto_arm: bool = False) -> int:
    """``liveroom``: the window on the operator's own OBS (password from the keyring); File → Open show…"""
    from console.secrets import obs_password

    app, translations, settings = create_application()
    host = open_station(db_url, intake, room)
    if host is None:
        return 1
    host.targets_file = targets_file
    host.rules_path = rules  # every show this window opens gets them (console.show_assembly.prepare_show)
    window = build_window(host, translations, settings)
    host.connect(ObsClient(obs_url, password_provider=obs_password))
    host.settle_obs()
    return run_window(app, window, host, control=control, auto_arm=auto_arm)


def _open_database_or_say(db_url: str | None, program: str = "liveroom") -> Any | None:
    """The (team) database's engine, or None after one line on stderr (a bad URL, an unreachable server)."""
    from db.engine import open_database, open_failure

    try:
        return open_database(db_url)
    except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable server: one line, no traceback
        message = open_failure(db_url, exc)
        log.error("%s", message)
        print(f"{program}: {message}", file=sys.stderr)
        return None


def _run_database_window(app: Any, engine: Any, window: Any) -> int:
    """Show a window on ``engine`` until it closes (or SIGINT/SIGTERM); then its shutdown, then the engine's."""
    close_on_signals(window)  # before the window shows: a SIGTERM from then on closes it cleanly
    window.show()
    try:
        return app.exec()
    finally:
        shutdown = getattr(window, "shutdown", None)
        if shutdown is not None:
            shutdown()
        engine.dispose()


def run_wall(db_url: str | None, *, include_ended_within_s: float = 0.0) -> int:
    """``liveroom wall``: the window on the (team) database; one line and exit 1 if it cannot be opened."""
    from ui.windows.wall_window import WallWindow

    app, _translations, settings = create_application()
    engine = _open_database_or_say(db_url)
    if engine is None:
        return 1
    window = WallWindow(engine, settings, include_ended_within_s=include_ended_within_s)
    window.start()
    return _run_database_window(app, engine, window)


def run_review(db_url: str | None, show: str = "latest") -> int:
    """``liveroom review [ID|latest]`` at a desktop: the review window on that show; one line and exit 1 when the
    database cannot be opened or the show is unknown (``--text`` prints instead: console.review.cli)."""
    from console.review.queries import ShowNotFound, resolve_show_id
    from ui.windows.review_window import ReviewWindow

    engine = _open_database_or_say(db_url, "liveroom review")
    if engine is None:
        return 1
    try:
        show_id = resolve_show_id(engine, show)
    except ShowNotFound as exc:
        print(f"liveroom review: {exc}", file=sys.stderr)
        engine.dispose()
        return 1
    app, _translations, _settings = create_application()
    return _run_database_window(app, engine, ReviewWindow(engine, show_id=show_id))


def run_anchors(db_url: str | None) -> int:
    """``liveroom anchors --window``: the Anchors window on the (team) database."""
    from ui.windows.anchors_window import AnchorsWindow

    app, _translations, _settings = create_application()
    engine = _open_database_or_say(db_url)
    if engine is None:
        return 1
    return _run_database_window(app, engine, AnchorsWindow(engine))
