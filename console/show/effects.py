"""What the run of show reports: one frozen dataclass per effect of a command or a tick.

:class:`console.show.run_of_show.RunOfShow` returns them in time order and
publishes the same list on its ``effects`` signal; the runtime turns them into
OBS actions and records, the live KPIs follow the module changes.

Cues fire at most once per show: a cue fired in an earlier run of a module
(after ``previous``) does not fire again. Cues not fired when a module is
left are reported as :class:`CueSkipped` (``jumped`` when the operator moved
on, ``passed`` when a shortened ``advance`` module ended first, ``stopped``
when the show was stopped), as are the cues of modules a forward jump passes
over and of modules never reached when the show is stopped. They are never
fired late.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from console.show.model import Cue, Module


@dataclasses.dataclass(frozen=True, slots=True)
class ShowStarted:
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class ModuleStarted:
    module: Module
    at: float
    index: int
    run: int  # 1 for the first run of this module, 2 after coming back to it, …


@dataclasses.dataclass(frozen=True, slots=True)
class SceneSwitch:
    """A module started: switch OBS to its scene (``scene`` is a role or ``scene:NAME``)."""

    module: Module
    index: int
    scene: str
    at: float

    def action(self) -> dict[str, Any]:
        return {"do": "switch_scene", "scene": self.scene}


@dataclasses.dataclass(frozen=True, slots=True)
class ModuleEnded:
    module: Module
    at: float
    index: int
    reason: str  # next | previous | jump | advance | stop


@dataclasses.dataclass(frozen=True, slots=True)
class CueDue:
    module: Module
    module_index: int
    cue_index: int  # index in module.cues (file order)
    cue: Cue
    due_at: float  # show time the cue was due
    fired_at: float  # show time the run of show processed it (>= due_at)


@dataclasses.dataclass(frozen=True, slots=True)
class CueSkipped:
    module: Module
    module_index: int
    cue_index: int
    cue: Cue
    reason: str  # jumped | passed | stopped
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class WarningPhase:
    """The current module entered its last minute."""

    module: Module
    index: int
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class ModuleOverrun:
    """An ``end: hold`` module reached its planned end and waits for the operator."""

    module: Module
    index: int
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class Held:
    module: Module
    index: int
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class Resumed:
    module: Module
    index: int
    at: float
    held_for: float


@dataclasses.dataclass(frozen=True, slots=True)
class DurationChanged:
    """extend (delta > 0) or shorten (delta < 0); ``duration`` is the new planned duration of the run."""

    module: Module
    index: int
    at: float
    delta: float
    duration: float


@dataclasses.dataclass(frozen=True, slots=True)
class ModuleInserted:
    """A reserve module (CONTRACTS §9.2 ``insert``) will run after module ``after``; ``index`` is its place in
    ``RunOfShow.modules`` (appended after the plan's)."""

    module: Module
    index: int
    after: int
    at: float


@dataclasses.dataclass(frozen=True, slots=True)
class ShowEnded:
    at: float
    early: bool


@dataclasses.dataclass(frozen=True, slots=True)
class CommandIgnored:
    """A command that makes no sense in the current state (``next`` before ``start``, …)."""

    command: str
    at: float
    reason: str


Effect = Any  # one of the dataclasses above
