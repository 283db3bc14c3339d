"""The dark broadcast theme: Fusion + a dark palette + resources/styles/broadcast_dark.qss.

Every colour the Python code of ui/ draws with is named here, by what it
means (tests/ui/test_theme_colours.py keeps hex literals out of the other
ui modules). The stylesheet is a static file with its own literals; keep the
two in step by hand when a colour changes.

Tally colours follow broadcast convention (red program, green preview). Text
contrast: body text (TEXT) on the window (WINDOW_BACKGROUND) is about 14:1,
secondary text (TEXT_SECONDARY) about 7:1 — both above WCAG AA, readable on a
laptop panel in a bright studio.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from console.paths import resource

#: Noto Sans CJK SC covers Chinese and Latin with one consistent look (Debian: fonts-noto-cjk).
PREFERRED_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")
BASE_POINT_SIZE = 10

# ---------------------------------------------------------------- tally (broadcast convention)
#: On program (on air); also "bad" wherever a status is shown (the operator reads red as "act now").
PROGRAM_RED = "#e5484d"
#: On preview; also "ok" wherever a status is shown.
PREVIEW_GREEN = "#2fbf71"

# ---------------------------------------------------------------- surfaces and text
WINDOW_BACKGROUND = "#1b1f24"
BASE_BACKGROUND = "#13161a"
ALTERNATE_BACKGROUND = "#1f242b"
BUTTON_BACKGROUND = "#2a3038"
HIGHLIGHT = "#2f6feb"
LINK = "#58a6ff"
TEXT = "#e6edf3"
#: Labels, secondary figures, "no change" arrows.
TEXT_SECONDARY = "#9aa4b2"
#: Time stamps in the comment feed: readable, behind the comment.
TEXT_FAINT = "#6b7480"
TEXT_PLACEHOLDER = "#7d8590"
#: Disabled controls and figures that are not live (the wall's stale rooms).
TEXT_DISABLED = "#6e7681"
#: Paused, missed, nothing to report: present but not asking for attention.
NEUTRAL = "#8b95a5"
WHITE = "#ffffff"
BLACK = "#000000"
#: Behind the live charts and the audio meters.
CHART_BACKGROUND = "#15181c"
METER_BACKGROUND = "#15181d"

# ---------------------------------------------------------------- status
STATUS_OK = PREVIEW_GREEN
#: Amber: a module near its end, risky wording, a warning-level incident.
STATUS_WARN = "#f5a524"
STATUS_BAD = PROGRAM_RED
#: The rooms wall's amber (reconnecting, a little over, no heartbeat): softer, a wall is read from afar.
WALL_WARN = "#e6a23c"
#: A wall row whose console stopped beating: a dark amber tint, the whole row reads "not live".
WALL_STALE_BACKGROUND = "#2b2414"
TREND_UP = PREVIEW_GREEN
TREND_DOWN = PROGRAM_RED
TREND_FLAT = TEXT_SECONDARY

#: A KPI against its target (tiles, review table, wall): always drawn with its mark (✓ ! ✗) as well.
TARGET_STATUS_COLOURS = {"ok": STATUS_OK, "warn": STATUS_WARN, "bad": STATUS_BAD}
#: A module band behind the live charts, tinted by its worst target status (RGBA: a faint tint).
TARGET_BAND_COLOURS = {"ok": "#2fbf7126", "warn": "#f5a5242e", "bad": "#e5484d33"}

#: Incident severity (the incident panel, the wall).
SEVERITY_COLOURS = {"critical": PROGRAM_RED, "warning": STATUS_WARN, "info": "#7aa2f7"}

#: The event log's lines by level.
LOG_LEVEL_COLOURS = {"info": "#c9d1d9", "warning": "#e6c229", "error": "#ff6b6b"}

# ---------------------------------------------------------------- run of show
#: A module's block and countdown by phase (timeline, teleprompter).
PHASE_COLOURS = {
    "normal": "#3b82f6",
    "warning": STATUS_WARN,
    "overrun": PROGRAM_RED,
    "held": NEUTRAL,
    "idle": "#3a414b",
    "ended": "#3a414b",
}
DONE_MODULE = "#2b3a4d"
PENDING_MODULE = "#262b33"
#: The teleprompter's empty progress track.
PROMPTER_TRACK = PHASE_COLOURS["idle"]
#: Banned and risky wording behind the words (script panel, teleprompter).
BANNED_WORDING_BACKGROUND = "#7a1f24"
RISKY_WORDING_BACKGROUND = "#6b4e12"

# ---------------------------------------------------------------- live charts
SERIES_ONLINE = "#3b82f6"
SERIES_COMMENTS = STATUS_WARN
SERIES_GMV = PREVIEW_GREEN
SERIES_FPS = "#a78bfa"
SERIES_CPU = "#f472b6"
SERIES_RENDER_DROPPED = PROGRAM_RED
SERIES_OUTPUT_DROPPED = "#fb923c"
#: Cue results on the live charts' marker line.
CUE_RESULT_COLOURS = {"fired": PREVIEW_GREEN, "failed": PROGRAM_RED, "missed": NEUTRAL,
                      "skipped": "#5b6472"}
SCENE_SWITCH_LINE = TEXT
#: The modules' bands behind the live charts, alternating (RGBA: a faint tint).
LIVE_MODULE_BANDS = ("#3b82f622", "#a78bfa22")

# ---------------------------------------------------------------- audio meter
METER_GREEN = PREVIEW_GREEN
METER_YELLOW = "#e6c229"
METER_RED = PROGRAM_RED
METER_MUTED = "#5b6270"

# ---------------------------------------------------------------- banners
ALARM_DIM_BACKGROUND = "#7a0f12"
ALARM_FLASH_BORDER = "#ffd400"
#: The products panel's selling-reminder strip, at rest and flashing on a new prompt.
REMINDER_BACKGROUND = "#24303d"
REMINDER_FLASH_BACKGROUND = "#8a5a00"
RECOVERY_BANNER_BACKGROUND = "#7a4b00"
RECOVERY_BANNER_BORDER = "#f0a020"

# ---------------------------------------------------------------- review (charts on white-on-dark plots)
#: Marker strip: scene switches, cues, incidents (the report's palette, so screen and export agree).
REVIEW_MARKER_COLOURS = {"scene": "#4e79a7", "cue": "#59a14f", "incident": "#e15759", "gap": "#9c755f"}
REVIEW_MARKER_OTHER = "#333333"
#: A module block whose type has no colour of its own.
REVIEW_BLOCK_OTHER = "#888888"
REVIEW_AUDIENCE_CURVE = "#2f6db5"
REVIEW_SERIES_CURVE = REVIEW_MARKER_COLOURS["incident"]
#: Module runs tinted behind a chart (RGB; alternating alphas so neighbours stay apart).
REVIEW_MODULE_SHADE_RGB = (80, 120, 170)
REVIEW_MODULE_SHADE_ALPHAS = (55, 25)
#: A comment with banned or risky wording: both set, the dark theme's light text would vanish on the tint.
FLAGGED_COMMENT_BACKGROUND = "#ffd5d5"
FLAGGED_COMMENT_TEXT = "#6b0000"
#: A playbook step that failed, in the review's incident timelines.
FAILED_STEP = "#c0392b"


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
        QPalette.ColorRole.Window: WINDOW_BACKGROUND,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: BASE_BACKGROUND,
        QPalette.ColorRole.AlternateBase: ALTERNATE_BACKGROUND,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: BUTTON_BACKGROUND,
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: HIGHLIGHT,
        QPalette.ColorRole.HighlightedText: WHITE,
        QPalette.ColorRole.ToolTipBase: BUTTON_BACKGROUND,
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: TEXT_PLACEHOLDER,
        QPalette.ColorRole.Link: LINK,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(TEXT_DISABLED))
    app.setPalette(palette)
    app.setFont(pick_font())
    app.setStyleSheet(stylesheet())

# Adjustment-rule proposals (ui/panels/proposal_banner.py): a calm blue, not the alarm's red or the recovery's
# amber — a suggestion to steer the show, not a fault.
PROPOSAL_BACKGROUND = "#1e3a5f"
PROPOSAL_BORDER = "#58a6ff"
