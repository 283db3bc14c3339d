"""The run-of-show timeline: modules as blocks, the current one with its countdown, over/under, next cue.

Blocks are scaled to each module's planned duration (the current one to its
planned duration after extend/shorten). The current block fills with its
progress and takes the phase colour: blue while on time, amber in the last
minute (the run-of-show's warning phase), red once overrun, grey while held.
Double-clicking a block jumps to that module.

Keys (window-wide, so they work from any dock; a focused text field keeps its
letters): N next, H hold/resume, E extend +1 min, Shift+E shorten −1 min.

Repaint: the ShowClock's ``ticked`` (10 Hz) updates the texts only when they
change (the countdown shows whole seconds) and repaints the bar.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPen, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.panels.base import Panel
from ui.theme import DONE_MODULE, PENDING_MODULE, PHASE_COLOURS, TEXT, TEXT_SECONDARY, WHITE

#: Extend/shorten step of the E / Shift+E keys (seconds).
EXTEND_STEP_S = 60.0



def _t(text: str) -> str:
    return QCoreApplication.translate("TimelinePanel", text)


def format_clock(seconds: float) -> str:
    """``mm:ss`` (``h:mm:ss`` past an hour) of a non-negative duration, rounded up so a countdown hits 0:00 at 0."""
    total = int(seconds + 0.999) if seconds > 0 else 0
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def format_signed(seconds: float) -> str:
    """Over/under rounded to the second: ``+01:05`` over plan, ``−00:30`` under, ``±00:00`` on time."""
    whole = int(round(abs(seconds)))
    sign = "±" if whole == 0 else ("+" if seconds > 0 else "−")
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


class TimelineBar(QWidget):
    """The blocks. ``jump_requested(module_id)`` on double-click."""

    jump_requested = Signal(str)

    def __init__(self, script: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.script = script
        self.status: Any = None
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(_t("Double-click a module to jump to it"))

    def set_status(self, status: Any) -> None:
        self.status = status
        self.update()

    def sizeHint(self):  # noqa: N802
        size = super().sizeHint()
        size.setHeight(36)
        return size

    def durations(self) -> list[float]:
        durations = [module.duration for module in self.script.modules]
        status = self.status
        if status is not None and status.index is not None and status.state == "running":
            durations[status.index] = max(1.0, status.planned_duration)
        return durations

    def block_rects(self) -> list[QRectF]:
        durations = self.durations()
        total = sum(durations) or 1.0
        width = max(1.0, self.width() - 2.0)
        rects, x = [], 1.0
        for duration in durations:
            w = width * duration / total
            rects.append(QRectF(x, 2.0, max(2.0, w - 2.0), self.height() - 4.0))
            x += w
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        status = self.status
        current = status.index if status is not None and status.state == "running" else None
        done = {entry.index for entry in (status.timeline if status is not None else ()) if entry.end is not None}
        font = QFont(self.font())
        painter.setFont(font)
        for index, (rect, module) in enumerate(zip(self.block_rects(), self.script.modules, strict=True)):
            if index == current:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(PENDING_MODULE))
                painter.drawRoundedRect(rect, 4, 4)
                progress = 0.0
                if status.planned_duration > 0:
                    progress = min(1.0, max(0.0, status.elapsed / status.planned_duration))
                fill = QRectF(rect)
                fill.setWidth(rect.width() * progress)
                painter.setBrush(QColor(PHASE_COLOURS.get(status.phase, PHASE_COLOURS["normal"])))
                painter.drawRoundedRect(fill, 4, 4)
                painter.setPen(QPen(QColor(WHITE), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect, 4, 4)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(DONE_MODULE if index in done else PENDING_MODULE))
                painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor(TEXT if index == current else TEXT_SECONDARY))
            text = painter.fontMetrics().elidedText(module.title, Qt.TextElideMode.ElideRight,
                                                    int(rect.width()) - 8)
            painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             text)
        painter.end()

    def index_at(self, x: float) -> int | None:
        for index, rect in enumerate(self.block_rects()):
            if rect.left() - 1 <= x <= rect.right() + 1:
                return index
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.index_at(event.position().x())
        if index is not None:
            self.jump_requested.emit(self.script.modules[index].id)


class TimelinePanel(Panel):
    panel_id = "timeline"
    default_area = Qt.DockWidgetArea.TopDockWidgetArea

    def __init__(self, session: Any, clock: Any, bridge: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.script = session.script
        self.status: Any = None
        self._texts: dict[str, str] = {}

        self.bar = TimelineBar(self.script, self)
        self.bar.jump_requested.connect(self.jump)
        self.module_label = QLabel(self)
        self.module_label.setObjectName("timelineModule")
        self.countdown_label = QLabel(self)
        self.countdown_label.setObjectName("timelineCountdown")
        big = QFont(self.font())
        big.setPointSize(max(15, int(big.pointSize() * 1.8)))
        big.setBold(True)
        self.countdown_label.setFont(big)
        self.module_over_label = QLabel(self)
        self.show_over_label = QLabel(self)
        self.next_cue_label = QLabel(self)
        self.next_cue_label.setObjectName("timelineNextCue")
        self.next_cue_label.setTextFormat(Qt.TextFormat.PlainText)

        self.previous_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.hold_button = QPushButton(self)
        self.extend_button = QPushButton(self)
        self.shorten_button = QPushButton(self)
        self.previous_button.clicked.connect(lambda: self.command("previous"))
        self.next_button.clicked.connect(self.next_module)
        self.hold_button.clicked.connect(self.toggle_hold)
        self.extend_button.clicked.connect(self.extend)
        self.shorten_button.clicked.connect(self.shorten)

        info = QGridLayout()
        info.setHorizontalSpacing(16)
        info.addWidget(self.countdown_label, 0, 0, 2, 1)
        info.addWidget(self.module_label, 0, 1)
        info.addWidget(self.next_cue_label, 1, 1)
        info.addWidget(self.module_over_label, 0, 2)
        info.addWidget(self.show_over_label, 1, 2)
        info.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        for button in (self.previous_button, self.next_button, self.hold_button, self.extend_button,
                       self.shorten_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the window's shortcuts
            buttons.addWidget(button)
        buttons.addStretch(1)
        info.addLayout(buttons, 0, 3, 2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addWidget(self.bar)
        layout.addLayout(info)

        self.shortcuts = []
        for key, slot in (("N", self.next_module), ("H", self.toggle_hold), ("E", self.extend),
                          ("Shift+E", self.shorten)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

        clock.ticked.connect(self._on_tick)
        if bridge is not None:
            bridge.changed.connect(self.refresh)
        self.retranslate()
        self.refresh()

    # ------------------------------------------------------------ commands
    def command(self, name: str, *args: Any) -> list[Any]:
        if not self.session.started:
            return []
        return self.clock.command(name, *args)

    def next_module(self) -> None:
        self.command("next")

    def toggle_hold(self) -> None:
        status = self.clock.status()
        self.command("resume" if status.held else "hold")

    def extend(self) -> None:
        self.command("extend", EXTEND_STEP_S)

    def shorten(self) -> None:
        self.command("shorten", EXTEND_STEP_S)

    def jump(self, module_id: str) -> None:
        self.command("jump", module_id)

    # ------------------------------------------------------------ view
    def title(self) -> str:
        return _t("Run of show")

    def retranslate(self) -> None:
        self.previous_button.setText(_t("◀ Previous"))
        self.next_button.setText(_t("Next ▶ (N)"))
        self.extend_button.setText(_t("+1 min (E)"))
        self.shorten_button.setText(_t("−1 min (⇧E)"))
        self._texts.clear()
        self.refresh()

    def _set(self, label: QLabel, key: str, text: str) -> None:
        if self._texts.get(key) != text:
            self._texts[key] = text
            label.setText(text)

    def _on_tick(self, _mono: float) -> None:
        self.refresh()

    def refresh(self) -> None:
        status = self.clock.status()
        self.status = status
        self.bar.set_status(status)
        held = bool(status.held)
        self._set(self.hold_button, "hold", _t("Resume (H)") if held else _t("Hold (H)"))
        running = status.state == "running"
        for button in (self.previous_button, self.next_button, self.hold_button, self.extend_button,
                       self.shorten_button):
            button.setEnabled(running)
        if status.state == "idle":
            total = format_clock(self.script.planned_total)
            self._set(self.module_label, "module", _t("Not started — {n} modules, {total} planned").format(
                n=len(self.script.modules), total=total))
            self._set(self.countdown_label, "countdown", "--:--")
            self._set(self.next_cue_label, "cue", "")
            self._set(self.module_over_label, "module_over", "")
            self._set(self.show_over_label, "show_over", "")
            self._style("idle")
            return
        if status.state == "ended":
            self._set(self.module_label, "module", _t("Show ended"))
            self._set(self.countdown_label, "countdown", "00:00")
            self._set(self.next_cue_label, "cue", "")
            self._set(self.module_over_label, "module_over", "")
            self._set(self.show_over_label, "show_over",
                      _t("Show {value}").format(value=format_signed(status.show_over_under)))
            self._style("ended")
            return
        module = status.module
        remaining = status.remaining
        countdown = format_clock(remaining) if remaining >= 0 else "+" + format_clock(-remaining)
        self._set(self.countdown_label, "countdown", countdown)
        phase_text = {"held": _t("HELD"), "warning": _t("last minute"), "overrun": _t("OVERRUN")}.get(status.phase)
        title = f"{status.index + 1}/{len(self.script.modules)}  {module.title}"
        if phase_text:
            title += f"  · {phase_text}"
        self._set(self.module_label, "module", title)
        cue = status.next_cue
        self._set(self.next_cue_label, "cue", _t("Next cue in {due}: {what}").format(
            due=format_clock(cue.due_in), what=cue.cue.describe()) if cue is not None else _t("No more cues"))
        self._set(self.module_over_label, "module_over",
                  _t("Module {value}").format(value=format_signed(status.module_over_under)))
        self._set(self.show_over_label, "show_over",
                  _t("Show {value}").format(value=format_signed(status.show_over_under)))
        self._style(status.phase)

    def _style(self, phase: str) -> None:
        if self._texts.get("phase") == phase:
            return
        self._texts["phase"] = phase
        colour = PHASE_COLOURS.get(phase, PHASE_COLOURS["normal"])
        if phase in ("idle", "ended"):
            colour = TEXT_SECONDARY
        self.countdown_label.setStyleSheet(f"color: {colour};")
        self.setProperty("phase", phase)

    def save_state(self, settings: QSettings) -> None:
        pass

    def restore_state(self, settings: QSettings) -> None:
        pass
