"""Starting the console window: ``liveroom`` (run_console) and ``liveroom demo`` (run_demo).

Start-up order, and which thread waits for what:
1. QApplication (names for QSettings, theme, CJK font, translations).
2. Database open + migrations and the Recorder: on the GUI thread, *before*
   the window shows (a one-off wait at start-up, never while the operator
   works). The :class:`ObsJournal` then records every OBS action and state
   change from ``obs-worker`` through the Recorder's own thread.
3. The window, restored to the saved layout; then the OBS client starts.
   In the demo the sandbox OBS starts on a background thread (it takes
   seconds) and the client is attached when it is up; the bar says
   "starting sandbox OBS…" meanwhile.
4. On exit: layout saved, client stopped, journal detached, recorder flushed
   and closed, sandbox stopped.
"""

from __future__ import annotations

import logging
import shutil
import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from console.obs.client import ObsClient
from console.paths import resource
from ui import i18n, settings as ui_settings
from ui.bridges.obs_bridge import ObsBridge
from ui.theme import apply_theme
from ui.windows.main_window import MainWindow

log = logging.getLogger(__name__)

DEMO_SHOW = ("shows", "skincare_launch.yaml")
OFFLINE_NO_OBS = "离线排练 / Offline rehearsal — OBS not installed"
OFFLINE_BY_CHOICE = "离线排练 / Offline rehearsal — OBS not started (--no-obs)"
OFFLINE_SANDBOX_FAILED = "离线排练 / Offline rehearsal — sandbox OBS failed to start"


def _t(text: str) -> str:
    return QCoreApplication.translate("App", text)


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


class ConsoleSession:
    """Everything the window runs on: database, recorder, OBS client(s), journal, bridge."""

    def __init__(self, db_url: str | None, intake: str | None, room: str = "") -> None:
        from console.recording import Recorder
        from db.engine import open_database

        self.intake = intake  # the audience intake's HOST:PORT
        self.room = room  # recorded with every show (the rooms wall)
        self.engine = open_database(db_url)
        self.recorder = Recorder(self.engine)
        self.bridge = ObsBridge()
        self.client: ObsClient | None = None
        self.journal: Any = None
        self.sandbox: Any = None
        self.sandbox_thread: threading.Thread | None = None
        self.sandbox_starter: SandboxStarter | None = None
        self.intake_opener: IntakeOpener | None = None
        self.intake_thread: threading.Thread | None = None

    def connect(self, client: ObsClient) -> None:
        """GUI thread: record, bridge and start ``client``."""
        from console.obs.journal import ObsJournal

        self.client = client
        self.journal = ObsJournal(client, self.recorder)
        self.bridge.attach(client)
        client.start()

    def open_intake_later(self, show: Any, window: Any) -> None:
        """GUI thread: start opening ``show``'s intake; a failure is shown in ``window``."""
        self.intake_opener = IntakeOpener()
        self.intake_opener.failed.connect(lambda reason: window.notify(reason, True))
        self.intake_thread = self.intake_opener.start(show, self.intake)

    def shutdown(self) -> None:
        from console.obs import actions

        self.bridge.detach()
        if self.client is not None:
            self.client.stop()
        if self.journal is not None:
            self.journal.close()
        actions.shutdown(wait=True)
        self.recorder.close()
        if self.sandbox_thread is not None:
            self.sandbox_thread.join(60)
        if self.sandbox is None and self.sandbox_starter is not None:
            self.sandbox = self.sandbox_starter.sandbox
        if self.sandbox is not None:
            try:
                self.sandbox.stop()
            except Exception:  # noqa: BLE001 - exiting: report, keep closing
                log.exception("stopping the sandbox OBS failed")
        self.engine.dispose()


class IntakeOpener(QObject):
    """Opens a show's audience intake on a background thread (the token comes
    from the keyring over D-Bus, which may wait for an unlock prompt: never on
    the GUI thread); a refusal reaches the GUI thread as ``failed(reason)``."""

    failed = Signal(str)

    def start(self, show: Any, address: str) -> threading.Thread:
        def run() -> None:
            warning = show.open_intake(address)
            if warning:
                log.warning("%s", warning)
                self.failed.emit(warning)

        thread = threading.Thread(target=run, name="intake-open", daemon=True)
        thread.start()
        return thread


class SandboxStarter(QObject):
    """Starts an :class:`ObsSandbox` on a background thread; reports on the GUI thread."""

    started = Signal(object)  # the running sandbox
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        # Also kept here: if the window closes before the queued signal is
        # delivered, shutdown still finds the sandbox and stops it.
        self.sandbox: Any = None

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._run, name="sandbox-start", daemon=True)
        thread.start()
        return thread

    def _run(self) -> None:
        try:
            from console.obs.sandbox import ObsSandbox

            sandbox = ObsSandbox()
            sandbox.start()
            self.sandbox = sandbox
        except Exception as exc:  # noqa: BLE001 - shown to the operator instead
            log.exception("sandbox OBS failed to start")
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.started.emit(sandbox)


def load_demo_show(window: MainWindow) -> None:
    """Title and role labels of the sample show, when the script and its loader are there."""
    path = resource(*DEMO_SHOW)
    if not path.exists():
        return
    try:
        from console.show.loader import load_script
    except ImportError:
        window.set_show(path.stem, {})
        return
    result = load_script(path)
    if result.script is None:
        log.warning("the demo show does not load: %s", "; ".join(str(d) for d in result.errors))
        window.set_show(path.stem, {})
        return
    window.set_show(result.script.show.title, dict(result.script.show.scenes))


def _build_window(session: ConsoleSession, translations: i18n.Translations, settings: Any) -> MainWindow:
    window = MainWindow(session.bridge, settings, apply_language=translations.apply)
    window.restore_layout()
    return window


def _open_session(db_url: str | None, intake: str | None, room: str = "") -> ConsoleSession | None:
    """The session, or None after one line on stderr (exit code 1) when the database cannot be opened."""
    try:
        return ConsoleSession(db_url, intake, room)
    except Exception as exc:  # noqa: BLE001 - a bad --db URL or an unreachable server: say so, no traceback
        from db.engine import open_failure

        message = open_failure(db_url, exc)
        log.error("%s", message)  # not the traceback: a driver's error may quote its connection string
        print(f"liveroom: {message}", file=sys.stderr)
        return None


def _close_on_signals(window: Any) -> Any:
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


def run_console(db_url: str | None, obs_url: str, intake: str | None, room: str = "") -> int:
    """``liveroom``: the window on the operator's own OBS (password from the keyring)."""
    from console.secrets import obs_password

    app, translations, settings = create_application()
    session = _open_session(db_url, intake, room)
    if session is None:
        return 1
    window = _build_window(session, translations, settings)
    window.show()
    _close_on_signals(window)
    session.connect(ObsClient(obs_url, password_provider=obs_password))
    try:
        return app.exec()
    finally:
        session.shutdown()


def run_demo(db_url: str | None, intake: str | None, with_obs: bool, room: str = "") -> int:
    """``liveroom demo``: the sample show, with a sandbox OBS when OBS is installed."""
    app, translations, settings = create_application()
    session = _open_session(db_url, intake, room)
    if session is None:
        return 1
    window = _build_window(session, translations, settings)
    load_demo_show(window)
    show_console: list[Any] = []  # the show's part of the window, once OBS is up or known to be absent
    starter = SandboxStarter()
    if with_obs and shutil.which("obs"):
        session.bridge.set_waiting(_t("starting sandbox OBS…"))

        def on_started(sandbox: Any) -> None:
            session.sandbox = sandbox
            session.connect(ObsClient(sandbox.url, password=sandbox.password))
            show_console.append(_demo_show(window, session, session.client))

        def on_failed(reason: str) -> None:
            window.set_banner(OFFLINE_SANDBOX_FAILED)
            session.bridge.set_offline(reason)
            show_console.append(_demo_show(window, session, None))

        starter.started.connect(on_started)
        starter.failed.connect(on_failed)
        session.sandbox_starter = starter
        session.sandbox_thread = starter.start()
    else:
        window.set_banner(OFFLINE_NO_OBS if with_obs else OFFLINE_BY_CHOICE)
        session.bridge.set_offline(_t("offline rehearsal: no OBS"))
        show_console.append(_demo_show(window, session, None))
    window.show()
    _close_on_signals(window)
    try:
        return app.exec()
    finally:
        if session.intake_thread is not None:
            session.intake_thread.join(10)  # the show's close must see the intake it has to stop
        for console in show_console:
            if console is not None:
                console.shutdown()  # before the recorder closes: the show's last rows go in first
        session.shutdown()


def _demo_show(window: MainWindow, session: ConsoleSession, client: ObsClient | None) -> Any:
    """The sample show's panels (timeline, script, KPIs, charts, comments); started with F5 (issues 4 and 5)."""
    path = resource(*DEMO_SHOW)
    if not path.exists():
        return None
    from ui.windows.show_console import demo_show

    console = demo_show(window, path, session.recorder, client, room=session.room)
    if console is not None:  # contingency (issue 7): the default playbooks, incident panel, library, alarm banner
        from ui.panels.incident_panel import install_incident_ui

        install_incident_ui(window, console.session)
    if console is not None and session.intake:
        session.open_intake_later(console.session, window)
    if console is not None and console.session.journal is not None and session.journal is not None:
        # The show's journal records the same OBS traffic, tagged with the show: one journal, not two.
        session.journal.close()
        session.journal = None
    return console
