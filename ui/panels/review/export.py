"""Export the shown show's report: HTML, CSV or PDF (the window writes it on its worker)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton

from ui.panels.base import Panel
from ui.panels.review.shown_review import ShownReview

#: Export formats: file suffix → the save dialog's filter.
FORMATS = {".html": "HTML (*.html)", ".csv": "CSV (*.csv)", ".pdf": "PDF (*.pdf)"}


def _t(text: str) -> str:
    return QCoreApplication.translate("ReviewWindow", text)


class ExportPanel(Panel):
    """One button per format, enabled once a show is shown (a row of buttons in the window's header)."""

    panel_id = "review_export"

    #: The operator chose where to write the report (its path, with the format's suffix); GUI thread.
    export_requested = Signal(str)

    def __init__(self, shown: ShownReview) -> None:
        super().__init__()
        self.shown = shown
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for suffix in FORMATS:
            button = QPushButton()
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, s=suffix: self.ask_path(s))
            layout.addWidget(button)
            self.buttons[suffix] = button
        shown.review_changed.connect(self.refresh)
        self.retranslate()

    def title(self) -> str:
        return _t("Export review")

    def retranslate(self) -> None:
        for suffix, button in self.buttons.items():
            button.setText(_t("Export {0}…").format(suffix[1:].upper()))

    def refresh(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(self.shown.review is not None)

    def ask_path(self, suffix: str) -> None:
        review = self.shown.review
        if review is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, _t("Export review"), f"review-{review.show.id[:8]}{suffix}",
                                              FORMATS[suffix])
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.export_requested.emit(path)
