"""The audience-intake bearer token, kept in the system keyring only (CONTRACTS.md §1).

Service ``liveroom-console``, username ``ingest``. The token is made once
(256 bits) and read back on every start, so a platform connector configured
with it keeps working across restarts. It is never written to a file, the
database or a log line.
"""

from __future__ import annotations

from typing import TextIO

from console.secrets import INGEST_USER, SERVICE, KeyringUnavailable, keyring_token, print_token_command

__all__ = ["SERVICE", "INGEST_USER", "KeyringUnavailable", "get_or_create_token", "ingest_token_command"]


def get_or_create_token() -> str:
    """The stored token, or a new one stored first. Raises :class:`KeyringUnavailable` with how to configure one."""
    return keyring_token(INGEST_USER, "intake token")


def ingest_token_command(out: TextIO, err: TextIO) -> int:
    """``liveroom ingest token``: print the token (made on first use); exit 1 with the reason when no keyring."""
    return print_token_command(INGEST_USER, "intake token", out, err)
