"""A real show with its control API on a real socket, driven by its own loop, like ``liveroom run --headless``.

:class:`ControlledShow` puts together a real ShowSession (recorded in the
test's database, SQLite or the team PostgreSQL), the console's
:class:`~console.control.loop.HeadlessControl` (the real aiohttp server on a
free port, the token from the real keyring) and a loop thread that does what
console/headless.py does: sleep until the tick or a command, tick the show,
turn the control surface. The test talks to it over HTTP and WebSocket only.
"""

from __future__ import annotations

import io
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from console.contingency.loader import load_playbooks
from console.contingency.session import SessionPlaybooks
from console.control.loop import HeadlessControl
from console.recording import Recorder
from console.session import ShowSession
from console.targets.live import attach as attach_targets
from tests.show.conftest import three_modules

#: The loop's period, as in console/headless.py.
TICK_S = 0.1


class ControlledShow:
    def __init__(self, engine: Any, *, obs: Any = None, kind: str = "rehearsal", start: bool = True,
                 auto_arm: bool = False, end: str = "hold") -> None:
        playbooks, _ = load_playbooks()
        self.recorder = Recorder(engine)
        self.engine = engine
        self.session = ShowSession(three_modules(end), recorder=self.recorder, obs=obs, kind=kind,
                                   playbooks=SessionPlaybooks(playbooks))
        attach_targets(self.session, None)  # the shipped targets, as console.show_assembly gives every show
        self.control = HeadlessControl(self.session, obs, address="127.0.0.1:0", auto_arm=auto_arm)
        self.control.open(io.StringIO())
        self.token = self._token()
        if start:
            self.session.start(time.monotonic())
        self._stop = threading.Event()
        self.loop_thread = threading.Thread(target=self._loop, name="test-show-loop", daemon=True)
        self.loop_thread.start()

    @staticmethod
    def _token() -> str:
        from console.control.token import get_or_create_control_token

        return get_or_create_control_token()

    @property
    def url(self) -> str:
        return self.control.server.url

    def _loop(self) -> None:
        while not self.control.sleep(self._stop, TICK_S):
            mono = time.monotonic()
            self.session.tick(mono)
            self.control.turn(mono)

    def close(self) -> None:
        self._stop.set()
        self.loop_thread.join(5)
        self.control.close()
        self.session.close(time.monotonic())
        self.recorder.close()

    # ------------------------------------------------------------ HTTP
    def request(self, method: str, path: str, body: Any = None, *, token: str | None = "", raw: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """(status, parsed JSON body) of one real HTTP request; ``token=""`` means the right one, None none."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token is not None:
            request.add_header("Authorization", f"Bearer {token or self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                return error.code, json.loads(payload)
            except json.JSONDecodeError:
                return error.code, payload.decode(errors="replace")

    def state(self) -> dict[str, Any]:
        status, state = self.request("GET", "/v1/state")
        assert status == 200, state
        return state

    def do(self, action: str, **fields: Any) -> tuple[int, Any]:
        return self.request("POST", "/v1/control", {"do": action, **fields})

    def commands(self) -> list[tuple[str, str | None]]:
        """(command, who) of every recorded operator command of this show, in order."""
        from sqlalchemy import select

        from db import schema

        self.recorder.flush(10)
        table = schema.operator_commands
        with self.engine.connect() as connection:
            rows = connection.execute(select(table.c.command, table.c.who)
                                      .where(table.c.show_id == self.session.show_id).order_by(table.c.id))
            return [(row.command, row.who) for row in rows]


@pytest.fixture()
def controlled(db_engine, keyring_backend):
    """``controlled(**options)`` → a running ControlledShow, closed after the test."""
    shows: list[ControlledShow] = []

    def make(**options: Any) -> ControlledShow:
        show = ControlledShow(db_engine, **options)
        shows.append(show)
        return show

    yield make
    for show in shows:
        show.close()
