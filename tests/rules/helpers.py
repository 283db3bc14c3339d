"""A show with an explanation module before an interaction module, and replays of its audience."""

from __future__ import annotations

import json
from pathlib import Path

from console.show.loader import load_script_text

SCRIPT = """\
version: 1
show:
  title: 规则测试专场
  scenes: {wide: 全景, closeup: 特写, standby: 稍后回来}
modules:
  - {id: opening, type: opening, title: 开场, duration: 60s, scene: wide, talking_points: 欢迎, end: advance}
  - {id: explain, type: explanation, title: 讲解, duration: 10m, scene: closeup, talking_points: 成分, end: advance}
  - {id: qa, type: conversion, title: 促单, duration: 3m, scene: wide, talking_points: 下单, end: advance}
  - {id: game, type: interaction, title: 互动抽奖, duration: 3m, scene: wide, talking_points: 抽奖, end: advance}
  - {id: closing, type: closing, title: 收尾, duration: 2m, scene: wide, talking_points: 再见, end: advance}
RULES
"""

RESCUE = """\
rules:
  - id: rescue-viewers
    when: {metric: online_drop_pct, window: 60s, above: 30}
    during: [explanation, conversion]
    do: {action: jump_to_type, type: interaction}
    mode: MODE
    cooldown: 5m
"""

#: The collapse: online falls from about 1,000 to 450 from this offset (seconds after the start) on.
COLLAPSE_AT_S = 200.0


def script(mode: str = "auto", rules: str | None = None):
    text = SCRIPT.replace("RULES", (RESCUE.replace("MODE", mode) if rules is None else rules))
    result = load_script_text(text, "rules_show.yaml")
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.script


def write_replay(path: Path, *, collapse: bool, seconds: int = 420) -> Path:
    """Viewers every 2 s (about 1,000 online, ±4 % wobble), two comments and an order now and then;
    with ``collapse`` the count falls to 450 at :data:`COLLAPSE_AT_S`."""
    lines = []
    for second in range(0, seconds, 2):
        online = 1000 + (40 if second % 6 == 0 else -40 if second % 6 == 2 else 0)
        if collapse and second >= COLLAPSE_AT_S:
            online = 450
        lines.append({"ts": second, "kind": "viewers", "online": online, "entered": 5})
        lines.append({"ts": second + 0.5, "kind": "comment", "user": f"u{second}", "text": "这个适合干皮吗"})
        if second % 10 == 0:
            lines.append({"ts": second + 1, "kind": "order", "order_id": f"o{second}", "sku": "A", "qty": 1,
                          "amount": 99.0})
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return path
