"""One generated year per database kind for the whole module: writing and summarising 365 shows is the
slow part (a review load per show), and the tests only read it (each writes into its own room or anchor)."""

from __future__ import annotations

import pytest

from tests.pg import fresh_pg_database


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shared_db_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('year') / 'year.sqlite'}"
        return
    with fresh_pg_database("liveroom_year") as url:
        yield url
