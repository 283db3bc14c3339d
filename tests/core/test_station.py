"""The application core (console.station): one journal tagged by the show while it runs, and the shutdown order."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import select

from console import show_assembly
from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from console.show.loader import load_script
from console.station import Station
from db import schema
from tests.fakes.fake_obs import FakeObsServer

SCRIPT = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"


def _requests_by_show(station: Station, count: int) -> list[tuple[str | None, str]]:
    """The operator's requests (not the client's own polling) with the show each was recorded for.

    The journal hears of an answer on obs-worker just after its future resolves: wait for ``count`` rows.
    """
    deadline = time.monotonic() + 5
    while True:
        rows = _operator_requests(station)
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.02)


def _operator_requests(station: Station) -> list[tuple[str | None, str]]:
    station.recorder.flush()
    with station.engine.connect() as connection:
        rows = connection.execute(select(schema.obs_actions.c.show_id, schema.obs_actions.c.request)
                                  .where(schema.obs_actions.c.origin == "operator")
                                  .order_by(schema.obs_actions.c.id)).all()
    return [(row.show_id, row.request) for row in rows]


def test_one_journal_is_tagged_by_the_show_while_it_runs_and_untagged_after(tmp_path):
    station = Station(f"sqlite:///{tmp_path / 'station.sqlite'}", room="A")
    try:
        with FakeObsServer() as server:
            client = station.connect(ObsClient(server.url, password="fakepass"))
            assert client.wait_for_state(ConnectionState.OK, timeout=5)
            journal = station.journal
            client.request("GetHotkeyList", origin="operator").result(5)
            _requests_by_show(station, 1)
            script = load_script(SCRIPT).script
            show = show_assembly.assemble_show(script, recorder=station.recorder, obs=client, journal=journal,
                                               kind="rehearsal", room=station.room)
            station.show = show
            assert show.journal is journal, "the show uses the station's journal, not one of its own"
            client.request("GetProfileList", origin="operator").result(5)
            _requests_by_show(station, 2)
            station.close_show()
            assert station.show is None and station.journal is journal, "the journal outlives the show"
            client.request("GetRecordDirectory", origin="operator").result(5)
            recorded = _requests_by_show(station, 3)
    finally:
        station.shutdown()
    assert recorded == [(None, "GetHotkeyList"), (show.show_id, "GetProfileList"), (None, "GetRecordDirectory")]


def test_a_show_replaced_before_it_closes_does_not_untag_its_successor(tmp_path):
    station = Station(f"sqlite:///{tmp_path / 'station.sqlite'}")
    try:
        with FakeObsServer() as server:
            client = station.connect(ObsClient(server.url, password="fakepass"))
            assert client.wait_for_state(ConnectionState.OK, timeout=5)
            script = load_script(SCRIPT).script
            first = show_assembly.assemble_show(script, recorder=station.recorder, obs=client,
                                                journal=station.journal, kind="rehearsal")
            second = show_assembly.assemble_show(script, recorder=station.recorder, obs=client,
                                                 journal=station.journal, kind="rehearsal")
            first.close(0.0)  # the window closes the replaced show on a worker, after the new one was built
            client.request("GetProfileList", origin="operator").result(5)
            recorded = _requests_by_show(station, 1)
            second.close(0.0)
    finally:
        station.shutdown()
    assert (second.show_id, "GetProfileList") in recorded


def test_shutdown_closes_in_order_show_workers_client_journal_recorder_engine(tmp_path):
    station = Station(f"sqlite:///{tmp_path / 'station.sqlite'}")
    order: list[str] = []

    class Show:
        def close(self, _mono: float) -> None:
            order.append("show")

    class Client:
        url = "ws://example.invalid:4455"

        def stop(self) -> None:
            order.append("client")

    class Journal:
        def close(self) -> None:
            order.append("journal")

    recorder_close = station.recorder.close

    def close_recorder(*args, **kwargs) -> None:
        order.append("recorder")
        recorder_close(*args, **kwargs)

    class Sandbox:
        def stop(self) -> None:
            order.append("sandbox")

    station.show, station.client, station.journal, station.sandbox = Show(), Client(), Journal(), Sandbox()
    station.recorder.close = close_recorder
    station.shutdown(wait_for_workers=lambda: order.append("workers"))
    station.shutdown()  # twice is harmless
    assert order == ["show", "workers", "client", "journal", "recorder", "sandbox"]
    assert station.show is None and station.client is None and station.journal is None
