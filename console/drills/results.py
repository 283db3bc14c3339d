"""The scores of a recorded show's drill, read from the database (the review's own records)."""

from __future__ import annotations

from typing import Any, TextIO

from console.drills.scoring import StepScore, first_deadlines, score


def scores_of_review(review: Any, detectors: dict[str, str | None], playbooks: Any = None) -> list[StepScore]:
    if playbooks is None:
        from console.contingency.loader import load_playbooks

        playbooks, _diagnostics = load_playbooks()
    return score(review.commands, review.incidents, detectors, first_deadlines(playbooks))


def scores_for_show(engine: Any, show_id: str) -> list[StepScore]:
    from console.review import queries

    review = queries.load_review(engine, show_id)
    return scores_of_review(review, queries.incident_detectors(engine, show_id))


def print_scores(scores: list[StepScore], out: TextIO) -> None:
    def secs(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f} s"

    out.write(f"drill: {len(scores)} faults, {sum(s.outcome == 'ok' for s in scores)} handled in time\n")
    for s in scores:
        out.write(f"  {s.index + 1}. {s.fault} → {s.detector}: {s.outcome}; incident after {secs(s.opened_s)}, "
                  f"ack {secs(s.ack_s)}, first action {secs(s.first_action_s)}"
                  + (f" (deadline {s.deadline_s:.0f} s)" if s.deadline_s else "") + "\n")
