"""Plan against reality: the planned blocks above the ones that actually ran, on the show's time axis."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout

from console.review.svg import TYPE_COLOURS
from ui.panels.base import Panel
from ui.panels.review.shown_review import ShownReview
from ui.theme import REVIEW_BLOCK_OTHER


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


class PlanTimelinePanel(Panel):
    panel_id = "review_timeline"

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget()
        self.plot.setMaximumHeight(170)
        self.plot.setMouseEnabled(x=True, y=False)
        layout.addWidget(self.plot)
        shown.review_changed.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Plan && KPIs")

    def retranslate(self) -> None:
        self.plot.getAxis("left").setTicks([[(1.5, _t("planned")), (0.5, _t("actual"))]])

    def refresh(self) -> None:
        review = self.shown.review
        if review is None:
            return
        plot = self.plot
        plot.clear()
        start = review.start
        planned, offset = [], 0.0
        for timing in review.timings():
            module = timing.module
            planned.append((offset, module.planned_s, module.type, module.title))
            offset += module.planned_s
        types = {m.module_id: m.type for m in review.planned}
        titles = {m.module_id: m.title for m in review.planned}
        actual = [(run.started_at - start, (run.ended_at if run.ended_at is not None else review.end) - run.started_at,
                   types.get(run.module_id, ""), titles.get(run.module_id, run.module_id)) for run in review.runs]
        for y, blocks in ((1.1, planned), (0.1, actual)):
            if not blocks:
                continue
            # One bar item per lane (a 4-hour show has dozens of blocks).
            plot.addItem(pg.BarGraphItem(x0=[b[0] for b in blocks], width=[max(b[1], 0.0) for b in blocks],
                                         y0=[y] * len(blocks), height=[0.8] * len(blocks),
                                         brushes=[QColor(TYPE_COLOURS.get(b[2], REVIEW_BLOCK_OTHER)) for b in blocks],
                                         pen=pg.mkPen("w")))
            for x, _width, _kind, label in blocks:
                text = pg.TextItem(label, color="w", anchor=(0, 0.5))
                text.setPos(x, y + 0.4)
                plot.addItem(text)
        plot.setXRange(0, max(offset, review.end - start), padding=0.02)
        plot.setYRange(0, 2, padding=0)
