"""The client's copy of OBS's state: the :class:`ObsSnapshot`, kept in step with OBS.

:class:`SnapshotMirror` re-reads the whole state after every connect (and when
OBS answers again after a silence), follows OBS's events, and folds each
heartbeat's answer into the health figures. It runs on the client's worker
thread only: it queues its requests through the client and emits the
client's ``snapshot_changed`` and ``health`` signals. The functions below it
are pure: OBS's answers in, snapshot fields out.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Callable

from console.events import Signal
from console.obs.clock import Clock
from console.obs.heartbeat import health_sample
from console.obs.model import AudioInput, HealthSample, ObsResult, ObsSnapshot

log = logging.getLogger(__name__)

#: Queues one of the client's own requests: (request, on_done=, batch=, front=).
QueueInternal = Callable[..., None]

#: One RequestBatch: everything the snapshot shows, except which inputs are audio inputs (read next).
STATE_READ_REQUESTS = (
    {"requestType": "GetVersion"},
    {"requestType": "GetSceneList"},
    {"requestType": "GetStudioModeEnabled"},
    {"requestType": "GetStreamStatus"},
    {"requestType": "GetRecordStatus"},
    {"requestType": "GetSceneTransitionList"},
    {"requestType": "GetCurrentSceneTransition"},
    {"requestType": "GetInputList"},
)


def state_changes(results: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The snapshot fields a state read gives, and OBS's input list for the audio-input read."""
    by_type = {r.get("requestType"): r.get("responseData") or {} for r in results
               if (r.get("requestStatus") or {}).get("result")}
    changes: dict[str, Any] = {}
    version = by_type.get("GetVersion", {})
    if version:
        changes["obs_version"] = version.get("obsVersion")
        changes["websocket_version"] = version.get("obsWebSocketVersion")
    scene_list = by_type.get("GetSceneList")
    if scene_list is not None:
        changes.update(scene_fields(scene_list))
    studio = by_type.get("GetStudioModeEnabled")
    if studio is not None:
        changes["studio_mode"] = bool(studio.get("studioModeEnabled"))
        if not changes["studio_mode"]:
            changes["preview_scene"] = None
    stream = by_type.get("GetStreamStatus")
    if stream is not None:
        changes["streaming"] = bool(stream.get("outputActive"))
        changes["stream_reconnecting"] = bool(stream.get("outputReconnecting"))
    record = by_type.get("GetRecordStatus")
    if record is not None:
        changes["recording"] = bool(record.get("outputActive"))
    transitions = by_type.get("GetSceneTransitionList")
    if transitions is not None:
        changes.update(transition_fields(transitions))
    current = by_type.get("GetCurrentSceneTransition")
    if current is not None:
        changes["transition_duration_ms"] = current.get("transitionDuration")
    return changes, list((by_type.get("GetInputList") or {}).get("inputs", []))


def scene_fields(scene_list: dict[str, Any]) -> dict[str, Any]:
    """Snapshot fields from a GetSceneList answer."""
    # GetSceneList lists scenes bottom-up (sceneIndex 0 is the last row in
    # OBS's scene dock); the operator knows them top-down, so reverse.
    scenes = sorted(scene_list.get("scenes", []), key=lambda s: s.get("sceneIndex", 0), reverse=True)
    return {
        "scenes": tuple(s.get("sceneName", "") for s in scenes),
        "program_scene": scene_list.get("currentProgramSceneName"),
        "preview_scene": scene_list.get("currentPreviewSceneName") or None,
    }


def transition_fields(transition_list: dict[str, Any]) -> dict[str, Any]:
    """Snapshot fields from a GetSceneTransitionList answer."""
    return {
        "transitions": tuple(t.get("transitionName", "") for t in transition_list.get("transitions", [])),
        "transition": transition_list.get("currentSceneTransitionName"),
    }


def mute_batch(inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A RequestBatch asking GetInputMute of every input: an input is an audio input when OBS answers it."""
    return [{"requestType": "GetInputMute", "requestData": {"inputName": i.get("inputName")}} for i in inputs]


def audio_inputs(inputs: list[dict[str, Any]], results: list[dict[str, Any]]) -> tuple[AudioInput, ...]:
    """The audio inputs among ``inputs``, from the answers to :func:`mute_batch` (same order)."""
    audio = []
    for spec, r in zip(inputs, results, strict=False):
        if (r.get("requestStatus") or {}).get("result"):
            audio.append(AudioInput(spec.get("inputName"), spec.get("inputKind", ""),
                                    bool((r.get("responseData") or {}).get("inputMuted"))))
    return tuple(audio)


class SnapshotMirror:
    """Keeps :attr:`snapshot` in step with OBS (worker thread only; readers on any thread get a whole snapshot)."""

    def __init__(self, queue_internal: QueueInternal, snapshot_changed: Signal, health: Signal, clock: Clock) -> None:
        self._queue = queue_internal
        self._snapshot_changed = snapshot_changed
        self._health = health
        self._clock = clock
        self.snapshot = ObsSnapshot()
        self._previous_health: HealthSample | None = None

    def set(self, **changes: Any) -> None:
        """Apply what OBS confirmed; ``snapshot_changed`` fires only when something changed."""
        new = self.snapshot.replace(**changes)
        if new != self.snapshot:
            self.snapshot = new
            self._snapshot_changed.emit(new)

    def session_opened(self, websocket_version: str | None) -> None:
        """A new session: rates start again; the version is known from Hello (announced with the state read)."""
        self._previous_health = None
        self.snapshot = self.snapshot.replace(websocket_version=websocket_version)

    def read_everything(self, on_read: Callable[[], None], on_ready: Callable[[], None],
                        on_failed: Callable[[str], None]) -> None:
        """Re-read the whole OBS state, first in line.

        ``on_read`` when the state batch is applied, ``on_ready`` once the audio
        inputs are known too, ``on_failed(reason)`` if OBS refused the batch.
        """

        def done(result: ObsResult) -> None:
            if not result.ok:
                log.info("re-reading OBS state failed: %s", result.error_text)
                on_failed(result.error_text)
                return
            changes, inputs = state_changes(result.data.get("results", []))
            self.set(**changes)
            on_read()
            # "ok" only once the audio inputs are known too: the mixer and the
            # silent-mic detector must not start from an empty list.
            self.read_audio_inputs(inputs, then=on_ready)

        self._queue("RequestBatch", on_done=done, front=True, batch=[dict(r) for r in STATE_READ_REQUESTS])

    def read_audio_inputs(self, inputs: list[dict[str, Any]], then: Callable[[], None] | None = None) -> None:
        if not inputs:
            self.set(audio_inputs=())
            if then is not None:
                then()
            return

        def done(result: ObsResult) -> None:
            self.set(audio_inputs=audio_inputs(inputs, result.data.get("results", [])))
            if then is not None:
                then()

        self._queue("RequestBatch", on_done=done, batch=mute_batch(inputs), front=then is not None)

    def on_event(self, event_type: str, data: dict[str, Any]) -> None:
        """Fold one OBS event into the snapshot (re-reading what an event does not carry)."""
        if event_type == "CurrentProgramSceneChanged":
            self.set(program_scene=data.get("sceneName"))
        elif event_type == "CurrentPreviewSceneChanged":
            self.set(preview_scene=data.get("sceneName"))
        elif event_type == "StudioModeStateChanged":
            if data.get("studioModeEnabled"):
                self.set(studio_mode=True)
                self._queue("GetCurrentPreviewScene",
                            on_done=lambda r: r.ok and self.set(preview_scene=r.data.get("currentPreviewSceneName")))
            else:
                self.set(studio_mode=False, preview_scene=None)
        elif event_type in ("SceneCreated", "SceneRemoved", "SceneNameChanged", "SceneListChanged"):
            self._queue("GetSceneList", on_done=lambda r: r.ok and self.set(**scene_fields(r.data)))
        elif event_type == "StreamStateChanged":
            state = data.get("outputState", "")
            self.set(streaming=bool(data.get("outputActive")),
                     stream_reconnecting=state == "OBS_WEBSOCKET_OUTPUT_RECONNECTING")
        elif event_type == "RecordStateChanged":
            self.set(recording=bool(data.get("outputActive")))
        elif event_type == "CurrentSceneTransitionChanged":
            self.set(transition=data.get("transitionName"))
        elif event_type == "CurrentSceneTransitionDurationChanged":
            self.set(transition_duration_ms=data.get("transitionDuration"))
        elif event_type in ("SceneTransitionCreated", "SceneTransitionRemoved", "SceneTransitionNameChanged"):
            self._queue("GetSceneTransitionList", on_done=lambda r: r.ok and self.set(**transition_fields(r.data)))
        elif event_type == "InputMuteStateChanged":
            name, muted = data.get("inputName"), bool(data.get("inputMuted"))
            self.set(audio_inputs=tuple(
                dataclasses.replace(i, muted=muted) if i.name == name else i for i in self.snapshot.audio_inputs))
        elif event_type in ("InputCreated", "InputRemoved", "InputNameChanged"):
            self._queue("GetInputList", on_done=lambda r: r.ok and self.read_audio_inputs(r.data.get("inputs", [])))

    def on_heartbeat(self, result: ObsResult) -> None:
        """The heartbeat's answer: a health sample with rates, and the output states it confirms."""
        if not result.ok:
            return
        sample = health_sample(result.data.get("results", []), self._clock.wall(), self._previous_health)
        self._previous_health = sample
        self.set(health=sample, streaming=sample.streaming, recording=sample.recording,
                 stream_reconnecting=sample.stream_reconnecting)
        self._health.emit(sample)
