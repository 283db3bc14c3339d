"""KPI tiles for the show: online, entries, GMV, orders, conversion, interaction rate, GPM, comments/min.

Each tile shows the value of ``session.live.snapshot(now)`` and its trend (the
change over the last minute, ``Tile.delta``) as an arrow. Text refreshes from
its own slow timer (:data:`TEXT_REFRESH_MS`), never per event: numbers that
change ten times a second cannot be read (Friture's slow text timer).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.panels.base import Panel
from ui.theme import TEXT_SECONDARY, TREND_DOWN, TREND_FLAT, TREND_UP

#: Text refresh period: 2 Hz is as fast as a figure can be read.
TEXT_REFRESH_MS = 500
#: (tile name in LiveSnapshot.tiles, kind of figure) in display order.
TILES: tuple[tuple[str, str], ...] = (
    ("online", "count"), ("entries", "count"), ("gmv", "money"), ("orders", "count"),
    ("conversion_rate", "ratio"), ("interaction_rate", "ratio"), ("gpm", "money"), ("comments_per_min", "rate"),
)


def _t(text: str) -> str:
    return QCoreApplication.translate("KpiTiles", text)


def tile_titles() -> dict[str, str]:
    return {
        "online": _t("Online"), "entries": _t("Entries"), "gmv": _t("GMV"), "orders": _t("Orders"),
        "conversion_rate": _t("Conversion"), "interaction_rate": _t("Interaction"), "gpm": _t("GPM"),
        "comments_per_min": _t("Comments/min"),
    }


def format_value(kind: str, value: float | None) -> str:
    if value is None:
        return "—"
    if kind == "money":
        return f"¥{value:,.0f}" if abs(value) >= 100 else f"¥{value:,.2f}"
    if kind == "ratio":
        return f"{value * 100:.1f}%"
    if kind == "rate":
        return f"{value:.0f}"
    return f"{value:,.0f}"


def format_trend(kind: str, delta: float | None) -> tuple[str, str]:
    """(arrow and change, colour); empty when unknown or flat."""
    if delta is None:
        return "", ""
    if abs(delta) < (5e-4 if kind == "ratio" else 0.5):  # below what a tile shows (0.1 pt, 1)
        return "→", TREND_FLAT
    arrow, colour = ("▲", TREND_UP) if delta > 0 else ("▼", TREND_DOWN)
    if kind == "ratio":
        change = f"{abs(delta) * 100:.1f} pt"
    elif kind == "money":
        change = f"¥{abs(delta):,.0f}"
    else:
        change = f"{abs(delta):,.0f}"
    return f"{arrow} {change}", colour


class KpiTile(QFrame):
    def __init__(self, name: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.kind = name, kind
        self.setObjectName(f"kpi_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet(f"color: {TEXT_SECONDARY};")
        self.value_label = QLabel("—", self)
        font = self.value_label.font()
        font.setPointSize(max(13, int(font.pointSize() * 1.5)))
        font.setBold(True)
        self.value_label.setFont(font)
        self.trend_label = QLabel("", self)
        # Title above, value and trend on one line: two lines a tile keep 8 tiles in ~130 px.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(0)
        layout.addWidget(self.title_label)
        line = QHBoxLayout()
        line.setSpacing(6)
        line.addWidget(self.value_label)
        line.addWidget(self.trend_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(line)

    def show_tile(self, tile: Any) -> None:
        value = tile.value if tile is not None else None
        delta = tile.delta if tile is not None else None
        text = format_value(self.kind, value)
        if self.value_label.text() != text:
            self.value_label.setText(text)
        trend, colour = format_trend(self.kind, delta)
        if self.trend_label.text() != trend:
            self.trend_label.setText(trend)
            self.trend_label.setStyleSheet(f"color: {colour};" if colour else "")


class KpiTiles(Panel):
    panel_id = "kpi_tiles"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    def __init__(self, session: Any, clock: Any, bridge: Any = None, parent: QWidget | None = None,
                 *, columns: int = 4, refresh_ms: int = TEXT_REFRESH_MS) -> None:
        super().__init__(parent)
        self.session = session
        self.clock = clock
        self.snapshot: Any = None
        self.tiles: dict[str, KpiTile] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        for position, (name, kind) in enumerate(TILES):
            tile = KpiTile(name, kind, self)
            self.tiles[name] = tile
            grid.addWidget(tile, position // columns, position % columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(grid)
        layout.addStretch(1)  # a tall dock keeps the tiles compact at the top, not stretched apart
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()

    def title(self) -> str:
        return _t("KPIs")

    def retranslate(self) -> None:
        titles = tile_titles()
        for name, tile in self.tiles.items():
            tile.title_label.setText(titles[name])

    def refresh(self) -> None:
        if not self.session.started:
            return
        self.snapshot = self.session.live.snapshot(self.clock.show_ts())
        for name, tile in self.tiles.items():
            tile.show_tile(self.snapshot.tiles.get(name))

    def value_text(self, name: str) -> str:
        return self.tiles[name].value_label.text()
