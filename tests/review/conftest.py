"""Recorded shows for the review tests: a live show and its rehearsal on a temporary SQLite file."""

from __future__ import annotations

import os

import pytest

from .fixtures import UNIX_START, record_small_show

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVEROOM_HOME", str(tmp_path / "home"))


@pytest.fixture()
def db_url(tmp_path):
    """The review tests run on SQLite (the team database has its own tests in tests/db and tests/security)."""
    return f"sqlite:///{tmp_path / 'review.sqlite'}"


@pytest.fixture()
def engine(db_engine):
    """The root conftest's migrated engine, on the SQLite file above."""
    return db_engine


@pytest.fixture()
def recorded(engine):
    """(rehearsal, live): the same script, rehearsed a day before without the overrun, then live."""
    rehearsal = record_small_show(engine, kind="rehearsal", show_id="rehearsal-1", unix_start=UNIX_START - 86_400,
                                  overrun_s=0)
    live = record_small_show(engine, kind="live", show_id="live-1", unix_start=UNIX_START)
    return rehearsal, live
