"""The dark broadcast theme: Fusion + a dark palette + resources/styles/broadcast_dark.qss.

Tally colours follow broadcast convention (red program, green preview). Text
contrast: body text #e6edf3 on #1b1f24 is about 14:1, secondary #9aa4b2 about
7:1 — both above WCAG AA, readable on a laptop panel in a bright studio.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from console.paths import resource

#: Noto Sans CJK SC covers Chinese and Latin with one consistent look (Debian: fonts-noto-cjk).
PREFERRED_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")
BASE_POINT_SIZE = 10

PROGRAM_RED = "#e5484d"
PREVIEW_GREEN = "#2fbf71"


def stylesheet() -> str:
    return resource("styles", "broadcast_dark.qss").read_text(encoding="utf-8")


def pick_font() -> QFont:
    families = set(QFontDatabase.families())
    for family in PREFERRED_FONTS:
        if family in families:
            font = QFont(family, BASE_POINT_SIZE)
            break
    else:
        font = QFont()
        font.setPointSize(BASE_POINT_SIZE)
    return font


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1b1f24",
        QPalette.ColorRole.WindowText: "#e6edf3",
        QPalette.ColorRole.Base: "#13161a",
        QPalette.ColorRole.AlternateBase: "#1f242b",
        QPalette.ColorRole.Text: "#e6edf3",
        QPalette.ColorRole.Button: "#2a3038",
        QPalette.ColorRole.ButtonText: "#e6edf3",
        QPalette.ColorRole.Highlight: "#2f6feb",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2a3038",
        QPalette.ColorRole.ToolTipText: "#e6edf3",
        QPalette.ColorRole.PlaceholderText: "#7d8590",
        QPalette.ColorRole.Link: "#58a6ff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6e7681"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#6e7681"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6e7681"))
    app.setPalette(palette)
    app.setFont(pick_font())
    app.setStyleSheet(stylesheet())
