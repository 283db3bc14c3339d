"""A keyring that does not answer is a clear error within a deadline, not a console that hangs at start-up.

Real parts: the test command's GNOME keyring daemon, frozen with SIGSTOP for the
length of one call (as a daemon stuck on a prompt, or hung, behaves: the D-Bus
call is queued and never answered), then thawed.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

import console.secrets as secrets_module
from console.audience.token import get_or_create_token
from console.secrets import KeyringUnavailable


def _secret_service_pid() -> int:
    """The process that owns org.freedesktop.secrets on the session bus (the bus daemon says)."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus")
    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(
            new_method_call(bus, "GetConnectionUnixProcessID", "s", ("org.freedesktop.secrets",)), timeout=10)
    return int(reply.body[0])


@pytest.mark.keyring
def test_a_keyring_that_does_not_answer_is_a_clear_error_within_the_deadline(keyring_backend, monkeypatch):
    first = get_or_create_token()  # answered: the daemon works
    monkeypatch.setattr(secrets_module, "KEYRING_TIMEOUT_S", 1.5)
    daemon = _secret_service_pid()
    os.kill(daemon, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(KeyringUnavailable, match=r"did not answer within 1.5 s while reading a secret"):
            get_or_create_token()
        took = time.monotonic() - started
    finally:
        os.kill(daemon, signal.SIGCONT)  # the waiting call is answered now: its thread ends
    assert 1.4 <= took < 5, took
    assert get_or_create_token() == first  # thawed, the same token: nothing was lost or replaced


def test_errors_of_the_keyring_reach_the_caller_through_the_deadline(monkeypatch):
    import keyring
    import keyring.errors

    class Refusing(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise keyring.errors.KeyringLocked("locked")

        def set_password(self, service, username, password):
            raise keyring.errors.PasswordSetError("no")

        def delete_password(self, service, username):
            raise keyring.errors.PasswordDeleteError("none")

    monkeypatch.setattr(keyring, "get_keyring", lambda: Refusing())
    with pytest.raises(KeyringUnavailable, match=r"refused to answer \(locked\)"):
        secrets_module.get_secret("ingest")
    with pytest.raises(KeyringUnavailable, match=r"refused to store the secret \(no\)"):
        secrets_module.set_secret("ingest", "x")
    secrets_module.delete_secret("ingest")  # nothing to delete is not an error


@pytest.mark.keyring
def test_a_headless_show_with_a_keyring_that_does_not_answer_runs_without_its_intake(keyring_backend, tmp_path):
    """`liveroom run --intake …` used to wait forever for the token when the keyring did not answer."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.harness.common import LineReader, stop_process

    script = Path(__file__).resolve().parent.parent / "show" / "fixtures" / "three_modules.yaml"
    env = dict(os.environ, LIVEROOM_HOME=str(tmp_path / "home"), LIVEROOM_KEYRING_TIMEOUT_S="2")
    daemon = _secret_service_pid()
    os.kill(daemon, signal.SIGSTOP)
    try:
        process = subprocess.Popen([sys.executable, "-m", "console.cli", "run", str(script), "--headless", "--no-obs",
                                    "--rehearsal", "--speed", "10", "--db", f"sqlite:///{tmp_path / 'show.sqlite'}",
                                    "--intake", "127.0.0.1:0"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        out, errors = LineReader(process), LineReader(process, "stderr")
        try:
            warning = errors.wait_for("the audience intake is off", timeout=30)
            out.wait_for("▶ product", timeout=30)  # the show goes on without its intake
        finally:
            stop_process(process)
            out.join()
            errors.join()
    finally:
        os.kill(daemon, signal.SIGCONT)
    assert "the keyring did not answer within 2 s while reading a secret" in warning, warning
