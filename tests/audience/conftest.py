"""Shared fixtures: a temp SQLite with a show row, a real Recorder, a pipeline and an intake on a free port."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from console.audience.intake import AudienceIntake
from console.audience.pipeline import AudiencePipeline
from console.recording import Recorder
from db import schema
from db.engine import open_database

TOKEN = "test-token-Zq9"
SHOW_ID = "show-1"


def show_row(show_id: str = SHOW_ID) -> dict:
    return {"id": show_id, "title": "测试", "kind": "rehearsal", "room": "", "speed": 1.0,
            "started_at": 0.0, "status": "running"}


@pytest.fixture()
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'audience.sqlite'}"
    engine = open_database(url)
    recorder = Recorder(engine)
    recorder.write(schema.shows, show_row()).result(5)
    yield engine, recorder
    recorder.close()
    engine.dispose()


def stored_rows(engine) -> list[dict]:
    with engine.connect() as connection:
        result = connection.execute(select(schema.audience_events).order_by(schema.audience_events.c.id))
        return [dict(row._mapping) for row in result]


@pytest.fixture()
def pipeline(database):
    _engine, recorder = database
    return AudiencePipeline(recorder, SHOW_ID, module_at=lambda ts: "opening" if ts < 2e9 else None)


@pytest.fixture()
def intake(pipeline):
    server = AudienceIntake("127.0.0.1", 0, TOKEN, pipeline.submit)
    server.start()
    yield server
    server.stop()


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict

    def json(self):
        return json.loads(self.body)


def post(intake, body: bytes | str, *, token: str | None = TOKEN, path: str = "/v1/events", method: str = "POST",
         headers: dict | None = None, skip_length: bool = False) -> Answer:
    """One request on a fresh connection (http.client, so every header is under the test's control)."""
    host, port = intake.address
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        if isinstance(body, str):
            body = body.encode("utf-8")
        connection.putrequest(method, path, skip_accept_encoding=True)
        if token is not None:
            connection.putheader("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if not skip_length:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        if body:
            try:
                connection.send(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered early and closed (413); read that answer
        response = connection.getresponse()
        return Answer(response.status, response.read(), dict(response.getheaders()))
    finally:
        connection.close()
