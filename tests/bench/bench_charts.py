"""Chart redraw for a 4-hour show: 20 series at 1 Hz (14,400 points each) in the live charts panel.

A frame is what the panel's timer does plus the paint it causes: one new point
per series arrives, ``LiveCharts.redraw()`` runs (setData on the curves that
grew, module bands), and the chart is painted (``repaint()`` on its viewport:
the synchronous form of the paint the event loop does after the timer). The baseline is the same frame on the
same panel with empty series, in the same run. Target: under 20 ms a frame.

The panel draws the series named in ``ui.panels.live_charts.SERIES``; for the
benchmark 13 more are added to that table (the panel's own extension point)
so that 20 curves are drawn, as the issue asks.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

FRAMES = 40
HOURS = 4
EXTRA_SERIES = 13


def _session(tmp: Path):
    from console.recording import Recorder
    from console.session import ShowSession
    from console.show.loader import load_script
    from console.paths import resource
    from db.engine import open_database

    script = load_script(resource("shows", "skincare_launch.yaml")).script
    engine = open_database(f"sqlite:///{tmp / 'bench.sqlite'}")
    recorder = Recorder(engine)
    session = ShowSession(script, recorder=recorder, kind="rehearsal", speed=1.0)
    return session, recorder, engine


def measure() -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from ui.bridges.session_bridge import ShowClock
    from ui.panels import live_charts

    app = QApplication.instance() or QApplication([])
    for index in range(EXTRA_SERIES):
        live_charts.SERIES[f"bench.extra{index}"] = (index % 3, "#6b7280", 1.0)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, points in (("empty", 0), ("full", HOURS * 3600)):
            session, recorder, engine = _session(Path(folder) / label)
            # The show started four hours ago: the chart spans the whole show, as at its end.
            session.start(time.monotonic() - HOURS * 3600)
            clock = ShowClock(session)
            panel = live_charts.LiveCharts(session, clock, redraw_ms=10_000)
            panel.timer.stop()  # frames are driven here, one at a time
            panel.resize(1200, 420)
            panel.show()
            start = session.runtime.unix_at(0.0)
            names = list(live_charts.SERIES)
            if points:
                t = start + np.arange(points, dtype=np.float64)
                for number, name in enumerate(names):
                    buffer = session.series[name]
                    values = 100 + 50 * np.sin(t / (600 + number * 37))
                    for ts, value in zip(t.tolist(), values.tolist(), strict=True):
                        buffer.append(ts, value)
            panel.redraw()
            panel.graphics.viewport().repaint()
            app.processEvents()
            frames, cpu = [], []
            for frame in range(FRAMES):
                ts = start + points + frame
                if points:
                    for name in names:
                        session.series[name].append(ts, 100.0 + frame)
                began, began_cpu = time.perf_counter(), time.thread_time()
                panel.redraw()
                panel.graphics.viewport().repaint()
                frames.append((time.perf_counter() - began) * 1000)
                cpu.append((time.thread_time() - began_cpu) * 1000)
            results[label] = statistics.median(frames)
            # The GUI thread's own CPU time a frame: what the code costs, without the
            # waiting for a core that a loaded machine adds to the wall time.
            results[f"{label}_cpu"] = statistics.median(cpu)
            results[f"{label}_max"] = max(frames)
            panel.stop()
            panel.close()
            panel.deleteLater()
            session.close(time.monotonic())
            recorder.close()
            engine.dispose()
            app.processEvents()
    for index in range(EXTRA_SERIES):
        live_charts.SERIES.pop(f"bench.extra{index}", None)
    results["curves"] = len(names)
    return results


def test_chart_redraw_bench() -> None:
    result = measure()
    print()
    print(f"BENCH name=chart_redraw_4h value={result['full']:.2f} unit=ms baseline={result['empty']:.2f} "
          f"ratio={result['full'] / result['empty']:.2f} n={FRAMES}")
    print(f"# {result['curves']} curves x {HOURS * 3600} points; max frame {result['full_max']:.1f} ms "
          f"(empty {result['empty_max']:.1f} ms); GUI-thread CPU a frame {result['full_cpu']:.2f} ms "
          f"(empty {result['empty_cpu']:.2f} ms); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    test_chart_redraw_bench()
