"""Event log: every action the console sent (result, latency), every state change, newest first.

The model keeps a bounded buffer (:data:`MAX_ROWS`); the oldest rows fall off
the bottom. Filtering (text and minimum level) is a proxy model, so the
buffer is never copied. Thumbnail screenshots are not logged (several a
second; they are not the operator's actions), like the journal does.
"""

from __future__ import annotations

import collections
import dataclasses
import time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from console.obs.journal import UNRECORDED_REQUESTS
from console.obs.model import ConnectionState, ObsResult
from ui.bridges.obs_bridge import ObsBridge
from ui.panels.base import Panel
from ui.theme import LOG_LEVEL_COLOURS

#: A 3-hour show sends a few thousand actions; beyond that the database has them.
MAX_ROWS = 5000
LEVELS = ("info", "warning", "error")
LEVEL_COLOURS = {level: QColor(colour) for level, colour in LOG_LEVEL_COLOURS.items()}


def _t(text: str) -> str:
    return QCoreApplication.translate("EventLog", text)


@dataclasses.dataclass(frozen=True, slots=True)
class LogEntry:
    ts: float
    level: str  # info | warning | error
    source: str  # "action", "state", "switch", …
    message: str
    latency_ms: float | None = None


def summarize_params(params: dict[str, Any], limit: int = 80) -> str:
    text = ", ".join(f"{key}={value}" for key, value in params.items())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def entry_for_result(result: ObsResult) -> LogEntry:
    params = summarize_params(result.params)
    head = f"{result.request}({params})" if params else result.request
    if result.ok:
        return LogEntry(result.ts, "info", result.origin, f"{head} → ok", result.latency_ms)
    return LogEntry(result.ts, "error", result.origin, f"{head} → {result.error_text}", result.latency_ms)


def entry_for_state(state: ConnectionState, reason: str, now: float) -> LogEntry:
    level = {ConnectionState.OK: "info", ConnectionState.CONNECTING: "info",
             ConnectionState.RECONNECTING: "warning"}.get(state, "error")
    return LogEntry(now, level, "connection", f"{state.value}: {reason}")


class EventLogModel(QAbstractTableModel):
    COLUMNS = ("time", "level", "source", "message", "latency")

    def __init__(self, max_rows: int = MAX_ROWS) -> None:
        super().__init__()
        self.max_rows = max_rows
        # Newest at index 0 = row 0.
        self._rows: collections.deque[LogEntry] = collections.deque()

    def add(self, entry: LogEntry) -> None:
        if len(self._rows) >= self.max_rows:
            last = len(self._rows) - 1
            self.beginRemoveRows(QModelIndex(), last, last)
            self._rows.pop()
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.appendleft(entry)
        self.endInsertRows()

    def entry(self, row: int) -> LogEntry:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (_t("Time"), _t("Level"), _t("Source"), _t("Message"), _t("Latency"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return time.strftime("%H:%M:%S", time.localtime(entry.ts)) + f".{int(entry.ts * 1000) % 1000:03d}"
            if column == 1:
                return {"info": _t("info"), "warning": _t("warning"), "error": _t("error")}[entry.level]
            if column == 2:
                return entry.source
            if column == 3:
                return entry.message
            if column == 4:
                return "" if entry.latency_ms is None else f"{entry.latency_ms:.1f} ms"
        elif role == Qt.ItemDataRole.ForegroundRole:
            return LEVEL_COLOURS[entry.level]
        elif role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return entry.message
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))


class EventLogFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.min_level = "info"

    def set_text(self, text: str) -> None:
        self._change(lambda: setattr(self, "text", text.casefold().strip()))

    def set_min_level(self, level: str) -> None:
        self._change(lambda: setattr(self, "min_level", level))

    def _change(self, apply) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, EventLogModel)
        entry = model.entry(source_row)
        if LEVELS.index(entry.level) < LEVELS.index(self.min_level):
            return False
        if self.text and self.text not in f"{entry.source} {entry.message}".casefold():
            return False
        return True


class EventLog(Panel):
    panel_id = "event_log"
    default_area = Qt.DockWidgetArea.BottomDockWidgetArea

    def __init__(self, bridge: ObsBridge, parent: QWidget | None = None, *, max_rows: int = MAX_ROWS) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = EventLogModel(max_rows)
        self.proxy = EventLogFilter()
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("logFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        # Only on click or Ctrl+L: digits typed for the cameras must not land here.
        self.filter_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.level_combo = QComboBox(self)
        self.level_combo.setObjectName("logLevel")
        self.level_combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.level_combo.currentIndexChanged.connect(lambda i: self.proxy.set_min_level(LEVELS[max(0, i)]))
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.level_combo)
        self.table = QTableView(self)
        self.table.setObjectName("logTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 100), (1, 70), (2, 90), (4, 80)):
            self.table.setColumnWidth(column, width)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        bridge.action_finished.connect(self._on_action)
        bridge.state_changed.connect(self._on_state)
        self.retranslate()

    def title(self) -> str:
        return _t("Event log")

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(_t("Filter (request, scene, reason…)"))
        current = max(0, self.level_combo.currentIndex())
        self.level_combo.blockSignals(True)
        self.level_combo.clear()
        self.level_combo.addItems([_t("All levels"), _t("Warnings and errors"), _t("Errors only")])
        self.level_combo.setCurrentIndex(current)
        self.level_combo.blockSignals(False)
        self.model.retranslate()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("filter", self.filter_edit.text())
        settings.setValue("level", self.level_combo.currentIndex())
        settings.setValue("header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        self.filter_edit.setText(str(settings.value("filter", "") or ""))
        self.level_combo.setCurrentIndex(int(settings.value("level", 0) or 0))
        header = settings.value("header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def add(self, entry: LogEntry) -> None:
        self.model.add(entry)

    def add_note(self, text: str, error: bool, source: str = "console") -> None:
        self.add(LogEntry(time.time(), "error" if error else "info", source, text))

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _on_action(self, result: ObsResult) -> None:
        if result.request in UNRECORDED_REQUESTS:
            return
        self.add(entry_for_result(result))

    def _on_state(self, state: ConnectionState, reason: str) -> None:
        self.add(entry_for_state(state, reason, time.time()))
