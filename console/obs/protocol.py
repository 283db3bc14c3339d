"""What a show needs from its OBS connection: one typed face for :class:`~console.obs.client.ObsClient`.

The show session, its sampler, the runtime's cues, the action vocabulary
(``console.obs.actions.perform``), the journal and the playbooks all take an
:class:`ObsLink`. ``ObsClient`` fits it, and so does a test double with the
same members; the protocol is structural, nothing subclasses it.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from console.events import Signal
    from console.obs.model import ConnectionState, ObsSnapshot


@runtime_checkable  # lets a test check that ObsClient and the fakes still fit
class ObsLink(Protocol):
    """The members of an OBS client that the show uses; every signal fires on ``obs-worker``."""

    url: str
    health: Signal  # (HealthSample) about once a second: the stats poll that doubles as the heartbeat
    obs_event: Signal  # (event_type, data) every OBS event, InputVolumeMeters about 20 times a second
    state_changed: Signal  # (ConnectionState, reason) on every change of the link's state
    action_finished: Signal  # (ObsResult) every answered request: the journal records it
    #: The connection's own serial queue of actions (console.obs.actions.ActionQueue; not imported
    #: here, the actions import this protocol): cues and playbook steps run there one at a time.
    action_queue: Any

    @property
    def state(self) -> ConnectionState: ...

    @property
    def state_reason(self) -> str: ...

    @property
    def snapshot(self) -> ObsSnapshot: ...

    def request(self, request_type: str, params: dict[str, Any] | None = None, *, origin: str = "console",
                timeout: float | None = None, priority: int = 0) -> Future:
        """Queue one request (any thread, never blocks); the future resolves with an ``ObsResult``.
        ``priority`` 0 is an action (first in line), 1 background work (screenshots)."""
        ...
