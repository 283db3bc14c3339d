"""Fixtures for the window's tests.

Widget tests run without OBS (offscreen when there is no display). Tests
marked ``obs`` drive a real OBS: the session's ``obs_sandbox`` (tests/conftest.py),
or ``LIVEROOM_TEST_OBS_URL`` / ``LIVEROOM_TEST_OBS_PASSWORD`` (a developer's own
OBS); the test that kills OBS uses ``fresh_obs``. Leaks (threads, child
processes) are checked for every test by tests/conftest.py.
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
    """The session's sandbox OBS (not to be killed), or a developer's own OBS from the environment."""
    url = os.environ.get("LIVEROOM_TEST_OBS_URL")
    if url:
        yield ObsTarget(url, os.environ.get("LIVEROOM_TEST_OBS_PASSWORD"))
        return
    sandbox = request.getfixturevalue("obs_sandbox")
    yield ObsTarget(sandbox.url, sandbox.password, sandbox)
