"""Everything on screen in the Chinese UI goes through the catalogue (issue 19 point 4).

Walks every widget of the console window in Chinese — each workspace, every
dock (tabs behind others too), menus, toolbars, tab bars, table headers, the
status bar — and the anchor's screen, the teleprompter, the review window and
the shortcuts dialog, and looks for any text that is one of the catalogue's
English source strings (placeholders such as ``{title}`` or ``%1`` match any
filling). A string the catalogue translates but the screen shows in English is
a string that missed ``tr``/``_t`` or was set before the language came.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from PySide6.QtWidgets import (QAbstractButton, QComboBox, QDockWidget, QHeaderView, QLabel, QLineEdit, QMenu,
                               QTabBar, QTabWidget, QWidget)

from console.paths import resource
from tests.ui.window_rig import console_window
from ui.windows.workspaces import WORKSPACES

PLACEHOLDER = re.compile(r"\\\{[^}]*\\\}|%\d")


def catalogue_patterns() -> list[tuple[re.Pattern[str], str]]:
    """(pattern of the source, the source) for every translated message whose translation differs from it."""
    tree = ET.parse(resource("i18n", "liveroom_zh_CN.ts"))
    # A source some context keeps as it is ("GMV", "OBS {version}") is a word of both languages.
    kept = {message.findtext("source") for message in tree.iter("message")
            if message.findtext("translation") == message.findtext("source")}
    patterns = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if not translation or source in kept or not re.search(r"[A-Za-z]{3}", PLACEHOLDER.sub("", re.escape(source))):
            continue
        body = PLACEHOLDER.sub(".+?", re.escape(source.replace("&", "")))
        patterns.append((re.compile(body, re.DOTALL), source))
    return patterns


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the texts ``root`` and its children show."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if text:
            found.append((where, text.replace("&", "")))

    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        name = f"{type(widget).__name__}#{widget.objectName()}"
        if widget.isWindow():
            add(f"{name} title", widget.windowTitle())
        if isinstance(widget, QLabel):
            add(name, widget.text())
        elif isinstance(widget, QAbstractButton):
            add(name, widget.text())
        elif isinstance(widget, QLineEdit):
            add(f"{name} placeholder", widget.placeholderText())
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add(name, widget.itemText(index))
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                add(name, widget.tabText(index))
        elif isinstance(widget, QDockWidget):
            add(f"{name} title", widget.windowTitle())
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                add(name, widget.tabText(index))
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            for section in range(widget.count()):
                add(f"{name} header", str(widget.model().headerData(section, widget.orientation()) or ""))
        for action in widget.actions():
            add(f"{name} action", action.text())
            if isinstance(action.menu(), QMenu):
                add(f"{name} menu", action.menu().title())
    return found


def untranslated(texts: list[tuple[str, str]]) -> list[str]:
    patterns = catalogue_patterns()
    bad = []
    for where, text in texts:
        for line in text.splitlines() or [text]:
            for pattern, source in patterns:
                if pattern.fullmatch(line.strip()):
                    bad.append(f"{where}: {line.strip()!r} (source {source!r})")
                    break
    return sorted(set(bad))


def test_the_chinese_console_shows_no_catalogue_source_string(qtbot, tmp_path):
    with console_window(qtbot, tmp_path, size=(1600, 900), language="zh_CN", start=True) as (window, panels):
        panels.session.playbooks.runner.trigger("cpu-high", __import__("time").time())
        panels.session.playbooks.runner.trigger("stream-down", __import__("time").time())
        qtbot.wait(300)
        texts: list[tuple[str, str]] = []
        for name in WORKSPACES:
            window.workspaces.switch(name)
            qtbot.wait(100)
            texts += texts_of(window)
        for menu in window.menuBar().findChildren(QMenu):
            menu.aboutToShow.emit()
            texts += [(f"menu {menu.title()}", action.text().replace("&", "")) for action in menu.actions()]
        texts += [("shortcuts", " ".join(row)) for row in window.shortcut_rows()]
        screen = panels.open_anchor_screen()
        qtbot.wait(300)
        texts += texts_of(screen)
        prompter = panels.open_teleprompter()
        texts += texts_of(prompter)
        found = untranslated(texts)
        screen.close()
        prompter.close()
    assert found == [], "\n".join(found)


def test_the_walk_finds_an_english_string_when_there_is_one(qtbot, tmp_path):
    """The check above can fail: an English catalogue string on a Chinese screen is found."""
    with console_window(qtbot, tmp_path, size=(1366, 768), language="zh_CN") as (window, _panels):
        label = QLabel("Congestion 3.0 %", window.connection_bar)
        assert any("Congestion" in problem for problem in untranslated(texts_of(window)))
        label.deleteLater()


def test_the_chinese_review_window_shows_no_catalogue_source_string(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from db.engine import open_database
    from tests.review.fixtures import record_small_show
    from ui.i18n import Translations
    from ui.windows.review_window import ReviewWindow

    translations = Translations(QApplication.instance())
    translations.apply("zh_CN")
    engine = open_database(f"sqlite:///{tmp_path / 'review.sqlite'}")
    try:
        record_small_show(engine, kind="live", show_id="live-1")
        window = ReviewWindow(engine, show_id="live-1")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.review is not None, timeout=20000)
        qtbot.wait(300)
        found = untranslated(texts_of(window))
        window.close()
    finally:
        translations.apply("en")
        engine.dispose()
    assert found == [], "\n".join(found)
