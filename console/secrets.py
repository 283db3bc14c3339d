"""Secrets live in the system keyring only (CONTRACTS.md §1).

Service ``liveroom-console``; the username is the OBS URL for an OBS
password, ``ingest`` for the audience-intake token and ``control`` for the
control API's token. Nothing here logs a secret, and no other module
stores one.
"""

from __future__ import annotations

import secrets as _random
from typing import TextIO

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


#: Bytes of randomness in a new bearer token (43 URL-safe characters).
TOKEN_BYTES = 32


def keyring_token(username: str, what: str) -> str:
    """The bearer token stored under ``username``, or a new one (256 bits) stored first.

    ``what`` names it in errors ("intake token"). Raises :class:`KeyringUnavailable`
    with how to configure a keyring.
    """
    token = get_secret(username)
    if token:
        return token
    token = _random.token_urlsafe(TOKEN_BYTES)
    set_secret(username, token)
    # Read it back: a keyring that silently drops writes would hand out a token nobody can use.
    if get_secret(username) != token:
        raise KeyringUnavailable(f"the keyring did not keep the {what}; check that it is unlocked")
    return token


def print_token_command(username: str, what: str, out: TextIO, err: TextIO) -> int:
    """``liveroom … token``: print the token (made on first use); exit 1 with the reason when no keyring."""
    try:
        token = keyring_token(username, what)
    except KeyringUnavailable as exc:
        print(f"liveroom: {exc}", file=err)
        return 1
    print(token, file=out)
    return 0


def obs_password(url: str) -> str | None:
    """The stored OBS websocket password for ``url`` (None when none is stored)."""
    return get_secret(url)


def set_obs_password(url: str, password: str) -> None:
    set_secret(url, password)
