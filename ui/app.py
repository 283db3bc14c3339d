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
from typing import Any, Callable

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
        #: The show in the window (ui.windows.show_console.ShowConsole): one at a time, closed by shutdown().
        self.show_console: Any = None
        #: True once it is known which OBS client a show gets (the demo's sandbox is up, or known absent).
        self.obs_settled = False
        self._when_obs_settled: list[Callable[[], None]] = []
        self._workers: list[threading.Thread] = []  # short jobs off the GUI thread, joined at exit

    def connect(self, client: ObsClient) -> None:
        """GUI thread: record, bridge and start ``client``."""
        from console.obs.journal import ObsJournal

        self.client = client
        self.journal = ObsJournal(client, self.recorder)
        self.bridge.attach(client)
        client.start()

    def settle_obs(self) -> None:
        """GUI thread: the OBS client (or its absence) is final; run what waited for it."""
        self.obs_settled = True
        waiting, self._when_obs_settled = self._when_obs_settled, []
        for callback in waiting:
            callback()

    def when_obs_settled(self, callback: Callable[[], None]) -> None:
        """GUI thread: ``callback()`` now, or once :meth:`settle_obs` is called (the demo's sandbox)."""
        if self.obs_settled:
            callback()
        else:
            self._when_obs_settled.append(callback)

    def track_thread(self, thread: threading.Thread | None) -> None:
        """A worker (script load, recovery look-up) to join before the database closes."""
        self._workers = [t for t in self._workers if t.is_alive()]
        if thread is not None:
            self._workers.append(thread)

    # ------------------------------------------------------------ the show
    @property
    def show_running(self) -> bool:
        console = self.show_console
        return console is not None and console.session.started and not console.session.ended

    def may_replace_show(self, window: Any, confirm: Any, new_title: str) -> bool:
        """GUI thread: True when nothing runs, or the operator agrees to stop the running show."""
        if not self.show_running:
            return True
        title = self.show_console.session.script.show.title
        return bool(confirm(window, _t("Stop the running show?"),
                            _t("“{running}” is running. Stop it (recorded as ended early) and open “{new}”?")
                            .format(running=title, new=new_title)))

    def run_show(self, window: Any, show: Any, *, resume: bool = False) -> Any:
        """GUI thread: put ``show`` (a ShowSession) in ``window`` in place of any show there.

        Its panels, the incident UI with the default playbooks, its intake
        (opened off the GUI thread) and one OBS journal (the show's, tagged
        with it). ``resume``: an interrupted show, continued at once on its
        recorded clock; otherwise it waits for F5. Returns the ShowConsole.
        """
        from ui.windows.show_console import attach_show

        self.close_show(restore_journal=False)
        console = attach_show(window, show)
        console.install_incidents()
        self.show_console = console
        window.set_show(show.script.show.title, dict(show.script.show.scenes))
        if self.intake:
            self.open_intake_later(show, window)
        if show.journal is not None and self.journal is not None:
            # The show's journal records the same OBS traffic, tagged with the show: one journal, not two.
            self.journal.close()
            self.journal = None
        if resume:
            console.resume_show()
        return console

    def close_show(self, *, restore_journal: bool = True) -> None:
        """GUI thread: stop and close the show in the window (ended early if it ran) and remove its panels."""
        console, self.show_console = self.show_console, None
        if console is None:
            return
        if self.intake_thread is not None:
            self.intake_thread.join(10)  # the show's close must see the intake it has to stop
            self.intake_thread = None
        console.shutdown()  # before the recorder closes: the show's last rows go in first
        console.detach()
        if restore_journal and self.journal is None and self.client is not None:
            from console.obs.journal import ObsJournal

            self.journal = ObsJournal(self.client, self.recorder)

    def open_intake_later(self, show: Any, window: Any) -> None:
        """GUI thread: start opening ``show``'s intake; a failure is shown in ``window``."""
        self.intake_opener = IntakeOpener()
        self.intake_opener.failed.connect(lambda reason: window.notify(reason, True))
        self.intake_thread = self.intake_opener.start(show, self.intake)

    def shutdown(self) -> None:
        from console.obs import actions

        if self.intake_thread is not None:
            self.intake_thread.join(10)  # the show's close must see the intake it has to stop
        if self.show_console is not None:
            console, self.show_console = self.show_console, None
            console.shutdown()  # before the recorder closes: the show's last rows go in first
        for worker in self._workers:
            worker.join(10)  # a script load or a recovery look-up still reading the database
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
            except Exception:  # exiting: report, keep closing
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
        except Exception as exc:  # shown to the operator instead
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
    """The window with File → Open show… and the crash-recovery offer wired to ``session``."""
    from ui.windows.recovery_offer import RecoveryOffer
    from ui.windows.show_opener import ShowOpener

    window = MainWindow(session.bridge, settings, apply_language=translations.apply)
    window.restore_layout()
    window.show_opener = ShowOpener(window, session)
    window.recovery_offer = RecoveryOffer(window, session)
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


def _run_window(app: Any, window: MainWindow, session: ConsoleSession) -> int:
    """Show the window, look for interrupted shows of this room, run until it closes, then close everything.

    Shared by ``liveroom`` and ``liveroom demo``: the show in the window (opened,
    resumed or the demo's) is the session's ``show_console``, closed by
    ``session.shutdown()`` before the recorder.
    """
    window.show()
    close_on_signals(window)
    window.recovery_offer.check()  # off the GUI thread; the offer appears when it answers
    try:
        return app.exec()
    finally:
        window.recovery_offer.stop()
        session.shutdown()


def run_console(db_url: str | None, obs_url: str, intake: str | None, room: str = "") -> int:
    """``liveroom``: the window on the operator's own OBS (password from the keyring); File → Open show…"""
    from console.secrets import obs_password

    app, translations, settings = create_application()
    session = _open_session(db_url, intake, room)
    if session is None:
        return 1
    window = _build_window(session, translations, settings)
    session.connect(ObsClient(obs_url, password_provider=obs_password))
    session.settle_obs()
    return _run_window(app, window, session)


def run_demo(db_url: str | None, intake: str | None, with_obs: bool, room: str = "") -> int:
    """``liveroom demo``: the sample show, with a sandbox OBS when OBS is installed."""
    app, translations, settings = create_application()
    session = _open_session(db_url, intake, room)
    if session is None:
        return 1
    window = _build_window(session, translations, settings)
    obs_known = _demo_show(window, session)  # read off the GUI thread from now, in the window once OBS is known
    starter = SandboxStarter()
    if with_obs and shutil.which("obs"):
        session.bridge.set_waiting(_t("starting sandbox OBS…"))

        def on_started(sandbox: Any) -> None:
            session.sandbox = sandbox
            session.connect(ObsClient(sandbox.url, password=sandbox.password))
            obs_known()

        def on_failed(reason: str) -> None:
            window.set_banner(OFFLINE_SANDBOX_FAILED)
            session.bridge.set_offline(reason)
            obs_known()

        starter.started.connect(on_started)
        starter.failed.connect(on_failed)
        session.sandbox_starter = starter
        session.sandbox_thread = starter.start()
    else:
        window.set_banner(OFFLINE_NO_OBS if with_obs else OFFLINE_BY_CHOICE)
        session.bridge.set_offline(_t("offline rehearsal: no OBS"))
        obs_known()
    return _run_window(app, window, session)


def _demo_show(window: MainWindow, session: ConsoleSession) -> Callable[[], None]:
    """Start reading the sample show (script, lexicon, playbooks: ~0.3 s cold) on a worker, not the GUI thread.

    Its title and camera roles label the window as soon as it is read. Returns
    ``obs_known()``, to call on the GUI thread once the OBS client (the
    sandbox's, or none) is final. When both are there the show's panels go in
    (started with F5) and OBS is settled (:meth:`ConsoleSession.settle_obs`),
    so a resume waiting for OBS replaces the demo. A resumed show that got in
    first is never replaced by the demo.
    """
    path = resource(*DEMO_SHOW)
    if not path.exists():
        return session.settle_obs
    from ui.windows.show_console import demo_build
    from ui.windows.show_opener import BackgroundCall, prepare_show

    state: dict[str, Any] = {"prepared": None, "obs": False, "done": False}

    def both_ready() -> None:
        if state["done"] or not state["obs"] or state["prepared"] is None:
            return
        state["done"] = True
        prepared = state["prepared"]
        if prepared is not False and session.show_console is None:
            show = demo_build(prepared, session.recorder, session.client, room=session.room)
            if show is not None:
                session.run_show(window, show)
        session.settle_obs()

    def ready(prepared: Any) -> None:
        if session.show_console is None:  # the roles on the camera tiles while the sandbox starts
            script = prepared.script
            window.set_show(script.show.title if script else path.stem, dict(script.show.scenes) if script else {})
        state["prepared"] = prepared
        both_ready()

    def failed(reason: str) -> None:
        log.warning("the demo show does not load: %s", reason)
        state["prepared"] = False
        both_ready()

    def obs_known() -> None:
        state["obs"] = True
        both_ready()

    BackgroundCall.run(session, "demo-load", lambda: prepare_show(str(path)), window, ready, failed)
    return obs_known
