"""``insert`` (CONTRACTS §9.2): a module of the script's ``reserve:`` list runs after the current one, then the
show carries on as planned; the run-of-show stays deterministic and crash recovery replays the insertion."""

from __future__ import annotations

from console.show.effects import CommandIgnored, ModuleInserted
from console.show.run_of_show import RunOfShow
from tests.rules.helpers import script

RESERVE = """\
reserve:
  - {id: bonus, type: interaction, title: 加场福袋, duration: 2m, scene: wide, talking_points: 福袋, end: advance}
rules:
  - id: hot-orders
    when: {metric: orders_per_min, window: 60s, above: 3}
    during: [explanation]
    do: {action: insert, module_id: bonus}
    mode: auto
"""


def order_of(run_of_show: RunOfShow) -> list[str]:
    return [entry.module_id for entry in run_of_show.timeline]


def test_an_inserted_module_runs_after_the_current_one_then_the_plan_goes_on():
    show = script(rules=RESERVE)
    run = RunOfShow(show)
    run.start(0.0)
    run.tick(90.0)  # opening ended at 60 s: the explanation is on
    effects = run.insert(100.0, show.module("bonus"))
    assert [type(e) for e in effects] == [ModuleInserted] and effects[0].after == 1
    assert order_of(run) == ["opening", "explain"]  # not yet: after the current module
    run.tick(60 + 600 + 1)  # the explanation's planned end
    assert order_of(run) == ["opening", "explain", "bonus"]
    assert run.module_at(60 + 600 + 119) == "bonus"
    run.tick(60 + 600 + 121)
    assert order_of(run) == ["opening", "explain", "bonus", "qa"]
    run.tick(10_000)
    assert order_of(run) == ["opening", "explain", "bonus", "qa", "game", "closing"]
    assert run.state == "ended" and run.ended_early is False


def test_next_takes_the_detour_and_a_second_insert_of_the_same_module_is_ignored():
    show = script(rules=RESERVE)
    run = RunOfShow(show)
    run.start(0.0)
    run.insert(10.0, show.module("bonus"))
    assert isinstance(run.insert(11.0, show.module("bonus"))[0], CommandIgnored)
    run.next(20.0)
    assert order_of(run) == ["opening", "bonus"]
    run.previous(30.0)  # back to the module it was inserted after
    assert order_of(run)[-1] == "opening"
    run.next(40.0)  # the detour was taken: the plan goes on
    assert order_of(run)[-1] == "explain"


def test_the_planned_end_past_the_horizon_counts_the_detour():
    show = script(rules=RESERVE)
    run = RunOfShow(show)
    run.start(0.0)
    run.insert(5.0, show.module("bonus"))
    assert run.module_at(70.0) == "bonus"  # opening (60 s) then bonus, as the plan with the detour says
    assert run.module_at(60 + 130.0) == "explain"


def test_the_insert_rule_fires_on_a_replay_and_recovery_replays_it(db_engine, tmp_path):
    from console.audience.replay import ReplaySource
    from console.recording import Recorder
    from console.recovery import load_recovery, replay_run_of_show
    from console.rules.session import SessionRules
    from console.session import ShowSession
    from tests.harness.common import WallClock
    from tests.rules.helpers import write_replay

    show = script(rules=RESERVE)
    recorder = Recorder(db_engine)
    session = ShowSession(show, recorder=recorder, kind="rehearsal", clock=WallClock(1_800_000_000.0),
                          replay=ReplaySource(write_replay(tmp_path / "a.jsonl", collapse=False)),
                          rules=SessionRules(show.rules))
    try:
        session.start(0.0)
        for second in range(0, 200):
            session.tick(float(second))
            recorder.flush()
        run = session.runtime.run_of_show
        assert order_of(run) == ["opening", "explain"]
        assert any(isinstance(m, type(show.module("bonus"))) and m.id == "bonus" for m in run.modules)
        recorder.flush()
        recovery = load_recovery(db_engine, session.show_id)
        rebuilt, _effects = replay_run_of_show(recovery)
        assert [m.id for m in rebuilt.modules] == [m.id for m in run.modules]
        rebuilt.tick(60 + 600 + 1)
        assert order_of(rebuilt)[-1] == "bonus"
    finally:
        session.close(200.0)
        recorder.close()
