"""The crash-recovery offer in the window (issue 9, UI half of docs/recovery.md).

At start-up, once the database is open, :meth:`RecoveryOffer.check` asks
``console.recovery.find_interrupted`` for this room's interrupted shows on a
``recovery-check`` worker thread. For each one found a full-width amber row
appears under the toolbars — not a modal dialog: the operator may be busy
getting OBS back first — saying what was on air and for how long the console
was gone, with three buttons:

- **Resume show** (Alt+R): ``console.show_assembly.load_resumed_show`` on a
  ``recovery-load`` worker (it reads the database and replays the run of
  show), then on the GUI thread the show is put in the window
  (:meth:`ui.windows.show_host.ShowHost.run_show` with ``resume=True``: the ShowClock
  resumes it on its recorded clock; F5 stays disabled). The show gets the
  window's OBS client — a live show is never resumed without one — and, in
  the demo, waits for the sandbox to be up or known absent. A show that has
  not started is replaced; a running one only after the operator agrees.
- **End it** (Alt+E): ``abandon`` on a worker: recorded as ended early at
  its last sign of life.
- **Later** (Alt+L): the row goes away until the next start-up.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolBar, QWidget

from ui.panels.stream_controls import Confirm, ask_user
from ui.workers import Job, failure_text
from ui.theme import RECOVERY_BANNER_BACKGROUND, RECOVERY_BANNER_BORDER

log = logging.getLogger(__name__)

#: The "console stopped n s ago" text is redrawn this often while the row is up:
#: display only (the show's own clock is the ShowClock's).
DOWN_REFRESH_MS = 1000

#: The offer's text gets at least this width (pixels) before it wraps; the buttons take the rest.
LABEL_MIN_WIDTH = 640

_STYLE = (f"QFrame#recoveryBanner {{ background: {RECOVERY_BANNER_BACKGROUND}; "
          f"border: 2px solid {RECOVERY_BANNER_BORDER}; }}"
          " QFrame#recoveryBanner QLabel { color: white; font-size: 12pt; }"
          " QFrame#recoveryBanner QPushButton { padding: 3px 12px; }")


def _t(text: str) -> str:
    return QCoreApplication.translate("RecoveryOffer", text)


def clock_text(seconds: float) -> str:
    """Show seconds as mm:ss (h:mm:ss past an hour)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def down_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 120:
        return _t("{n} s ago").format(n=seconds)
    if seconds < 7200:
        return _t("{n} min ago").format(n=seconds // 60)
    return _t("{n} h ago").format(n=seconds // 3600)


def offer_text(item: Any, down_s: float) -> str:
    module = item.module_title or item.module_id or _t("(not started)")
    kind = _t("live") if item.kind == "live" else _t("rehearsal")
    return _t("Show interrupted: {title} ({kind}) — module {module} at {clock}, console stopped {down}, "
              "{incidents} open incidents.").format(title=item.title, kind=kind, module=module,
                                                    clock=clock_text(item.show_t), down=down_text(down_s),
                                                    incidents=item.open_incidents)


class RecoveryBanner(QFrame):
    """The offer's row: what was interrupted, and Resume show / End it / Later."""

    resume_clicked = Signal()
    end_clicked = Signal()
    later_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBanner")
        self.setStyleSheet(_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel(self)
        self.label.setObjectName("recoveryText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # A toolbar sizes the row from the label's size hint, which a wrapping label computes at a
        # narrow width (four lines tall for one line of text): a minimum width keeps it to one or two.
        self.label.setMinimumWidth(LABEL_MIN_WIDTH)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.resume_button = QPushButton(self)
        self.resume_button.setObjectName("resumeShow")
        self.resume_button.setDefault(True)
        self.end_button = QPushButton(self)
        self.end_button.setObjectName("endInterrupted")
        self.later_button = QPushButton(self)
        self.later_button.setObjectName("recoverLater")
        for button, signal in ((self.resume_button, self.resume_clicked), (self.end_button, self.end_clicked),
                               (self.later_button, self.later_clicked)):
            button.clicked.connect(signal)
            layout.addWidget(button)
        self.retranslate()

    def retranslate(self) -> None:
        self.resume_button.setText(_t("&Resume show"))
        self.resume_button.setToolTip(_t("Continue the show where it was: same module, its clock never stopped"))
        self.end_button.setText(_t("&End it"))
        self.end_button.setToolTip(_t("Record it as ended early at its last sign of life"))
        self.later_button.setText(_t("&Later"))
        self.later_button.setToolTip(_t("Hide this until the console starts again"))

    def set_busy(self, busy: bool) -> None:
        for button in (self.resume_button, self.end_button, self.later_button):
            button.setEnabled(not busy)


class RecoveryOffer(QObject):
    """Finds this room's interrupted shows and offers to resume or end each (GUI thread)."""

    #: (list[Interrupted]) the look-up finished (empty when there is nothing to offer).
    checked = Signal(object)
    #: (ShowPanels) an interrupted show runs again in the window.
    resumed = Signal(object)
    #: (show_id) an interrupted show was recorded as ended early.
    ended = Signal(str)
    #: (reason) a resume or an end failed; the offer stays.
    failed = Signal(str)

    def __init__(self, window: Any, host: Any, *, confirm: Confirm = ask_user) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.confirm = confirm
        self.items: list[Any] = []
        self.current: Any = None
        self._job: Job | None = None
        self._agreed_to_stop: Any = None  # the running show the operator agreed to stop for a resume
        self.banner = RecoveryBanner()
        self.banner.resume_clicked.connect(self.resume)
        self.banner.end_clicked.connect(self.end_it)
        self.banner.later_clicked.connect(self.later)
        # Its own full-width row under the connection bar and the actions, like the alarm row.
        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("recoveryToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.toggleViewAction().setVisible(False)
        self.toolbar.setStyleSheet("QToolBar#recoveryToolbar { border: 0; padding: 0; spacing: 0; }")
        self.toolbar.addWidget(self.banner)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.toolbar.setVisible(False)
        # View → Reset layout restores this: without the row in it, the row would land beside the actions.
        window.refresh_default_layout()
        self.timer = QTimer(self)
        self.timer.setInterval(DOWN_REFRESH_MS)
        self.timer.timeout.connect(self._update_text)

    @property
    def visible(self) -> bool:
        """The row is up (shown whenever the window is)."""
        return not self.toolbar.isHidden()

    # ------------------------------------------------------------ finding
    def check(self) -> Job:
        """Look for interrupted shows of this room on a worker thread; the row shows when there are any."""
        from console.recovery import find_interrupted

        engine, room = self.host.engine, self.host.room
        return self.host.workers.start("recovery-check", lambda: find_interrupted(engine, room=room),
                                       returned=self._on_found, errored=self._on_check_failed)

    def _on_check_failed(self, error: BaseException) -> None:
        log.warning("looking for interrupted shows failed: %s", failure_text(error))
        self.checked.emit([])

    def _on_found(self, items: list[Any]) -> None:
        self.items = list(items)
        self._show_next()
        self.checked.emit(list(items))

    def _show_next(self) -> None:
        self.current = self.items.pop(0) if self.items else None
        if self.current is None:
            self.timer.stop()
            self.toolbar.setVisible(False)
            return
        self.banner.set_busy(False)
        self._update_text()
        self.toolbar.setVisible(True)
        self.timer.start()

    def _update_text(self) -> None:
        item = self.current
        if item is None:
            return
        self.banner.label.setText(offer_text(item, time.time() - item.beat_wall))

    # ------------------------------------------------------------ answers
    def later(self) -> None:
        item = self.current
        if item is not None:
            self.window.event_log.add_note(
                _t("Interrupted show {title} left for later").format(title=item.title), False)
        self.items = []
        self._show_next()

    def end_it(self) -> None:
        item = self.current
        if item is None or self._job is not None:
            return
        from console.recovery import abandon

        engine = self.host.engine
        self.banner.set_busy(True)
        self._job = self.host.workers.start("recovery-end", lambda: abandon(engine, item.show_id),
                                            returned=self._on_ended, errored=self._on_job_failed)

    def _on_ended(self, _done: Any) -> None:
        self._job = None
        item = self.current
        self.window.notify(_t("Ended: {title} (recorded as ended early)").format(title=item.title), False)
        self.ended.emit(item.show_id)
        self._show_next()

    def resume(self) -> None:
        item = self.current
        if item is None or self._job is not None:
            return
        if not self.host.may_replace_show(self.window, self.confirm, item.title):
            return
        self._agreed_to_stop = self.host.panels if self.host.show_running else None
        self.banner.set_busy(True)
        if not self.host.obs_settled:
            self.banner.label.setText(_t("Resuming {title}: waiting for OBS…").format(title=item.title))
            self.timer.stop()
        self.host.when_obs_settled(lambda: self._load(item))

    def _load(self, item: Any) -> None:
        from console.show_assembly import load_resumed_show

        station = self.host.station
        engine, recorder, client, journal = station.engine, station.recorder, station.client, station.journal
        refusal = _t("a live show is only resumed with OBS, and this window has none")

        def load() -> Any:
            return load_resumed_show(engine, item.show_id, recorder=recorder, obs=client, journal=journal,
                                     no_obs_refusal=refusal)

        self._job = self.host.workers.start("recovery-load", load, returned=self._on_loaded,
                                            errored=self._on_job_failed)

    def _on_loaded(self, session: Any) -> None:
        self._job = None
        item = self.current
        # Asked (again) only when a show was started while this one loaded.
        started_meanwhile = self.host.show_running and self.host.panels is not self._agreed_to_stop
        if started_meanwhile and not self.host.may_replace_show(self.window, self.confirm, item.title):
            session.close(0.0)
            self.banner.set_busy(False)
            self._update_text()
            self.timer.start()
            return
        try:
            panels = self.host.run_show(self.window, session, resume=True)
        except Exception as exc:
            log.exception("resuming %s failed", item.show_id)
            self._on_job_failed(exc)
            return
        self.resumed.emit(panels)
        self._show_next()

    def _on_job_failed(self, error: BaseException) -> None:
        reason = failure_text(error)
        self._job = None
        item = self.current
        title = item.title if item is not None else ""
        self.window.notify(_t("Cannot resume or end {title}: {reason}").format(title=title, reason=reason), True)
        self.banner.set_busy(False)
        self._update_text()
        self.timer.start()
        self.failed.emit(reason)

    def stop(self) -> None:
        self.timer.stop()

