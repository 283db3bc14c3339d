"""File → Open show…: a field controller's own script, checked off the GUI thread, run live or as a rehearsal.

The flow (GUI thread unless said):

1. a file dialog (or File → Recent shows, kept in QSettings ``shows/recent``);
2. :func:`console.show_assembly.prepare_show` on a ``show-load`` worker: the
   script is read, parsed and linted, and the compliance lexicon and default
   playbooks are read (files: never on the GUI thread);
3. errors → a dialog listing each as ``FILE:LINE:COL: error: message`` (and a
   toast); nothing else in the window changes;
4. :class:`StartModeDialog`: Live or Rehearsal (with a speed and, for a
   rehearsal, the simulated audience);
5. a show that is running is only replaced after the operator says so; one that
   has not started (or has ended) is simply replaced;
6. the ShowSession is built (``console.show_assembly.assemble_show``) and handed
   to :meth:`~ui.windows.show_host.ShowHost.run_show`, which attaches its
   panels and opens its intake. It starts with F5, as always.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.show_assembly import PreparedShow, assemble_show, prepare_show
from ui.panels.stream_controls import Confirm, ask_user
from ui.settings import recent_shows, remember_show
from ui.workers import Job, failure_text

log = logging.getLogger(__name__)

__all__ = ["PreparedShow", "ShowOpener", "StartChoice", "StartModeDialog", "prepare_show", "recent_shows"]


def _t(text: str) -> str:
    return QCoreApplication.translate("ShowOpener", text)


# ---------------------------------------------------------------- Live or Rehearsal
@dataclasses.dataclass(frozen=True)
class StartChoice:
    kind: str  # "live" | "rehearsal"
    speed: float = 1.0
    simulated_audience: bool = False


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class StartModeDialog(QDialog):
    """Run the loaded script live, or rehearse it (a speed, optionally a simulated audience)."""

    def __init__(self, prepared: PreparedShow, *, obs_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startModeDialog")
        self.setWindowTitle(_t("Open show"))
        script = prepared.script
        planned = sum(module.duration for module in script.modules)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("showSummary")
        self.summary.setWordWrap(True)
        self.summary.setText(_t("<b>{title}</b><br>{modules} modules, planned {planned}<br><small>{path}</small>")
                             .format(title=script.show.title, modules=len(script.modules), planned=_duration(planned),
                                     path=prepared.path))
        layout.addWidget(self.summary)
        if prepared.warnings:
            warnings = QLabel(_t("{count} warnings (listed in the event log)").format(count=len(prepared.warnings)),
                              self)
            warnings.setObjectName("showWarnings")
            layout.addWidget(warnings)
        self.live = QRadioButton(_t("&Live: the real show (cues to OBS, audience from the intake)"), self)
        self.live.setObjectName("modeLive")
        self.rehearsal = QRadioButton(_t("&Rehearsal: a practice run, recorded as a rehearsal"), self)
        self.rehearsal.setObjectName("modeRehearsal")
        self.group = QButtonGroup(self)
        self.group.addButton(self.live)
        self.group.addButton(self.rehearsal)
        layout.addWidget(self.live)
        layout.addWidget(self.rehearsal)
        form = QFormLayout()
        self.speed = QDoubleSpinBox(self)
        self.speed.setObjectName("rehearsalSpeed")
        self.speed.setRange(0.1, 100.0)
        self.speed.setDecimals(1)
        self.speed.setValue(1.0)
        self.speed.setSuffix(" ×")
        speed_label = QLabel(_t("&Speed"), self)
        speed_label.setBuddy(self.speed)
        form.addRow(speed_label, self.speed)
        self.simulated = QCheckBox(_t("Simulated &audience"), self)
        self.simulated.setObjectName("simulatedAudience")
        form.addRow("", self.simulated)
        layout.addLayout(form)
        self.no_obs = QLabel(_t("Live needs OBS: this window has no OBS connection."), self)
        self.no_obs.setObjectName("liveNeedsObs")
        self.no_obs.setWordWrap(True)
        layout.addWidget(self.no_obs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_t("Open show"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.live.setEnabled(obs_available)
        self.no_obs.setVisible(not obs_available)
        (self.live if obs_available else self.rehearsal).setChecked(True)
        self.live.toggled.connect(self._update)
        self._update()
        self.setMinimumWidth(460)

    def _update(self) -> None:
        rehearsal = self.rehearsal.isChecked()
        self.speed.setEnabled(rehearsal)
        self.simulated.setEnabled(rehearsal)

    def choice(self) -> StartChoice:
        if self.live.isChecked():
            return StartChoice("live")
        return StartChoice("rehearsal", self.speed.value(), self.simulated.isChecked())


def ask_start_mode(parent: QWidget, prepared: PreparedShow, obs_available: bool) -> StartChoice | None:
    dialog = StartModeDialog(prepared, obs_available=obs_available, parent=parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_script_path(parent: QWidget, start_dir: str) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(parent, _t("Open show"), start_dir,
                                                _t("Show scripts (*.yaml *.yml);;All files (*)"))
    return path or None


class ScriptErrorsDialog(QDialog):
    """The diagnostics of a script that does not load, one ``FILE:LINE:COL: error: message`` per line.

    Not modal (QDialog.open() would block the window): the window keeps
    working beside it, and the operator can fix the file with it in view. The
    list is selectable plain text in a fixed-width font, so positions line up
    and can be copied into an editor's "go to".
    """

    def __init__(self, path: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptErrors")
        self.setWindowTitle(_t("The show script has errors"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        layout = QVBoxLayout(self)
        self.heading = QLabel(_t("{file} does not load: {count} errors. Nothing was changed.").format(
            file=Path(path).name, count=len(lines)), self)
        self.heading.setObjectName("scriptErrorsHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("scriptErrorsList")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText("\n\n".join(lines))  # a blank line between two: a wrapped one reads as one
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(820, min(520, 140 + 22 * max(3, len(lines))))


# ---------------------------------------------------------------- the controller
class ShowOpener(QObject):
    """Wires File → Open show… and File → Recent shows of ``window`` to ``host`` (a ShowHost).

    ``choose_file``, ``choose_mode`` and ``confirm`` are the three questions
    it asks the operator; tests pass answers in.
    """

    #: (ShowPanels) the new show's panels are in the window.
    opened = Signal(object)
    #: (PreparedShow) the script did not load; nothing changed.
    rejected = Signal(object)

    def __init__(self, window: Any, host: Any, *,
                 choose_file: Callable[[QWidget, str], str | None] = ask_script_path,
                 choose_mode: Callable[[QWidget, PreparedShow, bool], StartChoice | None] = ask_start_mode,
                 confirm: Confirm = ask_user) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.choose_file = choose_file
        self.choose_mode = choose_mode
        self.confirm = confirm
        self.loading: Job | None = None
        self.error_box: ScriptErrorsDialog | None = None
        window.open_show_requested.connect(self.open_dialog)
        window.recent_show_requested.connect(self.open_path)

    def open_dialog(self) -> None:
        recent = recent_shows(self.window.settings)
        start_dir = str(Path(recent[0]).parent) if recent else str(Path.home())
        path = self.choose_file(self.window, start_dir)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> Job | None:
        """Check ``path`` on a worker; the rest follows on the GUI thread. None while another load runs."""
        if self.loading is not None:
            return None
        self.window.open_show_action.setEnabled(False)
        self.window.event_log.add_note(_t("Checking show script {path}…").format(path=path), False)
        targets_file = getattr(self.host, "targets_file", None)
        rules_path = getattr(self.host, "rules_path", None)
        self.loading = self.host.workers.start("show-load", lambda: prepare_show(path, targets_file, rules_path),
                                               returned=self._on_prepared,
                                               errored=self._on_load_failed)
        return self.loading

    def _done_loading(self) -> None:
        self.loading = None
        self.window.open_show_action.setEnabled(True)

    def _on_load_failed(self, error: BaseException) -> None:
        reason = failure_text(error)
        self._done_loading()
        self.window.notify(_t("The show script could not be read: {reason}").format(reason=reason), True)

    def _on_prepared(self, prepared: PreparedShow) -> None:
        self._done_loading()
        if prepared.script is None:
            self._show_errors(prepared)
            self.rejected.emit(prepared)
            return
        for warning in prepared.warnings:
            self.window.event_log.add_note(str(warning), False)
        client = self.host.client
        choice = self.choose_mode(self.window, prepared, client is not None)
        if choice is None:
            return
        if choice.kind == "live" and client is None:
            self.window.notify(_t("Live needs OBS: this window has no OBS connection."), True)
            return
        if not self.host.may_replace_show(self.window, self.confirm, prepared.script.show.title):
            return
        station = self.host.station
        session = assemble_show(prepared.script, recorder=station.recorder, obs=client, journal=station.journal,
                                kind=choice.kind, speed=choice.speed, room=station.room, script_path=prepared.path,
                                simulated_audience=choice.simulated_audience, matcher=prepared.matcher,
                                playbooks=prepared.playbooks, targets=prepared.targets,
                                rules=prepared.rules)
        panels = self.host.run_show(self.window, session)
        remember_show(self.window.settings, prepared.path)
        self.window.refresh_recent_menu()
        kind = _t("live") if choice.kind == "live" else _t("rehearsal")
        self.window.notify(_t("Show loaded ({kind}): {title} — press F5 to start").format(
            kind=kind, title=prepared.script.show.title), False)
        self.opened.emit(panels)

    def _show_errors(self, prepared: PreparedShow) -> None:
        errors = prepared.errors or prepared.diagnostics
        lines = [str(d) for d in errors]
        self.window.notify(lines[0] if lines else _t("The show script does not load"), True)
        for line in lines:
            self.window.event_log.add_note(line, True)
        box = ScriptErrorsDialog(prepared.path, lines, self.window)
        if self.error_box is not None:
            self.error_box.close()
        self.error_box = box
        box.show()
