"""The fault trainer on the real OBS sandbox: a drill mutes the mic, freezes a camera, collapses the simulated
audience and posts a banned comment during a rehearsal. Each fault must open its detector's incident
within the detector's window plus one second, and the scores must equal the recorded times.

The operator is played by the test: it acknowledges each incident on the tick it sees it (the mic-silent
playbook unmutes and resolves its incident by itself within a second) and ticks the first check a quarter
second later, at instants the test notes itself.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from console.audience.simulator import AudienceSimulator, SimulatorRates
from console.contingency.session import SessionPlaybooks
from console.drills.loader import load_drill_text
from console.drills.results import scores_of_review
from console.drills.trainer import FaultTrainer
from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from console.recording import Recorder
from console.review import queries
from console.session import ShowSession
from console.show.loader import load_script
from db.engine import open_database
from tests.contingency.helpers import FreezeWitness, playbook

pytestmark = pytest.mark.obs

SCRIPT = Path(__file__).parents[1] / "show" / "fixtures" / "three_modules.yaml"
SILENT_FOR_S = 2.0
FROZEN_FOR_S = 2.0
DRILL = """\
version: 1
drill: {id: test-drill, title: 测试演练}
faults:
  - {at: 3s, fault: mic_mute, input: 麦克风}
  - {at: 10s, fault: camera_freeze, source: 摄像头A, for: 6s}
  - {at: 18s, fault: viewer_collapse, percent: 70}
  - {at: 26s, fault: banned_comment, text: 全网最低价}
"""
CHECK = "  - {check: 通知主播, within: 1m}\n"
#: No banned wording from the simulated crowd: the only banned comment is the drill's.
QUIET = SimulatorRates(banned_probability=0.0)


def test_a_drill_on_the_sandbox_opens_each_incident_in_time_and_scores_the_recorded_times(obs_sandbox, tmp_path):
    script = load_script(SCRIPT).script
    drill, diagnostics = load_drill_text(DRILL, "drill.yaml")
    assert drill is not None, [str(d) for d in diagnostics]
    engine = open_database(f"sqlite:///{tmp_path / 'x.sqlite'}")
    recorder = Recorder(engine)
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    witness = ObsClient(obs_sandbox.url, obs_sandbox.password, name="witness").start()
    books = [playbook("mic_silent", params="input: 麦克风;below_db: -50", for_=f"{SILENT_FOR_S:g}s",
                      steps="  - {do: unmute, input: 麦克风}\n" + CHECK),
             playbook("camera_frozen", params="source: 摄像头A", for_=f"{FROZEN_FOR_S:g}s", steps=CHECK),
             playbook("viewers_drop", params="percent: 30;window: 60s", steps=CHECK, resolve="manual"),
             playbook("banned_word", steps=CHECK, resolve="manual")]
    facade = SessionPlaybooks(books)
    session = None
    acted: dict[str, tuple[float, float]] = {}  # incident id → (ack at, check at), show unix time
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        assert witness.wait_for_state(ConnectionState.OK, timeout=10)
        assert client.call("SetInputMute", {"inputName": "麦克风", "inputMuted": False}).ok
        with FreezeWitness(witness, "摄像头A") as watcher:
            session = ShowSession(script, recorder=recorder, obs=client, kind="rehearsal", speed=1.0,
                                  simulator=AudienceSimulator(seed=3, rates=QUIET), playbooks=facade,
                                  matcher=queries.default_comment_matcher())
            trainer = FaultTrainer(drill)
            session.drill = trainer
            session.start(time.monotonic())
            frozen_at_mono = None
            end = time.monotonic() + 90  # the loop ends as soon as all four are answered
            while time.monotonic() < end and not (len(acted) == 4 and trainer.done):
                time.sleep(0.05)
                mono = time.monotonic()
                session.tick(mono)
                now_ts = session.runtime.unix_at(session.runtime.show_time(mono))
                if frozen_at_mono is None and any(f.fault == "camera_freeze" for f, _ in trainer.injected):
                    frozen_at_mono = watcher.last_change  # updated until the picture stops
                for incident in facade.runner.incidents:
                    if incident.id not in acted:
                        facade.runner.acknowledge(incident.id, "operator", now_ts)
                        facade.runner.complete_check(incident.id, 0, "operator", now_ts + 0.25)
                        acted[incident.id] = (now_ts, now_ts + 0.25)
            frozen_at_mono = watcher.last_change
        injected = {fault.fault: ts for fault, ts in trainer.injected}
        assert set(injected) == {"mic_mute", "camera_freeze", "viewer_collapse", "banned_comment"}
        opened = {i.playbook.id: i for i in facade.runner.incidents}
        assert set(opened) == {"mic-silent", "camera-frozen", "viewers-drop", "banned-word"}, list(opened)
        # Each detector answered within its window plus one second of its fault (the camera: of the moment
        # OBS's picture really stopped, 0.05-1.3 s after the pause request).
        assert opened["mic-silent"].opened_at - injected["mic_mute"] <= SILENT_FOR_S + 1.0
        freeze_ts = session.runtime.unix_at(session.runtime.show_time(frozen_at_mono))
        assert opened["camera-frozen"].opened_at - freeze_ts <= FROZEN_FOR_S + 1.0
        assert opened["viewers-drop"].opened_at - injected["viewer_collapse"] <= 60.0 + 1.0
        assert 0.0 <= opened["banned-word"].opened_at - injected["banned_comment"] <= 1.0
        assert client.call("GetInputMute", {"inputName": "麦克风"}).data["inputMuted"] is False  # the playbook
    finally:
        client.call("SetInputMute", {"inputName": "麦克风", "inputMuted": False})
        if session is not None:
            session.close(time.monotonic())  # plays the frozen camera again
        witness.stop()
        client.stop()
        recorder.close()
    try:
        review = queries.load_review(engine, session.show_id)
        scores = scores_of_review(review, queries.incident_detectors(engine, session.show_id), books)
        by_fault = {s.fault: s for s in scores}
        assert [s.outcome for s in scores] == ["ok"] * 4, scores
        for fault, ts in injected.items():
            score = by_fault[fault]
            incident = next(i for i in review.incidents if i.id == score.incident_id)
            ack_at, check_at = acted[incident.id]
            assert score.injected_at == pytest.approx(ts)
            assert score.opened_s == pytest.approx(incident.opened_at - ts)
            assert score.ack_s == pytest.approx(ack_at - ts)
            assert score.first_action_s == pytest.approx(check_at - ts)
            assert score.deadline_s == 60.0
    finally:
        engine.dispose()
