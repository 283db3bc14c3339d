"""The window's side of the station (ui.windows.show_host) and its workers (ui.workers)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QThread
from PySide6.QtWidgets import QApplication

from console import show_assembly
from console.show.loader import load_script
from console.station import Station
from ui.windows.main_window import MainWindow
from ui.windows.show_host import ShowHost
from ui.workers import Workers

SCRIPT = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
INTAKE = "127.0.0.1:0"


def test_a_job_started_just_before_shutdown_is_waited_for_without_an_event_loop(qtbot):
    workers = Workers()
    release = threading.Event()
    done: list[str] = []

    def job() -> None:
        assert release.wait(5)
        done.append("done")

    workers.start("test-job", job)
    releaser = threading.Timer(0.2, release.set)
    releaser.start()
    workers.wait()  # no event loop turns here: the job must already be on the pool
    releaser.join()
    assert done == ["done"] and workers.running == []


def test_results_and_errors_arrive_on_the_gui_thread(qtbot):
    workers = Workers()
    seen: list[tuple[str, object, bool]] = []
    gui = QApplication.instance().thread()

    def on_returned(value: object) -> None:
        seen.append(("returned", value, QThread.currentThread() is gui))

    def on_errored(error: BaseException) -> None:
        seen.append(("errored", str(error), QThread.currentThread() is gui))

    def fail() -> None:
        raise ValueError("no such script")

    workers.start("test-good", lambda: 42, returned=on_returned, errored=on_errored)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5000)
    workers.start("test-bad", fail, returned=on_returned, errored=on_errored)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [("returned", 42, True), ("errored", "no such script", True)]


def test_replacing_a_show_never_waits_for_its_close_and_the_new_intake_opens_after_it(qtbot, tmp_path,
                                                                                       settings_path):
    host = ShowHost(Station(f"sqlite:///{tmp_path / 'console.sqlite'}", room="A", intake=INTAKE))
    window = MainWindow(host.bridge, QSettings(settings_path, QSettings.Format.IniFormat), confirm=lambda *_: True)
    qtbot.addWidget(window)
    script = load_script(SCRIPT).script
    opened: list[str] = []
    release = threading.Event()
    try:
        first = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="A")
        first.open_intake = lambda address: opened.append(f"first {address}")
        close_first = first.close

        def slow_close(mono: float, timeout: float = 10.0) -> None:
            release.wait(10)  # the last OBS answers and the flush, taking their time
            close_first(mono, timeout)

        first.close = slow_close
        host.run_show(window, first)
        qtbot.waitUntil(lambda: opened == [f"first {INTAKE}"], timeout=5000)

        second = show_assembly.assemble_show(script, recorder=host.recorder, kind="rehearsal", room="A")
        second.open_intake = lambda address: opened.append(f"second {address}")
        began = time.monotonic()
        panels = host.run_show(window, second)
        # It used to wait up to 3 s on the GUI thread for the first show's close.
        assert time.monotonic() - began < 2.5
        assert host.panels is panels and host.station.show is second
        qtbot.wait(300)
        assert opened == [f"first {INTAKE}"], "the old intake may still hold the address: not yet"
        release.set()
        qtbot.waitUntil(lambda: opened == [f"first {INTAKE}", f"second {INTAKE}"], timeout=5000)
    finally:
        release.set()
        host.shutdown()
