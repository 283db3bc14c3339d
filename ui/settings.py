"""Where the window keeps its settings, and the Settings dialog.

Settings are an INI file in the console's config directory (``LIVEROOM_HOME``
moves it, as it moves everything else; tests pass their own file). They hold
the layout and view preferences only — never a password (those live in the
keyring, CONTRACTS.md §1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.paths import config_dir
from ui import i18n

ORGANIZATION = "liveroom"
APPLICATION = "liveroom-console"
LANGUAGE_KEY = "ui/language"
#: The recently opened scripts (newest first): File → Recent shows (ui.windows.show_opener keeps it).
RECENT_KEY = "shows/recent"
#: How many File → Recent shows entries are kept.
MAX_RECENT = 8
#: The control API (console/control) when the window starts without --control / --auto-arm.
CONTROL_ENABLED_KEY = "control/enabled"
CONTROL_ADDRESS_KEY = "control/address"
CONTROL_AUTO_ARM_KEY = "control/auto_arm"


def _t(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def settings_path() -> Path:
    return config_dir() / "console.ini"


def open_settings(path: str | Path | None = None) -> QSettings:
    return QSettings(str(path or settings_path()), QSettings.Format.IniFormat)


def language_preference(settings: QSettings) -> str:
    value = str(settings.value(LANGUAGE_KEY, i18n.FOLLOW_SYSTEM) or i18n.FOLLOW_SYSTEM)
    return value if value in i18n.LANGUAGES else i18n.FOLLOW_SYSTEM


def _flag(settings: QSettings, key: str) -> bool:
    return str(settings.value(key, "false")).lower() in ("true", "1")


def control_preference(settings: QSettings) -> tuple[str | None, bool]:
    """(the control API's HOST:PORT or None when off, auto-arm) as the Settings dialog saved them."""
    from console.control import DEFAULT_CONTROL_ADDRESS

    address = str(settings.value(CONTROL_ADDRESS_KEY, DEFAULT_CONTROL_ADDRESS) or DEFAULT_CONTROL_ADDRESS)
    return (address if _flag(settings, CONTROL_ENABLED_KEY) else None), _flag(settings, CONTROL_AUTO_ARM_KEY)


def recent_shows(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY) or []
    if isinstance(value, str):  # QSettings gives one string back for a one-item list
        value = [value]
    return [str(path) for path in value if path][:MAX_RECENT]


def remember_show(settings: QSettings, path: str) -> None:
    path = str(Path(path).resolve())
    paths = [path] + [p for p in recent_shows(settings) if p != path]
    settings.setValue(RECENT_KEY, paths[:MAX_RECENT])
    settings.sync()


class SettingsDialog(QDialog):
    """Language (中文 / English / follow the system), applied live on OK."""

    def __init__(self, settings: QSettings, apply_language: Callable[[str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.settings = settings
        self.apply_language = apply_language
        self.setWindowTitle(_t("Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("languageCombo")
        # Language names are written in their own language, so anyone can find theirs.
        self.language_combo.addItem(_t("Follow the system"), i18n.FOLLOW_SYSTEM)
        self.language_combo.addItem("中文", i18n.CHINESE)
        self.language_combo.addItem("English", i18n.ENGLISH)
        current = language_preference(settings)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(current)))
        form.addRow(_t("Language"), self.language_combo)
        address, auto_arm = control_preference(settings)
        from console.control import DEFAULT_CONTROL_ADDRESS

        self.control_check = QCheckBox(_t("Serve the control API and the phone remote"), self)
        self.control_check.setObjectName("controlCheck")
        self.control_check.setChecked(address is not None)
        form.addRow(_t("Control API"), self.control_check)
        self.control_address = QLineEdit(address or str(settings.value(CONTROL_ADDRESS_KEY, DEFAULT_CONTROL_ADDRESS)),
                                          self)
        self.control_address.setObjectName("controlAddress")
        self.control_address.setToolTip(_t("HOST:PORT; a LAN address lets a phone reach it (token: liveroom control "
                                           "token)"))
        form.addRow(_t("Address"), self.control_address)
        self.auto_arm_check = QCheckBox(_t("Start the show when OBS starts streaming, end it when OBS stops"), self)
        self.auto_arm_check.setObjectName("autoArmCheck")
        self.auto_arm_check.setChecked(auto_arm)
        form.addRow(_t("Auto-arm"), self.auto_arm_check)
        layout.addLayout(form)
        control_note = QLabel(_t("The control API and auto-arm settings take effect at the next start."), self)
        control_note.setWordWrap(True)
        layout.addWidget(control_note)
        note = QLabel(_t("The OBS password is kept in the system keyring (liveroom obs set-password)."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        preference = self.language_combo.currentData()
        self.settings.setValue(LANGUAGE_KEY, preference)
        from console.control import parse_control_address

        try:
            parse_control_address(self.control_address.text().strip())
        except ValueError:
            self.control_address.setFocus()
            self.control_address.selectAll()
            return  # a bad address is not saved: the field says so by keeping the focus
        self.settings.setValue(CONTROL_ENABLED_KEY, self.control_check.isChecked())
        self.settings.setValue(CONTROL_ADDRESS_KEY, self.control_address.text().strip())
        self.settings.setValue(CONTROL_AUTO_ARM_KEY, self.auto_arm_check.isChecked())
        self.apply_language(preference)
        super().accept()
