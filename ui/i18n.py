"""UI language: Qt translators for the console's strings and Qt's own dialogs.

The source strings are English; ``resources/i18n/liveroom_zh_CN.ts`` holds the
Chinese translation (compiled to ``.qm`` with ``pyside6-lrelease``, both
committed). Installing a translator sends ``QEvent.LanguageChange`` to every
widget; panels answer it with ``retranslate()``, so switching the language in
the settings applies at once, without a restart.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console.paths import resource

#: Preference values stored in QSettings ("ui/language").
FOLLOW_SYSTEM = "system"
CHINESE = "zh_CN"
ENGLISH = "en"
LANGUAGES = (FOLLOW_SYSTEM, CHINESE, ENGLISH)


def resolve(preference: str | None, system_locale: QLocale | None = None) -> str:
    """The language to show for a stored preference (``zh_CN`` or ``en``)."""
    if preference in (CHINESE, ENGLISH):
        return preference
    locale = system_locale or QLocale.system()
    return CHINESE if locale.language() == QLocale.Language.Chinese else ENGLISH


def catalogue_path(language: str) -> str:
    return str(resource("i18n", f"liveroom_{language}.qm"))


class Translations:
    """Owns the installed translators; ``apply()`` swaps them (GUI thread)."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = ENGLISH
        self._installed: list[QTranslator] = []

    def apply(self, preference: str | None) -> str:
        language = resolve(preference)
        # Removing a translator sends LanguageChange too, so English texts come back live.
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []
        if language != ENGLISH:
            ours = QTranslator(self.app)
            if ours.load(catalogue_path(language)):
                self._installed.append(ours)
            qt_own = QTranslator(self.app)
            # Standard buttons (Yes/Cancel/OK) of Qt's dialogs, when the Qt build ships them.
            if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._installed.append(qt_own)
        for translator in self._installed:
            self.app.installTranslator(translator)
        self.language = language
        QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == CHINESE else QLocale.Language.English))
        return language
