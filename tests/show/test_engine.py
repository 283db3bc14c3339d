"""The run-of-show engine: instants in, effects out, nothing read from a clock."""

from __future__ import annotations

import pytest

from console.show.effects import (
    CommandIgnored,
    CueDue,
    CueSkipped,
    DurationChanged,
    Held,
    ModuleEnded,
    ModuleOverrun,
    ModuleStarted,
    Resumed,
    SceneSwitch,
    ShowEnded,
    ShowStarted,
    WarningPhase,
)
from console.show.run_of_show import RunOfShow

from .conftest import three_modules


def kinds(effects):
    return [type(e).__name__ for e in effects]


def fired(effects):
    return [(e.module.id, e.cue_index, e.due_at) for e in effects if isinstance(e, CueDue)]


def test_start_switches_to_the_first_scene(script):
    engine = RunOfShow(script)
    effects = engine.start(100.0)
    # a 60 s module is in its last minute from the start
    assert kinds(effects) == ["ShowStarted", "ModuleStarted", "SceneSwitch", "WarningPhase"]
    switch = effects[2]
    assert switch.action() == {"do": "switch_scene", "scene": "wide"}
    assert engine.current_module.id == "opening" and engine.state == "running"
    assert engine.elapsed(130.0) == 30.0 and engine.remaining(130.0) == 30.0


def test_cues_fire_once_at_their_offset_and_advance_modules_move_on(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    assert fired(engine.tick(9.9)) == []
    assert fired(engine.tick(10.0)) == [("opening", 0, 10.0)]
    assert fired(engine.tick(10.5)) == []  # never twice
    effects = engine.tick(61.0)
    assert fired(effects) == [("opening", 1, 30.0), ("product", 0, 60.0)]
    ended = [e for e in effects if isinstance(e, ModuleEnded)]
    assert [(e.module.id, e.at, e.reason) for e in ended] == [("opening", 60.0, "advance")]
    started = [e for e in effects if isinstance(e, ModuleStarted)]
    assert [(e.module.id, e.at, e.index) for e in started] == [("product", 60.0, 1)]
    assert [e.scene for e in effects if isinstance(e, SceneSwitch)] == ["product"]
    # a late tick reports when the cue was due and when it was processed
    late = [e for e in effects if isinstance(e, CueDue)][0]
    assert (late.due_at, late.fired_at) == (30.0, 61.0)
    effects = engine.tick(1000.0)
    assert isinstance(effects[-1], ShowEnded) and effects[-1] == ShowEnded(210.0, False)
    assert engine.state == "ended"
    assert [(t.module_id, t.start, t.end) for t in engine.timeline] == [
        ("opening", 0.0, 60.0), ("product", 60.0, 180.0), ("closing", 180.0, 210.0)]
    assert len(engine.fired_cues) == 6
    assert engine.show_over_under(1000.0) == 0.0


def test_hold_module_waits_with_growing_overrun():
    engine = RunOfShow(three_modules("hold"))
    engine.start(0.0)
    effects = engine.tick(60.0)
    assert [type(e) for e in effects if not isinstance(e, CueDue)] == [ModuleOverrun]
    assert engine.current_module.id == "opening"
    assert engine.remaining(75.0) == -15.0 and engine.phase(75.0) == "overrun"
    assert engine.module_over_under(75.0) == 15.0
    assert engine.show_over_under(75.0) == 15.0
    assert engine.tick(500.0) == []  # overrun reported once, nothing else happens
    effects = engine.next(500.0)
    assert kinds(effects) == ["ModuleEnded", "ModuleStarted", "SceneSwitch", "CueDue"]
    assert engine.show_over_under(500.0) == 440.0


def test_auto_advance_treats_hold_modules_as_advance():
    engine = RunOfShow(three_modules("hold"), auto_advance=True)
    engine.start(0.0)
    engine.tick(1000.0)
    assert engine.state == "ended" and engine.ended_at == 210.0


def test_warning_phase_in_the_last_minute(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    engine.tick(61.0)  # product: 60..180, warning from 120
    assert engine.phase(100.0) == "normal" and not engine.in_warning_phase(119.0)
    effects = engine.tick(120.0)
    assert [e.at for e in effects if isinstance(e, WarningPhase)] == [120.0]
    assert engine.in_warning_phase(150.0)
    # extending moves the end away and re-arms the warning
    effects = engine.extend(130.0, 120.0)
    assert effects == [DurationChanged(script.modules[1], 1, 130.0, 120.0, 240.0)]
    assert engine.phase(130.0) == "normal"
    warnings = [(e.module.id, e.at) for e in engine.tick(300.0) if isinstance(e, WarningPhase)]
    assert warnings == [("product", 240.0), ("closing", 300.0)]


def test_next_skips_the_cues_not_yet_fired(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    engine.tick(15.0)
    effects = engine.next(20.0)
    skipped = [(e.module.id, e.cue_index, e.reason) for e in effects if isinstance(e, CueSkipped)]
    assert skipped == [("opening", 1, "jumped")]
    assert engine.module_at(19.9) == "opening" and engine.module_at(20.0) == "product"
    assert engine.show_over_under(20.0) == -40.0  # 20 s used of a 60 s plan
    engine.tick(1000.0)
    # the skipped cue never fires late
    assert ("opening", 1) not in {(script.modules[m].id, c) for m, c in engine.fired_cues}


def test_jump_forward_skips_cues_of_passed_modules_and_previous_never_refires(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    engine.tick(12.0)  # opening cue 0 fired
    effects = engine.jump(12.0, "closing")
    skipped = [(e.module.id, e.cue_index) for e in effects if isinstance(e, CueSkipped)]
    assert skipped == [("opening", 1), ("product", 0), ("product", 1), ("product", 2)]
    assert engine.current_module.id == "closing"
    engine.previous(14.0)
    effects = engine.previous(15.0)
    assert engine.current_module.id == "opening"
    assert [(e.module.id, e.run) for e in effects if isinstance(e, ModuleStarted)] == [("opening", 2)]
    effects = engine.tick(50.0)
    # cue 0 already fired in the first run: not again; cue 1 was skipped, fires in this run
    assert fired(effects) == [("opening", 1, 45.0)]
    assert [(t.module_id, t.start, t.end) for t in engine.timeline] == [
        ("opening", 0.0, 12.0), ("closing", 12.0, 14.0), ("product", 14.0, 15.0), ("opening", 15.0, None)]
    # two runs of the opening (12 s + 35 s so far) count against one 60 s plan
    assert engine.show_over_under(50.0) == (2.0 - 30.0) + (1.0 - 120.0)


def test_previous_at_the_first_module_and_commands_before_start_are_ignored(script):
    engine = RunOfShow(script)
    assert kinds(engine.next(0.0)) == ["CommandIgnored"]
    assert engine.state == "idle" and engine.timeline == ()
    engine.start(1.0)
    (ignored,) = engine.previous(2.0)
    assert isinstance(ignored, CommandIgnored) and "first" in ignored.reason
    assert kinds(engine.start(3.0)) == ["CommandIgnored"]
    with pytest.raises(ValueError):
        engine.jump(4.0, "nope")


def test_hold_freezes_the_module_clock_but_not_the_show(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    assert isinstance(engine.hold(5.0)[0], Held)
    assert engine.tick(100.0) == []  # no cue, no advance while held
    assert engine.elapsed(100.0) == 5.0 and engine.phase(100.0) == "held"
    assert engine.actual_elapsed(100.0) == 100.0
    assert engine.module_over_under(100.0) == 40.0
    (resumed,) = engine.resume(100.0)
    assert isinstance(resumed, Resumed) and resumed.held_for == 95.0
    assert fired(engine.tick(105.0)) == [("opening", 0, 105.0)]
    effects = engine.tick(155.0)
    assert [(e.module.id, e.at) for e in effects if isinstance(e, ModuleEnded)] == [("opening", 155.0)]


def test_shorten_ends_an_advance_module_now_and_cues_beyond_are_passed(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    engine.tick(61.0)  # product from 60, cue 0 fired
    effects = engine.shorten(70.0, 100.0)  # product planned 120 → 20, elapsed 10
    assert kinds(effects) == ["DurationChanged", "WarningPhase"]  # 10 s left now
    effects = engine.tick(80.0)
    assert [(e.cue_index, e.reason) for e in effects if isinstance(e, CueSkipped)] == [(1, "passed"), (2, "passed")]
    assert [e.at for e in effects if isinstance(e, ModuleEnded)] == [80.0]
    effects = engine.shorten(85.0, 1000.0)  # below what has elapsed: ends at once
    assert [e.reason for e in effects if isinstance(e, ModuleEnded)] == ["advance"]
    assert effects[-1] == ShowEnded(85.0, False)


def test_stop_is_early_unless_the_last_module_has_run_out(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    effects = engine.stop(20.0)
    assert effects[-1] == ShowEnded(20.0, True)
    reasons = {(e.module.id, e.reason) for e in effects if isinstance(e, CueSkipped)}
    assert reasons == {("opening", "stopped"), ("product", "stopped"), ("closing", "stopped")}
    assert kinds(engine.next(31.0)) == ["CommandIgnored"]

    engine = RunOfShow(three_modules("hold"))
    engine.start(0.0)
    engine.jump(1.0, "closing")
    engine.tick(40.0)
    assert engine.stop(40.0)[-1] == ShowEnded(40.0, False)


def test_next_on_the_last_module_ends_the_show(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    engine.jump(1.0, "closing")
    effects = engine.next(2.0)
    assert effects[-1] == ShowEnded(2.0, False)


def test_a_command_before_the_horizon_is_applied_at_the_horizon(script):
    engine = RunOfShow(script)
    engine.start(0.0)
    engine.tick(50.0)
    engine.next(40.0)
    assert engine.timeline[0].end == 50.0


def test_next_cue_and_status(script):
    engine = RunOfShow(script)
    assert engine.status(0.0).phase == "idle"
    engine.start(0.0)
    upcoming = engine.next_cue(4.0)
    assert (upcoming.cue_index, upcoming.due_in) == (0, 6.0)
    engine.tick(12.0)
    status = engine.status(12.0)
    assert status.module.id == "opening" and status.next_cue.cue_index == 1 and status.next_cue.due_in == 18.0
    assert (status.elapsed, status.remaining, status.planned_duration) == (12.0, 48.0, 60.0)
    assert status.phase == "warning"  # a 60 s module is all last minute


def test_module_at_is_none_outside_the_show(script):
    engine = RunOfShow(script)
    assert engine.module_at(0.0) is None
    engine.start(10.0)
    engine.tick(1000.0)
    assert engine.module_at(9.0) is None
    assert engine.module_at(10.0) == "opening"
    assert engine.module_at(219.9) == "closing"
    assert engine.module_at(220.0) is None


def test_effects_signal_publishes_what_commands_return(script):
    engine = RunOfShow(script)
    seen = []
    engine.effects.connect(seen.append)
    returned = engine.start(0.0)
    engine.tick(0.0)  # nothing new: no emission
    assert seen == [returned]
    assert isinstance(returned[0], ShowStarted)
