"""Plain values the OBS client publishes: state enum, results, snapshots, health."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any


class ConnectionState(str, enum.Enum):
    """The link to OBS as the operator must see it (CONTRACTS.md §1 names).

    ``ok`` means connected, authenticated, state re-read and answering the
    heartbeat. A connection whose heartbeat stopped answering is
    ``reconnecting`` even while its socket is still open: a figure from it is
    stale, never live.
    """

    CONNECTING = "connecting"
    OK = "ok"
    RECONNECTING = "reconnecting"
    AUTH_FAILED = "auth_failed"
    DISCONNECTED = "disconnected"

    def __str__(self) -> str:
        return self.value


#: obs-websocket RequestStatus codes the console names in messages.
REQUEST_STATUS_NAMES = {
    100: "Success",
    203: "RequestTimeout",
    204: "InvalidRequestType",
    300: "MissingRequestField",
    400: "InvalidRequestField",
    500: "OutputRunning",
    501: "OutputNotRunning",
    506: "StudioModeActive",
    507: "StudioModeNotActive",
    600: "ResourceNotFound",
    604: "InvalidResourceState",
    700: "ResourceCreationFailed",
    702: "RequestProcessingFailed",
}

#: Codes the console uses for failures that never reached OBS (no OBS code).
NOT_CONNECTED = -1
TIMED_OUT = -2
CONNECTION_LOST = -3
CLIENT_STOPPED = -4


@dataclasses.dataclass(frozen=True, slots=True)
class ObsResult:
    """The outcome of one request; kept whole so the operator sees OBS's reason."""

    request: str
    params: dict[str, Any]
    ok: bool
    data: dict[str, Any]
    code: int | None
    comment: str | None
    latency_ms: float | None
    ts: float  # wall clock when the request was sent
    origin: str = "console"

    @property
    def error_text(self) -> str | None:
        if self.ok:
            return None
        name = REQUEST_STATUS_NAMES.get(self.code or 0)
        if self.comment and name:
            return f"{self.comment} ({name} {self.code})"
        if self.comment:
            return self.comment
        if self.code and self.code > 0:
            return f"OBS refused the request ({name or 'code'} {self.code})"
        return "the request failed"


@dataclasses.dataclass(frozen=True, slots=True)
class HealthSample:
    """One heartbeat: OBS's ``GetStats`` + ``GetStreamStatus`` + ``GetRecordStatus``.

    Frame counters are OBS's cumulative totals; the ``*_dropped_ratio`` and
    ``bitrate_kbps`` fields are computed over the interval since the previous
    sample (``None`` for the first sample after a connect).
    """

    ts: float
    fps: float
    cpu: float
    memory_mb: float
    disk_free_mb: float | None
    average_render_ms: float
    render_skipped_frames: int
    render_total_frames: int
    output_skipped_frames: int
    output_total_frames: int
    streaming: bool
    stream_reconnecting: bool
    stream_timecode: str | None
    stream_bytes: int
    congestion: float
    recording: bool
    record_timecode: str | None
    interval_s: float | None = None
    render_dropped_ratio: float | None = None
    output_dropped_ratio: float | None = None
    bitrate_kbps: float | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class AudioInput:
    name: str
    kind: str
    muted: bool


@dataclasses.dataclass(frozen=True, slots=True)
class ObsSnapshot:
    """What OBS looks like, as last confirmed by OBS itself."""

    scenes: tuple[str, ...] = ()
    program_scene: str | None = None
    preview_scene: str | None = None  # None outside studio mode
    studio_mode: bool = False
    streaming: bool = False
    stream_reconnecting: bool = False
    recording: bool = False
    obs_version: str | None = None
    websocket_version: str | None = None
    transitions: tuple[str, ...] = ()
    transition: str | None = None
    transition_duration_ms: int | None = None
    audio_inputs: tuple[AudioInput, ...] = ()
    health: HealthSample | None = None

    def replace(self, **changes: Any) -> "ObsSnapshot":
        return dataclasses.replace(self, **changes)
