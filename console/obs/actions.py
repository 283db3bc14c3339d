"""The action vocabulary shared by script cues and playbook steps.

``perform(client, {"do": "switch_scene", "scene": "closeup"}, roles=…)``
turns one action into OBS requests and returns a Future of
:class:`ActionOutcome`. Actions run one at a time, in the order they were
performed, on the client's own :class:`ActionQueue` (thread
``<client name>-actions``, one per OBS connection, started and stopped with
the client): an action made of several requests (find a source in every
scene, then enable it) may wait on each answer there, never on the GUI thread
and never on the OBS worker. Once the client is stopped its queue refuses
actions: their outcome says so at once.

Actions (CONTRACTS.md §2 cues, §5 steps):
``switch_scene`` (scene: a role of the show or ``scene:NAME``),
``show_text`` (source, text; also makes the source visible),
``show_source`` / ``hide_source`` (source, in every scene that contains it),
``mute`` / ``unmute`` (input), ``start_stream``, ``stop_stream``,
``restart_stream`` (retry: attempts, default 1), ``start_record``,
``note`` (text, nothing sent), ``wait`` (timed by the caller; nothing sent).
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from concurrent.futures import Future
from typing import Any, Mapping

from console.obs.clock import SYSTEM_CLOCK, Clock
from console.obs.model import ObsResult
from console.obs.protocol import ObsLink

ACTIONS = (
    "switch_scene", "show_text", "show_source", "hide_source", "mute", "unmute",
    "start_stream", "stop_stream", "restart_stream", "start_record", "note", "wait",
)
#: How long restart_stream waits for OBS to report the stream stopped, then
#: started. OBS stops an RTMP output in well under a second on loopback; a
#: stuck output is a failure the operator must see, not a silent wait.
STREAM_STATE_WAIT_S = 8.0
STREAM_STATE_POLL_S = 0.2


@dataclasses.dataclass(frozen=True, slots=True)
class ActionOutcome:
    ok: bool
    error: str | None
    results: tuple[ObsResult, ...] = ()
    scene: str | None = None  # for switch_scene: the OBS scene it resolved to


class ActionError(Exception):
    pass


def resolve_scene(value: str, roles: Mapping[str, str]) -> str:
    """A role of the show, or ``scene:NAME`` for a scene named directly."""
    if value.startswith("scene:"):
        return value[len("scene:"):]
    if value in roles:
        return roles[value]
    raise ActionError(f"unknown scene role '{value}' (roles: {', '.join(sorted(roles)) or 'none'})")


def perform(client: ObsLink, action: Mapping[str, Any], *, roles: Mapping[str, str] | None = None,
            origin: str = "console") -> Future:
    """Queue ``action`` on ``client``'s own action queue.

    The future resolves with an :class:`ActionOutcome` (never raises); at once,
    with the reason, when the client is not running.
    """
    return client.action_queue.submit(action, roles or {}, origin)


@dataclasses.dataclass(slots=True)
class _QueuedAction:
    action: dict[str, Any]
    roles: dict[str, str]
    origin: str
    future: Future


class ActionQueue:
    """One OBS connection's actions, run one at a time in order on the thread ``<name>-actions``.

    Owned by the client (``ObsClient`` starts and stops it with itself; a test's
    fake client does the same). :meth:`close` refuses what has not begun; the
    action running then ends as soon as its next request fails or its next wait
    is cut short, so :meth:`join` never waits on OBS.
    """

    def __init__(self, client: ObsLink, name: str, clock: Clock = SYSTEM_CLOCK) -> None:
        self.client = client
        self.name = name
        self.clock = clock
        self._condition = threading.Condition()
        self._waiting: collections.deque[_QueuedAction] = collections.deque()
        self._thread: threading.Thread | None = None
        self._closed = True

    def start(self) -> "ActionQueue":
        with self._condition:
            if self._thread is None:
                self._closed = False
                self._thread = threading.Thread(target=self._run, name=f"{self.name}-actions", daemon=True)
                self._thread.start()
        return self

    def submit(self, action: Mapping[str, Any], roles: Mapping[str, str], origin: str) -> Future:
        """Any thread: queue one action; refused at once (an outcome saying why) when the queue is closed."""
        item = _QueuedAction(dict(action), dict(roles), origin, Future())
        with self._condition:
            accepted = not self._closed
            if accepted:
                self._waiting.append(item)
                self._condition.notify_all()
        if not accepted:
            item.future.set_result(ActionOutcome(False, f"the OBS client '{self.name}' is not running"))
        return item.future

    def close(self) -> None:
        """Refuse new actions and those not begun (their outcome says why); cut the running one's waits short."""
        with self._condition:
            self._closed = True
            refused, self._waiting = list(self._waiting), collections.deque()
            self._condition.notify_all()
        for item in refused:
            item.future.set_result(ActionOutcome(False, f"the OBS client '{self.name}' stopped before the action ran"))

    def join(self, timeout: float | None = None) -> None:
        """Wait for the action thread to end (after :meth:`close`; not from that thread)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        with self._condition:
            if self._thread is thread and self._closed:
                self._thread = None

    def stop(self, timeout: float | None = None) -> None:
        self.close()
        self.join(timeout)

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` on the client's clock, on the action thread; False (at once) when the queue closes."""
        deadline = self.clock.now() + seconds
        with self._condition:
            return not self.clock.wait_for(self._condition, lambda: self._closed, deadline)

    def answer(self, future: Future) -> Any:
        """On the action thread: the result of one of the client's request futures.

        The client answers every request within its timeout; the wait goes
        through the clock so a test's fake clock sees this thread as waiting.
        """
        if not future.done():
            future.add_done_callback(self._wake)
            with self._condition:
                self.clock.wait_for(self._condition, future.done, None)
        return future.result()

    def _wake(self, _future: Future) -> None:
        with self._condition:
            self._condition.notify_all()

    def _has_work(self) -> bool:
        return bool(self._waiting) or self._closed

    def _run(self) -> None:
        while True:
            with self._condition:
                self.clock.wait_for(self._condition, self._has_work, None)
                if not self._waiting:
                    return  # closed, and nothing left
                item = self._waiting.popleft()
            item.future.set_result(_run_safely(self, item.action, item.roles, item.origin))


def _run_safely(queue: ActionQueue, action: dict[str, Any], roles: dict[str, str], origin: str) -> ActionOutcome:
    runner = _ActionRun(queue, origin)
    try:
        scene = runner.run(action, roles)
    except ActionError as exc:
        return ActionOutcome(False, str(exc), tuple(runner.results))
    except Exception as exc:  # noqa: BLE001 - an action must never take the thread down
        return ActionOutcome(False, f"internal error: {exc}", tuple(runner.results))
    return ActionOutcome(True, None, tuple(runner.results), scene)


class _ActionRun:
    def __init__(self, queue: ActionQueue, origin: str) -> None:
        self.queue = queue
        self.client = queue.client
        self.origin = origin
        self.results: list[ObsResult] = []

    def send(self, request: str, params: dict[str, Any] | None = None, *, must_succeed: bool = True,
             record: bool = True) -> ObsResult:
        origin = self.origin if record else "internal"
        result: ObsResult = self.queue.answer(self.client.request(request, params, origin=origin))
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
        clock = self.queue.clock
        deadline = clock.now() + STREAM_STATE_WAIT_S
        while clock.now() < deadline:
            status = self.send("GetStreamStatus", must_succeed=False, record=False)
            if status.ok and bool(status.data.get("outputActive")) == active and not status.data.get("outputReconnecting"):
                return True
            if not self.queue.pause(STREAM_STATE_POLL_S):
                raise ActionError("the OBS client stopped while waiting for the stream")
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
