"""What the review window shows, in one place: the recorded shows, the selected show, its comparison.

The window's jobs fill it (on the GUI thread, from their workers' results);
the panels receive it in ``__init__`` and redraw from its signals. Every
signal fires on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from console.review.compare import TimingComparison, TypeComparisonRow
from console.review.records import ShowReview, ShowSummary


class ShownReview(QObject):
    #: The list of recorded shows was read (the summaries, newest first).
    shows_listed = Signal(list)
    #: Another show is shown (its ShowReview).
    review_changed = Signal(object)
    #: The shown show's recorded series are in memory (charts can draw any of them).
    series_loaded = Signal()
    #: A comparison with another show is ready (see :attr:`comparison`).
    compared = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.summaries: list[ShowSummary] = []
        self.review: ShowReview | None = None
        #: The audience charts' data of the shown show (report.chart_lines), computed on the worker.
        self.audience: list[Any] = []
        #: (timing, per-type rows, the other show's title) of the last comparison.
        self.comparison: tuple[TimingComparison, list[TypeComparisonRow], str] | None = None
        #: The shown show's targets, row statuses and incident impacts (console.targets.recorded.ReviewTargets).
        self.targets: Any = None
        #: The product table's rows (console.commerce.review.csv_rows), computed on the worker.
        self.products: list[dict[str, str]] = []

    def set_shows(self, summaries: list[ShowSummary]) -> None:
        self.summaries = summaries
        self.shows_listed.emit(summaries)

    def set_review(self, review: ShowReview, audience: list[Any]) -> None:
        self.review, self.audience = review, audience
        self.review_changed.emit(review)

    def set_series_loaded(self) -> None:
        self.series_loaded.emit()

    def set_comparison(self, timing: TimingComparison, by_type: list[TypeComparisonRow], other_title: str) -> None:
        self.comparison = (timing, by_type, other_title)
        self.compared.emit()
