"""The rooms wall (``liveroom wall``): every show running in the team database, one row per room.

Each row is a :class:`console.wall.RoomRow`: the room, its show and module,
over/under, OBS connection, stream health, open incidents and headline KPIs,
and the age of its console's last heartbeat. A room whose console stopped
beating (:data:`console.wall.STALE_AFTER_S`) is marked stale — greyed, in
italics, its health cell amber — so its last figures are never taken for live
ones (STYLE 7).

Threads: the database is read every :data:`REFRESH_MS` on one worker thread
(``wall-query``, a single-thread executor): a database on another machine may
take its time, and the GUI thread never waits on it. One read is in flight at
a time — a slow database skips refreshes instead of queueing them. The worker
reports through :class:`_QuerySignals`, emitted on the worker and delivered
queued on the GUI thread, where the model is replaced.

Keys: F5 refresh now, Ctrl+Q close, F11 full screen (a wall often has a screen
of its own). Geometry and column widths are kept in the console's settings.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer, Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMainWindow, QTableView, QVBoxLayout, QWidget

from console.wall import ENDED, STALE, RoomRow, room_sort_key, signed_clock
from ui.panels.connection_bar import DROPPED_WARN_RATIO
from ui.panels.incident_panel import SEVERITY_COLOR
from ui.theme import PREVIEW_GREEN, PROGRAM_RED, TEXT_DISABLED, TEXT_SECONDARY, WALL_STALE_BACKGROUND, WALL_WARN

log = logging.getLogger(__name__)

#: How often the wall reads the database. Beats come every 5 s; 2 s keeps a
#: new module or a dead console on screen within a few seconds, and 20 rooms
#: cost four small queries.
REFRESH_MS = 2000
#: Over by more than this is red (amber below): a minute is where the run of show starts to slip.
OVER_RED_S = 60.0
#: Dropped frames at or above this share are red (amber from DROPPED_WARN_RATIO).
DROPPED_RED_RATIO = 0.05
AMBER = WALL_WARN
GREY = TEXT_SECONDARY
DIM = TEXT_DISABLED
STALE_BACKGROUND = WALL_STALE_BACKGROUND
#: The role that holds a cell's sort key: numbers sort as numbers (¥12,000 after ¥9,000).
SORT_ROLE = Qt.ItemDataRole.UserRole
#: Unknown figures sort below every known one.
UNKNOWN = -1e18

COLUMNS = ("room", "health", "show", "module", "over_under", "obs", "stream", "incidents", "gmv", "online",
           "orders", "beat")
NUMERIC = frozenset({"over_under", "gmv", "online", "orders", "beat"})
HEALTH_RANK = {STALE: 0, "live": 1, ENDED: 2}  # ascending: the rooms that need a look first
SEVERITY_RANK = {"info": 1, "warning": 2, "critical": 3}


def _t(text: str) -> str:
    return QCoreApplication.translate("WallWindow", text)


def column_titles() -> list[str]:
    return [_t("Room"), _t("Health"), _t("Show"), _t("Module"), _t("Over/under"), _t("OBS"), _t("Stream"),
            _t("Incidents"), _t("GMV ¥"), _t("Online"), _t("Orders"), _t("Last beat")]


def health_text(health: str) -> str:
    return {"live": _t("● live"), STALE: _t("▲ STALE — no heartbeat"), ENDED: _t("ended")}.get(health, health)


def severity_text(severity: str | None) -> str:
    return {"info": _t("info"), "warning": _t("warning"), "critical": _t("critical")}.get(severity or "", severity or "")


def obs_text(connection: str) -> str:
    return {"ok": _t("connected"), "connecting": _t("connecting…"), "reconnecting": _t("reconnecting…"),
            "auth_failed": _t("wrong password"), "disconnected": _t("disconnected"), "none": _t("no OBS"),
            "unknown": "—"}.get(connection, connection)


def obs_colour(connection: str) -> str:
    if connection == "ok":
        return PREVIEW_GREEN
    if connection in ("connecting", "reconnecting"):
        return AMBER
    if connection in ("auth_failed", "disconnected"):
        return PROGRAM_RED
    return GREY


def stream_cell(row: RoomRow) -> tuple[str, str]:
    """``● on air · 30 fps · 0.4 % dropped`` and its colour; ``—`` without OBS figures."""
    if row.streaming is None:
        return "—", GREY
    parts = [_t("● on air") if row.streaming else _t("off")]
    colour = PREVIEW_GREEN if row.streaming else GREY
    if row.fps is not None:
        parts.append(_t("{0} fps").format(f"{row.fps:g}"))
    dropped = max((r for r in (row.render_dropped, row.output_dropped) if r is not None), default=None)
    if dropped is not None and dropped > 0:
        parts.append(_t("{0} % dropped").format(f"{dropped * 100:.1f}"))
        if dropped >= DROPPED_RED_RATIO:
            colour = PROGRAM_RED
        elif dropped >= DROPPED_WARN_RATIO:
            colour = AMBER
    return " · ".join(parts), colour


def module_text(row: RoomRow) -> str:
    if row.module_id is None:
        return "—"
    position = f"{row.module_number}/{row.modules}  " if row.module_number and row.modules else ""
    return position + (row.module_title or row.module_id)


def over_colour(over: float | None) -> str | None:
    if over is None:
        return None
    if over > OVER_RED_S:
        return PROGRAM_RED
    return AMBER if over >= 0.5 else PREVIEW_GREEN


def beat_text(age_s: float) -> str:
    if age_s < 90:
        return _t("{0} s ago").format(f"{age_s:.0f}")
    return _t("{0} min ago").format(f"{age_s / 60:.0f}")


class RoomsModel(QAbstractTableModel):
    """The rooms as a table; replaced whole on each refresh (a wall has tens of rows, not thousands)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rooms: list[RoomRow] = []
        #: The last read failed: every figure on screen is old, drawn as a stale room's.
        self.offline = False
        #: The view's font in italics, for old figures (set by the window; QFont() would be the smaller app font).
        self.stale_font = QFont()
        self.stale_font.setItalic(True)

    def set_rooms(self, rooms: list[RoomRow]) -> None:
        self.beginResetModel()
        self.rooms = list(rooms)
        self.offline = False
        self.endResetModel()

    def set_offline(self, offline: bool) -> None:
        if offline != self.offline:
            self.offline = offline
            self.retranslate()  # repaint every cell

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rooms:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rooms) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rooms)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rooms[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self.sort_key(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._colour(row, column)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and row.health == STALE:
            return QBrush(QColor(STALE_BACKGROUND))
        if role == Qt.ItemDataRole.FontRole and (row.health == STALE or self.offline) and column != "health":
            return self.stale_font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        return None

    # ------------------------------------------------------------ cells
    def _text(self, row: RoomRow, column: str) -> str:
        if column == "room":
            return row.room or "—"
        if column == "health":
            return health_text(row.health)
        if column == "show":
            return row.title if row.kind == "live" else f"{row.title}  [{_t('rehearsal')}]"
        if column == "module":
            return module_text(row)
        if column == "over_under":
            return signed_clock(row.over_under_s)
        if column == "obs":
            return obs_text(row.obs)
        if column == "stream":
            return stream_cell(row)[0]
        if column == "incidents":
            if not row.incidents:
                return "0"
            return f"{row.incidents}  {severity_text(row.worst_severity)}".rstrip()
        if column == "gmv":
            return "—" if row.gmv is None else f"{row.gmv:,.0f}"
        if column == "online":
            return "—" if row.online is None else f"{row.online:,}"
        if column == "orders":
            return "—" if row.orders is None else f"{row.orders:,}"
        return beat_text(row.beat_age_s)

    def sort_key(self, row_number: int, column_number: int) -> Any:
        """The Python value a column sorts by (rooms in natural order: 二号间 before 十号间)."""
        row, column = self.rooms[row_number], COLUMNS[column_number]

        def number(value: float | None) -> float:
            return UNKNOWN if value is None else float(value)

        if column == "room":
            return room_sort_key(row.room)
        if column == "health":
            return HEALTH_RANK.get(row.health, 9)
        if column == "show":
            return row.title
        if column == "module":
            return number(row.module_number)
        if column == "over_under":
            return number(row.over_under_s)
        if column == "obs":
            return row.obs
        if column == "stream":
            return UNKNOWN if row.streaming is None else float(row.streaming)
        if column == "incidents":
            return row.incidents * 10 + SEVERITY_RANK.get(row.worst_severity or "", 0)
        if column == "gmv":
            return number(row.gmv)
        if column == "online":
            return number(row.online)
        if column == "orders":
            return number(row.orders)
        return row.beat_age_s

    def _colour(self, row: RoomRow, column: str) -> str | None:
        if column == "health":
            return {"live": PREVIEW_GREEN, STALE: AMBER}.get(row.health, DIM)
        if row.health in (STALE, ENDED) or self.offline:
            return DIM  # last known figures: readable, but not live
        if column == "over_under":
            return over_colour(row.over_under_s)
        if column == "obs":
            return obs_colour(row.obs)
        if column == "stream":
            return stream_cell(row)[1]
        if column == "incidents":
            return SEVERITY_COLOR.get(row.worst_severity or "", GREY) if row.incidents else GREY
        if column == "beat":
            return GREY
        return None

    def _tooltip(self, row: RoomRow) -> str:
        where = f"{row.host}, pid {row.pid}" if row.host else "—"
        lines = [f"{row.title} ({row.kind}, {row.speed:g}×)", _t("show {0}").format(row.show_id),
                 _t("console on {0}").format(where)]
        if row.conversion_rate is not None:
            lines.append(_t("conversion {0} %").format(f"{row.conversion_rate * 100:.2f}"))
        if row.comments_per_min is not None:
            lines.append(_t("{0} comments/min").format(f"{row.comments_per_min:g}"))
        if row.health == STALE:
            lines.append(_t("No heartbeat for {0} s: the console may have crashed. Figures are the last known.")
                         .format(f"{row.beat_age_s:.0f}"))
        return "\n".join(lines)


class RoomsProxy(QSortFilterProxyModel):
    """Sorts by :meth:`RoomsModel.sort_key`, compared in Python (tuples for the natural room order)."""

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        mine, theirs = model.sort_key(left.row(), left.column()), model.sort_key(right.row(), right.column())
        try:
            return mine < theirs
        except TypeError:
            return str(mine) < str(theirs)


class _QuerySignals(QObject):
    """Emitted on ``wall-query``; connected receivers live on the GUI thread (queued delivery)."""

    finished = Signal(object, str)  # rooms, the name of the thread that read them
    failed = Signal(str)  # one-line reason


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
        self._in_flight = threading.Event()
        self._closed = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wall-query")
        self._signals = _QuerySignals(self)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)

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
        """Start a read on ``wall-query`` unless one is in flight (False then: skipped, not queued)."""
        if self._closed or self._in_flight.is_set():
            return False
        self._in_flight.set()
        signals, query, in_flight = self._signals, self._query, self._in_flight

        def run() -> None:
            # On wall-query.
            try:
                rooms = query()
            except Exception as exc:  # noqa: BLE001 - shown in the status bar; the next refresh tries again
                log.warning("the rooms wall could not read the database: %s", exc)
                text = str(exc).strip().splitlines()
                in_flight.clear()
                signals.failed.emit(text[0] if text else type(exc).__name__)
                return
            in_flight.clear()
            signals.finished.emit(rooms, threading.current_thread().name)

        self._executor.submit(run)
        return True

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def shutdown(self) -> None:
        """Stop the timer, let a read in flight finish (its waits are bounded), stop the worker."""
        self._closed = True
        self.timer.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)

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
    def _on_finished(self, rooms: list[RoomRow], thread_name: str) -> None:
        if self._closed:
            return
        self.query_threads.append(thread_name)
        del self.query_threads[:-20]
        self.last_refresh = time.time()
        self.last_error = ""
        self.model.set_rooms(rooms)
        self._update_summary()
        self.refreshed.emit(list(rooms))

    def _on_failed(self, reason: str) -> None:
        if self._closed:
            return
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
        self.summary.setStyleSheet(f"color: {AMBER};" if stale else "")
        status = ""
        if self.last_refresh is not None:
            status = _t("updated {0} · F5 refresh · Ctrl+Q close").format(
                time.strftime("%H:%M:%S", time.localtime(self.last_refresh)))
        if self.last_error:
            status = _t("database unreachable, showing the last read: {0}").format(self.last_error)
        self.status.setText(status)
        self.status.setStyleSheet(f"color: {PROGRAM_RED};" if self.last_error else "")


def run_wall(db_url: str | None, *, include_ended_within_s: float = 0.0) -> int:
    """``liveroom wall``: the window on the (team) database; one line and exit 1 if it cannot be opened."""
    import sys

    from db.engine import open_database, open_failure
    from ui.app import close_on_signals, create_application

    app, _translations, settings = create_application()
    try:
        engine = open_database(db_url)
    except Exception as exc:  # noqa: BLE001 - a bad URL or an unreachable server: one line, no traceback
        message = open_failure(db_url, exc)
        log.error("%s", message)
        print(f"liveroom: {message}", file=sys.stderr)
        return 1
    window = WallWindow(engine, settings, include_ended_within_s=include_ended_within_s)
    window.show()
    window.start()
    close_on_signals(window)
    try:
        return app.exec()
    finally:
        window.shutdown()
        engine.dispose()
