"""SQL only through bound parameters, proven on a real show (issue 9 item 5).

A real :class:`ShowSession` (the one the window and the headless run share)
runs a whole rehearsal with explicit instants, on SQLite and on the real
PostgreSQL the test command starts. Everything a user or an outside program
can type carries an SQL injection payload: the show and module titles, the
anchor, cue text, the room, the module id (as far as the script format lets
it: ``[a-z0-9_-]+``, so ``--``; a quote is refused at the edge, checked
below), audience users, nicknames, comments, order ids, skus, an unknown
event kind, the operator's name on commands, an incident's acknowledgement and
resolution note.

A ``before_cursor_execute`` listener sees every statement the driver gets, on
every thread (the recorder's included): no payload may appear in a statement's
text, and every payload must appear in the parameters (so the check is not
vacuous). Then the payloads come back byte-identical from the review queries
(``console/review/queries.py``), the CSV export and (unescaped) the HTML
export, and every table is still there.
"""

from __future__ import annotations

import csv
import html
import json
import threading
from typing import Any, Iterator

import pytest
from sqlalchemy import event, inspect

from console.audience.events import parse_object
from console.compliance import default_matcher
from console.compliance.matcher import Hit
from console.contingency.session import SessionPlaybooks
from console.recording import Recorder
from console.review import kpi_adapter, queries, report
from console.session import ShowSession
from console.show.loader import load_script_text
from db.engine import open_database

PAYLOADS = {
    "show_title": "秋冬'); DROP TABLE shows; --",
    "anchor": "Robert'); DROP TABLE audience_events;--",
    "room": "room' OR '1'='1",
    "opening_title": "开场 \" OR \"\"=\" ; DELETE FROM module_runs; --",
    "closing_title": "收尾 \\'; DELETE FROM incidents; -- \\",
    "cue_text": "字幕 $$; DROP TABLE shows; $$ E'x' ''",
    "user": "user'; UPDATE shows SET title='pwned' WHERE '1'='1",
    "nick": "小雨＇’‘; DROP TABLE shows; -- 🛒",
    "comment": "好看 ' || pg_sleep(10) || ' \\\\ back\\slash %s %(user)s :user ? {0} \u202eevil\u2028line",
    "order_id": "A1'; INSERT INTO shows (id) VALUES ('x'); --",
    "sku": "SKU\\'--",
    "order_user": "buyer`; DROP TABLE samples; #",
    "kind": "k'); DROP TABLE shows; --",  # ≤ 32 characters, the column's width
    "who": "operator'); DROP TABLE incident_entries; --",
    "note": "resolved \"; DROP TABLE incidents; -- 中文",
}
#: Allowed characters only ([a-z0-9_-]+), but a comment marker all the same.
MODULE_ID = "product--drop-table-shows--"
QUOTED_MODULE_ID = "x'); DROP TABLE shows; --"


def _script(module_id: str = MODULE_ID) -> str:
    q = lambda key: json.dumps(PAYLOADS[key], ensure_ascii=False)  # noqa: E731 - a YAML double-quoted scalar
    return f"""\
version: 1
show:
  title: {q("show_title")}
  anchor: {q("anchor")}
  scenes: {{wide: 机位A 全景, closeup: 机位B 特写, product: 机位C 产品台, standby: 稍后回来}}
modules:
  - id: opening
    type: opening
    title: {q("opening_title")}
    duration: 20s
    scene: wide
    talking_points: 欢迎
    cues:
      - {{at: 5s, do: show_text, source: 字幕条, text: {q("cue_text")}}}
    end: advance
  - id: {json.dumps(module_id)}
    type: explanation
    title: 讲解
    duration: 20s
    scene: product
    talking_points: 讲解
    end: advance
  - id: closing
    type: closing
    title: {q("closing_title")}
    duration: 20s
    scene: wide
    talking_points: 再见
    end: advance
"""


def _texts(value: Any) -> Iterator[str]:
    """Every string inside a DB-API parameter (JSON text decoded, psycopg's Json wrapper opened)."""
    if isinstance(value, str):
        yield value
        if value[:1] in "{[\"":
            try:
                yield from _texts(json.loads(value))
            except ValueError:
                pass
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif hasattr(value, "obj"):  # psycopg.types.json.Json / Jsonb
        yield from _texts(value.obj)


class StatementWatch:
    """``before_cursor_execute`` on an engine: payloads in statement text are violations (any thread)."""

    def __init__(self, engine, payloads: list[str]) -> None:
        self.engine = engine
        self.payloads = payloads
        self.lock = threading.Lock()
        self.violations: list[str] = []
        self.in_parameters: set[str] = set()
        self.statements = 0
        event.listen(engine, "before_cursor_execute", self._before)

    def _before(self, _conn, _cursor, statement, parameters, _context, _executemany) -> None:
        found = {p for p in self.payloads for text in _texts(parameters) if p in text}
        with self.lock:
            self.statements += 1
            self.in_parameters |= found
            for payload in self.payloads:
                if payload in statement:
                    self.violations.append(f"{payload!r} inside: {statement[:300]}")

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)


@pytest.fixture()
def database_url(db_url) -> str:
    return db_url


def test_a_quote_in_a_module_id_is_refused_at_the_edge():
    result = load_script_text(_script(QUOTED_MODULE_ID), "payload.yaml")
    assert result.script is None or result.errors
    assert any("id" in str(d) for d in result.errors)


def test_injection_payloads_stay_parameters_and_come_back_byte_identical(database_url, tmp_path):
    loaded = load_script_text(_script(), "payload.yaml")
    assert loaded.script is not None and not loaded.errors, loaded.errors
    script = loaded.script
    assert script.show.title == PAYLOADS["show_title"]  # the YAML carried them intact
    engine = open_database(database_url)
    tables_before = set(inspect(engine).get_table_names())
    watch = StatementWatch(engine, list(PAYLOADS.values()) + [MODULE_ID])
    recorder = Recorder(engine)
    playbooks, _diagnostics = SessionPlaybooks.load_default()
    session = ShowSession(script, recorder=recorder, kind="rehearsal", speed=1.0, room=PAYLOADS["room"],
                          script_path="payload.yaml", matcher=default_matcher(), playbooks=playbooks)
    mono = 1000.0
    try:
        session.start(mono)
        session.command("extend", mono + 1, 5, who=PAYLOADS["who"])
        ts = session.show_now(mono + 2)
        raw = [
            {"ts": ts, "kind": "viewers", "online": 10, "entered": 10},
            {"ts": ts, "kind": "comment", "user": PAYLOADS["user"], "nick": PAYLOADS["nick"],
             "text": PAYLOADS["comment"]},
            {"ts": ts, "kind": "order", "order_id": PAYLOADS["order_id"], "sku": PAYLOADS["sku"], "qty": 1,
             "amount": 99.5, "user": PAYLOADS["order_user"]},
            {"ts": ts, "kind": "follow", "user": PAYLOADS["user"]},
            {"ts": ts, "kind": PAYLOADS["kind"], "x": 1},
        ]
        session.submit([parse_object(obj) for obj in raw]).result(10)
        incident = playbooks.drill("banned-word", ts, who=PAYLOADS["who"])
        runner = playbooks.runner
        runner.acknowledge(incident.id, PAYLOADS["who"], ts + 1)
        runner.resolve(incident.id, PAYLOADS["who"], ts + 2, note=PAYLOADS["note"])
        session.command("jump", mono + 3, MODULE_ID, who=PAYLOADS["who"])
        for step in range(4, 80):
            session.tick(mono + step)
        assert session.ended
        session.close(mono + 80)
        recorder.flush(10)
    finally:
        session.close(mono + 80)
        recorder.close()
        watch.close()

    assert watch.statements > 20
    assert not watch.violations, "payload text inside SQL statements:\n" + "\n".join(watch.violations)
    missing = set(watch.payloads) - watch.in_parameters
    assert not missing, f"these never reached the database as parameters (the check saw nothing): {missing}"
    assert set(inspect(engine).get_table_names()) == tables_before

    # Back from the review queries, byte for byte.
    [summary] = queries.list_shows(engine)
    assert summary.show.title == PAYLOADS["show_title"]
    show_id = queries.resolve_show_id(engine, "latest")
    assert queries.resolve_show_id(engine, show_id[:8]) == show_id
    with pytest.raises(queries.ShowNotFound):
        queries.resolve_show_id(engine, PAYLOADS["order_id"])
    review = queries.load_review(engine, show_id)
    assert (review.show.title, review.show.anchor, review.show.room) == (
        PAYLOADS["show_title"], PAYLOADS["anchor"], PAYLOADS["room"])
    assert [m.title for m in review.planned] == [PAYLOADS["opening_title"], "讲解", PAYLOADS["closing_title"]]
    assert [m.module_id for m in review.planned] == ["opening", MODULE_ID, "closing"]
    assert MODULE_ID in {run.module_id for run in review.runs}
    [comment] = list(review.comments)
    assert (comment.user, comment.nick, comment.text) == (PAYLOADS["user"], PAYLOADS["nick"], PAYLOADS["comment"])
    by_kind = {getattr(e, "kind", None): e for e in review.events}
    order = by_kind["order"]
    assert (order.order_id, order.sku, order.user) == (PAYLOADS["order_id"], PAYLOADS["sku"], PAYLOADS["order_user"])
    assert PAYLOADS["kind"] in by_kind
    assert {c.who for c in review.commands if c.command in ("extend", "jump")} == {PAYLOADS["who"]}
    assert any(c.args and MODULE_ID in json.dumps(c.args) for c in review.commands if c.command == "jump")
    [drill] = [i for i in review.incidents if i.drill]
    assert {e.who for e in drill.entries if e.kind in ("ack", "resolve")} == {PAYLOADS["who"]}
    assert any(PAYLOADS["note"] in (e.text or "") for e in drill.entries)

    # And from the exports: the CSV as written, the HTML once unescaped.
    csv_path = kpi_adapter.write_csv(review.kpis, tmp_path / "review.csv")
    with open(csv_path, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["module_id"], r["title"]) for r in rows[:3]] == [
        ("opening", PAYLOADS["opening_title"]), (MODULE_ID, "讲解"), ("closing", PAYLOADS["closing_title"])]
    # The report prints flagged comments (the stream is summarised): flag every comment so this one shows.
    flag_all = type("FlagAll", (), {"find": lambda self, text: [Hit(0, 0, "", "test", "info")]})()
    flagged = queries.load_review(engine, show_id, matcher=flag_all)
    page = report.write_html(flagged, tmp_path / "review.html").read_text(encoding="utf-8")
    for key in ("show_title", "opening_title", "closing_title", "nick", "comment"):  # the table shows the nick
        assert html.escape(PAYLOADS[key]) in page or html.escape(PAYLOADS[key], quote=False) in page, key
    engine.dispose()
