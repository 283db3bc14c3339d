"""The control API's bearer token, kept in the system keyring only (CONTRACTS §11).

Service ``liveroom-console``, username ``control``: made once (256 bits) and
read back on every start, so a Companion button or a phone bookmark keeps
working across restarts. Never written to a file, the database or a log line.
"""

from __future__ import annotations

import secrets as _random
from typing import TextIO

from console.secrets import KeyringUnavailable, get_secret, set_secret

#: The keyring username of the control token.
CONTROL_USER = "control"
#: Bytes of randomness in a new token (43 URL-safe characters).
TOKEN_BYTES = 32


def get_or_create_control_token() -> str:
    """The stored token, or a new one stored first. Raises :class:`KeyringUnavailable` with how to configure one."""
    token = get_secret(CONTROL_USER)
    if token:
        return token
    token = _random.token_urlsafe(TOKEN_BYTES)
    set_secret(CONTROL_USER, token)
    # Read it back: a keyring that silently drops writes would hand out a token nobody can use.
    if get_secret(CONTROL_USER) != token:
        raise KeyringUnavailable("the keyring did not keep the control token; check that it is unlocked")
    return token


def control_token_command(out: TextIO, err: TextIO) -> int:
    """``liveroom control token``: print the token (made on first use); exit 1 with the reason when no keyring."""
    try:
        token = get_or_create_control_token()
    except KeyringUnavailable as exc:
        print(f"liveroom: {exc}", file=err)
        return 1
    print(token, file=out)
    return 0
