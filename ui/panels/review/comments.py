"""The shown show's comment stream, with banned or risky wording flagged (and a filter to see only those)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QSettings, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QTableView, QVBoxLayout

from console.review.svg import clock_label
from ui.panels.base import Panel
from ui.panels.review.column_titles import column_title
from ui.panels.review.shown_review import ShownReview
from ui.theme import FLAGGED_COMMENT_BACKGROUND, FLAGGED_COMMENT_TEXT


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


class CommentModel(QAbstractTableModel):
    """The comment stream (100,000 rows are fine: the view asks only for visible cells)."""

    HEADERS = ("time", "module", "user", "comment", "wording")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._comments: Any = []
        self._start = 0.0
        self._titles: dict[str, str] = {}
        self._flagged_background = QBrush(QColor(FLAGGED_COMMENT_BACKGROUND))
        # Set with the background: the dark theme's light text would vanish on it.
        self._flagged_text = QBrush(QColor(FLAGGED_COMMENT_TEXT))

    def set_comments(self, comments: Any, start: float, titles: dict[str, str]) -> None:
        self.beginResetModel()
        # Kept as given: the review's CommentStream builds a row's object only when the view asks for it.
        self._comments, self._start, self._titles = comments, start, titles
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._comments)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_title(self.HEADERS[section])
        return None

    def comment(self, row: int) -> Any:
        return self._comments[row]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        comment = self._comments[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return clock_label(comment.ts - self._start)
            if column == 1:
                return self._titles.get(comment.module_id or "", comment.module_id or "")
            if column == 2:
                return comment.nick or comment.user
            if column == 3:
                return comment.text
            return ", ".join(f"{h.term} ({h.category})" for h in comment.hits)
        if role == Qt.ItemDataRole.BackgroundRole and comment.hits:
            return self._flagged_background
        if role == Qt.ItemDataRole.ForegroundRole and comment.hits:
            return self._flagged_text
        return None


class CommentsPanel(Panel):
    panel_id = "review_comments"

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        layout = QVBoxLayout(self)
        self.flagged_only = QCheckBox()
        self.flagged_only.toggled.connect(self.refresh)
        layout.addWidget(self.flagged_only)
        self.model = CommentModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(20)
        layout.addWidget(self.view, 1)
        shown.review_changed.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Comments")

    def retranslate(self) -> None:
        self.flagged_only.setText(_t("Only comments with banned or risky wording"))

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("flagged_only", self.flagged_only.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        self.flagged_only.setChecked(str(settings.value("flagged_only", False)).lower() == "true")

    def refresh(self, *_args: Any) -> None:
        review = self.shown.review
        if review is None:
            return
        comments = review.comments.flagged() if self.flagged_only.isChecked() else review.comments
        self.model.set_comments(comments, review.start, {m.module_id: m.title for m in review.planned})
