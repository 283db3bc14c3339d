"""ShowRuntime with a fake OBS client and the real recorder on a temporary SQLite file."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from console.obs.actions import ActionQueue
from console.obs.model import ObsResult
from console.recording import Recorder
from console.show.run_of_show import RunOfShow
from console.show.runtime import ShowRuntime
from db import schema
from db.engine import open_database

from .conftest import three_modules

UNIX_START = 1_800_000_000.0


@dataclass(frozen=True)
class _Snapshot:
    scenes: tuple = ("机位A 全景", "机位B 特写", "机位C 产品台", "稍后回来")
    program_scene: str = "机位A 全景"
    streaming: bool = False  # what the heartbeat's wall extras read
    stream_reconnecting: bool = False
    recording: bool = False


class FakeObs:
    """Answers at once; ``missing_sources`` fail like OBS does (code 600 with OBS's comment).

    Like ObsClient it owns its action queue (a thread): ``stop()`` it after the test.
    """

    def __init__(self, missing_sources=()):
        self.state = "ok"
        self.snapshot = _Snapshot()
        self.missing_sources = set(missing_sources)
        self.requests: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self.action_queue = ActionQueue(self, "fake-obs").start()

    def stop(self):
        self.action_queue.stop(5)

    def request(self, request_type, params=None, *, origin="console", timeout=None):
        params = dict(params or {})
        with self._lock:
            self.requests.append((request_type, params))
        source = params.get("inputName") or params.get("sourceName")
        future: Future = Future()
        if source in self.missing_sources:
            result = ObsResult(request_type, params, False, {}, 600,
                               f"No source was found by the name of `{source}`.", 0.3, time.time(), origin)
        else:
            data = {"sceneItemId": 7} if request_type == "GetSceneItemId" else {}
            result = ObsResult(request_type, params, True, data, 100, None, 0.3, time.time(), origin)
        future.set_result(result)
        return future


@pytest.fixture()
def database(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'show.sqlite'}")
    recorder = Recorder(engine)
    yield engine, recorder
    recorder.close()
    engine.dispose()


def rows(engine, table, *order):
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(table).order_by(*order))]


def test_a_run_drives_obs_and_records_plan_and_reality(database, stopped_after_test):
    engine, recorder = database
    obs = stopped_after_test(FakeObs())
    script = three_modules("advance")
    runtime = ShowRuntime(script, RunOfShow(script), obs, recorder, show_id="show-1", clock=lambda: UNIX_START,
                          speed=10.0)
    results = []
    runtime.cue_result.connect(results.append)
    runtime.start(500.0)  # wall monotonic instant
    runtime.tick(506.5)  # 65 show seconds later: opening's cues, then product started
    runtime.hold(507.0, who="controller")
    runtime.resume(508.0, who="controller")
    runtime.tick(600.0)  # long past the end
    assert runtime.ended
    assert runtime.wait_idle(5)
    recorder.flush()

    scene_switches = [p["sceneName"] for r, p in obs.requests if r == "SetCurrentProgramScene"]
    # module scenes and the switch_scene cue, in order
    assert scene_switches == ["机位A 全景", "机位B 特写", "机位C 产品台", "机位A 全景"]
    texts = [p["inputSettings"]["text"] for r, p in obs.requests if r == "SetInputSettings"]
    assert texts == ["欢迎来到直播间", "下次见"]

    (show,) = rows(engine, schema.shows, schema.shows.c.id)
    assert (show["kind"], show["status"], show["speed"], show["started_at"]) == ("live", "ended", 10.0, UNIX_START)
    # 210 s of show plus the 10 show-seconds held (1 wall second at speed 10)
    assert show["ended_at"] == pytest.approx(UNIX_START + 220.0)
    assert show["script_text"].startswith("version: 1") and len(show["script_sha256"]) == 64
    planned = rows(engine, schema.planned_modules, schema.planned_modules.c.idx)
    assert [(p["module_id"], p["planned_s"]) for p in planned] == [("opening", 60.0), ("product", 120.0), ("closing", 30.0)]
    runs = rows(engine, schema.module_runs, schema.module_runs.c.id)
    assert [(r["module_id"], r["started_at"] - UNIX_START, r["ended_at"] - UNIX_START) for r in runs] == [
        ("opening", 0.0, 60.0), ("product", 60.0, 190.0), ("closing", 190.0, 220.0)]
    commands = rows(engine, schema.operator_commands, schema.operator_commands.c.id)
    assert [(c["command"], c["who"], c["ts"] - UNIX_START) for c in commands] == [
        ("start", None, 0.0), ("hold", "controller", 70.0), ("resume", "controller", 80.0)]
    cues = rows(engine, schema.cue_results, schema.cue_results.c.id)
    statuses = {(c["module_id"], c["cue_index"]): c["status"] for c in cues}
    assert len(cues) == 9  # 6 cues + 3 module scene switches (cue_index -1)
    assert set(statuses.values()) == {"fired"}
    assert len(results) == 9


def test_a_cue_that_fails_in_obs_is_recorded_with_obs_reason(database, stopped_after_test):
    engine, recorder = database
    obs = stopped_after_test(FakeObs(missing_sources={"字幕条"}))
    script = three_modules("advance")
    runtime = ShowRuntime(script, None, obs, recorder, show_id="show-2", clock=lambda: UNIX_START)
    runtime.start(0.0)
    runtime.tick(11.0)
    assert runtime.wait_idle(5)
    recorder.flush()
    failed = [r for r in runtime.results if r.status == "failed"]
    assert [(r.module_id, r.cue_index) for r in failed] == [("opening", 0)]
    assert "No source was found by the name of `字幕条`" in failed[0].error
    (row,) = [c for c in rows(engine, schema.cue_results, schema.cue_results.c.id) if c["status"] == "failed"]
    assert row["error"] == failed[0].error and row["action"] == "show_text" and row["at_s"] == 10.0
    assert row["ts"] == UNIX_START + 10.0


def test_a_cue_due_while_obs_is_away_is_missed_and_not_sent(database, stopped_after_test):
    engine, recorder = database
    obs = stopped_after_test(FakeObs())
    script = three_modules("advance")
    runtime = ShowRuntime(script, None, obs, recorder, show_id="show-3", clock=lambda: UNIX_START)
    runtime.start(0.0)
    assert runtime.wait_idle(5)
    sent_before = len(obs.requests)
    obs.state = "reconnecting"
    runtime.tick(31.0)  # both opening cues due while away
    obs.state = "ok"
    runtime.tick(35.0)  # back: the missed cues are not sent late
    assert runtime.wait_idle(5)
    assert len(obs.requests) == sent_before
    recorder.flush()
    missed = [(c["cue_index"], c["error"]) for c in rows(engine, schema.cue_results, schema.cue_results.c.id)
              if c["status"] == "missed"]
    assert missed == [(0, "OBS is not connected (reconnecting)"), (1, "OBS is not connected (reconnecting)")]


def test_skipped_cues_and_early_stop_are_recorded(database, stopped_after_test):
    engine, recorder = database
    script = three_modules("hold")
    runtime = ShowRuntime(script, None, stopped_after_test(FakeObs()), recorder, show_id="show-4", clock=lambda: UNIX_START)
    runtime.start(0.0)
    runtime.jump(5.0, "closing", who="controller")
    runtime.stop(8.0, who="controller")
    assert runtime.wait_idle(5)
    recorder.flush()
    (show,) = rows(engine, schema.shows, schema.shows.c.id)
    assert show["status"] == "ended_early" and show["ended_at"] == UNIX_START + 8.0
    skipped = [(c["module_id"], c["cue_index"], c["detail"]["reason"])
               for c in rows(engine, schema.cue_results, schema.cue_results.c.id) if c["status"] == "skipped"]
    assert skipped == [("opening", 0, "jumped"), ("opening", 1, "jumped"), ("product", 0, "jumped"),
                       ("product", 1, "jumped"), ("product", 2, "jumped"), ("closing", 0, "stopped")]
    commands = [(c["command"], c["args"]) for c in rows(engine, schema.operator_commands, schema.operator_commands.c.id)]
    assert commands[1] == ("jump", {"module_id": "closing", "show_t": 5.0})


def test_rehearsal_without_obs_marks_obs_cues_missed_and_notes_fired():
    script = three_modules("advance")
    runtime = ShowRuntime(script, None, None, None, kind="rehearsal", clock=lambda: UNIX_START)
    runtime.start(0.0)
    runtime.tick(1000.0)
    statuses = {(r.module_id, r.cue_index): (r.status, r.error) for r in runtime.results}
    assert statuses[("product", 2)] == ("fired", None)  # a note needs no OBS
    assert statuses[("opening", 0)] == ("missed", "no OBS in this rehearsal")
    assert runtime.ended


def test_a_live_show_needs_obs():
    with pytest.raises(ValueError):
        ShowRuntime(three_modules(), None, None, None, kind="live")


def test_show_time_follows_the_speed_factor_and_unix_mapping():
    script = three_modules("advance")
    runtime = ShowRuntime(script, None, None, None, kind="rehearsal", speed=4.0, clock=lambda: UNIX_START)
    assert runtime.show_time(10.0) == 0.0
    runtime.start(10.0)
    assert runtime.show_time(25.0) == 60.0
    runtime.tick(25.0)
    assert runtime.status(25.0).module.id == "product"
    assert runtime.unix_at(60.0) == UNIX_START + 60.0
    assert runtime.module_at_unix(UNIX_START + 59.0) == "opening"
    assert runtime.module_at_unix(UNIX_START + 60.0) == "product"


def test_drive_runs_a_sped_up_rehearsal_to_its_end_and_stops_early_on_request():
    script = three_modules("hold")
    runtime = ShowRuntime(script, RunOfShow(script, auto_advance=True), None, None, kind="rehearsal",
                          speed=2000.0, clock=lambda: UNIX_START)
    from console.show.headless_loop import drive

    assert drive(runtime, tick_s=0.01) is True  # 210 show seconds at 2000x: about 0.1 s
    assert runtime.run_of_show.ended_at == 210.0

    stopping = threading.Event()
    stopping.set()
    runtime = ShowRuntime(script, RunOfShow(script, auto_advance=True), None, None, kind="rehearsal",
                          clock=lambda: UNIX_START)
    assert drive(runtime, stop=stopping) is False
    assert runtime.run_of_show.ended_early is True


def test_heartbeat_writes_the_live_summary(database, stopped_after_test):
    engine, recorder = database
    script = three_modules("advance")
    runtime = ShowRuntime(script, None, stopped_after_test(FakeObs()), recorder, show_id="show-5", clock=lambda: UNIX_START)
    changes = []
    runtime.changed.connect(lambda: changes.append(True))
    runtime.start(0.0)
    runtime.tick(2.0)  # before the heartbeat interval: nothing written
    runtime.tick(70.0)
    assert runtime.wait_idle(5)
    recorder.flush()
    (show,) = rows(engine, schema.shows, schema.shows.c.id)
    assert show["heartbeat_at"] == UNIX_START + 70.0
    assert show["state"]["module_id"] == "product" and show["state"]["phase"] == "normal"
    assert changes  # the UI hears about every change
