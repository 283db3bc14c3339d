"""KPI tiles for the show: online, entries, GMV, orders, conversion, interaction rate, GPM, comments/min.

Each tile shows the value of ``session.live.snapshot(now)`` and its trend (the
change over the last minute, ``Tile.delta``) as an arrow. Text refreshes from
its own slow timer (:data:`TEXT_REFRESH_MS`), never per event: numbers that
change ten times a second cannot be read (Friture's slow text timer).

A tile whose KPI has a target (``session.targets``, console.targets) adds a
line: the show's status mark and colour, the bound, and beside it the room's
benchmark (median and top quartile of its last shows; read once by a worker,
the database is never touched on the GUI thread); and a second line for the
module on air against its module type's bound.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.panels import targets_display as shown
from ui.panels.base import Panel
from ui.theme import TEXT_SECONDARY, TREND_DOWN, TREND_FLAT, TREND_UP
from ui.workers import Workers

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
        font.setPointSize(max(12, int(font.pointSize() * 1.3)))
        font.setBold(True)
        self.value_label.setFont(font)
        self.trend_label = QLabel("", self)
        # Target lines (hidden until the KPI has a target): the show's status, the module's.
        self.target_label = QLabel("", self)
        self.target_label.setObjectName(f"target_{name}")
        self.target_label.hide()
        self.benchmark_label = QLabel("", self)
        self.benchmark_label.setObjectName(f"benchmark_{name}")
        self.benchmark_label.setStyleSheet(f"color: {TEXT_SECONDARY};")
        self.benchmark_label.hide()
        self.module_label = QLabel("", self)
        self.module_label.setObjectName(f"module_target_{name}")
        self.module_label.hide()
        for label in (self.benchmark_label, self.module_label):
            # Short lines that wrap rather than widen the tile: the tiles share a narrow dock.
            label.setWordWrap(True)
        # Title with the show's target status beside it, value and trend on one line: two lines a tile keep
        # the tiles short enough for a 1366×768 controller workspace (tests/ui/test_workspaces.py).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(0)
        heading = QHBoxLayout()
        heading.setSpacing(6)
        heading.addWidget(self.title_label)
        heading.addStretch(1)
        heading.addWidget(self.target_label)
        layout.addLayout(heading)
        line = QHBoxLayout()
        line.setSpacing(6)
        line.addWidget(self.value_label)
        line.addWidget(self.trend_label, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(line)
        layout.addWidget(self.benchmark_label)
        layout.addWidget(self.module_label)

    def show_target(self, label: QLabel, text: str, status: str | None, tooltip: str = "") -> None:
        """A status line: its text (mark first) in the status colour; hidden when empty."""
        label.setVisible(bool(text))
        if label.text() != text:
            label.setText(text)
            if label is not self.benchmark_label:
                label.setStyleSheet(f"color: {shown.status_colour(status)};")
            label.setToolTip(tooltip)

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
        grid.setSpacing(2)
        for position, (name, kind) in enumerate(TILES):
            tile = KpiTile(name, kind, self)
            self.tiles[name] = tile
            grid.addWidget(tile, position // columns, position % columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addLayout(grid)
        layout.addStretch(1)  # a tall dock keeps the tiles compact at the top, not stretched apart
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()
        # The room's benchmark: read once, off the GUI thread (its own workers, closed by stop()).
        self.workers = Workers()
        targets = getattr(session, "targets", None)
        recorder = getattr(session, "recorder", None)
        if targets is not None and getattr(recorder, "engine", None) is not None:
            room, show_id, workers = session.runtime.room, session.show_id, self.workers
            self.workers.start("benchmark-load", lambda: targets.load_benchmark(
                recorder.engine, room, exclude=[show_id], cancelled=lambda: workers.closed))

    def stop(self) -> None:
        """Stop refreshing; a benchmark still being read stops at its next show (closing waits for that)."""
        self.timer.stop()
        self.workers.close()

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
        self.show_targets(self.snapshot)

    def show_targets(self, snapshot: Any) -> None:
        targets = getattr(self.session, "targets", None)
        if targets is None:
            return
        show_bounds = targets.targets.bounds_for()
        module = snapshot.module
        module_type = module.type if module is not None else None
        module_bounds = targets.targets.bounds_for(module_type) if module is not None else {}
        benchmark = targets.benchmark
        for name, tile in self.tiles.items():
            bound = show_bounds.get(name)
            if bound is None:
                tile.show_target(tile.target_label, "", None)
                tile.show_target(tile.benchmark_label, "", None)
            else:
                value = getattr(snapshot.show, name, None)
                status = bound.status(value, targets.targets.warn_margin)
                # The room's benchmark in the status line's tooltip: a line of its own per tile made the tiles
                # too tall for a 1366×768 controller workspace (tests/ui/test_workspaces.py, with the theme).
                bench = shown.benchmark_text(name, benchmark.get(name))
                tile.show_target(tile.target_label, shown.target_line(name, value, bound, status), status,
                                 " · ".join(part for part in (shown.status_word(status), bench) if part))
                tile.show_target(tile.benchmark_label, "", None)
            module_bound = module_bounds.get(name)
            if module_bound is None or module is None:
                tile.show_target(tile.module_label, "", None)
                continue
            value = getattr(module, name, None)
            status = module_bound.status(value, targets.targets.warn_margin)
            bench = shown.benchmark_text(name, benchmark.get(name, module_type or ""))
            text = _t("{mark} module {value}").format(mark=shown.status_mark(status) or "·",
                                                      value=shown.format_kpi(name, value))
            tooltip = " · ".join(part for part in (shown.status_word(status), shown.bound_text(name, module_bound),
                                                   bench) if part)
            tile.show_target(tile.module_label, text, status, tooltip)

    def value_text(self, name: str) -> str:
        return self.tiles[name].value_label.text()
