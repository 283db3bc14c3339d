"""The rooms wall's table: one row per room, its texts, colours and sort keys (a model and its sorting proxy).

Each row is a :class:`console.wall.RoomRow`: the room, its show and module,
over/under, OBS connection, stream health, open incidents and headline KPIs,
and the age of its console's last heartbeat, and its audience sources. A room whose console stopped
beating (:data:`console.wall.STALE_AFTER_S`) is drawn stale — greyed, in
italics, on an amber tint, its health cell amber — so its last figures are
never taken for live ones (STYLE 7). The window
(:mod:`ui.windows.wall_window`) reads the rooms and hands them to the model.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from console.wall import ENDED, STALE, RoomRow, room_sort_key, signed_clock
from ui.panels import targets_display
from ui.panels.connection_bar import DROPPED_WARN_RATIO
from ui.panels.source_status import LEVELS, pill_text
from ui.theme import (
    PREVIEW_GREEN, PROGRAM_RED, PROPOSAL_BORDER, SEVERITY_COLOURS, TEXT_DISABLED, TEXT_SECONDARY, WALL_STALE_BACKGROUND, WALL_WARN,
)

#: Over by more than this is red (amber below): a minute is where the run of show starts to slip.
OVER_RED_S = 60.0
#: Dropped frames at or above this share are red (amber from DROPPED_WARN_RATIO).
DROPPED_RED_RATIO = 0.05
#: The role that holds a cell's sort key: numbers sort as numbers (¥12,000 after ¥9,000).
SORT_ROLE = Qt.ItemDataRole.UserRole
#: Unknown figures sort below every known one.
UNKNOWN = -1e18

COLUMNS = ("room", "health", "show", "module", "over_under", "obs", "stream", "incidents", "proposals", "gmv",
           "online", "orders", "targets", "beat", "sources")
NUMERIC = frozenset({"over_under", "proposals", "gmv", "online", "orders", "beat"})
HEALTH_RANK = {STALE: 0, "live": 1, ENDED: 2}  # ascending: the rooms that need a look first
SEVERITY_RANK = {"info": 1, "warning": 2, "critical": 3}


def _t(text: str) -> str:
    # The wall's context: these strings were the window's and keep their translations.
    return QCoreApplication.translate("WallWindow", text)


def column_titles() -> list[str]:
    return [_t("Room"), _t("Health"), _t("Show"), _t("Module"), _t("Over/under"), _t("OBS"), _t("Stream"),
            _t("Incidents"), _t("Proposals"), _t("GMV ¥"), _t("Online"), _t("Orders"), _t("Targets"), _t("Last beat"),
            _t("Audience sources")]


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
        return WALL_WARN
    if connection in ("auth_failed", "disconnected"):
        return PROGRAM_RED
    return TEXT_SECONDARY


def stream_cell(row: RoomRow) -> tuple[str, str]:
    """``● on air · 30 fps · 0.4 % dropped`` and its colour; ``—`` without OBS figures."""
    if row.streaming is None:
        return "—", TEXT_SECONDARY
    parts = [_t("● on air") if row.streaming else _t("off")]
    colour = PREVIEW_GREEN if row.streaming else TEXT_SECONDARY
    if row.fps is not None:
        parts.append(_t("{0} fps").format(f"{row.fps:g}"))
    dropped = max((r for r in (row.render_dropped, row.output_dropped) if r is not None), default=None)
    if dropped is not None and dropped > 0:
        parts.append(_t("{0} % dropped").format(f"{dropped * 100:.1f}"))
        if dropped >= DROPPED_RED_RATIO:
            colour = PROGRAM_RED
        elif dropped >= DROPPED_WARN_RATIO:
            colour = WALL_WARN
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
    return WALL_WARN if over >= 0.5 else PREVIEW_GREEN


def sources_cell(row: RoomRow) -> str:
    """``oba live · 42/min`` per source (the connection bar's words), ``—`` without sources."""
    parts = [pill_text(SimpleNamespace(kind=source.get("kind"), state=str(source.get("state")),
                                       events_per_minute=float(source.get("events_per_minute") or 0.0)))
             for source in row.sources]
    return "; ".join(parts) or "—"


def targets_text(row: RoomRow) -> str:
    """``互动 ✗ · 转化 ✓ · 退款 —``: each targeted KPI's short name and mark (readable without colour)."""
    if not row.target_statuses:
        return "—"
    names = {"interaction_rate": _t("interaction"), "conversion_rate": _t("conversion"),
             "refund_rate": _t("refunds")}
    return " · ".join(f"{names.get(name, name)} {targets_display.status_mark(status) or '—'}"
                      for name, status in row.target_statuses.items())


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
            return QBrush(QColor(WALL_STALE_BACKGROUND))
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
            loss = _t("  est. loss ¥{0}").format(f"{row.estimated_loss:,.0f}") if row.estimated_loss else ""
            return f"{row.incidents}  {severity_text(row.worst_severity)}".rstrip() + loss
        if column == "proposals":
            return str(row.proposals) if row.proposals else "—"
        if column == "gmv":
            return "—" if row.gmv is None else f"{row.gmv:,.0f}"
        if column == "online":
            return "—" if row.online is None else f"{row.online:,}"
        if column == "orders":
            return "—" if row.orders is None else f"{row.orders:,}"
        if column == "sources":
            return sources_cell(row)
        if column == "targets":
            return targets_text(row)
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
        if column == "proposals":
            return row.proposals
        if column == "gmv":
            return number(row.gmv)
        if column == "online":
            return number(row.online)
        if column == "orders":
            return number(row.orders)
        if column == "sources":
            return sources_cell(row)
        if column == "targets":
            return targets_display.SEVERITY.get(targets_display.worst(row.target_statuses or {}) or "", -1)
        return row.beat_age_s

    def _colour(self, row: RoomRow, column: str) -> str | None:
        if column == "health":
            return {"live": PREVIEW_GREEN, STALE: WALL_WARN}.get(row.health, TEXT_DISABLED)
        if row.health in (STALE, ENDED) or self.offline:
            return TEXT_DISABLED  # last known figures: readable, but not live
        if column == "over_under":
            return over_colour(row.over_under_s)
        if column == "obs":
            return obs_colour(row.obs)
        if column == "stream":
            return stream_cell(row)[1]
        if column == "incidents":
            return SEVERITY_COLOURS.get(row.worst_severity or "", TEXT_SECONDARY) if row.incidents else TEXT_SECONDARY
        if column == "proposals":
            return PROPOSAL_BORDER if row.proposals else TEXT_SECONDARY
        if column == "beat":
            return TEXT_SECONDARY
        if column == "sources" and row.sources:
            # The worst source sets the colour: one feed down is a hole in the room's figures.
            levels = {LEVELS.get(str(source.get("state")), "error") for source in row.sources}
            return WALL_WARN if "error" in levels or "warn" in levels else PREVIEW_GREEN
        if column == "targets":
            return targets_display.status_colour(targets_display.worst(row.target_statuses or {}))
        return None

    def _tooltip(self, row: RoomRow) -> str:
        where = f"{row.host}, pid {row.pid}" if row.host else "—"
        lines = [f"{row.title} ({row.kind}, {row.speed:g}×)", _t("show {0}").format(row.show_id),
                 _t("console on {0}").format(where)]
        if row.conversion_rate is not None:
            lines.append(_t("conversion {0} %").format(f"{row.conversion_rate * 100:.2f}"))
        if row.comments_per_min is not None:
            lines.append(_t("{0} comments/min").format(f"{row.comments_per_min:g}"))
        if row.proposal:
            lines.append(_t("Waiting for the operator: {0}").format(row.proposal))
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
