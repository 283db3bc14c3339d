"""What the run of show shows: its state, its timeline and the status snapshot.

:class:`ModuleRun` is the run of show's bookkeeping of the module on air (its
clock stops while held); :class:`TimelineEntry` is what a run leaves behind.
"""

from __future__ import annotations

import dataclasses

from console.show.model import Cue, Module

IDLE = "idle"
RUNNING = "running"
ENDED = "ended"


@dataclasses.dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One actual run of a module; ``end`` is None while it is on."""

    module_id: str
    index: int
    start: float
    end: float | None


@dataclasses.dataclass(frozen=True, slots=True)
class NextCue:
    module_index: int
    cue_index: int
    cue: Cue
    due_in: float  # module-clock seconds until it is due (frozen while held)


@dataclasses.dataclass(frozen=True, slots=True)
class ShowStatus:
    """Everything a timeline panel or teleprompter shows, at one instant."""

    now: float
    state: str  # idle | running | ended
    index: int | None
    module: Module | None
    phase: str  # idle | normal | warning | overrun | held | ended
    held: bool
    elapsed: float  # module clock
    actual_elapsed: float  # since the module started, holds included
    planned_duration: float  # the run's planned duration (script + extend/shorten)
    remaining: float  # negative = overrun
    module_over_under: float  # actual so far − script plan
    show_over_under: float
    next_cue: NextCue | None
    timeline: tuple[TimelineEntry, ...]

@dataclasses.dataclass(slots=True)
class ModuleRun:
    """One run of a module as the run of show keeps it: its own clock, hold and extension."""

    index: int
    started_at: float
    clock_base: float = 0.0  # module clock at the last resume (or start)
    running_since: float | None = 0.0  # show time of the last resume; None while held
    extension: float = 0.0
    warned: bool = False
    overrun_reported: bool = False
    held_since: float | None = None
    #: Nothing in the run can fall due before the last command that changed
    #: it: a module shortened below its elapsed time ends when shortened.
    floor: float = 0.0

    def elapsed(self, now: float) -> float:
        if self.running_since is None:
            return self.clock_base
        return self.clock_base + max(0.0, now - self.running_since)

    def at_clock(self, clock: float) -> float:
        """Show time at which the module clock reaches ``clock`` (running runs only)."""
        assert self.running_since is not None
        return max(self.floor, self.running_since + max(0.0, clock - self.clock_base))
