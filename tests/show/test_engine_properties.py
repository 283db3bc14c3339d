"""Property tests: any sequence of commands at increasing instants keeps the engine's invariants,
and the outcome does not depend on when (or whether) the outer loop ticked in between."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.show.effects import CueDue
from console.show.run_of_show import RunOfShow

from .conftest import three_modules

SCRIPTS = {"advance": three_modules("advance"), "hold": three_modules("hold")}
MODULE_IDS = [m.id for m in SCRIPTS["advance"].modules]

command = st.one_of(
    st.tuples(st.sampled_from(["start", "next", "previous", "hold", "resume", "stop", "tick"])),
    st.tuples(st.just("jump"), st.sampled_from(MODULE_IDS)),
    st.tuples(st.sampled_from(["extend", "shorten"]), st.floats(min_value=0.5, max_value=200, allow_nan=False)),
)
# Gaps include 0 (two commands at one instant) and long stretches (whole modules pass).
gap = st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=150.0, allow_nan=False))
schedule = st.lists(st.tuples(gap, command), min_size=1, max_size=30)


def apply(engine: RunOfShow, now: float, cmd: tuple) -> list:
    name, *args = cmd
    if name in ("jump", "extend", "shorten"):
        return getattr(engine, name)(now, *args)
    return getattr(engine, name)(now)


def check_invariants(engine: RunOfShow, now: float, all_effects: list) -> None:
    timeline = engine.timeline
    open_runs = [entry for entry in timeline if entry.end is None]
    assert len(open_runs) <= 1
    if engine.state == "running":
        assert len(open_runs) == 1 and engine.current_module is not None
        assert open_runs[0].module_id == engine.current_module.id
    else:
        assert open_runs == [] and engine.current_module is None
    assert engine.elapsed(now) >= 0.0 and engine.actual_elapsed(now) >= 0.0
    assert engine.planned_duration() >= 0.0
    previous_end = None
    for entry in timeline:
        assert entry.end is None or entry.end >= entry.start
        if previous_end is not None:
            assert entry.start == previous_end  # modules follow each other without gaps or overlaps
        previous_end = entry.end
    fired = [(e.module_index, e.cue_index) for e in all_effects if isinstance(e, CueDue)]
    assert len(fired) == len(set(fired)), "a cue fired twice"
    assert set(fired) == engine.fired_cues
    for effect in all_effects:
        if isinstance(effect, CueDue):
            assert effect.due_at <= effect.fired_at
            # a cue fires while (a run of) its module is on, at or after its offset
            assert any(entry.module_id == effect.module.id and entry.start + effect.cue.at <= effect.due_at
                       and (entry.end is None or effect.due_at <= entry.end) for entry in timeline)
    due = [e.due_at for e in all_effects if isinstance(e, CueDue)]
    assert due == sorted(due)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule, st.sampled_from(["advance", "hold"]))
def test_any_command_sequence_keeps_the_invariants(steps, end):
    engine = RunOfShow(SCRIPTS[end])
    now = 0.0
    effects: list = []
    for delay, cmd in steps:
        now += delay
        effects += apply(engine, now, cmd)
        check_invariants(engine, now, effects)
    effects += engine.tick(now + 2000.0)
    check_invariants(engine, now + 2000.0, effects)


def _without_fired_at(effects: list) -> list:
    return [dataclasses.replace(e, fired_at=0.0) if isinstance(e, CueDue) else e for e in effects]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule, st.sampled_from(["advance", "hold"]), st.floats(min_value=0.25, max_value=7.0))
def test_the_outcome_does_not_depend_on_how_often_the_loop_ticks(steps, end, tick_every):
    """Commands applied late with their instants (no ticks at all) == a loop ticking every few seconds."""
    ticking, lazy = RunOfShow(SCRIPTS[end]), RunOfShow(SCRIPTS[end])
    ticking_effects: list = []
    lazy_effects: list = []
    now = 0.0
    for delay, cmd in steps:
        target = now + delay
        t = now
        while t + tick_every < target:
            t += tick_every
            ticking_effects += ticking.tick(t)
        now = target
        ticking_effects += apply(ticking, now, cmd)
        lazy_effects += apply(lazy, now, cmd)
    final = now + 500.0
    ticking_effects += ticking.tick(final)
    lazy_effects += lazy.tick(final)
    assert _without_fired_at(ticking_effects) == _without_fired_at(lazy_effects)
    assert ticking.timeline == lazy.timeline
    assert ticking.fired_cues == lazy.fired_cues
    assert ticking.status(final) == lazy.status(final)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule, st.sampled_from(["advance", "hold", "unattended"]),
       st.lists(st.floats(min_value=0.0, max_value=400.0, allow_nan=False), min_size=1, max_size=8))
def test_the_module_of_an_instant_past_the_horizon_is_the_one_the_next_tick_puts_there(steps, end, ahead):
    """An audience event stamped after the last tick is attributed before the engine reaches its instant:
    with no command in between, that answer must be the one the engine gives once it has ticked past it."""
    engine = RunOfShow(SCRIPTS["hold" if end == "unattended" else end], auto_advance=end == "unattended")
    now = 0.0
    for delay, cmd in steps:
        now += delay
        apply(engine, now, cmd)
    instants = [now + offset for offset in ahead]
    predicted = [engine.module_at(t) for t in instants]
    assert engine.horizon is None or engine.horizon <= now  # asking processed nothing
    engine.tick(max(instants) + 1.0)
    assert [engine.module_at(t) for t in instants] == predicted
