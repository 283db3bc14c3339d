"""Reviewing a show recorded on a database created by an older migration, after upgrading it.

The database is created at migration 0001 (the first release's schema), a
show is recorded into it, then ``open_database`` upgrades it to head (0002
adds the review's indexes) and the show is reviewed.
"""

from __future__ import annotations

from sqlalchemy import inspect

from console.review import kpi_adapter, queries
from db import engine as db_engine

from .fixtures import record_small_show


def test_show_recorded_at_migration_0001_reviews_after_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = db_engine.create(url)
    db_engine.migrate(old, "0001")
    assert "audience_events" in inspect(old).get_table_names()
    record_small_show(old, show_id="old-show")
    old.dispose()

    before = {index["name"] for index in inspect(db_engine.create(url)).get_indexes("cue_results")}
    assert "ix_cue_results_show" not in before
    upgraded = db_engine.open_database(url)  # migrates to head
    try:
        after = {index["name"] for index in inspect(upgraded).get_indexes("cue_results")}
        assert "ix_cue_results_show" in after  # the upgrade really ran
        review = queries.load_review(upgraded, "old-show")
        rows = kpi_adapter.formatted_rows(review.kpis)
        assert [r["module_id"] for r in rows] == ["opening", "product", "interaction", "closing", "TOTAL"]
        assert rows[-1]["gmv"] == "1245.00"
        assert [s.id for s in queries.list_shows(upgraded)] == ["old-show"]
    finally:
        upgraded.dispose()
