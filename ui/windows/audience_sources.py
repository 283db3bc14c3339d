"""File → Audience sources…: which audience sources a script's shows take, remembered per script.

The choice is one line of ``KIND[:TARGET]`` specs (CONTRACTS §8) kept in the
window's settings under a key derived from the script's path, so the next show
of that script starts with the same feeds. ``liveroom demo --source …`` (the
station's ``sources``) overrides it for every show of the process.

Threads: the dialog and the settings on the GUI thread; starting and stopping
sources joins threads and may read the keyring, so it runs on the host's
workers (``intake-open`` when a show opens, ``sources-apply`` when the choice
changes while a show is open).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from console.sources import registry
from console.sources.spec import SourceSpec, SourceSpecError, format_source_specs, parse_source_spec

log = logging.getLogger(__name__)

#: Settings group of the remembered choices; the key is a digest of the script's resolved path.
SOURCES_GROUP = "audience_sources"


def _t(text: str) -> str:
    return QCoreApplication.translate("AudienceSources", text)


def _key(script_path: str) -> str:
    resolved = str(Path(script_path).resolve())
    return f"{SOURCES_GROUP}/{hashlib.sha256(resolved.encode('utf-8')).hexdigest()[:20]}"


def remembered_sources(settings: Any, script_path: str | None) -> list[SourceSpec]:
    """The specs remembered for ``script_path`` (none when never chosen; a spec that no longer resolves is
    kept, and reported when the show starts it)."""
    if not script_path:
        return []
    specs = []
    for part in str(settings.value(_key(script_path), "") or "").split():
        try:
            specs.append(parse_source_spec(part))
        except SourceSpecError as exc:
            log.warning("a remembered audience source is unreadable: %s", exc)
    return specs


def remember_sources(settings: Any, script_path: str, specs: list[SourceSpec]) -> None:
    settings.setValue(_key(script_path), format_source_specs(specs))
    settings.sync()


def check_lines(text: str) -> tuple[list[SourceSpec], list[str]]:
    """One spec per line (blank lines and ``#`` comments skipped) → resolved specs and one error per bad line."""
    specs, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            specs.append(registry.parse_and_resolve(line))
        except SourceSpecError as exc:
            errors.append(_t("line {number}: {reason}").format(number=number, reason=str(exc)))
    return specs, errors


def target_help(kind: Any) -> str:
    """What TARGET is for ``kind`` (a registry SourceKind), in the operator's language where we know the kind."""
    known = {"oba": _t("ws://HOST:PORT of oba-live-tool's or LiveDeck's broadcast (default ws://127.0.0.1:12354)"),
             "tiktok": _t("@unique_id of the TikTok LIVE host")}
    return known.get(kind.kind, kind.target_help)


def open_audience(show: Any, address: str | None) -> str | None:
    """The ``intake-open`` job: the intake (when the station has one), then the show's sources; one line per
    part that is off, or None. A worker thread: the keyring and the sources' threads."""
    lines = []
    if address:
        warning = show.open_intake(address)
        if warning:
            lines.append(warning)
    lines.extend(show.start_sources())
    return "\n".join(lines) or None


class AudienceSourcesDialog(QDialog):
    """Edit the list of ``KIND:TARGET`` lines; OK only when every line resolves (the errors say why)."""

    def __init__(self, specs: list[SourceSpec], script_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audienceSourcesDialog")
        self.setWindowTitle(_t("Audience sources"))
        self.specs: list[SourceSpec] = list(specs)
        layout = QVBoxLayout(self)
        intro = QLabel(_t("Audience sources of “{title}”, one per line as KIND:TARGET. They start when the "
                          "show opens; events count from then on (before the start: pre-show).")
                       .format(title=script_title), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        kinds = "\n".join(f"• {kind.kind}: {target_help(kind)}" for kind in registry.known_kinds())
        self.kinds_label = QLabel(_t("Known kinds:") + "\n" + kinds, self)
        self.kinds_label.setObjectName("knownKinds")
        self.kinds_label.setWordWrap(True)
        layout.addWidget(self.kinds_label)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("sourceLines")
        self.editor.setPlaceholderText("oba:ws://127.0.0.1:12354")
        self.editor.setPlainText("\n".join(str(spec) for spec in specs))
        layout.addWidget(self.editor, 1)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("sourceErrors")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def accept(self) -> None:
        specs, errors = check_lines(self.editor.toPlainText())
        if errors:
            self.error_label.setText("\n".join(errors))
            self.error_label.show()
            return
        self.specs = specs
        super().accept()


class AudienceSourcesMenu(QObject):
    """File → Audience sources… in ``window`` for the show ``host`` has open."""

    def __init__(self, window: Any, host: Any, *,
                 run_dialog: Callable[[AudienceSourcesDialog], int] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.run_dialog = run_dialog or (lambda dialog: dialog.exec())
        self.action = QAction(window)
        self.action.setObjectName("audienceSources")
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())
        window.file_menu.insertAction(window.settings_action, self.action)
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(_t("Audience sources…"))
        self.action.setToolTip(_t("Which platform feeds this script's shows take (remembered per script)"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def open_dialog(self) -> AudienceSourcesDialog | None:
        panels = self.host.panels
        if panels is None:
            QMessageBox.information(self.window, _t("Audience sources"),
                                    _t("Open a show first: the sources are chosen per script."))
            return None
        show = panels.session
        script_path = show.runtime.script_path
        dialog = AudienceSourcesDialog(list(show.sources.specs), show.script.show.title, self.window)
        if not self.run_dialog(dialog):
            return dialog
        if script_path:
            remember_sources(self.window.settings, str(script_path), dialog.specs)
        specs = dialog.specs

        def reported(warning: list[str]) -> None:
            for line in warning:
                self.window.notify(line, True)

        self.host.workers.start("sources-apply", lambda: show.sources.replace(specs), returned=reported)
        return dialog
