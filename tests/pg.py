"""A database of a test's own on the PostgreSQL server the test command starts (scripts/lib.sh)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def fresh_pg_database(prefix: str = "liveroom") -> Iterator[str]:
    """Create an empty database named ``prefix_<random>``, yield its URL, drop it (forcibly) after.

    Without a server (LIVEROOM_TEST_PG_URL unset) the test fails with how to get one, or is
    skipped when LIVEROOM_ALLOW_SKIP=1.
    """
    base = os.environ.get("LIVEROOM_TEST_PG_URL")
    if not base:
        if os.environ.get("LIVEROOM_ALLOW_SKIP") == "1":
            pytest.skip("no PostgreSQL (LIVEROOM_TEST_PG_URL)")
        pytest.fail("no PostgreSQL: run the suite with `bash scripts/test.sh`, which starts one", pytrace=False)
    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
