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
