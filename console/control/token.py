"""The control API's bearer token, kept in the system keyring only (CONTRACTS §11).

Service ``liveroom-console``, username ``control``: made once (256 bits) and
read back on every start, so a Companion button or a phone bookmark keeps
working across restarts. Never written to a file, the database or a log line.
"""

from __future__ import annotations

from typing import TextIO

from console.secrets import keyring_token, print_token_command

#: The keyring username of the control token.
CONTROL_USER = "control"


def get_or_create_control_token() -> str:
    """The stored token, or a new one stored first. Raises KeyringUnavailable with how to configure one."""
    return keyring_token(CONTROL_USER, "control token")


def control_token_command(out: TextIO, err: TextIO) -> int:
    """``liveroom control token``: print the token (made on first use); exit 1 with the reason when no keyring."""
    return print_token_command(CONTROL_USER, "control token", out, err)
