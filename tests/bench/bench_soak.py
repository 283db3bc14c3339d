"""Soak: a 4-hour show, headless at 20× speed, against the real OBS, with 200 comments/s of audience.

A real ``liveroom run SCRIPT --headless --speed 20 --simulate-rate 200 --live``
process runs a generated 4-hour script (24 modules of 10 minutes, a scene
switch or caption cue every 2 minutes) against the sandbox OBS streaming to
the RTMP sink, recording into a SQLite file. About 12 minutes of wall time;
``LIVEROOM_SOAK_HOURS`` shortens it for a quick look (the figures then mean
less: the real measurement is 4 h).

Measured from ``/proc/PID`` every 2 s of wall time:

- **memory**: VmRSS growth from the end of the warm-up (the first
  :data:`WARMUP_S` wall seconds: imports, OBS connect, first buffers) to the
  end of the show. Target < 50 MB. Baseline in the same run: the growth over
  the first quarter of the measured span, scaled to the whole span — what
  steady growth from the start would predict; a ratio near 1 means memory
  grew linearly (a leak) or not at all, the absolute value is what counts;
- **threads**: the process's thread count at the end of the warm-up and at
  the end of the show (before it exits); after it exits, no process of it is
  left and the intake port is free;
- **database consistency**: every event the simulator produced is in
  ``audience_events`` (the run prints how many it generated and recorded),
  every module ran once with an end, every cue has exactly one result, the
  show is ``ended``, and OBS health samples cover the whole show with no gap
  over :data:`MAX_SAMPLE_GAP_S` of show time.

BENCH lines (CONTRACTS §7): ``soak_memory_growth`` (MB), ``soak_threads_left``
(count; baseline the warm-up count), ``soak_events_recorded`` (events;
baseline the events generated), ``soak_sample_gap_max`` (show seconds).

Run: ``bash scripts/bench.sh tests/bench/bench_soak.py``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import schema
from db.engine import open_database

pytestmark = [pytest.mark.obs, pytest.mark.keyring]

SPEED = 20.0
COMMENTS_PER_S = 200.0
HOURS = float(os.environ.get("LIVEROOM_SOAK_HOURS", "4"))
MODULE_MIN = 10
WARMUP_S = 30.0
SAMPLE_EVERY_S = 2.0
TARGET_GROWTH_MB = 50.0
#: OBS is polled at 1 Hz of wall time = 20 s of show time at 20×; two missed polls in a row is a gap.
MAX_SAMPLE_GAP_S = 3 * SPEED
TYPES = ("opening", "explanation", "interaction", "conversion", "explanation", "interaction", "conversion",
         "break")
ROLES = ("wide", "closeup", "product")


def soak_script(hours: float) -> str:
    modules = max(3, int(round(hours * 60 / MODULE_MIN)))
    lines = ["version: 1", "show:", "  title: 四小时耐力测试", "  scenes: {wide: 机位A 全景, closeup: 机位B 特写, "
             "product: 机位C 产品台, standby: 稍后回来}", "modules:"]
    for index in range(modules):
        kind = "closing" if index == modules - 1 else TYPES[index % len(TYPES)]
        lines += [f"  - id: m{index:02d}", f"    type: {kind}", f"    title: 第{index + 1}段",
                  f"    duration: {MODULE_MIN}m", f"    scene: {ROLES[index % 3]}", "    cues:"]
        for minute in range(2, MODULE_MIN, 2):
            if minute % 4 == 2:
                lines.append(f"      - {{at: {minute}m, do: switch_scene, scene: {ROLES[(index + minute) % 3]}}}")
            else:
                lines.append(f"      - {{at: {minute}m, do: show_text, source: 字幕条, text: 第{index + 1}段 {minute} 分钟}}")
    return "\n".join(lines) + "\n"


def _proc(pid: int) -> tuple[float, int] | None:
    """(VmRSS in MB, thread count) of ``pid``, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    rss = int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1)) / 1024
    threads = int(re.search(r"Threads:\s+(\d+)", text).group(1))
    return rss, threads


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.timeout(HOURS * 3600 / SPEED + 900)
def test_soak(obs_sandbox, keyring_backend, tmp_path):
    from console.secrets import set_obs_password

    set_obs_password(obs_sandbox.url, obs_sandbox.password)
    script = tmp_path / "soak.yaml"
    script.write_text(soak_script(HOURS), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'soak.sqlite'}"
    port = _free_port()
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    planned_wall = HOURS * 3600 / SPEED
    process = subprocess.Popen(
        [sys.executable, "-m", "console.cli", "run", str(script), "--headless", "--speed", str(SPEED),
         "--simulate-rate", str(COMMENTS_PER_S), "--live", "--obs-url", obs_sandbox.url, "--db", db,
         "--intake", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    samples: list[tuple[float, float, int]] = []  # (wall since start, RSS MB, threads)
    stderr: list[str] = []
    drain = threading.Thread(target=lambda: stderr.extend(process.stderr), daemon=True)
    drain.start()
    started = time.monotonic()
    try:
        while process.poll() is None:
            figures = _proc(process.pid)
            if figures is not None:
                samples.append((time.monotonic() - started, *figures))
            if time.monotonic() - started > planned_wall + 300:
                raise AssertionError(f"the soak did not end within {planned_wall + 300:.0f} s")
            time.sleep(SAMPLE_EVERY_S)
        out = process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    drain.join(10)
    wall = time.monotonic() - started
    assert process.returncode == 0, "".join(stderr[-30:])

    # --- memory and threads
    measured = [s for s in samples if s[0] >= WARMUP_S]
    assert len(measured) >= 10, samples
    first, last = measured[0], measured[-1]
    growth = last[1] - first[1]
    peak = max(s[1] for s in measured)
    quarter = [s for s in measured if s[0] <= first[0] + (last[0] - first[0]) / 4]
    early_slope = (quarter[-1][1] - first[1]) / max(1e-9, quarter[-1][0] - first[0])
    predicted = max(0.01, early_slope * (last[0] - first[0]))
    threads_start, threads_end = first[2], last[2]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # the intake let go of its port
    left = subprocess.run(["pgrep", "-f", str(script)], capture_output=True, text=True).stdout.split()

    # --- the record
    match = re.search(r"audience: (\d+) of (\d+) replayed/simulated events recorded \((\d+) failed", out)
    assert match, out
    recorded_said, generated, failed = (int(g) for g in match.groups())
    engine = open_database(db)
    try:
        with engine.connect() as connection:
            (show,) = connection.execute(select(schema.shows)).all()
            events = connection.execute(select(func.count()).select_from(schema.audience_events)).scalar_one()
            comments = connection.execute(select(func.count()).select_from(schema.audience_events)
                                          .where(schema.audience_events.c.kind == "comment")).scalar_one()
            runs = connection.execute(select(schema.module_runs.c.module_id, schema.module_runs.c.ended_at)).all()
            cue_keys = connection.execute(select(schema.cue_results.c.module_id, schema.cue_results.c.cue_index)).all()
            fps_ts = connection.execute(select(schema.samples.c.ts).where(schema.samples.c.series == "obs.fps")
                                        .order_by(schema.samples.c.ts)).scalars().all()
    finally:
        engine.dispose()
    modules = max(3, int(round(HOURS * 60 / MODULE_MIN)))
    show_s = modules * MODULE_MIN * 60.0
    cues_per_module = len(range(2, MODULE_MIN, 2))
    gaps = [b - a for a, b in zip(fps_ts, fps_ts[1:])]
    edge_gaps = [fps_ts[0] - show.started_at, show.ended_at - fps_ts[-1]] if fps_ts else [float("inf")]
    max_gap = max(gaps + edge_gaps)

    print()
    print(f"soak: {HOURS:g} h of show at {SPEED:g}x in {wall:.0f} s wall; RSS {first[1]:.1f} -> {last[1]:.1f} MB "
          f"(peak {peak:.1f}); threads {threads_start} -> {threads_end}; {events} events ({comments} comments, "
          f"{comments / show_s:.0f}/s of show); {len(fps_ts)} OBS samples")
    print(f"BENCH name=soak_memory_growth value={growth:.2f} unit=MB baseline={predicted:.2f} "
          f"ratio={growth / predicted:.3f} n={len(measured)}")
    print(f"BENCH name=soak_threads_left value={threads_end - threads_start} unit=threads "
          f"baseline={threads_start} ratio={threads_end / threads_start:.3f} n=2")
    print(f"BENCH name=soak_events_recorded value={events} unit=events baseline={generated} "
          f"ratio={events / max(1, generated):.4f} n={generated}")
    print(f"BENCH name=soak_sample_gap_max value={max_gap:.1f} unit=s baseline={SPEED:.1f} "
          f"ratio={max_gap / SPEED:.2f} n={len(fps_ts)}")

    assert growth < TARGET_GROWTH_MB, f"memory grew {growth:.1f} MB"
    assert threads_end <= threads_start, f"threads {threads_start} -> {threads_end}"
    assert not left, f"processes left behind: {left}"
    assert failed == 0 and recorded_said == generated == events, (recorded_said, generated, events)
    assert comments / show_s >= COMMENTS_PER_S * 0.5, "the audience was not at soak strength"
    assert show.status == "ended"
    assert sorted(r.module_id for r in runs) == [f"m{i:02d}" for i in range(modules)]
    assert all(r.ended_at is not None for r in runs)
    assert len(cue_keys) == len(set(cue_keys)) == modules * (cues_per_module + 1)
    assert max_gap <= MAX_SAMPLE_GAP_S, f"OBS health has a gap of {max_gap:.0f} show seconds"
