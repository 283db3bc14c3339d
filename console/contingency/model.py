"""Playbooks (CONTRACTS.md §5) as typed, frozen values, and the vocabulary they may use.

A playbook names one detector with its parameters (``when``), a debounce
(``for``), a severity, ordered ``steps`` (OBS actions of the shared action
vocabulary, ``wait`` pauses, and manual ``check`` items with a deadline) and
how it resolves. Nothing here runs code: the loader only builds these values.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType
from typing import Any, Mapping

from console.yamlpos import Position

SEVERITIES = ("info", "warning", "critical")
RESOLVE_MODES = ("auto", "manual")

#: Parameter kinds: "number" (int/float, may be negative), "fraction" (0..1),
#: "percent" (0..100), "duration" (console.show.duration), "text".
#: detector → {parameter: (kind, default or None when required, required)}
DETECTORS: Mapping[str, Mapping[str, tuple[str, Any, bool]]] = MappingProxyType({
    "obs_disconnected": MappingProxyType({"stale": ("duration", 5.0, False)}),
    "stream_down": MappingProxyType({}),
    "stream_congested": MappingProxyType({"threshold": ("fraction", 0.5, False)}),
    "frames_dropped": MappingProxyType({"ratio": ("fraction", 0.05, False), "window": ("duration", 10.0, False)}),
    "render_lag": MappingProxyType({"ratio": ("fraction", 0.05, False), "window": ("duration", 10.0, False)}),
    "fps_low": MappingProxyType({"below": ("number", 25.0, False)}),
    "cpu_high": MappingProxyType({"above": ("number", 85.0, False)}),
    "mic_silent": MappingProxyType({"input": ("text", None, True), "below_db": ("number", -50.0, False)}),
    "camera_frozen": MappingProxyType({"source": ("text", None, True), "tolerance": ("number", 1.0, False)}),
    "viewers_drop": MappingProxyType({"percent": ("percent", 30.0, False), "window": ("duration", 60.0, False)}),
    "banned_word": MappingProxyType({"category": ("text", None, False)}),
    "disk_low": MappingProxyType({"below_mb": ("number", 2048.0, False)}),
    "source_stale": MappingProxyType({"after": ("duration", 60.0, False)}),
    "source_down": MappingProxyType({}),
    # The complaint sentinel (console.rules.complaint): a share of the window's comments.
    "complaint_rate": MappingProxyType({"share": ("fraction", 0.05, False), "window": ("duration", 60.0, False),
                                        "min_complaints": ("number", 3.0, False)}),
    # Commerce (console.commerce.detectors): a product's stock at or under its low_stock / at zero.
    "low_stock": MappingProxyType({"sku": ("text", None, False)}),
    "sold_out": MappingProxyType({"sku": ("text", None, False)}),
})

#: Detector classes defined outside console/contingency/detectors.py, by name; each registers itself when
#: its module is imported (console.contingency.session imports them before building a DetectorBank).
EXTRA_DETECTORS: dict[str, Any] = {}

#: Step actions (CONTRACTS.md §5) → (required fields, optional fields) besides ``do``.
#: ``wait`` pauses the steps for ``for`` (a duration), timed by the runner's tick.
ACTION_FIELDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "switch_scene": (("scene",), ()),
    "show_text": (("source", "text"), ()),
    "show_source": (("source",), ()),
    "hide_source": (("source",), ()),
    "mute": (("input",), ()),
    "unmute": (("input",), ()),
    "start_stream": ((), ()),
    "stop_stream": ((), ()),
    "restart_stream": ((), ("retry",)),
    "start_record": ((), ()),
    "note": (("text",), ()),
    "wait": (("for",), ()),
    # An after-show task due ``due`` after the step runs, open on the show until done (console.rules.follow_ups).
    "follow_up": (("text", "due"), ()),
})
#: Actions that send nothing to OBS (they never wait for it).
LOCAL_ACTIONS = ("note", "wait", "follow_up")


@dataclasses.dataclass(frozen=True, slots=True)
class Trigger:
    detector: str
    params: Mapping[str, Any]
    for_s: float
    pos: Position | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class ActionStep:
    do: str
    params: Mapping[str, Any]  # the fields besides ``do`` (for ``wait``: {"for": seconds})
    pos: Position | None = None

    def action(self) -> dict[str, Any]:
        """The dict console.obs.actions.perform takes."""
        return {"do": self.do, **self.params}

    def describe(self) -> str:
        details = " ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.do} {details}".strip()


@dataclasses.dataclass(frozen=True, slots=True)
class CheckStep:
    text: str
    within_s: float
    pos: Position | None = None


Step = ActionStep | CheckStep


@dataclasses.dataclass(frozen=True, slots=True)
class Playbook:
    id: str
    title: str
    severity: str
    trigger: Trigger
    steps: tuple[Step, ...]
    resolve: str
    file: str
    pos: Position | None = None

    @property
    def actions(self) -> tuple[ActionStep, ...]:
        return tuple(step for step in self.steps if isinstance(step, ActionStep))

    @property
    def checks(self) -> tuple[CheckStep, ...]:
        return tuple(step for step in self.steps if isinstance(step, CheckStep))
