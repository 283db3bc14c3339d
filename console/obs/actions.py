"""The action vocabulary shared by script cues and playbook steps.

``perform(client, {"do": "switch_scene", "scene": "closeup"}, roles=…)``
turns one action into OBS requests and returns a Future of
:class:`ActionOutcome`. Actions run one at a time, in the order they were
performed, on the ``obs-actions`` thread: an action made of several requests
(find a source in every scene, then enable it) may wait on each answer there,
never on the GUI thread and never on the OBS worker.

Actions (CONTRACTS.md §2 cues, §5 steps):
``switch_scene`` (scene: a role of the show or ``scene:NAME``),
``show_text`` (source, text; also makes the source visible),
``show_source`` / ``hide_source`` (source, in every scene that contains it),
``mute`` / ``unmute`` (input), ``start_stream``, ``stop_stream``,
``restart_stream`` (retry: attempts, default 1), ``start_record``,
``note`` (text, nothing sent), ``wait`` (timed by the caller; nothing sent).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Mapping, Protocol

from console.obs.model import ObsResult

ACTIONS = (
    "switch_scene", "show_text", "show_source", "hide_source", "mute", "unmute",
    "start_stream", "stop_stream", "restart_stream", "start_record", "note", "wait",
)
#: How long restart_stream waits for OBS to report the stream stopped, then
#: started. OBS stops an RTMP output in well under a second on loopback; a
#: stuck output is a failure the operator must see, not a silent wait.
STREAM_STATE_WAIT_S = 8.0
STREAM_STATE_POLL_S = 0.2


class RequestClient(Protocol):
    def request(self, request_type: str, params: dict[str, Any] | None = None, *, origin: str = "console",
                timeout: float | None = None) -> Future: ...

    @property
    def snapshot(self) -> Any: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ActionOutcome:
    ok: bool
    error: str | None
    results: tuple[ObsResult, ...] = ()
    scene: str | None = None  # for switch_scene: the OBS scene it resolved to


class ActionError(Exception):
    pass


_executor_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="obs-actions")
        return _executor


def shutdown(wait: bool = True) -> None:
    """Stop the actions thread (end of the program, and between tests)."""
    global _executor
    with _executor_lock:
        executor, _executor = _executor, None
    if executor is not None:
        executor.shutdown(wait=wait, cancel_futures=False)


def resolve_scene(value: str, roles: Mapping[str, str]) -> str:
    """A role of the show, or ``scene:NAME`` for a scene named directly."""
    if value.startswith("scene:"):
        return value[len("scene:"):]
    if value in roles:
        return roles[value]
    raise ActionError(f"unknown scene role '{value}' (roles: {', '.join(sorted(roles)) or 'none'})")


def perform(client: RequestClient, action: Mapping[str, Any], *, roles: Mapping[str, str] | None = None,
            origin: str = "console") -> Future:
    """Queue ``action``; the future resolves with an :class:`ActionOutcome` (never raises)."""
    return _get_executor().submit(_run_safely, client, dict(action), dict(roles or {}), origin)


def _run_safely(client: RequestClient, action: dict[str, Any], roles: dict[str, str], origin: str) -> ActionOutcome:
    runner = _ActionRun(client, origin)
    try:
        scene = runner.run(action, roles)
    except ActionError as exc:
        return ActionOutcome(False, str(exc), tuple(runner.results))
    except Exception as exc:  # noqa: BLE001 - an action must never take the thread down
        return ActionOutcome(False, f"internal error: {exc}", tuple(runner.results))
    return ActionOutcome(True, None, tuple(runner.results), scene)


class _ActionRun:
    def __init__(self, client: RequestClient, origin: str) -> None:
        self.client = client
        self.origin = origin
        self.results: list[ObsResult] = []

    def send(self, request: str, params: dict[str, Any] | None = None, *, must_succeed: bool = True,
             record: bool = True) -> ObsResult:
        origin = self.origin if record else "internal"
        result: ObsResult = self.client.request(request, params, origin=origin).result()
        if record:
            self.results.append(result)
        if must_succeed and not result.ok:
            raise ActionError(f"{request}: {result.error_text}")
        return result

    def run(self, action: dict[str, Any], roles: dict[str, str]) -> str | None:
        do = action.get("do")
        if do == "switch_scene":
            scene = resolve_scene(str(action.get("scene", "")), roles)
            self.send("SetCurrentProgramScene", {"sceneName": scene})
            return scene
        if do == "show_text":
            source = self._required(action, "source")
            self.send("SetInputSettings", {"inputName": source, "inputSettings": {"text": str(action.get("text", ""))}})
            self._set_visible(source, True)
        elif do in ("show_source", "hide_source"):
            self._set_visible(self._required(action, "source"), do == "show_source")
        elif do in ("mute", "unmute"):
            self.send("SetInputMute", {"inputName": self._required(action, "input"), "inputMuted": do == "mute"})
        elif do == "start_stream":
            self.send("StartStream")
        elif do == "stop_stream":
            self.send("StopStream")
        elif do == "start_record":
            self.send("StartRecord")
        elif do == "restart_stream":
            self._restart_stream(int(action.get("retry", 1) or 1))
        elif do in ("note", "wait"):
            pass
        else:
            raise ActionError(f"unknown action '{do}'")
        return None

    @staticmethod
    def _required(action: dict[str, Any], key: str) -> str:
        value = action.get(key)
        if not value:
            raise ActionError(f"action '{action.get('do')}' needs '{key}'")
        return str(value)

    def _set_visible(self, source: str, visible: bool) -> None:
        """Enable or disable ``source`` in every scene that holds it (program scene first)."""
        snapshot = self.client.snapshot
        scenes = list(snapshot.scenes)
        if snapshot.program_scene in scenes:
            scenes.remove(snapshot.program_scene)
            scenes.insert(0, snapshot.program_scene)
        found = False
        for scene in scenes:
            lookup = self.send("GetSceneItemId", {"sceneName": scene, "sourceName": source}, must_succeed=False,
                               record=False)
            if not lookup.ok:
                continue
            found = True
            self.send("SetSceneItemEnabled", {"sceneName": scene, "sceneItemId": lookup.data["sceneItemId"],
                                              "sceneItemEnabled": visible})
        if not found:
            raise ActionError(f"source '{source}' is in no scene of OBS")

    def _wait_stream(self, active: bool) -> bool:
        deadline = time.monotonic() + STREAM_STATE_WAIT_S
        while time.monotonic() < deadline:
            status = self.send("GetStreamStatus", must_succeed=False, record=False)
            if status.ok and bool(status.data.get("outputActive")) == active and not status.data.get("outputReconnecting"):
                return True
            time.sleep(STREAM_STATE_POLL_S)
        return False

    def _restart_stream(self, attempts: int) -> None:
        last_error = "the stream did not start"
        for _attempt in range(max(1, attempts)):
            status = self.send("GetStreamStatus", must_succeed=False, record=False)
            if status.ok and status.data.get("outputActive"):
                self.send("StopStream", must_succeed=False)
                if not self._wait_stream(False):
                    last_error = f"OBS did not stop the stream within {STREAM_STATE_WAIT_S:g} s"
                    continue
            start = self.send("StartStream", must_succeed=False)
            if not start.ok:
                last_error = f"StartStream: {start.error_text}"
                continue
            if self._wait_stream(True):
                return
            last_error = f"the stream did not come up within {STREAM_STATE_WAIT_S:g} s"
        raise ActionError(last_error)
