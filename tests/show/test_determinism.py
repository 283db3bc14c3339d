"""Issue 4: a command applied late with its instant reaches the same state as on time."""

from __future__ import annotations

import dataclasses

from console.show.effects import CueDue
from console.show.run_of_show import RunOfShow

from .conftest import three_modules


def test_next_applied_late_with_its_instant_equals_on_time():
    script = three_modules("hold")
    on_time, late = RunOfShow(script), RunOfShow(script)
    for engine in (on_time, late):
        engine.start(0.0)
        engine.tick(5.0)
    # On time: the loop ticks every 0.5 s and the operator's "next" at 70.0 is handled at once.
    on_time_effects = []
    t = 5.0
    while t < 70.0:
        t += 0.5
        on_time_effects += on_time.tick(t)
    on_time_effects += on_time.next(70.0)
    on_time_effects += on_time.extend(70.0, 30.0)
    on_time_effects += on_time.tick(100.0)
    # Late: nothing ticked since 5.0; the commands arrive later, carrying their instant 70.0.
    late_effects = late.next(70.0) + late.extend(70.0, 30.0) + late.tick(100.0)

    def strip(effects):
        return [dataclasses.replace(e, fired_at=0.0) if isinstance(e, CueDue) else e for e in effects]

    assert strip(on_time_effects) == strip(late_effects)
    assert on_time.status(100.0) == late.status(100.0)
    assert [(e.module_id, e.start, e.end) for e in late.timeline] == [("opening", 0.0, 70.0), ("product", 70.0, None)]
    # the opening's cues fired at their offsets (10 s, 30 s), not when the late command arrived
    assert [(e.cue_index, e.due_at) for e in late_effects if isinstance(e, CueDue) and e.module.id == "opening"] == [
        (0, 10.0), (1, 30.0)]
    assert late.show_over_under(100.0) == 10.0  # opening ran 70 s of a 60 s plan
