"""One generated year per database kind for the whole module: writing and summarising 365 shows is the
slow part (a review load per show), and the tests only read it (each writes into its own room or anchor)."""

from __future__ import annotations

import os
import uuid

import pytest


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_db_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('year') / 'year.sqlite'}"
        return
    base = os.environ.get("LIVEROOM_TEST_PG_URL")
    if not base:
        if os.environ.get("LIVEROOM_ALLOW_SKIP") == "1":
            pytest.skip("no PostgreSQL (LIVEROOM_TEST_PG_URL)")
        pytest.fail("no PostgreSQL: run the suite with `bash scripts/test.sh`, which starts one", pytrace=False)
    from sqlalchemy import create_engine, text

    name = f"liveroom_year_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
