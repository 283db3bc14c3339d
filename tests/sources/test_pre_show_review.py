"""The review's PRE row: the warm-up's audience before the start, before the modules, not in TOTAL;
a show opened but never started reviews with its PRE row; source gaps become review markers.

Real parts: a show session recording through the recorder into SQLite and PostgreSQL, the review loader,
the CSV export and ``liveroom review`` as a command.
"""

from __future__ import annotations

import csv
import io

from console.audience.events import CommentEvent, OrderEvent, UnknownEvent, ViewersEvent
from console.metrics import kpi
from console.recording import Recorder
from console.review import kpi_adapter
from console.review.cli import export_review
from console.review.queries import load_review
from console.session import ShowSession
from tests.harness.common import WallClock
from tests.show.conftest import three_modules

OPEN = 1_800_000_000.0
START = OPEN + 600.0  # ten minutes of warm-up


def _csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _recorded_show(engine, *, start: bool = True):
    wall = WallClock(OPEN)
    recorder = Recorder(engine)
    session = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall)
    session.open_pre_show()
    pre = [ViewersEvent(OPEN + 10, online=50, entered=0), CommentEvent(OPEN + 20, user="a", text="几点开始"),
           CommentEvent(OPEN + 30, user="b", text="等好久了"), CommentEvent(OPEN + 40, user="a", text="来了来了"),
           OrderEvent(OPEN + 50, order_id="early-1", sku="A-1001", qty=1, amount=99.0),
           UnknownEvent(OPEN + 60, unknown_kind="source_gap",
                        fields={"source": "oba:ws://127.0.0.1:12354", "from": OPEN + 60, "to": OPEN + 90})]
    assert session.submit(pre).result(10) == len(pre)
    if start:
        wall.now = START
        session.start(1000.0)
        session.tick(1000.0)
        assert session.submit([CommentEvent(START + 5, user="c", text="开始了"),
                               OrderEvent(START + 6, order_id="o-1", sku="A-1001", qty=1, amount=249.0)]).result(10) == 2
        wall.now = START + 30
        session.tick(1030.0)
    else:
        wall.now = START
    session.close(1031.0)
    recorder.close()
    return session.show_id


def test_the_csv_has_a_pre_row_before_the_modules_that_total_excludes(db_engine, tmp_path):
    show_id = _recorded_show(db_engine)
    review = load_review(db_engine, show_id)
    assert review.show.opened_at == OPEN and review.show.started
    rows = _csv_rows(export_review(db_engine, review, tmp_path / "review.csv"))
    assert [row["module_id"] for row in rows][:2] == ["PRE", "opening"]
    assert rows[-1]["module_id"] == "TOTAL"
    pre, total = rows[0], rows[-1]
    assert (pre["comments"], pre["orders"], pre["interacting_users"]) == ("3", "1", "2")
    assert float(pre["gmv"]) == 99.0 and float(pre["actual_s"]) == 600.0 and pre["planned_s"] == ""
    assert (total["comments"], total["orders"]) == ("1", "1") and float(total["gmv"]) == 249.0

    # An independent count of what the PRE row must hold: unattributed events before the start.
    before = [event for event, module in zip(review.events, review.event_modules, strict=True)
              if module is None and event.ts < START]
    assert sum(1 for event in before if event.kind == "comment") == 3
    row = kpi_adapter.pre_show_row(review)
    assert isinstance(row, kpi.KpiRow) and row.module_id == kpi_adapter.PRE and row.peak_online == 50


def test_a_show_opened_but_never_started_reviews_with_its_pre_row(db_engine, tmp_path):
    show_id = _recorded_show(db_engine, start=False)
    review = load_review(db_engine, show_id)
    assert review.show.status == "not_started" and not review.show.started
    rows = _csv_rows(export_review(db_engine, review, tmp_path / "review.csv"))
    assert rows[0]["module_id"] == "PRE" and rows[0]["comments"] == "3" and float(rows[0]["gmv"]) == 99.0
    assert float(rows[0]["actual_s"]) == 600.0
    assert rows[-1]["module_id"] == "TOTAL" and rows[-1]["comments"] == "0"


def test_a_source_gap_is_a_review_marker(db_engine):
    review = load_review(db_engine, _recorded_show(db_engine))
    [gap] = [marker for marker in review.markers if marker.kind == "gap"]
    assert gap.ts == OPEN + 60 and "oba:ws://127.0.0.1:12354" in gap.label and "30 s" in gap.label
    assert not gap.ok


def test_a_show_without_pre_show_has_no_pre_row(db_engine):
    wall = WallClock(START)
    recorder = Recorder(db_engine)
    session = ShowSession(three_modules("hold"), recorder=recorder, kind="rehearsal", clock=wall)
    session.start(0.0)
    session.close(1.0)
    recorder.close()
    review = load_review(db_engine, session.show_id)
    assert kpi_adapter.pre_show_row(review) is None
    assert "PRE" not in [row.module_id for row in review.kpis]


def test_liveroom_review_text_lists_the_pre_row(db_url, tmp_path):
    from db.engine import open_database

    engine = open_database(db_url)
    show_id = _recorded_show(engine)
    engine.dispose()
    from console.cli import main
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["review", show_id, "--db", db_url, "--export", str(tmp_path / "r.csv")])
    assert code == 0
    assert _csv_rows(tmp_path / "r.csv")[0]["module_id"] == "PRE"


def test_the_json_review_has_the_pre_row_first_and_total_excludes_it(db_engine, tmp_path):
    """CONTRACTS §4.1/§9.3: ``modules`` starts with a ``PRE`` row; ``total`` does not include it."""
    import json

    review = load_review(db_engine, _recorded_show(db_engine))
    data = json.loads(export_review(db_engine, review, tmp_path / "review.json").read_text(encoding="utf-8"))
    pre, first = data["modules"][0], data["modules"][1]
    assert (pre["module_id"], first["module_id"]) == ("PRE", "opening")
    assert (pre["comments"], pre["orders"], pre["gmv"]) == (3, 1, 99.0)
    assert pre["ended_at"] == START
    assert (data["total"]["comments"], data["total"]["gmv"]) == (1, 249.0)
