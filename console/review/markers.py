"""The markers on a reviewed show's time axis: scene switches, cues, incidents and audience-source gaps."""

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
    for source, start, end in source_gaps(review):
        markers.append(Marker(start, "gap", f"{source} gap {end - start:.0f} s",
                              f"audience source {source} delivered nothing for {end - start:.1f} s\n"
                              "figures in this hole are missing, not low", False))
    markers.sort(key=lambda m: m.ts)
    return tuple(markers)


def source_gaps(review: ShowReview) -> list[tuple[str, float, float]]:
    """Every recorded ``source_gap`` (console.sources) as ``(source, from, to)``, in time order: the holes
    a chart shades so a missing stretch is not read as a drop."""
    gaps = []
    for event in review.events:
        if event.kind != "source_gap":
            continue
        fields = getattr(event, "fields", {}) or {}
        try:
            gaps.append((str(fields.get("source", "?")), float(fields["from"]), float(fields["to"])))
        except (KeyError, TypeError, ValueError):
            continue
    return sorted(gaps, key=lambda gap: gap[1])
