"""Quick entry: the controller types the platform's figures when no feed gives them (issue 14 point 6).

oba's feed has no viewer counts, and every platform's data screen (抖音罗盘,
视频号助手, TikTok LIVE Center) shows online and GMV that no feed carries. Two
fields — **online** and **GMV** as read there — and Enter records them into
the show's audience pipeline, the same way as the intake's events:

- online → a ``viewers`` event, ``online`` as typed, ``entered`` 0 (nobody
  counted who came in), ``origin: "manual"``: the live KPIs (peak, average
  online) and the charts take it like any other viewer count;
- GMV → a ``manual_gmv`` event (an unknown kind: stored, counted in no KPI)
  with ``gmv`` and ``origin: "manual"``. It is **never added** to the
  console's GMV, which is Σ orders − refunds (CONTRACTS §4): a platform's
  GMV already includes the orders a feed delivered, so adding it would count
  them twice. This panel shows the last typed figure and when it was typed,
  beside the console's own GMV from orders, so the controller sees both.

Ctrl+M focuses the online field from anywhere in the window (a free key:
Help → Shortcuts lists the taken ones). Recording never waits: the pipeline's
future resolves on the recorder thread and comes back through a queued signal.
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.panels.base import Panel
from ui.theme import TEXT_SECONDARY

#: The key that focuses the online field.
FOCUS_KEY = "Ctrl+M"
#: What the events carry as their origin (CONTRACTS §3 extension: who typed the figure).
ORIGIN = "manual"
MANUAL_GMV_KIND = "manual_gmv"


def _t(text: str) -> str:
    return QCoreApplication.translate("QuickEntry", text)


def manual_events(ts: float, online: int | None, gmv: float | None) -> list[Any]:
    """The §3 events for one entry (either figure may be absent), validated as the intake does."""
    from console.audience.events import parse_object

    objects: list[dict[str, Any]] = []
    if online is not None:
        objects.append({"ts": ts, "kind": "viewers", "online": online, "entered": 0, "origin": ORIGIN})
    if gmv is not None:
        objects.append({"ts": ts, "kind": MANUAL_GMV_KIND, "gmv": gmv, "origin": ORIGIN})
    return [parse_object(obj) for obj in objects]


def _number(text: str) -> float | None:
    text = text.replace(",", "").replace("，", "").strip()
    return float(text) if text else None


class QuickEntry(Panel):
    scroll_when_short = True  # behind a tab in every workspace: scrolls rather than stretch the window
    """Online and GMV typed by the controller → ``viewers`` / ``manual_gmv`` events in the show's pipeline.

    ``session`` is the :class:`~console.session.ShowSession` (its ``submit``
    is the pipeline's sink); ``wall_clock`` stamps an entry (Unix seconds: the
    moment the controller pressed Enter). ``gmv_from_orders`` returns the
    console's own GMV now (shown for comparison; None hides it).
    """

    panel_id = "quick_entry"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    #: ``(kinds: list[str], error: str | None)`` once the pipeline answered; on the GUI thread.
    recorded = Signal(object, object)
    _answered = Signal(object, object)  # from the recorder thread → queued to the GUI thread

    def __init__(self, session: Any, *, wall_clock: Callable[[], float] = time.time,
                 gmv_from_orders: Callable[[], float | None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.wall_clock = wall_clock
        self.gmv_from_orders = gmv_from_orders
        self.online_field = QLineEdit(objectName="quickEntryOnline")
        self.online_field.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9][0-9,]{0,11}"), self))
        self.gmv_field = QLineEdit(objectName="quickEntryGmv")
        self.gmv_field.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9][0-9,]{0,14}(\.[0-9]{0,2})?"), self))
        for field in (self.online_field, self.gmv_field):
            field.returnPressed.connect(self.record)
        self.record_button = QPushButton(objectName="quickEntryRecord")
        self.record_button.clicked.connect(self.record)
        self.status_label = QLabel(objectName="quickEntryStatus")
        self.status_label.setWordWrap(True)
        self.note_label = QLabel(objectName="quickEntryNote")
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(f"color: {TEXT_SECONDARY};")
        self.online_label, self.gmv_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.online_label, self.online_field)
        form.addRow(self.gmv_label, self.gmv_field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        self.focus_action = QAction(self)
        self.focus_action.setObjectName("focusQuickEntry")
        self.focus_action.setShortcut(QKeySequence(FOCUS_KEY))
        self.focus_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.focus_action.triggered.connect(self.focus_entry)
        self._answered.connect(self._on_answered, Qt.ConnectionType.QueuedConnection)
        self.last_entry: tuple[float, int | None, float | None] | None = None
        self.retranslate()

    def title(self) -> str:
        return _t("Quick entry")

    def retranslate(self) -> None:
        self.online_label.setText(_t("Online now"))
        self.gmv_label.setText(_t("Platform GMV"))
        self.online_field.setPlaceholderText(_t("as on the platform's data screen"))
        self.gmv_field.setPlaceholderText(_t("as on the platform's data screen"))
        self.record_button.setText(_t("Record (Enter)"))
        self.focus_action.setText(_t("Quick entry: type online / GMV"))
        self.note_label.setText(_t("Typed GMV is kept beside the console's GMV from orders, never added to it."))
        self._show_last()

    def focus_entry(self) -> None:
        """Ctrl+M: bring the panel's dock up and put the cursor in the online field."""
        dock = self.parentWidget()
        if dock is not None and hasattr(dock, "raise_"):
            dock.show()
            dock.raise_()
        self.online_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.online_field.selectAll()

    def record(self) -> None:
        """Record what is typed (either field may be empty); the fields clear once it is sent."""
        try:
            online_value = _number(self.online_field.text())
            gmv = _number(self.gmv_field.text())
        except ValueError:
            self.status_label.setText(_t("Type digits only, e.g. 1520 or 12,345.50"))
            return
        online = None if online_value is None else int(online_value)
        if online is None and gmv is None:
            self.status_label.setText(_t("Type the online count, the GMV, or both, then press Enter"))
            return
        wall = self.wall_clock()
        # Show-clock seconds, as the rest of the show's events (a rehearsal at speed X runs X times faster).
        show_unix = getattr(self.session, "show_unix", None)
        ts = show_unix(wall) if show_unix is not None else wall
        try:
            events = manual_events(ts, online, gmv)
        except ValueError as exc:
            self.status_label.setText(str(exc))
            return
        self.online_field.clear()
        self.gmv_field.clear()
        self.status_label.setText(_t("Recording…"))
        pending = (ts, online, gmv)
        future: Future = self.session.submit(events)
        future.add_done_callback(lambda done: self._answered.emit(pending, done.exception()))

    def _on_answered(self, entry: tuple[float, int | None, float | None], error: BaseException | None) -> None:
        kinds = [kind for kind, value in (("viewers", entry[1]), (MANUAL_GMV_KIND, entry[2])) if value is not None]
        if error is not None:
            self.status_label.setText(_t("Not recorded: {reason}").format(reason=error))
            self.recorded.emit(kinds, str(error))
            return
        self.last_entry = entry
        self._show_last()
        self.recorded.emit(kinds, None)

    def _show_last(self) -> None:
        if self.last_entry is None:
            self.status_label.setText(_t("Nothing typed yet in this show"))
            return
        ts, online, gmv = self.last_entry
        parts = []
        if online is not None:
            parts.append(_t("Online {n}").format(n=f"{online:,}"))
        if gmv is not None:
            parts.append(_t("Platform GMV {amount}").format(amount=f"¥{gmv:,.2f}"))
        own = self.gmv_from_orders() if self.gmv_from_orders is not None and gmv is not None else None
        lines = [_t("Recorded at {time}:").format(time=time.strftime("%H:%M:%S", time.localtime(ts))), *parts]
        if own is not None:
            lines.append(_t("Console GMV from orders then: {amount}").format(amount=f"¥{own:,.2f}"))
        text = "\n".join(lines)
        self.status_label.setText(text)

