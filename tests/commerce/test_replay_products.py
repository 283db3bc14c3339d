"""A headless show replaying orders on three products, a stock of five on one (issue 16 point 8):
the stock goes down per order and back per refund, the sold-out incident opens at zero, and the
per-product table equals an independent computation from the replay and the plan."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from console.commerce.review import CSV_COLUMNS, product_rows
from db import schema
from db.engine import open_database
from tests.commerce.fixtures_script import COMMERCE_SCRIPT

START = 1_800_000_000.0
SPEED = "60"
# (offset s, kind, fields) — the show: opening 0–120 s, serum 120–420 s, snacks 420–720 s.
# Explain cues: A-1 at 130 s (until 2m), B-2 at 420 s, C-3 at 660 s.
EVENTS = [
    (0, "viewers", {"online": 100, "entered": 100}),
    (140, "product_click", {"sku": "A-1", "count": 7}),
    (150, "order", {"order_id": "o1", "sku": "A-1", "qty": 1, "amount": 249}),
    (200, "order", {"order_id": "o2", "sku": "A-1", "qty": 2, "amount": 498}),
    (201, "order", {"order_id": "o2", "sku": "A-1", "qty": 2, "amount": 498}),  # the same order again
    (400, "order", {"order_id": "o3", "sku": "A-1", "qty": 1, "amount": 249}),
    (440, "refund", {"order_id": "o2", "amount": 498}),
    (470, "order", {"order_id": "o4", "sku": "A-1", "qty": 1, "amount": 249}),  # 340 s after its explain cue
    (485, "product_click", {"sku": "B-2", "count": 30}),
    (490, "order", {"order_id": "b1", "sku": "B-2", "qty": 2, "amount": 158}),
    (500, "order", {"order_id": "b2", "sku": "B-2", "qty": 1, "amount": 79}),
    (510, "order", {"order_id": "b3", "sku": "B-2", "qty": 2, "amount": 158}),
    (520, "refund", {"order_id": "nobody-knows", "amount": 10}),
    (665, "product_click", {"sku": "C-3", "count": 4}),
    (670, "order", {"order_id": "c1", "sku": "C-3", "qty": 3, "amount": 477}),
    (715, "viewers", {"online": 90, "entered": 5}),
]
EXPLAINS = {"A-1": [(130, 250)], "B-2": [(420, 660)], "C-3": [(660, 720)]}
CATEGORIES = {"A-1": "护肤", "B-2": "食品", "C-3": "护肤"}
STOCK = {"A-1": 100, "B-2": 5, "C-3": 50}


def expected_products() -> dict[str, dict]:
    """Per product, computed straight from EVENTS and the plan (no console code)."""
    out = {sku: {"orders": 0, "qty": 0, "gmv": 0.0, "refunds": 0, "stock_end": STOCK[sku], "clicks": 0, "after": 0}
           for sku in STOCK}
    seen: dict[str, tuple[str, int]] = {}
    for offset, kind, fields in EVENTS:
        if kind == "order" and fields["order_id"] not in seen:
            seen[fields["order_id"]] = (fields["sku"], fields["qty"])
            row = out[fields["sku"]]
            row["orders"] += 1
            row["qty"] += fields["qty"]
            row["gmv"] += fields["amount"]
            row["stock_end"] -= fields["qty"]
            if any(start <= offset <= start + 300 for start, _end in EXPLAINS[fields["sku"]]):
                row["after"] += 1
        elif kind == "refund" and fields["order_id"] in seen:
            sku, qty = seen[fields["order_id"]]
            out[sku]["refunds"] += 1
            out[sku]["gmv"] -= fields["amount"]
            out[sku]["stock_end"] += qty
        elif kind == "product_click":
            out[fields["sku"]]["clicks"] += fields["count"]
    for sku, spans in EXPLAINS.items():
        out[sku]["explain_s"] = sum(end - start for start, end in spans)
    return out


@pytest.fixture(scope="module")
def recorded_show(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("commerce")
    script = tmp / "commerce.yaml"
    script.write_text(COMMERCE_SCRIPT, encoding="utf-8")
    replay = tmp / "orders.jsonl"
    replay.write_text("".join(json.dumps({"ts": START + offset, "kind": kind, **fields}, ensure_ascii=False) + "\n"
                              for offset, kind, fields in EVENTS), encoding="utf-8")
    env = dict(os.environ, LIVEROOM_HOME=str(tmp / "home"))
    db = f"sqlite:///{tmp / 'run.sqlite'}"
    run = subprocess.run([sys.executable, "-m", "console.cli", "run", str(script), "--headless", "--no-obs",
                          "--speed", SPEED, "--replay", str(replay), "--db", db, "--intake", "127.0.0.1:0"],
                         capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    engine = open_database(db)
    with engine.connect() as connection:
        show_id, started_at = connection.execute(select(schema.shows.c.id, schema.shows.c.started_at)).one()
    yield engine, show_id, started_at, db, env
    engine.dispose()


def test_per_product_table_equals_an_independent_computation(recorded_show):
    engine, show_id, _started, _db, _env = recorded_show
    rows = {row["sku"]: row for row in product_rows(engine, show_id)}
    expected = expected_products()
    assert list(rows) == ["A-1", "B-2", "C-3"]
    for sku, want in expected.items():
        got = rows[sku]
        assert got["category"] == CATEGORIES[sku]
        assert (got["orders"], got["qty"], got["refunds"]) == (want["orders"], want["qty"], want["refunds"]), sku
        assert got["gmv"] == pytest.approx(want["gmv"], abs=0.005), sku
        assert (got["stock_start"], got["stock_end"]) == (STOCK[sku], want["stock_end"]), sku
        # Module ends are stamped at the tick that applies them: within one tick of show time (0.1 s × speed).
        assert got["explain_s"] == pytest.approx(want["explain_s"], abs=6.5), sku
    assert rows["B-2"]["stock_end"] == 0


def test_sold_out_incident_opens_when_the_stock_reaches_zero(recorded_show):
    engine, show_id, started_at, _db, _env = recorded_show
    incidents = schema.incidents
    with engine.connect() as connection:
        rows = connection.execute(select(incidents.c.playbook_id, incidents.c.opened_at, incidents.c.module_id,
                                         incidents.c.detail).where(incidents.c.show_id == show_id)).all()
    by_playbook = {row.playbook_id: row for row in rows}
    assert "sold-out" in by_playbook, rows
    sold_out = by_playbook["sold-out"]
    assert sold_out.module_id == "snacks"
    # The last B-2 order is at 510 s; the tick that publishes it opens the incident (a tick is 6 show seconds).
    assert 510 - 0.5 <= sold_out.opened_at - started_at <= 510 + 12
    assert [row.playbook_id for row in rows].count("sold-out") == 1
    # Stock 5 → 3 → 2: low at 2 (low_stock 2) at 500 s, before the sell-out.
    assert "low-stock" in by_playbook
    assert 500 - 0.5 <= by_playbook["low-stock"].opened_at - started_at <= sold_out.opened_at - started_at


def test_selling_cue_reminders_are_recorded(recorded_show):
    engine, show_id, started_at, _db, _env = recorded_show
    commands = schema.operator_commands
    with engine.connect() as connection:
        rows = connection.execute(select(commands.c.command, commands.c.ts, commands.c.args, commands.c.who)
                                  .where(commands.c.show_id == show_id, commands.c.command.like("reminder%"))
                                  .order_by(commands.c.ts)).all()
    explain_a = [r for r in rows if r.command == "reminder" and r.args["sku"] == "A-1" and r.args["do"] == "explain"]
    # At 130 s, then every 8 s until 250 s (no one acknowledges in a headless run): 130, 138, … 242 → 15 prompts.
    assert len(explain_a) == 15
    assert explain_a[0].ts - started_at == pytest.approx(130, abs=0.01)
    ended = [r for r in rows if r.command == "reminder_end" and r.args["reminder_id"] == explain_a[0].args["reminder_id"]]
    assert ended and ended[0].args["reason"] == "until"


def test_products_csv_export_and_text_review(recorded_show, tmp_path):
    engine, show_id, _started, db, env = recorded_show
    target = tmp_path / "show.products.csv"
    run = subprocess.run([sys.executable, "-m", "console.cli", "review", show_id, "--db", db, "--export", str(target)],
                         capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["sku"] for r in rows] == ["A-1", "B-2", "C-3", "CATEGORY:护肤", "CATEGORY:食品"]
    expected = expected_products()
    skin = rows[3]
    assert int(skin["orders"]) == expected["A-1"]["orders"] + expected["C-3"]["orders"]
    assert float(skin["gmv"]) == pytest.approx(expected["A-1"]["gmv"] + expected["C-3"]["gmv"], abs=0.005)
    text = subprocess.run([sys.executable, "-m", "console.cli", "review", show_id, "--db", db],
                          capture_output=True, text=True, timeout=60, env=env)
    assert text.returncode == 0, text.stderr
    assert "坚果礼盒" in text.stdout and "5→0" in text.stdout


def test_review_window_shows_the_product_table(qtbot, recorded_show, tmp_path):
    from ui.windows.review_window import ReviewWindow

    engine, show_id, _started, _db, _env = recorded_show
    window = ReviewWindow(engine, show_id=show_id)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.show_loaded, timeout=20_000):
            window.show()
        table = window.products_panel.table
        assert table.rowCount() == 5  # three products, two categories
        column = {table.horizontalHeaderItem(c).text(): c for c in range(table.columnCount())}
        assert [table.item(r, 0).text() for r in range(3)] == ["A-1", "B-2", "C-3"]
        expected = expected_products()
        assert table.item(1, column["Stock at end"]).text() == "0"
        assert table.item(0, column["GMV"]).text() == f"{expected['A-1']['gmv']:.2f}"
        window.resize(1400, 900)
        assert window.grab().save(str(tmp_path / "review.png"))
    finally:
        window.shutdown()


def test_the_json_review_carries_the_products_against_the_independent_computation(recorded_show, tmp_path):
    """CONTRACTS §9.3 ``products``: the same figures as the product table, from the machine-readable review."""
    engine, show_id, _started, db, env = recorded_show
    target = tmp_path / "show.json"
    run = subprocess.run([sys.executable, "-m", "console.cli", "review", show_id, "--db", db, "--export", str(target)],
                         capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    review = json.loads(target.read_text(encoding="utf-8"))
    products = {row["sku"]: row for row in review["products"]}
    assert set(products) == set(STOCK)
    for sku, want in expected_products().items():
        row = products[sku]
        assert set(row) >= {"sku", "category", "orders", "qty", "gmv", "refunds", "explain_s", "stock_start",
                            "stock_end"}
        assert (row["orders"], row["qty"], row["refunds"]) == (want["orders"], want["qty"], want["refunds"])
        assert row["gmv"] == pytest.approx(want["gmv"], abs=0.005)
        assert (row["stock_start"], row["stock_end"]) == (STOCK[sku], want["stock_end"])
        assert row["category"] == CATEGORIES[sku]
        assert row["explain_s"] == pytest.approx(want["explain_s"], abs=1.0)
    assert review["adjustments"] == []  # the script has no rule


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_html_report_has_the_product_table_in_words(recorded_show, tmp_path, language):
    """The operations team's report (HTML; the PDF is the same document) carries the products, in their language."""
    from console.review.report_format import money
    from tests.review.html_tables import section_rows

    engine, show_id, _started, db, env = recorded_show
    target = tmp_path / "show.html"
    run = subprocess.run([sys.executable, "-m", "console.cli", "review", show_id, "--db", db, "--export", str(target),
                          "--language", language], capture_output=True, text=True, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    heading, header = ("Products", "Product") if language == "en" else ("商品", "商品")
    header_row, *rows = section_rows(target.read_text(encoding="utf-8"), heading)
    assert header_row[0] == header and len(header_row) == 10
    by_sku = {row[1]: row for row in rows}
    assert list(by_sku) == ["A-1", "B-2", "C-3"]
    for sku, want in expected_products().items():
        row = by_sku[sku]
        assert row[2:6] == [str(want["orders"]), str(want["qty"]), money(want["gmv"]), str(want["refunds"])], sku
        assert row[8:] == [str(STOCK[sku]), str(want["stock_end"])], sku
    assert by_sku["B-2"][0] == "坚果礼盒"
