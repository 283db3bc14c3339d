"""The live comment feed: newest at the bottom, banned wording marked, a filter and a flagged-only switch.

Comments arrive in batches (``SessionBridge.comments``, queued from the
recorder thread) into :class:`CommentModel`, a list model over a bounded
buffer (:data:`MAX_COMMENTS`): the oldest rows leave as new ones come, so a
4-hour show at 200 comments/s never grows memory or slows the view. Each row
keeps its compliance hits (offsets in the text) and a delegate draws them on
a red background.
"""

from __future__ import annotations

import html
import time
from collections import deque
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSettings,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.panels.base import Panel
from ui.panels.script_panel import highlight_html
from ui.theme import TEXT_FAINT, TEXT_SECONDARY

#: Comments kept in the feed (the database keeps them all).
MAX_COMMENTS = 2000
HITS_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3


def _t(text: str) -> str:
    return QCoreApplication.translate("CommentFeed", text)


class CommentModel(QAbstractListModel):
    """Rows of (CommentEvent, module_id, hits); bounded."""

    def __init__(self, capacity: int = MAX_COMMENTS, parent: Any = None) -> None:
        super().__init__(parent)
        self.capacity = capacity
        self.rows: deque[tuple[Any, str | None, tuple[Any, ...]]] = deque()
        self.flagged_total = 0
        self.total = 0

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        event, module_id, hits = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{event.nick or event.user}: {event.text}"
        if role == HITS_ROLE:
            return hits
        if role == FLAGGED_ROLE:
            return bool(hits)
        if role == HTML_ROLE:
            stamp = time.strftime("%H:%M:%S", time.localtime(event.ts))
            who = html.escape(event.nick or event.user)
            body = highlight_html(event.text, hits)
            mark = "⚠ " if hits else ""
            return f'<span style="color:{TEXT_FAINT};">{stamp}</span> <span style="color:{TEXT_SECONDARY};">{who}</span> ' \
                   f"{mark}{body}"
        if role == Qt.ItemDataRole.ToolTipRole and hits:
            return "\n".join(f"{hit.term} — {hit.category} ({hit.severity})" for hit in hits)
        return None

    def add_batch(self, batch: list[tuple[Any, str | None, tuple[Any, ...]]]) -> None:
        """GUI thread: append a batch, dropping the oldest rows past the capacity."""
        if not batch:
            return
        self.total += len(batch)
        self.flagged_total += sum(1 for _event, _module, hits in batch if hits)
        batch = batch[-self.capacity:]
        overflow = len(self.rows) + len(batch) - self.capacity
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            for _ in range(overflow):
                self.rows.popleft()
            self.endRemoveRows()
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self.rows.extend(batch)
        self.endInsertRows()


class CommentFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.flagged_only = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_flagged_only(self, flagged_only: bool) -> None:
        self.flagged_only = flagged_only
        # invalidate(), not invalidateFilter() (deprecated in Qt 6.10); its
        # begin/endFilterChange() replacement did not re-admit rows in PySide 6.11.
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        index = self.sourceModel().index(row, 0, parent)
        if self.flagged_only and not index.data(FLAGGED_ROLE):
            return False
        return super().filterAcceptsRow(row, parent)


class HighlightDelegate(QStyledItemDelegate):
    """Draws a row's HTML (hits marked) in one line, elided by the view's width."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = QTextDocument(self)
        self.document.setDocumentMargin(2)

    def _prepare(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.document.setDefaultFont(option.font)
        self.document.setHtml(index.data(HTML_ROLE) or "")
        self.document.setTextWidth(max(50, option.rect.width()))

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        option.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        self._prepare(option, index)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text))
        self.document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        self._prepare(option, index)
        return QSize(int(self.document.idealWidth()), int(self.document.size().height()))


class CommentFeed(Panel):
    panel_id = "comment_feed"
    default_area = Qt.DockWidgetArea.RightDockWidgetArea

    def __init__(self, session: Any, bridge: Any, parent: QWidget | None = None,
                 *, capacity: int = MAX_COMMENTS) -> None:
        super().__init__(parent)
        self.session = session
        self.model = CommentModel(capacity, self)
        self.proxy = CommentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.flagged_box = QCheckBox(self)
        self.flagged_box.toggled.connect(self.proxy.set_flagged_only)
        self.count_label = QLabel(self)
        self.view = QListView(self)
        self.view.setObjectName("commentList")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(HighlightDelegate(self.view))
        self.view.setUniformItemSizes(True)  # one line per comment: no per-row layout on scroll
        self.view.setWordWrap(False)
        self.view.setMinimumHeight(48)  # a laptop screen: the feed shrinks before the cameras do
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.flagged_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        bridge.comments.connect(self.add_comments)
        self.retranslate()

    def title(self) -> str:
        return _t("Comments")

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(_t("Filter comments…"))
        self.flagged_box.setText(_t("Flagged only"))
        self._update_count()

    def add_comments(self, batch: list[Any]) -> None:
        scrollbar = self.view.verticalScrollBar()
        at_bottom = scrollbar.value() >= scrollbar.maximum() - 2
        self.model.add_batch(list(batch))
        if at_bottom:
            self.view.scrollToBottom()
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(_t("{total} comments · {flagged} flagged").format(
            total=self.model.total, flagged=self.model.flagged_total))

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("flagged_only", self.flagged_box.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        self.flagged_box.setChecked(str(settings.value("flagged_only", "false")).lower() == "true")
