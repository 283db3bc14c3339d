"""Issue 17 in the window: File → Anchors… opens the Anchors window, File → Run a drill… arms a drill on a
rehearsal before its start (and refuses otherwise), and a show of a room with open action items tells them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from console import show_assembly
from console.anchors import actions, summary
from console.show.loader import load_script
from console.station import Station
from ui.windows.main_window import MainWindow
from ui.windows.period_menu import PeriodMenu
from ui.windows.show_host import ShowHost

from .year import write_year

SCRIPT = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
DRILL = "drill: {id: d, title: 演练一}\nfaults:\n  - {at: 5s, fault: banned_comment, text: 全网最低价}\n"


def test_anchors_drill_and_action_items_from_the_window(qtbot, tmp_path):
    settings_path = str(tmp_path / "console.ini")
    host = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}", room="room-a", intake="127.0.0.1:0"))
    window = MainWindow(host.bridge, QSettings(settings_path, QSettings.Format.IniFormat), confirm=lambda *_: True)
    qtbot.addWidget(window)
    window.show()
    drill_file = tmp_path / "drill.yaml"
    drill_file.write_text(DRILL, encoding="utf-8")
    refusals: list[str] = []
    menu = PeriodMenu(window, host, choose_file=lambda: str(drill_file),
                      inform=lambda _title, text: refusals.append(text))
    notes: list[tuple[str, bool]] = []
    window.notify = lambda text, error: notes.append((text, error))
    try:
        expected = write_year(host.engine, start=1_790_000_000.0, days=6)
        summary.ensure_summaries(host.engine)
        last = [t for t in summary.load_totals(host.engine) if t.room == "room-a" and t.live][-1]
        actions.add_item(host.engine, from_show=last, text="开场加一个提问", kpi="interaction_rate", bound="min",
                         target=0.25, module_type="opening", now=last.started_at + 7200)
        assert {menu.anchors_action, menu.drill_action} <= set(window.file_menu.actions())

        anchors = menu.open_anchors()
        qtbot.waitUntil(lambda: anchors.data is not None, timeout=20000)
        assert sorted(card.name for card in anchors.data.cards) == sorted({e.anchor for e in expected})

        menu.choose_drill()  # no show open: refused, nothing armed
        assert len(refusals) == 1 and "rehearsal" in refusals[0]
        script = load_script(SCRIPT).script
        started = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="room-a",
                                              script_path=str(SCRIPT))
        host.run_show(window, started)
        qtbot.waitUntil(lambda: any("开场加一个提问" in text for text, _ in notes), timeout=10000)
        host.panels.start_show()
        qtbot.waitUntil(lambda: started.started, timeout=5000)
        menu.choose_drill()  # already started: refused
        assert started.drill is None and len(refusals) == 2

        rehearsal = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="room-a",
                                                script_path=str(SCRIPT))
        host.run_show(window, rehearsal)
        menu.choose_drill()
        qtbot.waitUntil(lambda: rehearsal.drill is not None, timeout=10000)
        assert [f.fault for f in rehearsal.drill.drill.faults] == ["banned_comment"]
        assert any("演练一" in text and not error for text, error in notes)
    finally:
        menu.close()
        host.shutdown()
