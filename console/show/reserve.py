"""Reserve modules in the run of show (CONTRACTS §9.2 ``insert``): a detour after the current module.

A reserve module is appended to ``RunOfShow.modules`` after the plan's modules,
so every index already recorded (planned modules, module runs) stays valid, and
it is reached by a detour: the module it was inserted after goes on to it, and
it goes on to where that module would have gone. Pure bookkeeping on indices,
driven by :class:`console.show.run_of_show.RunOfShow` (same thread, same lock).
"""

from __future__ import annotations

from typing import Any

from console.show.effects import CommandIgnored, ModuleInserted
from console.show.model import Module


class ReserveDetours:
    def __init__(self, planned_count: int) -> None:
        self.planned_count = planned_count
        self._detours: dict[int, int] = {}  # module index → the inserted module to run next
        self._returns: dict[int, int] = {}  # inserted module index → the plan's module to go back to

    def next_index(self, index: int, *, consume: bool = True) -> int | None:
        """The module after ``index`` (a detour first; taking it uses it up unless ``consume`` is False);
        None when the show ends there."""
        if index in self._detours:
            return self._detours.pop(index) if consume else self._detours[index]
        following = self._returns.get(index, index + 1)
        return following if following < self.planned_count else None

    def previous_index(self, index: int) -> int:
        """``previous`` from an inserted module goes back to the module it was inserted after."""
        return self._returns[index] - 1 if index >= self.planned_count else index - 1

    def insert(self, run_of_show: Any, now: float, module: Module) -> list[Any]:
        run = run_of_show._run
        if any(existing.id == module.id for existing in run_of_show.modules):
            return [CommandIgnored("insert", now, f"module '{module.id}' is already in the run of show")]
        index = len(run_of_show.modules)
        run_of_show.modules = run_of_show.modules + (module,)
        run_of_show._runs_per_module.append(0)
        run_of_show._cue_order.append(sorted(range(len(module.cues)), key=lambda i: (module.cues[i].at, i)))
        following = self.next_index(run.index)
        self._detours[run.index] = index
        self._returns[index] = following if following is not None else self.planned_count
        return [ModuleInserted(module, index, run.index, now)]
