"""The state object of ``GET /v1/state`` and ``/v1/stream`` (CONTRACTS §11), built on the tick's thread.

:func:`build_state` reads the show (run-of-show status, live KPIs, open
incidents) and OBS's last confirmed snapshot at the instant ``mono`` the loop
gives it, and returns plain JSON-able values. Figures are rounded to what a
screen shows (whole seconds for the countdown, two decimals for KPIs), so the
object changes — and the stream pushes — when something visible changes,
not on every tick.

A KPI's ``status`` (ok/warn/bad, null without a target) is the show's own target
(:data:`kpi_status`, console.targets), as the KPI tiles show it.
"""

from __future__ import annotations

import logging
import math
from typing import Any, Callable

log = logging.getLogger(__name__)

#: The KPIs the state carries (the live tiles' names, console/metrics/live.py).
STATE_KPIS = ("online", "gmv", "orders", "conversion_rate", "interaction_rate", "gpm", "comments_per_min",
              "orders_per_min", "peak_online", "entries", "likes", "comments")


def show_target_status(session: Any, name: str, value: float | None) -> str | None:
    """The show's own target for ``name`` (console.targets: ``session.targets``), as the KPI tiles show it;
    None without a target or a value."""
    show_targets = getattr(session, "targets", None) if session is not None else None
    if show_targets is None:
        return None
    bound = show_targets.targets.show.get(name)
    return None if bound is None else bound.status(value, show_targets.targets.warn_margin)


#: ``kpi_status(session, name, value) -> "ok" | "warn" | "bad" | None``: the target status of one KPI.
kpi_status: Callable[[Any, str, float | None], str | None] = show_target_status


def _number(value: Any, digits: int = 2) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    rounded = round(number, digits)
    return int(rounded) if rounded == int(rounded) and digits == 0 else rounded


def build_state(session: Any, obs: Any, mono: float) -> dict[str, Any]:
    """The state at the monotonic instant ``mono`` (tick thread). ``session``/``obs`` may be None."""
    state: dict[str, Any] = {"show": None, "module": None, "next_module": None, "next_cue": None,
                             "show_over_under_s": None, "incidents": [], "kpis": {}}
    state.update(_obs_part(obs))
    if session is not None:
        state.update(_show_part(session, mono))
    return state


def _obs_part(obs: Any) -> dict[str, Any]:
    if obs is None:
        return {"obs": "none", "program_scene": None, "preview_scene": None, "studio_mode": False,
                "scenes": [], "streaming": False, "recording": False}
    connection = str(getattr(obs.state, "value", obs.state))
    snapshot = obs.snapshot  # replaced whole on obs-worker: one reference, read once
    return {"obs": connection, "program_scene": snapshot.program_scene, "preview_scene": snapshot.preview_scene,
            "studio_mode": bool(snapshot.studio_mode), "scenes": list(snapshot.scenes),
            "streaming": bool(snapshot.streaming), "recording": bool(snapshot.recording)}


def _show_part(session: Any, mono: float) -> dict[str, Any]:
    runtime = session.runtime
    status = runtime.status(mono)
    phase = "loaded" if not session.started else ("ended" if session.ended else "running")
    part: dict[str, Any] = {
        "show": {"id": session.show_id, "title": session.script.show.title, "kind": session.kind,
                 "state": phase, "modules": len(session.script.modules)},
    }
    module = status.module
    if module is not None and session.started and not session.ended:
        part["module"] = {"id": module.id, "index": status.index, "title": module.title, "type": module.type,
                          "remaining_s": _number(status.remaining, 0), "over_under_s": _number(status.module_over_under, 0),
                          "planned_s": _number(status.planned_duration, 0), "phase": status.phase, "held": status.held}
        part["show_over_under_s"] = _number(status.show_over_under, 0)
        if status.index is not None and status.index + 1 < len(session.script.modules):
            following = session.script.modules[status.index + 1]
            part["next_module"] = {"id": following.id, "title": following.title, "type": following.type}
    elif not session.started and session.script.modules:
        first = session.script.modules[0]
        part["next_module"] = {"id": first.id, "title": first.title, "type": first.type}
    cue = status.next_cue
    if cue is not None and session.started and not session.ended:
        part["next_cue"] = {"do": cue.cue.do, "text": cue.cue.text, "scene": cue.cue.scene, "source": cue.cue.source,
                            "module_index": cue.module_index, "in_s": _number(cue.due_in, 0)}
    part["incidents"] = _incidents(session)
    if session.started:
        part["kpis"] = _kpis(session, mono)
    return part


def _incidents(session: Any) -> list[dict[str, Any]]:
    playbooks = getattr(session, "playbooks", None)
    if playbooks is None:
        return []
    return [{"id": incident.id, "title": incident.playbook.title, "severity": incident.playbook.severity,
             "acknowledged": incident.state == "acknowledged", "drill": incident.drill,
             "checks_open": sum(1 for check in incident.checks if check.done_at is None)}
            for incident in playbooks.runner.open_incidents()]


def _kpis(session: Any, mono: float) -> dict[str, Any]:
    snapshot = session.live.snapshot(session.show_now(mono))
    kpis: dict[str, Any] = {}
    for name in STATE_KPIS:
        tile = snapshot.tiles.get(name)
        value = _number(tile.value if tile is not None else None, 4 if name.endswith("_rate") else 2)
        kpis[name] = {"value": value, "status": _status(session, name, value)}
    return kpis


def _status(session: Any, name: str, value: float | None) -> str | None:
    try:
        return kpi_status(session, name, value)
    except Exception:  # a broken target must not cost the state
        log.exception("the target status of %s failed", name)
        return None
