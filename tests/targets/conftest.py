"""The targets tests reuse the review's recorded shows (tests/review/fixtures.py) on a temporary SQLite file."""

from __future__ import annotations

import pytest

from tests.review.fixtures import UNIX_START, record_small_show


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVEROOM_HOME", str(tmp_path / "home"))


@pytest.fixture()
def db_url(tmp_path):
    return f"sqlite:///{tmp_path / 'targets.sqlite'}"


@pytest.fixture()
def engine(db_engine):
    return db_engine


@pytest.fixture()
def live_show(engine):
    return record_small_show(engine, kind="live", show_id="live-1", unix_start=UNIX_START)
