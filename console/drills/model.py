"""A drill: faults at show offsets, each expected to open an incident of one detector."""

from __future__ import annotations

import dataclasses
from typing import Any

from console.yamlpos import Position

#: fault → (the detector expected to answer it, required parameters, optional parameters).
FAULTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "mic_mute": ("mic_silent", ("input",), ()),  # SetInputMute on OBS; the mic-silent playbook unmutes it
    "camera_freeze": ("camera_frozen", ("source",), ("for",)),  # a media source paused, played again after `for`
    "viewer_collapse": ("viewers_drop", ("percent",), ()),  # the simulated audience loses percent % at once
    "banned_comment": ("banned_word", ("text",), ("user",)),
    "complaint_burst": ("complaint_rate", ("comments",), ()),  # that many complaint comments within a few seconds
    "sold_out": ("sold_out", ("sku", "qty"), ()),  # orders for qty units of sku
}
#: How long a frozen camera stays frozen when the drill does not say.
DEFAULT_FREEZE_S = 30.0
#: The complaint comments a burst cycles through (each hits the complaint lexicon).
COMPLAINTS = ("是不是假货啊", "我要退款", "质量太差了", "被骗了吧", "发货太慢要投诉", "和图片不一样，假的")


@dataclasses.dataclass(frozen=True, slots=True)
class Fault:
    index: int
    at_s: float  # show seconds from the start of the rehearsal
    fault: str
    params: dict[str, Any]
    pos: Position | None = None

    @property
    def detector(self) -> str:
        return FAULTS[self.fault][0]


@dataclasses.dataclass(frozen=True, slots=True)
class Drill:
    id: str
    title: str
    faults: tuple[Fault, ...]
    file: str = "<string>"
