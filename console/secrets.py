"""Secrets live in the system keyring only (CONTRACTS.md §1).

Service ``liveroom-console``; the username is the OBS URL for an OBS
password and ``ingest`` for the audience-intake token. Nothing here logs a
secret, and no other module stores one.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backends import fail

SERVICE = "liveroom-console"
INGEST_USER = "ingest"

HOW_TO_CONFIGURE = (
    "no system keyring is available. On a desktop, unlock GNOME Keyring or KWallet; on a headless Linux "
    "machine run the console inside a Secret Service session, e.g. "
    "`dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock --components=secrets <<< PASSWORD; liveroom …'` "
    "(Debian packages gnome-keyring and dbus)"
)


class KeyringUnavailable(RuntimeError):
    """There is no usable keyring backend; the message says how to configure one."""


def _backend():
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        raise KeyringUnavailable(HOW_TO_CONFIGURE)
    return backend


def get_secret(username: str) -> str | None:
    try:
        return _backend().get_password(SERVICE, username)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"the keyring refused to answer ({exc}); {HOW_TO_CONFIGURE}") from None


def set_secret(username: str, value: str) -> None:
    try:
        _backend().set_password(SERVICE, username, value)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"the keyring refused to store the secret ({exc}); {HOW_TO_CONFIGURE}") from None


def delete_secret(username: str) -> None:
    try:
        _backend().delete_password(SERVICE, username)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(str(exc)) from None


def obs_password(url: str) -> str | None:
    """The stored OBS websocket password for ``url`` (None when none is stored)."""
    return get_secret(url)


def set_obs_password(url: str, password: str) -> None:
    set_secret(url, password)
