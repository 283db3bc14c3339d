"""What every dockable panel of the console window shares.

A panel is a QWidget that shows one core service (received in ``__init__``)
and follows this small protocol, so the main window can host panels it does
not know about (the timeline, script, KPI tiles, comment feed and incident
panels of later issues register the same way):

- ``panel_id``: stable identifier; the dock's objectName is ``dock_<panel_id>``
  and its QSettings group is ``panels/<panel_id>`` (never translate it).
- ``default_area``: where the dock goes in the default layout.
- ``title()``: the translated dock title (called again on a language change).
- ``save_state(settings)`` / ``restore_state(settings)``: the panel's own view
  settings (column widths, filters …) inside its group; the window's layout
  itself is saved by the window.
- ``refresh()``: re-read everything from the service (after a reconnect, a
  newly loaded show).
- ``retranslate()``: set every visible text again; called on
  ``QEvent.LanguageChange`` so switching the language needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QWidget


class Panel(QWidget):
    panel_id: str = ""
    default_area: Qt.DockWidgetArea = Qt.DockWidgetArea.LeftDockWidgetArea

    def title(self) -> str:
        raise NotImplementedError

    def save_state(self, settings: QSettings) -> None:
        """Store view settings; ``settings`` is already inside this panel's group."""

    def restore_state(self, settings: QSettings) -> None:
        """Read back what :meth:`save_state` stored (missing keys keep the defaults)."""

    def refresh(self) -> None:
        """Show the service's current state again."""

    def retranslate(self) -> None:
        """Set every text again in the current language."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
