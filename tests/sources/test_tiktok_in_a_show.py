"""The tiktok source in a real show: built by the sources registry, started with the show, its child
posting to the show's own intake from the opening (pre-show), stopped with the show.

Needs the sources part's show wiring (console.sources.show_sources); skipped in a tree without it.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from console.recording import Recorder
from console.session import ShowSession
from db import schema
from tests.show.conftest import three_modules
from tests.sources.conftest import wait_until
from tests.sources.test_tiktok_source import CHILD_WAIT_S, room_frames  # noqa: F401 - the module-scoped frames

show_sources = pytest.importorskip("console.sources.show_sources", reason="the sources part's show wiring")


def test_a_tiktok_source_feeds_the_show_through_its_intake_from_the_opening(db_engine, room_frames):  # noqa: F811
    from console.sources.spec import SourceSpec

    recorder = Recorder(db_engine)
    session = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal",
                          sources=[SourceSpec("tiktok", "@shop_live")])
    session.sources._options = {"frames": room_frames, "signing": dict}
    try:
        assert session.open_intake("127.0.0.1:0") is None
        assert session.start_sources() == []
        wait_until(lambda: [r.state for r in session.source_health()] == ["live"], timeout=CHILD_WAIT_S,
                   what="the tiktok source live")
        wait_until(lambda: session.source_health()[0].events >= 11, timeout=CHILD_WAIT_S, what="the room delivered")
        [report] = session.source_health()
        assert (report.kind, report.target) == ("tiktok", "@shop_live")
        recorder.flush(10)
        with db_engine.connect() as connection:
            rows = [dict(r._mapping) for r in connection.execute(
                select(schema.audience_events).where(schema.audience_events.c.show_id == session.show_id))]
        assert sorted(r["kind"] for r in rows) == sorted(["viewers", "comment", "like", "follow", "share", "gift",
                                                          "tiktok_gift", "gift", "tiktok_gift", "room_enter",
                                                          "viewers"])
        assert {r["module_id"] for r in rows} == {None}  # before the start: pre-show
    finally:
        session.close(1.0)
        recorder.close()
    assert [r.state for r in session.source_health()] == ["ended"]
    assert not [t for t in threading.enumerate() if t.name.startswith("source-tiktok")]
