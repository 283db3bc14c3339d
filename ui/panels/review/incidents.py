"""The shown show's incidents: each with its response times and business impact, its playbook steps below it.

The impact (console.targets.impact: online, comment rate and GMV/min against
the 5 minutes before, estimated loss) comes with the review
(``shown.targets.impacts``), computed on the window's worker.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout

from console.review.svg import clock_label
from ui.panels import targets_display
from ui.panels.base import Panel
from ui.panels.review.shown_review import ShownReview
from ui.theme import FAILED_STEP


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


class IncidentsPanel(Panel):
    panel_id = "review_incidents"

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(7)
        layout.addWidget(self.tree)
        shown.review_changed.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Incidents")

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([_t("incident / step"), _t("when"), _t("ack s"), _t("resolved s"), _t("result"),
                                   _t("who"), _t("impact")])

    def refresh(self) -> None:
        review = self.shown.review
        if review is None:
            return
        self.tree.clear()
        start = review.start
        view = getattr(self.shown, "targets", None)
        impacts = view.impacts if view is not None else {}
        for incident in review.incidents:
            top = QTreeWidgetItem([
                f"{incident.title} [{incident.severity}]{' (drill)' if incident.drill else ''}",
                clock_label(incident.opened_at - start),
                "" if incident.ack_s is None else f"{incident.ack_s:.1f}",
                "" if incident.resolve_s is None else f"{incident.resolve_s:.1f}", incident.state, "",
                targets_display.impact_text(impacts.get(incident.id))])
            for entry in incident.entries:
                result = "" if entry.ok is None else ("ok" if entry.ok else f"failed: {entry.error or ''}")
                child = QTreeWidgetItem([f"{entry.kind}: {entry.text}", f"+{entry.ts - incident.opened_at:.1f}s",
                                         "", "", result, entry.who or ""])
                if entry.ok is False:
                    child.setForeground(4, QBrush(QColor(FAILED_STEP)))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for column in range(7):
            self.tree.resizeColumnToContents(column)
