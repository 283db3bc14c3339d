"""Small builders shared by the contingency tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from console.contingency.loader import load_playbook_text
from console.contingency.model import Playbook
from console.obs.model import HealthSample


def health(**changes: Any) -> HealthSample:
    base = HealthSample(ts=0.0, fps=30.0, cpu=20.0, memory_mb=300.0, disk_free_mb=50_000.0, average_render_ms=5.0,
                        render_skipped_frames=0, render_total_frames=0, output_skipped_frames=0,
                        output_total_frames=0, streaming=True, stream_reconnecting=False, stream_timecode=None,
                        stream_bytes=0, congestion=0.0, recording=False, record_timecode=None)
    return dataclasses.replace(base, **changes)


def playbook(detector: str, *, params: str = "", for_: str = "0s", steps: str = "  - {do: note, text: x}\n",
             resolve: str = "auto", pid: str | None = None) -> Playbook:
    text = (f"id: {pid or detector.replace('_', '-')}\ntitle: 测试\nwhen:\n  detector: {detector}\n  for: {for_}\n"
            + "".join(f"  {line}\n" for line in params.split(";") if line.strip())
            + f"severity: critical\nsteps:\n{steps}resolve: {resolve}\n")
    result, diagnostics = load_playbook_text(text, "t.yaml")
    assert result is not None, [str(d) for d in diagnostics]
    return result


class FreezeWitness:
    """Watches a source through a second connection and remembers when its picture last changed.

    Used to time the frozen-camera detector from the moment OBS's picture
    really stopped (OBS keeps a paused media source moving for up to ~1.3 s),
    by the real-OBS test and the benchmark alike.
    """

    def __init__(self, witness: Any, source: str, *, poll_s: float = 0.05) -> None:
        import threading
        import time

        self._time = time
        self.witness = witness
        self.source = source
        self.poll_s = poll_s
        self.last_change = time.monotonic()
        self._watching = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="freeze-witness")

    def __enter__(self) -> "FreezeWitness":
        self._watching.set()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._watching.clear()
        self._thread.join(5)

    def _watch(self) -> None:
        from console.contingency.detectors import frame_difference
        from console.contingency.session import decode_image_data

        previous = None
        while self._watching.is_set():
            result = self.witness.call("GetSourceScreenshot", {"sourceName": self.source, "imageFormat": "bmp",
                                                               "imageWidth": 64})
            now = self._time.monotonic()
            if result.ok:
                pixels = decode_image_data(result.data["imageData"])
                if previous is None or frame_difference(previous, pixels) >= 1.0:
                    self.last_change = now
                previous = pixels
            self._time.sleep(self.poll_s)
