"""Fixtures for the window's tests.

Widget tests run without OBS (offscreen when there is no display). Tests
marked ``obs`` drive a real OBS: the project's ``obs_sandbox`` fixture when
it is available, else ``LIVEROOM_TEST_OBS_URL`` / ``LIVEROOM_TEST_OBS_PASSWORD``
(a developer's own OBS); with neither they are skipped, never faked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass
class ObsTarget:
    url: str
    password: str | None
    sandbox: Any = None  # the ObsSandbox when the tests own one (kill/restart possible)


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch) -> None:
    # Settings, database and logs of a test stay in its own folder.
    monkeypatch.setenv("LIVEROOM_HOME", str(tmp_path / "home"))


@pytest.fixture
def settings_path(tmp_path) -> str:
    return str(tmp_path / "console.ini")


@pytest.fixture
def real_obs(request) -> Iterator[ObsTarget]:
    try:
        sandbox = request.getfixturevalue("obs_sandbox")
    except pytest.FixtureLookupError:
        sandbox = None
    if sandbox is not None:
        yield ObsTarget(sandbox.url, getattr(sandbox, "password", None), sandbox)
        return
    url = os.environ.get("LIVEROOM_TEST_OBS_URL")
    if not url:
        pytest.skip("no OBS: neither the obs_sandbox fixture nor LIVEROOM_TEST_OBS_URL")
    yield ObsTarget(url, os.environ.get("LIVEROOM_TEST_OBS_PASSWORD"))


@pytest.fixture(autouse=True)
def _no_leftover_threads():
    """A window test must stop every client, recorder and helper thread it started."""
    import threading
    import time

    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 5.0
    while True:
        # The fake server's accept thread stays blocked in accept() after close() on
        # Linux (tests/fakes/fake_obs.py, not ours; daemon): not counted.
        leftover = [t for t in threading.enumerate()
                    if t not in before and t.is_alive() and not t.name.startswith("fake-obs")]
        if not leftover or time.monotonic() > deadline:
            break
        time.sleep(0.02)  # teardown only: threads told to stop are joining
    assert not leftover, f"threads left running: {[t.name for t in leftover]}"
