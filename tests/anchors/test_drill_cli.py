"""``liveroom run --drill``: refused on a live run, a bad drill file stops the run with its position, and a
rehearsal prints the scores read back from the record."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from console.show.lint import lint_file

SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"


def _run(tmp_path, *extra):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--db",
                           f"sqlite:///{tmp_path / 'x.sqlite'}", "--intake", "127.0.0.1:0", *extra],
                          capture_output=True, text=True, timeout=120, env=env)


def test_a_drill_is_refused_on_a_live_run_and_a_bad_file_names_its_position(tmp_path):
    good = tmp_path / "d.yaml"
    good.write_text("drill: {id: d, title: t}\nfaults:\n  - {at: 1s, fault: banned_comment, text: 全网最低价}\n",
                    encoding="utf-8")
    live = _run(tmp_path, "--drill", str(good))
    assert live.returncode == 1 and "--drill runs only in a rehearsal" in live.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("drill: {id: d, title: t}\nfaults:\n  - {at: soon, fault: banned_comment, text: x}\n",
                   encoding="utf-8")
    refused = _run(tmp_path, "--no-obs", "--drill", str(bad))
    assert refused.returncode == 1
    assert f"{bad}:3:10: error:" in refused.stderr  # at the value `soon`
    assert [d.code for d in lint_file(str(bad))] == ["bad-duration"]  # `liveroom lint` tells a drill apart


def test_a_rehearsal_with_a_drill_prints_scores_from_the_record(tmp_path):
    drill = tmp_path / "d.yaml"
    drill.write_text("drill: {id: d, title: t}\nfaults:\n  - {at: 2s, fault: banned_comment, text: 全网最低价}\n"
                     "  - {at: 3s, fault: mic_mute, input: 麦克风}\n", encoding="utf-8")
    done = _run(tmp_path, "--no-obs", "--speed", "30", "--drill", str(drill))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("drill: ")))
    assert lines[start] == "drill: 2 faults, 0 handled in time"  # nobody acknowledged anything
    assert "banned_comment → banned_word: late; incident after" in lines[start + 1]
    assert "mic_mute → mic_silent: skipped" in lines[start + 2]  # no OBS to mute
