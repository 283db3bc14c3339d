"""The audience-intake bearer token, kept in the system keyring only (CONTRACTS.md §1).

Service ``liveroom-console``, username ``ingest``. The token is made once
(:func:`secrets.token_urlsafe`, 256 bits) and read back on every start, so a
platform connector configured with it keeps working across restarts. It is
never written to a file, the database or a log line.
"""

from __future__ import annotations

import secrets as _random
from typing import TextIO

from console.secrets import INGEST_USER, SERVICE, KeyringUnavailable, get_secret, set_secret

__all__ = ["SERVICE", "INGEST_USER", "KeyringUnavailable", "get_or_create_token", "ingest_token_command"]

#: Bytes of randomness in a new token (43 URL-safe characters).
TOKEN_BYTES = 32


def get_or_create_token() -> str:
    """The stored token, or a new one stored first. Raises :class:`KeyringUnavailable` with how to configure one."""
    token = get_secret(INGEST_USER)
    if token:
        return token
    token = _random.token_urlsafe(TOKEN_BYTES)
    set_secret(INGEST_USER, token)
    # Read it back: a keyring that silently drops writes would hand out a token nobody can use.
    stored = get_secret(INGEST_USER)
    if stored != token:
        raise KeyringUnavailable("the keyring did not keep the intake token; check that it is unlocked")
    return token


def ingest_token_command(out: TextIO, err: TextIO) -> int:
    """``liveroom ingest token``: print the token (made on first use); exit 1 with the reason when no keyring."""
    try:
        token = get_or_create_token()
    except KeyringUnavailable as exc:
        print(f"liveroom: {exc}", file=err)
        return 1
    print(token, file=out)
    return 0
