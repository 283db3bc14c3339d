"""Live audience events at 1x are stamped after the engine's last tick (the outer loop ticks every
~100 ms; a sender stamps "now"). They still belong to the module on air at their instant (CONTRACTS
§4), in the database and in the review's KPIs, including across a planned change-over no tick has
processed yet."""

from __future__ import annotations

from sqlalchemy import select

from console.audience.events import CommentEvent, OrderEvent, ViewersEvent
from console.recording import Recorder
from console.review.queries import load_review
from console.session import ShowSession
from db import schema
from tests.harness.common import WallClock

from .conftest import three_modules

UNIX_START = 1_800_000_000.0


def test_events_stamped_between_ticks_belong_to_the_module_on_air(db_engine):
    wall = WallClock(UNIX_START)
    recorder = Recorder(db_engine)
    session = ShowSession(three_modules("advance"), recorder=recorder, kind="rehearsal", clock=wall)
    session.start(100.0)
    wall.now = UNIX_START + 10
    session.tick(110.0)  # show t=10: opening
    session.submit([ViewersEvent(UNIX_START + 10.05, online=50, entered=50),
                    CommentEvent(UNIX_START + 10.08, user="u1", text="好看")]).result(5)
    wall.now = UNIX_START + 59.9
    session.tick(159.9)  # the last tick before opening's planned end (60 s)
    # Stamped after the change-over no tick has processed yet: product's, as the next tick will record.
    session.submit([OrderEvent(UNIX_START + 60.02, order_id="o-1", sku="A-1001", qty=1, amount=249.0)]).result(5)
    wall.now = UNIX_START + 60.1
    session.tick(160.1)
    assert session.runtime.status(160.1).module.id == "product"
    session.submit([CommentEvent(UNIX_START + 60.15, user="u2", text="多少钱")]).result(5)
    session.command("hold", 161.0)
    # A held module stays on whatever its plan says: an event stamped past its planned end is still its.
    session.submit([CommentEvent(UNIX_START + 200.0, user="u3", text="还在吗")]).result(5)
    show_id = session.show_id
    session.close(200.0)
    recorder.close()

    with db_engine.connect() as connection:
        stored = connection.execute(
            select(schema.audience_events.c.kind, schema.audience_events.c.module_id)
            .where(schema.audience_events.c.show_id == show_id).order_by(schema.audience_events.c.ts)).all()
    assert [tuple(row) for row in stored] == [("viewers", "opening"), ("comment", "opening"),
                                              ("order", "product"), ("comment", "product"), ("comment", "product")]
    rows = {row.module_id: row for row in load_review(db_engine, show_id).kpis}
    assert (rows["opening"].comments, rows["opening"].orders) == (1, 0)
    assert (rows["product"].comments, rows["product"].orders, rows["product"].gmv) == (2, 1, 249.0)
    assert (rows["TOTAL"].comments, rows["TOTAL"].orders) == (3, 1)


def test_audio_levels_of_an_input_with_a_long_name_are_recorded(db_engine, stopped_after_test):
    """OBS allows input names longer than 64 characters; its audio series ("audio." + the name) is recorded
    on PostgreSQL too (the column was VARCHAR(64) there: every level sample of every input was refused)."""
    from tests.show.test_recovery import FakeObs

    long_name = "主播领夹麦克风（备用无线接收器，二号机位左侧桌面下方，勿动）" + "x" * 40
    assert len("audio." + long_name) > 64
    wall = WallClock(UNIX_START)
    recorder = Recorder(db_engine)
    obs = stopped_after_test(FakeObs())
    session = ShowSession(three_modules("hold"), recorder=recorder, obs=obs, kind="live", clock=wall)
    session.start(100.0)
    for step in range(4):
        wall.now = UNIX_START + step * 0.6
        obs.obs_event.emit("InputVolumeMeters", {"inputs": [
            {"inputName": long_name, "inputLevelsMul": [[0.5, 0.5, 0.5], [0.25, 0.25, 0.25]]},
            {"inputName": "mic", "inputLevelsMul": [[0.1, 0.1, 0.1]]},
        ]})
    show_id = session.show_id
    session.close(110.0)
    recorder.close()
    with db_engine.connect() as connection:
        stored = connection.execute(
            select(schema.samples.c.series, schema.samples.c.value)
            .where(schema.samples.c.show_id == show_id, schema.samples.c.series.like("audio.%"))).all()
    assert {series for series, _value in stored} == {"audio." + long_name, "audio.mic"}
    assert {round(value, 1) for series, value in stored if series.endswith("x")} == {-6.0}  # peak 0.5
