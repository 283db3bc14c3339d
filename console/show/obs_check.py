"""A script against the OBS it will drive: every scene role and source OBS does not have (CONTRACTS §2)."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any


def missing_in_obs(obs: Any, script: Any) -> Future:
    """Resolves with a list of positioned warnings (empty when all exist, or when there is no OBS to ask).

    Never blocks: the input list is one request, answered on its future.
    """
    from console.show.lint import check_against_obs

    result: Future = Future()
    if obs is None or getattr(obs.state, "value", obs.state) != "ok":
        result.set_result([])
        return result
    scenes = list(obs.snapshot.scenes)

    def done(answer: Future) -> None:
        reply = answer.result()
        if not reply.ok:
            result.set_result([])
            return
        sources = [item.get("inputName", "") for item in reply.data.get("inputs", [])]
        # A scene can be used as a source too (nested scenes).
        result.set_result(check_against_obs(script, scenes, sources + scenes))

    obs.request("GetInputList", origin="console").add_done_callback(done)
    return result
