"""PlaybookRunner with a controllable perform and injected time; rows checked in a temp SQLite."""

from __future__ import annotations

from concurrent.futures import Future

import pytest
from sqlalchemy import select

from console.contingency.runner import PlaybookRunner, RunnerError
from console.obs.actions import ActionOutcome
from console.obs.model import ObsResult
from console.recording import Recorder
from db import schema
from db.engine import open_database
from tests.contingency.helpers import playbook

STEPS = """\
  - {do: switch_scene, scene: standby}
  - {do: show_text, source: 字幕条, text: 信号调整中}
  - {do: wait, for: 5s}
  - {do: note, text: 检查}
  - {check: 通知主播, within: 5m}
  - {check: 发布公告, within: 10m}
"""


def confirmed(request: str = "SetCurrentProgramScene") -> ActionOutcome:
    return ActionOutcome(True, None, (ObsResult(request, {}, True, {}, 100, None, 0.3, 0.0),))


class FakePerform:
    """Records every action; the test resolves each future when it wants."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict, str, Future]] = []

    def __call__(self, action: dict, origin: str) -> Future:
        future: Future = Future()
        self.calls.append((action, origin, future))
        return future

    def finish(self, index: int, outcome: ActionOutcome) -> None:
        self.calls[index][2].set_result(outcome)


def make(resolve: str = "auto", *, ready=lambda: True, recorder=None, steps: str = STEPS):
    perform = FakePerform()
    book = playbook("stream_down", for_="3s", steps=steps, resolve=resolve)
    runner = PlaybookRunner([book], perform=perform, obs_ready=ready, recorder=recorder, show_id="show-1",
                            module_at=lambda ts: "m2" if ts >= 100 else "m1")
    events: list[tuple[str, object]] = []
    runner.incident_opened.connect(lambda i: events.append(("opened", i.id)))
    runner.escalated.connect(lambda i, c: events.append(("escalated", c.check.text)))
    return runner, perform, events


def test_one_incident_per_playbook_second_trigger_logged():
    runner, perform, events = make()
    first = runner.trigger("stream-down", 10.0, "OBS is reconnecting the stream")
    second = runner.trigger("stream-down", 11.0, "again")
    assert first is second and len(runner.incidents) == 1 and first.triggers == 2
    assert [e for e in events if e[0] == "opened"] == [("opened", first.id)]
    assert [(e.kind, e.text) for e in first.entries] == [("trigger", "OBS is reconnecting the stream"),
                                                         ("trigger", "triggered again: again")]
    assert len(perform.calls) == 1  # the second trigger does not run the steps again


def test_steps_in_order_failed_step_logged_and_next_runs_wait_timed_by_tick():
    runner, perform, _ = make()
    incident = runner.trigger("stream-down", 10.0)
    assert [c[0] for c in perform.calls] == [{"do": "switch_scene", "scene": "standby"}]
    assert perform.calls[0][1] == "playbook:stream-down"
    runner.tick(10.1)
    assert len(perform.calls) == 1  # in order: the second waits for the first
    perform.finish(0, ActionOutcome(False, "SetCurrentProgramScene: No source was found (ResourceNotFound 600)"))
    runner.tick(10.2)
    assert incident.steps[0].status == "failed"
    assert "ResourceNotFound 600" in incident.steps[0].error
    assert perform.calls[1][0] == {"do": "show_text", "source": "字幕条", "text": "信号调整中"}
    perform.finish(1, confirmed("SetInputSettings"))
    runner.tick(10.3)
    assert incident.steps[1].status == "ok" and incident.steps[2].status == "running"  # wait 5 s
    runner.tick(15.29)
    assert incident.steps[2].status == "running"
    runner.tick(15.3)
    assert [s.status for s in incident.steps] == ["failed", "ok", "ok", "ok"]
    steps = [(e.text, e.ok, e.error) for e in incident.entries if e.kind == "step"]
    assert steps[0] == ("switch_scene scene=standby", False,
                        "SetCurrentProgramScene: No source was found (ResourceNotFound 600)")
    assert [s[1] for s in steps] == [False, True, True, True]
    assert incident.first_action_at == 10.3  # the first action OBS confirmed


def test_obs_away_actions_wait_up_to_the_limit_then_fail_with_reason():
    state = {"ready": False}
    runner, perform, _ = make(ready=lambda: state["ready"])
    incident = runner.trigger("stream-down", 0.0)
    assert perform.calls == [] and incident.steps[0].status == "waiting_obs"
    runner.tick(29.9)
    assert incident.steps[0].status == "waiting_obs"
    runner.tick(30.0)
    assert incident.steps[0].status == "failed" and incident.steps[0].error == "OBS is not connected (waited 30 s)"
    assert incident.steps[1].status == "waiting_obs"  # the next one waits its own turn
    state["ready"] = True
    runner.tick(31.0)
    assert perform.calls[0][0]["do"] == "show_text"  # OBS back: the pending action runs


def test_escalation_once_per_overdue_check_with_injected_time():
    runner, perform, events = make(resolve="manual")
    incident = runner.trigger("stream-down", 100.0)
    runner.tick(400.0)  # exactly at the deadline: not overdue yet
    assert not [e for e in events if e[0] == "escalated"]
    runner.tick(400.1)
    runner.tick(401.0)
    assert [e for e in events if e[0] == "escalated"] == [("escalated", "通知主播")]
    runner.complete_check(incident.id, "发布公告", "小王", 650.0)
    runner.tick(800.0)
    assert [e for e in events if e[0] == "escalated"] == [("escalated", "通知主播")]
    late = runner.complete_check(incident.id, 0, "小王", 420.0)
    assert late.done_by == "小王"
    assert [(e.kind, e.ok, e.error) for e in incident.entries if e.kind in ("escalate", "check")] == [
        ("escalate", False, None), ("check", True, None), ("check", False, "20 s late")]
    with pytest.raises(RunnerError):
        runner.complete_check(incident.id, 0, "小王", 430.0)


def test_auto_resolve_when_condition_clears_and_new_incident_after():
    runner, perform, _ = make(resolve="auto")
    incident = runner.trigger("stream-down", 0.0)
    runner.condition_cleared("stream-down", 4.0, "stream is back")
    assert incident.state == "resolved" and incident.resolved_by == "system" and incident.resolved_at == 4.0
    assert incident.steps[1].status == "skipped"  # nothing more is done for a fault that is over
    assert incident.steps[0].status == "running"  # already sent: its result is still recorded
    perform.finish(0, confirmed())
    runner.tick(5.0)
    assert incident.steps[0].status == "ok" and incident.entries[-1].kind == "step"
    again = runner.trigger("stream-down", 60.0)
    assert again is not incident and len(runner.incidents) == 2


def test_manual_resolve_ack_and_state_order():
    runner, perform, _ = make(resolve="manual")
    incident = runner.trigger("stream-down", 0.0)
    runner.condition_cleared("stream-down", 4.0)
    assert incident.state == "open" and incident.entries[-1].text == "condition cleared; resolve manually"
    runner.acknowledge(incident.id, "小王", 6.0)
    assert incident.state == "acknowledged"
    with pytest.raises(RunnerError):
        runner.acknowledge(incident.id, "小王", 7.0)
    runner.resolve(incident.id, "小王", 9.0, "主播已恢复")
    assert incident.state == "resolved" and incident.entries[-1].text == "主播已恢复"
    with pytest.raises(RunnerError):
        runner.resolve(incident.id, "小王", 10.0)


def test_drill_is_marked_and_measures_response_times():
    runner, perform, _ = make(resolve="auto")
    real = runner.trigger("stream-down", 0.0)
    drill = runner.drill("stream-down", 1000.0, who="导播")
    assert drill is not real and drill.drill and not real.drill
    assert perform.calls[-1][1] == "playbook:stream-down:drill"
    perform.finish(len(perform.calls) - 1, confirmed())
    runner.tick(1001.5)
    runner.acknowledge(drill.id, "导播", 1010.0)
    runner.complete_check(drill.id, "通知主播", "导播", 1060.0)
    runner.condition_cleared("stream-down", 1070.0)  # clears the real one only
    assert drill.open and not real.open
    runner.resolve(drill.id, "导播", 1100.0)
    assert drill.response_times() == {"first_action_s": 1.5, "acknowledged_s": 10.0,
                                      "checks_s": {"通知主播": 60.0, "发布公告": None}, "resolved_s": 100.0}
    assert drill.entries[0].who == "导播" and drill.entries[0].text == "drill: drill"


def test_everything_recorded_with_module_who_and_obs_error(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path}/x.sqlite")
    recorder = Recorder(engine)
    try:
        runner, perform, _ = make(resolve="manual", recorder=recorder)
        incident = runner.trigger("stream-down", 90.0, "OBS is reconnecting the stream")
        perform.finish(0, ActionOutcome(False, "SetCurrentProgramScene: No source was found (ResourceNotFound 600)"))
        runner.tick(100.0)
        runner.acknowledge(incident.id, "小王", 101.0)
        runner.complete_check(incident.id, 0, "小王", 102.0)
        runner.resolve(incident.id, "小王", 110.0)
        recorder.flush()
        with engine.connect() as connection:
            row = connection.execute(select(schema.incidents)).mappings().one()
            entries = connection.execute(select(schema.incident_entries).order_by(schema.incident_entries.c.id)
                                         ).mappings().all()
    finally:
        recorder.close()
        engine.dispose()
    assert (row["id"], row["show_id"], row["playbook_id"], row["state"], row["module_id"], row["drill"]) == (
        incident.id, "show-1", "stream-down", "resolved", "m1", False)
    assert (row["opened_at"], row["acknowledged_at"], row["resolved_at"]) == (90.0, 101.0, 110.0)
    assert row["detail"]["response_times"]["acknowledged_s"] == 11.0
    assert [(e["kind"], e["who"], e["module_id"]) for e in entries] == [
        ("trigger", "system", "m1"), ("step", "system", "m2"), ("ack", "小王", "m2"),
        ("check", "小王", "m2"), ("resolve", "小王", "m2")]
    assert entries[1]["ok"] is False and "ResourceNotFound 600" in entries[1]["error"]
    assert entries[1]["text"] == "switch_scene scene=standby"
