"""The rooms wall (``liveroom wall``): every show running in the team database, one row per room.

The table (:mod:`ui.panels.rooms_table`) shows each room's show and module,
over/under, OBS connection, stream health, open incidents and headline KPIs,
and the age of its console's last heartbeat; a room whose console stopped
beating (:data:`console.wall.CONSOLE_STALE_AFTER_S`) is drawn stale, never as
live (STYLE 7).

Threads: the database is read every :data:`REFRESH_MS` by a superqt worker
on Qt's thread pool, named ``wall-query`` while it reads (:mod:`ui.workers`):
a database on another machine may take its time, and the GUI thread never
waits on it. One read is in flight at a time — a slow database skips
refreshes instead of queueing them. The worker's ``returned``/``errored``
signals arrive on the GUI thread, where the model is replaced.

Keys: F5 refresh now, Ctrl+Q close, F11 full screen (a wall often has a screen
of its own). Geometry and column widths are kept in the console's settings.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget

from console.wall import ENDED, STALE, RoomRow
from ui.panels.rooms_table import COLUMNS, RoomsModel, RoomsProxy
from ui.theme import PROGRAM_RED, WALL_WARN
from ui.workers import JobCancelled, Workers


#: How often the wall reads the database. Beats come every 5 s; 2 s keeps a
#: new module or a dead console on screen within a few seconds, and 20 rooms
#: cost four small queries.
REFRESH_MS = 2000
#: The name of the pool thread while it reads (logs, the tests' thread checks).
QUERY_THREAD_NAME = "wall-query"


def _t(text: str) -> str:
    return QCoreApplication.translate("WallWindow", text)


class WallWindow(QMainWindow):
    """The wall. ``engine``: the team database; ``query`` (tests) replaces :func:`console.wall.rooms`."""

    #: The table shows a fresh read (the rooms); GUI thread.
    refreshed = Signal(list)
    #: A read failed (one-line reason); GUI thread.
    refresh_failed = Signal(str)

    def __init__(self, engine: Any = None, settings: Any = None, *, query: Callable[[], list[RoomRow]] | None = None,
                 refresh_ms: int = REFRESH_MS, include_ended_within_s: float = 0.0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallWindow")
        if query is None:
            from console.wall import rooms

            def query() -> list[RoomRow]:
                return rooms(engine, include_ended_within_s=include_ended_within_s)
        self._query = query
        self.settings = settings
        self.last_refresh: float | None = None
        self.last_error = ""
        self.query_threads: list[str] = []  # the thread each read ran on (never the GUI thread)
        #: A read is in flight (GUI thread only: set when a worker starts, cleared when its answer arrives).
        self._reading = False
        self._closed = False
        self._workers = Workers(QUERY_THREAD_NAME)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 4)
        self.summary = QLabel(central)
        self.summary.setObjectName("wallSummary")
        summary_font = self.summary.font()
        summary_font.setPointSizeF(summary_font.pointSizeF() * 1.3)
        summary_font.setBold(True)
        self.summary.setFont(summary_font)
        layout.addWidget(self.summary)
        self.model = RoomsModel(self)
        self.proxy = RoomsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(central)
        self.table.setObjectName("roomsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS.index("room"), Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        font = self.table.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)  # read from across the control room
        self.table.setFont(font)
        self.model.stale_font = QFont(font)
        self.model.stale_font.setItalic(True)
        self.table.verticalHeader().setDefaultSectionSize(int(self.table.fontMetrics().height() * 1.8))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("show"), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)
        self.status = QLabel(self)
        self.statusBar().addWidget(self.status, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.refresh_action = self._action("refresh", QKeySequence(Qt.Key.Key_F5), self.refresh)
        self.close_action = self._action("close", QKeySequence("Ctrl+Q"), self.close)
        self.full_screen_action = self._action("fullScreen", QKeySequence(Qt.Key.Key_F11), self.toggle_full_screen)
        self.resize(1500, 560)
        self.retranslate()
        self.restore_layout()

    def _action(self, name: str, key: QKeySequence, slot: Callable[[], Any]) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setShortcut(key)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # ------------------------------------------------------------ life
    def start(self) -> None:
        """First read now, then every ``refresh_ms``."""
        self.refresh()
        self.timer.start()

    def refresh(self) -> bool:
        """Start a read on a worker unless one is in flight (False then: skipped, not queued)."""
        if self._closed or self._reading:
            return False
        self._reading = True
        self._workers.start("wall-read", self._read, returned=self._on_finished, errored=self._on_failed)
        return True

    def _read(self) -> tuple[list[RoomRow], str]:
        # On the worker (wall-query).
        return self._query(), threading.current_thread().name

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def shutdown(self) -> None:
        """Stop the timer, let a read in flight finish (its waits are bounded); a read not begun never runs."""
        self._closed = True
        self.timer.stop()
        self._workers.close()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.save_layout()
        self.shutdown()
        super().closeEvent(event)

    # ------------------------------------------------------------ settings
    def save_layout(self) -> None:
        if self.settings is None:
            return
        self.settings.setValue("wall/geometry", self.saveGeometry())
        self.settings.setValue("wall/header", self.table.horizontalHeader().saveState())
        self.settings.sync()

    def restore_layout(self) -> None:
        if self.settings is None:
            return
        geometry = self.settings.value("wall/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        header = self.settings.value("wall/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    # ------------------------------------------------------------ language
    def retranslate(self) -> None:
        self.setWindowTitle(_t("Rooms wall — Liveroom"))
        self.refresh_action.setText(_t("Refresh now"))
        self.close_action.setText(_t("Close"))
        self.full_screen_action.setText(_t("Full screen"))
        self.model.retranslate()
        self._update_summary()

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------ results (GUI thread)
    def _on_finished(self, answer: tuple[list[RoomRow], str]) -> None:
        self._reading = False
        if self._closed:
            return
        rooms, thread_name = answer
        self.query_threads.append(thread_name)
        del self.query_threads[:-20]
        self.last_refresh = time.time()
        self.last_error = ""
        self.model.set_rooms(rooms)
        self._update_summary()
        self.refreshed.emit(list(rooms))

    def _on_failed(self, error: Exception) -> None:
        self._reading = False
        if self._closed or isinstance(error, JobCancelled):
            return
        # ui.workers logged it ("wall-read failed: …"); the next refresh tries again.
        text = str(error).strip().splitlines()
        reason = text[0] if text else type(error).__name__
        self.last_error = reason
        self.model.set_offline(True)  # the figures on screen are from the last good read
        self._update_summary()
        self.refresh_failed.emit(reason)

    def _update_summary(self) -> None:
        rooms = self.model.rooms
        running = [room for room in rooms if room.health != ENDED]
        stale = sum(1 for room in rooms if room.health == STALE)
        incidents = sum(room.incidents for room in running)
        text = _t("{0} rooms running").format(len(running))
        if stale:
            text += " · " + _t("{0} without heartbeat").format(stale)
        if incidents:
            text += " · " + _t("{0} open incidents").format(incidents)
        self.summary.setText(text if rooms or self.last_refresh is not None else _t("Reading the database…"))
        self.summary.setStyleSheet(f"color: {WALL_WARN};" if stale else "")
        status = ""
        if self.last_refresh is not None:
            status = _t("updated {0} · F5 refresh · Ctrl+Q close").format(
                time.strftime("%H:%M:%S", time.localtime(self.last_refresh)))
        if self.last_error:
            status = _t("database unreachable, showing the last read: {0}").format(self.last_error)
        self.status.setText(status)
        self.status.setStyleSheet(f"color: {PROGRAM_RED};" if self.last_error else "")

