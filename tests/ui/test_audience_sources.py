"""File → Audience sources… (remembered per script), the connection bar's source pills, the wall's column.

Real parts: the window, the station, a show of the fixture script, a local oba server on a real socket.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from console import show_assembly
from console.show.loader import load_script
from console.sources.oba import DEFAULT_URL
from console.sources.spec import SourceSpec
from console.station import Station
from tests.sources.oba_server import FakeObaServer
from ui.windows.audience_sources import (AudienceSourcesDialog, AudienceSourcesMenu, check_lines, remember_sources,
                                         remembered_sources)
from ui.windows.main_window import MainWindow
from ui.windows.show_host import ShowHost

SCRIPT = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
OTHER_SCRIPT = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "other.yaml"


def test_the_choice_is_remembered_per_script(settings_path):
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    assert remembered_sources(settings, str(SCRIPT)) == []
    remember_sources(settings, str(SCRIPT), [SourceSpec("oba", "ws://127.0.0.1:9")])
    reread = QSettings(settings_path, QSettings.Format.IniFormat)
    assert remembered_sources(reread, str(SCRIPT)) == [SourceSpec("oba", "ws://127.0.0.1:9")]
    assert remembered_sources(reread, str(OTHER_SCRIPT)) == []


def test_the_dialog_accepts_only_lines_that_resolve(qtbot):
    specs, errors = check_lines("oba\n# a comment\n\noba:ws://10.0.0.2:1  # the studio PC\nnosuch:x\noba:http://x")
    assert specs == [SourceSpec("oba", DEFAULT_URL), SourceSpec("oba", "ws://10.0.0.2:1")]
    assert [error.split(":", 1)[0] for error in errors] == ["line 5", "line 6"]
    dialog = AudienceSourcesDialog([], "三段测试")
    qtbot.addWidget(dialog)
    dialog.editor.setPlainText("nosuch:x")
    dialog.accept()
    assert dialog.result() == 0 and dialog.error_label.isVisibleTo(dialog)
    assert "unknown audience source kind" in dialog.error_label.text()
    dialog.editor.setPlainText("oba")
    dialog.accept()
    assert dialog.result() == 1 and dialog.specs == [SourceSpec("oba", DEFAULT_URL)]


def test_sources_chosen_in_the_window_start_show_on_the_bar_and_come_back_with_the_script(qtbot, tmp_path,
                                                                                         settings_path):
    host = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}", room="A", intake="127.0.0.1:0"))
    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    window = MainWindow(host.bridge, settings, confirm=lambda *_: True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    script = load_script(SCRIPT).script
    server = FakeObaServer().start()

    def choose(dialog: AudienceSourcesDialog) -> int:
        dialog.editor.setPlainText(f"oba:{server.url}")
        dialog.accept()
        return dialog.result()

    menu = AudienceSourcesMenu(window, host, run_dialog=choose)
    assert menu.action in window.file_menu.actions()
    strip = window.connection_bar.source_status
    try:
        first = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="A",
                                            script_path=str(SCRIPT))
        host.run_show(window, first)
        qtbot.waitUntil(lambda: first.intake is not None, timeout=10000)
        assert not strip.isVisible() and first.sources.specs == []

        menu.open_dialog()
        assert remembered_sources(settings, str(SCRIPT)) == [SourceSpec("oba", server.url)]
        server.wait_clients(1)
        qtbot.waitUntil(lambda: [p.property("level") for p in strip.pills] == ["ok"], timeout=10000)
        assert strip.isVisible() and strip.pills[0].text().startswith("oba ")
        assert server.url in strip.pills[0].toolTip()
        assert first.opened, "a source started before the start opens the pre-show"
        window.grab().save(str(tmp_path / "window-sources.png"))

        server.stop()  # the feed goes away: the pill says so, in red
        qtbot.waitUntil(lambda: [p.property("level") for p in strip.pills] == ["error"], timeout=10000)

        second = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="A",
                                             script_path=str(SCRIPT))
        host.run_show(window, second)
        assert second.sources.specs == [SourceSpec("oba", server.url)], "remembered for this script"
        qtbot.waitUntil(lambda: len(second.source_health()) == 1, timeout=10000)
    finally:
        host.shutdown()
        server.stop()
    assert not strip.isVisible()
