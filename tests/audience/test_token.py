"""The intake token lives in the keyring only; a missing backend is a clear error."""

from __future__ import annotations

import io

import keyring
import pytest
from keyring.backends import fail

import console.secrets as secrets_module
from console.audience.token import KeyringUnavailable, get_or_create_token, ingest_token_command
from console.secrets import INGEST_USER, SERVICE


@pytest.fixture()
def real_keyring():
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        pytest.skip("no keyring backend: run under scripts/test.sh (dbus-run-session + gnome-keyring)")
    previous = backend.get_password(SERVICE, INGEST_USER)
    try:
        backend.delete_password(SERVICE, INGEST_USER)
    except keyring.errors.PasswordDeleteError:
        pass
    yield backend
    try:
        backend.delete_password(SERVICE, INGEST_USER)
    except keyring.errors.PasswordDeleteError:
        pass
    if previous is not None:
        backend.set_password(SERVICE, INGEST_USER, previous)


@pytest.mark.keyring
def test_token_is_made_once_stored_in_the_keyring_and_printed(real_keyring):
    first = get_or_create_token()
    assert len(first) >= 40
    assert real_keyring.get_password("liveroom-console", "ingest") == first
    assert get_or_create_token() == first
    out, err = io.StringIO(), io.StringIO()
    assert ingest_token_command(out, err) == 0
    assert out.getvalue() == first + "\n" and err.getvalue() == ""


def test_no_keyring_backend_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    with pytest.raises(KeyringUnavailable, match="no system keyring is available.*gnome-keyring"):
        get_or_create_token()
    out, err = io.StringIO(), io.StringIO()
    assert ingest_token_command(out, err) == 1
    assert out.getvalue() == ""
    assert err.getvalue().startswith("liveroom: no system keyring is available")


def test_a_keyring_that_drops_writes_is_reported(monkeypatch):
    monkeypatch.setattr(secrets_module, "get_secret", lambda user: None)
    monkeypatch.setattr(secrets_module, "set_secret", lambda user, value: None)
    with pytest.raises(KeyringUnavailable, match="did not keep the intake token"):
        get_or_create_token()
