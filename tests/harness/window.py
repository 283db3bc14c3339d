"""The console window (`liveroom`) as a real process: started, watched through its database and X, stopped.

Used by the tests that need the real window end to end — on PostgreSQL
(tests/db/test_postgres.py) and for the secrets search of its settings files
(tests/integration/test_secrets_stay_secret.py). The window runs on the test
command's display (Xvfb); it is "up" when the database shows its OBS client
connected (the journal's ``connection_events`` row ``ok``) and X lists a
top-level window of its process. SIGTERM closes it as the operator would
(layout saved to its settings file, OBS client stopped, recorder flushed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.exc import SQLAlchemyError

from db import schema

#: How long the window gets to start, connect to OBS and write its first rows (a 2-core CI machine).
START_TIMEOUT_S = 60.0
#: How long it gets to close after SIGTERM.
STOP_TIMEOUT_S = 30.0


def connection_states(db_url: str) -> list[str]:
    """The OBS connection states the journal recorded so far (none while the schema is not there yet)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(select(schema.connection_events.c.state)
                                           .order_by(schema.connection_events.c.id)))
    except SQLAlchemyError:
        return []
    finally:
        engine.dispose()


def window_ids_of(pid: int) -> list[str]:
    """Top-level X windows (mapped, with a title) whose _NET_WM_PID is ``pid``."""
    tree = subprocess.run(["xwininfo", "-root", "-children"], capture_output=True, text=True, timeout=10).stdout
    found = []
    for line in tree.splitlines():
        parts = line.split()
        if not parts or not parts[0].startswith("0x") or "(has no name)" in line:
            continue
        props = subprocess.run(["xprop", "-id", parts[0], "_NET_WM_PID"], capture_output=True, text=True,
                               timeout=10).stdout
        if props.strip().endswith(f"= {pid}"):
            state = subprocess.run(["xwininfo", "-id", parts[0]], capture_output=True, text=True, timeout=10).stdout
            if "IsViewable" in state:
                found.append(parts[0])
    return found


def window_title(window_id: str) -> str:
    return subprocess.run(["xprop", "-id", window_id, "_NET_WM_NAME"], capture_output=True, text=True,
                          timeout=10).stdout.split("=", 1)[-1].strip()


class WindowProcess:
    """``python -m console.cli [ARGS…]`` (the window), its output captured to files."""

    def __init__(self, args: list[str], env: dict[str, str], logs: Path) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.stdout_path = logs / "window.out"
        self.stderr_path = logs / "window.err"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen([sys.executable, "-m", "console.cli", *args], stdout=out, stderr=err,
                                            env=env)

    def wait_until(self, condition: Any, what: str, timeout: float = START_TIMEOUT_S) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the window exited ({self.process.returncode}) before {what}: {self.stderr}")
            value = condition()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"the window did not reach {what} within {timeout:g} s: {self.stderr}")

    def terminate(self) -> int:
        """SIGTERM, as a session manager or `kill` sends it; the exit code."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(STOP_TIMEOUT_S)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def window_env(**extra: str) -> dict[str, str]:
    """The environment for a window process: the test command's display, D-Bus keyring and the given folders."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # a real xcb window on the test command's Xvfb, not offscreen
    env.update(extra)
    return env
