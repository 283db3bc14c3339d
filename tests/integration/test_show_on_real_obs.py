"""A three-module script run at high speed against the real OBS.

What OBS actually did is read from OBS: a witness connection records every
CurrentProgramSceneChanged and the caption's text, and is compared with the
script's module scenes and cues.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from console.recording import Recorder
from console.session import ShowSession
from console.show.loader import load_script
from db import schema
from db.engine import open_database
from tests.harness.common import LineReader, stop_process

pytestmark = pytest.mark.obs

SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"
SPEED = 30.0  # 210 s of show in 7 s


def _witness(sandbox) -> tuple[ObsClient, list[str], threading.Event]:
    scenes: list[str] = []
    witness = ObsClient(sandbox.url, sandbox.password, name="witness").start()
    assert witness.wait_for_state(ConnectionState.OK, timeout=10)
    changed = threading.Event()

    def on_event(kind: str, data: dict) -> None:
        if kind == "CurrentProgramSceneChanged":
            scenes.append(data["sceneName"])
            changed.set()

    witness.obs_event.connect(on_event)
    return witness, scenes, changed


def test_three_modules_drive_obs_scenes_and_captions(obs_sandbox, tmp_path):
    script = load_script(SCRIPT).script
    engine = open_database(f"sqlite:///{tmp_path / 'show.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    witness, scenes, changed = _witness(obs_sandbox)
    captions: list[str] = []
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        # Start from a scene the script does not open with, so the first switch shows,
        # and wait until OBS confirms it before watching.
        assert client.call("SetCurrentSceneTransition", {"transitionName": "Cut"}).ok
        if client.snapshot.program_scene != "稍后回来":
            changed.clear()
            assert client.call("SetCurrentProgramScene", {"sceneName": "稍后回来"}).ok
            assert changed.wait(5)
        scenes.clear()
        session = ShowSession(script, recorder=recorder, obs=client, kind="live", speed=SPEED)
        session.start(time.monotonic())
        deadline = time.monotonic() + 30
        while not session.ended and time.monotonic() < deadline:
            time.sleep(0.05)
            session.tick(time.monotonic())
            text = witness.call("GetInputSettings", {"inputName": "字幕条"}).data["inputSettings"].get("text")
            if not captions or captions[-1] != text:
                captions.append(text)
        assert session.ended
        session.close(time.monotonic())
        time.sleep(0.5)
        final_caption = witness.call("GetInputSettings", {"inputName": "字幕条"}).data["inputSettings"]["text"]
    finally:
        witness.stop()
        client.stop()
        recorder.close()

    # Module starts and the switch_scene cue, in order, as OBS reported them.
    assert scenes == ["机位A 全景", "机位B 特写", "机位C 产品台", "机位A 全景"], scenes
    assert "欢迎来到直播间" in captions
    assert final_caption == "下次见"
    with engine.connect() as connection:
        results = connection.execute(select(schema.cue_results.c.module_id, schema.cue_results.c.action,
                                            schema.cue_results.c.status)).all()
        runs = connection.execute(select(schema.module_runs.c.module_id, schema.module_runs.c.ended_at)
                                  .order_by(schema.module_runs.c.started_at)).all()
    assert {r.status for r in results} == {"fired"}, results
    assert [r.module_id for r in runs] == ["opening", "product", "closing"]
    assert all(r.ended_at is not None for r in runs)
    engine.dispose()


def test_cue_failure_keeps_obs_reason_and_missing_obs_marks_cues_missed(obs_sandbox, tmp_path):
    text = SCRIPT.read_text(encoding="utf-8").replace("source: 字幕条, text: 欢迎来到直播间",
                                                      "source: 不存在的字幕, text: 欢迎")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    script = load_script(path).script
    engine = open_database(f"sqlite:///{tmp_path / 'show.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        session = ShowSession(script, recorder=recorder, obs=client, kind="live", speed=60.0)
        session.start(time.monotonic())
        deadline = time.monotonic() + 20
        while not session.ended and time.monotonic() < deadline:
            time.sleep(0.05)
            session.tick(time.monotonic())
        session.close(time.monotonic())
        recorder.flush()
        with engine.connect() as connection:
            failed = connection.execute(select(schema.cue_results).where(schema.cue_results.c.status == "failed")).all()
        assert len(failed) == 1
        assert "不存在的字幕" in failed[0].error and "600" in failed[0].error
    finally:
        client.stop()
        recorder.close()
        engine.dispose()


@pytest.mark.keyring
def test_liveroom_run_headless_against_the_sandbox(obs_sandbox, keyring_backend, tmp_path):
    from console.secrets import set_obs_password

    set_obs_password(obs_sandbox.url, obs_sandbox.password)
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    db = f"sqlite:///{tmp_path / 'run.sqlite'}"
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--speed", "40",
                          "--obs-url", obs_sandbox.url, "--db", db, "--intake", "127.0.0.1:0"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    assert time.monotonic() - started < 30
    assert " ended;" in run.stdout, run.stdout
    engine = open_database(db)
    with engine.connect() as connection:
        show = connection.execute(select(schema.shows)).one()
        statuses = connection.execute(select(schema.cue_results.c.status)).scalars().all()
        actions = connection.execute(select(schema.obs_actions.c.request, schema.obs_actions.c.ok,
                                            schema.obs_actions.c.origin, schema.obs_actions.c.latency_ms)).all()
        states = connection.execute(select(schema.connection_events.c.state)).scalars().all()
    assert show.status == "ended" and show.kind == "live"
    assert statuses and set(statuses) == {"fired"}
    # Every OBS action the cues sent is journalled with its result and latency.
    switches = [a for a in actions if a.request == "SetCurrentProgramScene"]
    assert len(switches) == 4 and all(a.ok and a.origin == "cue" and a.latency_ms is not None for a in switches), actions
    assert "ok" in states
    engine.dispose()


def test_liveroom_run_ctrl_c_ends_early_and_is_recorded(tmp_path):
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"))
    db = f"sqlite:///{tmp_path / 'run.sqlite'}"
    process = subprocess.Popen([sys.executable, "-m", "console.cli", "run", str(SCRIPT), "--headless", "--no-obs",
                                "--speed", "1", "--db", db, "--intake", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out, errors = LineReader(process), LineReader(process, "stderr")  # threads: a hung run fails a wait
    try:
        out.wait_for("show ", timeout=30)
        out.wait_for("opening", timeout=20)
        process.send_signal(2)
        process.wait(20)
    finally:
        stop_process(process)
        out.join()
        errors.join()
    assert process.returncode == 0, errors.lines
    assert out.lines[0].startswith("show "), out.lines
    assert any("ended early" in line for line in out.lines), out.lines
    engine = open_database(db)
    with engine.connect() as connection:
        show = connection.execute(select(schema.shows)).one()
    assert show.status == "ended_early"
    engine.dispose()


def test_script_roles_and_sources_are_checked_against_obs(obs_sandbox, tmp_path):
    text = SCRIPT.read_text(encoding="utf-8").replace("closeup: 机位B 特写", "closeup: 机位D 不存在") \
        .replace("source: 倒计时", "source: 没有的倒计时", 1)
    path = tmp_path / "renamed.yaml"
    path.write_text(text, encoding="utf-8")
    script = load_script(path).script
    engine = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        session = ShowSession(script, recorder=recorder, obs=client, kind="live")
        warnings = session.check_against_obs().result(10)
        session.close(time.monotonic())
    finally:
        client.stop()
        recorder.close()
        engine.dispose()
    found = {(w.code, w.position.line) for w in warnings}
    lines = text.splitlines()
    scene_line = next(i for i, line in enumerate(lines, 1) if "机位D 不存在" in line)
    source_line = next(i for i, line in enumerate(lines, 1) if "没有的倒计时" in line)
    assert found == {("obs-missing-scene", scene_line), ("obs-missing-source", source_line)}
    assert all(w.severity == "warning" for w in warnings)
