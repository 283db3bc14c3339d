"""The adjustment rules' proposals (CONTRACTS §9.2 ``mode: propose``): a banner row with the reason, one key
to accept and one to dismiss, and the seconds left before it expires.

The banner shows the newest open proposal (and how many more wait). **F9**
accepts it, **Shift+F9** dismisses it (also the two buttons); its row hides
when nothing is open. Accepting runs the rule's action through the session's
rules facade (console.rules.session) on the GUI thread — the thread that ticks
the show — with the show clock's last instant, and records who accepted.

Threads: the facade's signals fire on the tick's thread, which in the window
is the GUI thread; they are re-emitted through :class:`RulesBridge` (queued),
the window's one way across threads, so the banner never runs inside the tick.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolBar, QWidget

from ui.theme import PROPOSAL_BACKGROUND, PROPOSAL_BORDER, TEXT

ACCEPT_KEY = "F9"
DISMISS_KEY = "Shift+F9"

_STYLE = ("QWidget#proposalBanner {{ background: {bg}; border: 2px solid {border}; }}"
          " QLabel {{ color: {text}; font-size: 13pt; font-weight: bold; padding: 2px 8px; }}")


def _t(text: str) -> str:
    return QCoreApplication.translate("ProposalBanner", text)


class RulesBridge(QObject):
    """The rules facade's signals, delivered queued on the GUI thread."""

    raised = Signal(object)
    closed = Signal(object)
    applied = Signal(object, bool, str)

    def __init__(self, rules: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rules = rules
        self._handlers = ((rules.proposal_raised, self._on_raised), (rules.proposal_closed, self._on_closed),
                          (rules.applied, self._on_applied))
        for signal, handler in self._handlers:
            signal.connect(handler)

    def detach(self) -> None:
        for signal, handler in self._handlers:
            signal.disconnect(handler)

    def _on_raised(self, proposal: Any) -> None:
        self.raised.emit(proposal)

    def _on_closed(self, proposal: Any) -> None:
        self.closed.emit(proposal)

    def _on_applied(self, rule: Any, ok: bool, detail: str) -> None:
        self.applied.emit(rule, ok, detail)


class ProposalBanner(QWidget):
    """One row: the proposal's reason, its countdown, Accept (F9) and Dismiss (Shift+F9)."""

    answered = Signal(object)  # the proposal, once accepted or dismissed here
    #: True while a proposal is open: the host shows the row (a widget in a QToolBar is shown and hidden
    #: through its row, not by itself — see ui/widgets/alarm_banner.py).
    active_changed = Signal(bool)

    def __init__(self, session: Any, clock: Any, bridge: RulesBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rules = session.rules
        self.clock = clock
        self.bridge = bridge
        self.setObjectName("proposalBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_STYLE.format(bg=PROPOSAL_BACKGROUND, border=PROPOSAL_BORDER, text=TEXT))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.accept_button = QPushButton(self)
        self.dismiss_button = QPushButton(self)
        self.accept_button.clicked.connect(self.accept)
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.dismiss_button)
        self.active = False
        self.shortcuts: list[QShortcut] = []
        bridge.raised.connect(lambda _proposal: self.refresh())
        bridge.closed.connect(lambda _proposal: self.refresh())
        clock.ticked.connect(lambda _mono: self._countdown())
        self.retranslate()
        self.refresh()

    def bind_keys(self, window: QWidget) -> None:
        """F9 / Shift+F9 anywhere in ``window``: the operator's hands are on the show keys, not on this row."""
        for key, slot in ((ACCEPT_KEY, self.accept), (DISMISS_KEY, self.dismiss)):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    def unbind_keys(self) -> None:
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.shortcuts = []

    def retranslate(self) -> None:
        self.accept_button.setText(_t("Accept (%1)").replace("%1", ACCEPT_KEY))
        self.dismiss_button.setText(_t("Dismiss (%1)").replace("%1", DISMISS_KEY))
        self.refresh()

    # ------------------------------------------------------------ state
    def current(self) -> Any | None:
        """The proposal the keys act on: the newest open one."""
        open_proposals = self.rules.open_proposals()
        return open_proposals[-1] if open_proposals else None

    def refresh(self) -> None:
        proposal = self.current()
        if (proposal is not None) != self.active:
            self.active = proposal is not None
            self.active_changed.emit(self.active)
        self._countdown()

    def _countdown(self) -> None:
        proposal = self.current()
        if proposal is None:
            if self.active:
                self.refresh()
            return
        left = max(0.0, proposal.expires_at - self.session.show_now(self.clock.mono)) if self.session.started else 0.0
        more = len(self.rules.open_proposals()) - 1
        text = (_t("Rule %1 proposes: %2 — expires in %3 s")
                .replace("%1", proposal.rule.title or proposal.rule.id)
                .replace("%2", proposal.reason()).replace("%3", f"{left:.0f}"))
        if more > 0:
            text += "   " + _t("(+%1 more)").replace("%1", str(more))
        self.label.setText(text)

    # ---------------------------------------------------------- commands
    def accept(self) -> None:
        self._answer(self.rules.accept)

    def dismiss(self) -> None:
        self._answer(self.rules.dismiss)

    def _answer(self, command: Any) -> None:
        proposal = self.current()
        if proposal is None:
            return
        try:
            command(proposal.id, self.clock.mono, who="operator")
        except ValueError:
            pass  # expired between the paint and the key: the refresh below shows what is left
        self.answered.emit(proposal)
        self.refresh()


def install_proposal_banner(window: Any, session: Any, clock: Any) -> dict[str, Any] | None:
    """The banner on its own full-width toolbar row (like the alarm row); None when the show has no rules.

    GUI thread. :func:`remove_proposal_banner` takes it out again.
    """
    if getattr(session, "rules", None) is None:
        return None
    bridge = RulesBridge(session.rules, window)
    banner = ProposalBanner(session, clock, bridge)
    toolbar = QToolBar(window)
    toolbar.setObjectName("proposalToolbar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.toggleViewAction().setVisible(False)
    toolbar.addWidget(banner)
    if hasattr(window, "addToolBarBreak"):
        window.addToolBarBreak()
        window.addToolBar(toolbar)
    toolbar.setVisible(banner.active)
    banner.active_changed.connect(toolbar.setVisible)
    banner.bind_keys(window)
    return {"bridge": bridge, "banner": banner, "toolbar": toolbar}


def remove_proposal_banner(window: Any, parts: dict[str, Any] | None) -> None:
    if parts is None:
        return
    parts["bridge"].detach()
    parts["banner"].unbind_keys()
    if hasattr(window, "removeToolBarBreak"):
        window.removeToolBarBreak(parts["toolbar"])
        window.removeToolBar(parts["toolbar"])
    parts["toolbar"].deleteLater()
    parts["bridge"].deleteLater()


__all__ = ["ACCEPT_KEY", "DISMISS_KEY", "ProposalBanner", "RulesBridge", "install_proposal_banner",
           "remove_proposal_banner"]
