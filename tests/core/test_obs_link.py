"""The one OBS face the show uses (console.obs.protocol.ObsLink) fits the real client and the session's fakes."""

from __future__ import annotations

import inspect

from console.obs.client import ObsClient
from console.obs.protocol import ObsLink
from tests.show.test_recovery import FakeObs


def test_the_obs_client_is_an_obs_link():
    client = ObsClient("ws://127.0.0.1:4455")  # never started: no thread, no socket
    assert isinstance(client, ObsLink)
    link = inspect.signature(ObsLink.request).parameters
    real = inspect.signature(ObsClient.request).parameters
    assert [(p.name, p.kind, p.default) for p in link.values()] == [(p.name, p.kind, p.default) for p in real.values()]


def test_the_sessions_fake_obs_is_an_obs_link():
    fake = FakeObs()  # owns an action queue, as ObsClient does
    try:
        assert isinstance(fake, ObsLink)
    finally:
        fake.stop()


def test_an_object_without_the_signals_is_not():
    class RequestsOnly:
        url = ""
        state = state_reason = snapshot = None

        def request(self, request_type, params=None, *, origin="console", timeout=None, priority=0):
            raise NotImplementedError

    assert not isinstance(RequestsOnly(), ObsLink)
