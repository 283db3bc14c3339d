"""The markers on a reviewed show's time axis: scene switches, cues and incidents, with their details."""

from __future__ import annotations

from console.review.records import Marker, ShowReview


def build_markers(review: ShowReview) -> tuple[Marker, ...]:
    """Scene switches OBS confirmed, cues (module scene switches excluded: the shading shows them), incidents."""
    markers: list[Marker] = []
    for action in review.obs_actions:
        if action.request == "SetCurrentProgramScene" and action.ok:
            scene = str((action.params or {}).get("sceneName", ""))
            markers.append(Marker(action.ts, "scene", scene,
                                  f"scene switch → {scene}\norigin: {action.origin}\n"
                                  f"latency: {action.latency_ms if action.latency_ms is not None else '-'} ms"))
    for cue in review.cues:
        if cue.cue_index < 0:
            continue
        ok = cue.status == "fired"
        lines = [f"cue {cue.module_id}#{cue.cue_index + 1}: {cue.action} at {cue.at_s:g}s", f"status: {cue.status}"]
        if cue.error:
            lines.append(f"error: {cue.error}")
        markers.append(Marker(cue.ts, "cue", f"{cue.action} ({cue.status})", "\n".join(lines), ok))
    for incident in review.incidents:
        lines = [f"incident: {incident.title} [{incident.severity}]{' (drill)' if incident.drill else ''}",
                 f"playbook: {incident.playbook_id}", f"state: {incident.state}"]
        if incident.ack_s is not None:
            lines.append(f"acknowledged after {incident.ack_s:.1f} s")
        if incident.resolve_s is not None:
            lines.append(f"resolved after {incident.resolve_s:.1f} s")
        for entry in incident.entries:
            lines.append(f"+{entry.ts - incident.opened_at:.1f}s {entry.kind}: {entry.text}"
                         + (f" — {entry.error}" if entry.error else "") + (f" ({entry.who})" if entry.who else ""))
        markers.append(Marker(incident.opened_at, "incident", incident.title, "\n".join(lines),
                              incident.state == "resolved"))
    markers.sort(key=lambda m: m.ts)
    return tuple(markers)
