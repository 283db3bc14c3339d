"""Secrets live in the system keyring only (CONTRACTS.md §1).

Service ``liveroom-console``; the username is the OBS URL for an OBS
password, ``ingest`` for the audience-intake token and ``control`` for the
control API's token. Nothing here logs a secret, and no other module
stores one.
"""

from __future__ import annotations

import os
import secrets as _random
import threading
from typing import Any, Callable, TextIO

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


#: How long one keyring call may take. A locked collection waits for an unlock prompt that nobody answers
#: on a headless machine, and a keyring daemon that hangs never replies: D-Bus calls have no deadline of
#: their own, so the console would wait forever at start-up. It says so instead.
KEYRING_TIMEOUT_S = float(os.environ.get("LIVEROOM_KEYRING_TIMEOUT_S", "20"))


def _bounded(doing: str, call: Callable[[], Any]) -> Any:
    """``call()`` on a thread of its own, given KEYRING_TIMEOUT_S; KeyringUnavailable when it does not answer.

    A call that never returns leaves its (daemon) thread waiting on the bus: nothing else can end it, and
    it holds nothing the console needs.
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as it was
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="keyring-call", daemon=True).start()
    if not done.wait(KEYRING_TIMEOUT_S):
        raise KeyringUnavailable(f"the keyring did not answer within {KEYRING_TIMEOUT_S:g} s while {doing} "
                                 "(locked and waiting for a password prompt, or its daemon hangs); "
                                 f"{HOW_TO_CONFIGURE}")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def get_secret(username: str) -> str | None:
    try:
        return _bounded("reading a secret", lambda: _backend().get_password(SERVICE, username))
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"the keyring refused to answer ({exc}); {HOW_TO_CONFIGURE}") from None


def set_secret(username: str, value: str) -> None:
    try:
        _bounded("storing a secret", lambda: _backend().set_password(SERVICE, username, value))
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"the keyring refused to store the secret ({exc}); {HOW_TO_CONFIGURE}") from None


def delete_secret(username: str) -> None:
    try:
        _bounded("deleting a secret", lambda: _backend().delete_password(SERVICE, username))
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
