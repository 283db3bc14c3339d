"""The player of a show's own audience on its own: what is due goes in, a backlog holds it back, counts add up."""

from __future__ import annotations

from concurrent.futures import Future

from console.audience import player as player_module
from console.audience.events import CommentEvent
from console.audience.player import SIMULATOR_STEP_S, AudiencePlayer

START = 1_800_000_000.0


class Pipeline:
    """Commits when told to (``commit()``); ``unpublished`` as the test sets it."""

    def __init__(self) -> None:
        self.pending: list[tuple[Future, int]] = []
        self.submitted: list[list] = []
        self.unpublished = 0

    def submit(self, events):
        self.submitted.append(list(events))
        future: Future = Future()
        self.pending.append((future, len(events)))
        return future

    def commit(self, error: Exception | None = None) -> None:
        for future, count in self.pending:
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(count)
        self.pending = []


class Replay:
    def __init__(self, offsets) -> None:
        self.offsets = list(offsets)
        self.start = None

    def rebase(self, start_ts):
        self.start = start_ts

    def due(self, show_t):
        due = [o for o in self.offsets if o <= show_t]
        self.offsets = [o for o in self.offsets if o > show_t]
        return [CommentEvent(self.start + o, "u", "好看") for o in due]


class Simulator:
    def __init__(self) -> None:
        self.steps = []

    def step(self, step_end, module_type, step_s):
        self.steps.append((step_end, module_type, step_s))
        return [CommentEvent(step_end, "sim", "好看")]


def test_due_replay_events_and_simulator_steps_go_in_at_the_shows_pace():
    pipeline, replay, simulator = Pipeline(), Replay([0.0, 0.5, 2.0]), Simulator()
    player = AudiencePlayer(pipeline, replay=replay, simulator=simulator)
    player.start(START)
    assert replay.start == START and player.simulated_until == START
    player.play(1.0, START + 1.0, "opening")
    assert [len(batch) for batch in pipeline.submitted] == [2, 1, 1, 1, 1]  # the replay's two, four sim steps
    assert [step_end for step_end, _type, _s in simulator.steps] == [START + n * SIMULATOR_STEP_S for n in (1, 2, 3, 4)]
    assert all(module_type == "opening" for _end, module_type, _s in simulator.steps)
    assert player.events_in_flight == 6
    pipeline.commit()
    assert (player.events_generated, player.events_recorded, player.events_in_flight) == (6, 6, 0)
    player.play(1.1, START + 1.1, "opening")
    pipeline.commit(RuntimeError("database is locked"))  # nothing due: nothing failed
    assert player.submit_errors == 0


def test_a_failed_commit_is_counted():
    pipeline = Pipeline()
    player = AudiencePlayer(pipeline, replay=Replay([0.0, 0.1]))
    player.start(START)
    player.play(0.2, START + 0.2, None)
    pipeline.commit(RuntimeError("database is locked"))
    assert (player.submit_errors, player.events_failed, player.events_in_flight) == (1, 2, 0)


def test_uncommitted_or_unpublished_events_hold_the_player_back(monkeypatch):
    monkeypatch.setattr(player_module, "MAX_EVENTS_IN_FLIGHT", 3)
    pipeline, simulator = Pipeline(), Simulator()
    player = AudiencePlayer(pipeline, simulator=simulator)
    player.start(START)
    player.play(10.0, START + 10.0, None)
    assert len(simulator.steps) == 3 and player.simulated_until == START + 3 * SIMULATOR_STEP_S
    pipeline.commit()
    pipeline.unpublished = 3  # committed, not yet published by the tick
    player.play(10.1, START + 10.1, None)
    assert len(simulator.steps) == 3
    pipeline.unpublished = 0
    player.play(10.2, START + 10.2, None)
    assert len(simulator.steps) == 6, "it catches up, three at a time"


def test_resume_skips_what_fell_due_while_the_console_was_down():
    pipeline, replay = Pipeline(), Replay([1.0, 50.0, 120.0])
    player = AudiencePlayer(pipeline, replay=replay)
    player.resume(START, 100.0, START + 100.0)
    assert pipeline.submitted == [] and player.simulated_until == START + 100.0
    player.play(121.0, START + 121.0, None)
    assert [[event.ts for event in batch] for batch in pipeline.submitted] == [[START + 120.0]]
