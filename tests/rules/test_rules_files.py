"""Rules YAML (CONTRACTS §9.2): linted like scripts (FILE:LINE:COL), in a rules file or a script's ``rules:``
list; ``--rules FILE`` on ``liveroom run``; the review lists the adjustments with the KPIs around them and
the §9.3 rows."""

from __future__ import annotations

import io
import json

import pytest

from console.cli import main
from console.rules.loader import load_rules_text
from console.show.lint import lint_command
from console.show.loader import load_script_text
from db.engine import open_database
from tests.rules.helpers import SCRIPT, write_replay

GOOD = """\
version: 1
rules:
  - id: rescue-viewers
    when: {metric: online_drop_pct, window: 60s, above: 30}
    during: [explanation, conversion]
    do: {action: jump_to_type, type: interaction}
    mode: auto
    cooldown: 5m
  - id: slow-comments
    when: {metric: comments_per_min, window: 2m, below: 5, for: 1m}
    do: {action: cue, cue: {do: show_text, source: 字幕条, text: 评论区扣1抽福袋}}
  - id: convert-more
    when: {metric: conversion_rate, below: 0.12, for: 2m}
    during: [conversion]
    do: {action: extend, by: 2m}
    mode: propose
    expire: 45s
  - id: complaints
    when: {metric: complaint_rate, window: 60s, above: 0.05}
    do: {action: playbook, id: complaint-wave}
  - id: bonus
    when: {metric: orders_per_min, above: 30}
    do: {action: insert, module_id: bonus-round}
  - id: tell
    when: {metric: online_drop_pct, above: 10}
    do: {action: note, text: 看一下画面}
"""


def lint(tmp_path, text: str, name: str = "rules.yaml") -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    return lint_command([str(path)], False, out, err), out.getvalue(), err.getvalue()


def test_a_good_rules_file_loads_with_every_action():
    ruleset, diagnostics = load_rules_text(GOOD, "rules.yaml")
    assert diagnostics == [] and ruleset is not None
    assert [(r.id, r.mode, r.do.action) for r in ruleset] == [
        ("rescue-viewers", "auto", "jump_to_type"), ("slow-comments", "propose", "cue"),
        ("convert-more", "propose", "extend"), ("complaints", "propose", "playbook"),
        ("bonus", "propose", "insert"), ("tell", "propose", "note")]
    rescue, slow, convert = ruleset.rules[:3]
    assert (rescue.when.window_s, rescue.when.above, rescue.cooldown_s, rescue.during) == (
        60.0, 30.0, 300.0, ("explanation", "conversion"))
    assert (slow.when.window_s, slow.when.below, slow.when.for_s) == (120.0, 5.0, 60.0)
    assert slow.do.params["cue"].action() == {"do": "show_text", "source": "字幕条", "text": "评论区扣1抽福袋"}
    assert (convert.do.params["by"], convert.expire_s) == (120.0, 45.0)


def test_lint_accepts_a_good_rules_file(tmp_path):
    assert lint(tmp_path, GOOD)[0] == 0


@pytest.mark.parametrize("bad, line, col, words", [
    ("metric: online_drop_pct", 4, 20, "unknown metric 'viewers_gone'"),
    ("window: 60s", 4, 45, "'window'"),
    ("above: 30}", 4, 57, "'above' of rule 'rescue-viewers' must be a number"),
    ("during: [explanation, conversion]", 5, 27, "unknown module type the text 'talk'"),
    ("action: jump_to_type", 6, 18, "unknown action 'jump'"),
    ("mode: auto", 7, 11, "'mode' of rule 'rescue-viewers' must be auto or propose"),
    ("cooldown: 5m", 8, 15, "'cooldown' of rule 'rescue-viewers'"),
    ("- id: slow-comments", 9, 9, "duplicate rule id 'rescue-viewers'"),
    ("cue: {do: show_text,", 11, 33, "unknown cue action 'flash'"),
    ("above: 0.05}", 19, 11, "complaint_rate is a share between 0 and 1"),
])
def test_lint_points_at_the_offending_node(tmp_path, bad, line, col, words):
    replacement = {
        "metric: online_drop_pct": "metric: viewers_gone", "window: 60s": "window: 60",
        "above: 30}": "above: lots}", "during: [explanation, conversion]": "during: [explanation, talk]",
        "action: jump_to_type": "action: jump", "mode: auto": "mode: sometimes", "cooldown: 5m": "cooldown: 5",
        "- id: slow-comments": "- id: rescue-viewers", "cue: {do: show_text,": "cue: {do: flash,",
        "above: 0.05}": "above: 5}",
    }[bad]
    code, out, err = lint(tmp_path, GOOD.replace(bad, replacement, 1))
    assert code == 1 and "error(s)" in err
    first = out.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'rules.yaml'}:{line}:{col}: error: "), out
    assert words in first, out


def test_a_scripts_rules_are_checked_against_its_modules_and_reserve():
    rules = """\
reserve:
  - {id: bonus-round, type: interaction, title: 加场福袋, duration: 2m, scene: wide, talking_points: 福袋}
rules:
  - id: go
    when: {metric: orders_per_min, above: 30}
    do: {action: jump_to, module_id: nowhere}
  - id: add
    when: {metric: orders_per_min, above: 30}
    do: {action: insert, module_id: bonus-round}
  - id: add-missing
    when: {metric: orders_per_min, above: 30}
    do: {action: insert, module_id: encore}
"""
    result = load_script_text(SCRIPT.replace("RULES", rules), "show.yaml")
    assert result.script is None
    errors = [str(d) for d in result.errors]
    assert errors == [
        "show.yaml:16:38: error: rule 'go': no module 'nowhere' in the script",
        "show.yaml:22:37: error: rule 'add-missing': no module 'encore' in the script's 'reserve' list "
        "(reserve: bonus-round)"], errors
    fixed = load_script_text(SCRIPT.replace("RULES", rules.replace("nowhere", "game").replace("encore", "bonus-round")),
                             "show.yaml")
    assert fixed.ok, [str(d) for d in fixed.diagnostics]
    assert [m.id for m in fixed.script.reserve] == ["bonus-round"]
    assert [r.id for r in fixed.script.rules] == ["go", "add", "add-missing"]


def test_a_reserve_module_id_may_not_repeat_a_run_module():
    rules = "reserve:\n  - {id: game, type: interaction, title: 再来, duration: 2m, scene: wide, talking_points: x}\n"
    result = load_script_text(SCRIPT.replace("RULES", rules), "show.yaml")
    assert [d.code for d in result.errors] == ["duplicate-id"]


def test_run_with_rules_then_the_review_lists_the_adjustment(tmp_liveroom_home, tmp_path, capsys):
    script = tmp_path / "show.yaml"
    script.write_text(SCRIPT.replace("RULES", ""), encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(GOOD.split("  - id: slow-comments")[0], encoding="utf-8")
    replay = write_replay(tmp_path / "audience.jsonl", collapse=True, seconds=420)
    db = f"sqlite:///{tmp_path / 'rules.sqlite'}"
    assert main(["run", str(script), "--headless", "--no-obs", "--rehearsal", "--speed", "60", "--replay",
                 str(replay), "--rules", str(rules), "--db", db, "--intake", "127.0.0.1:0"]) == 0
    capsys.readouterr()
    assert main(["review", "latest", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "adjustments: 1" in out, out
    line = next(row for row in out.splitlines() if "rescue-viewers" in row)
    assert "auto" in line and "applied" in line and "jump_to_type interaction" in line and "rule:rescue-viewers" in line
    assert "5 min before/after: online" in out
    from console.review import queries
    from console.rules.review import adjustment_rows

    engine = open_database(db)
    try:
        rows = adjustment_rows(engine, queries.resolve_show_id(engine, "latest"))
    finally:
        engine.dispose()
    [row] = rows
    assert {key: row[key] for key in ("rule_id", "metric", "mode", "outcome")} == {
        "rule_id": "rescue-viewers", "metric": "online_drop_pct", "mode": "auto", "outcome": "applied"}
    assert row["action"] == {"action": "jump_to_type", "type": "interaction"} and row["value"] > 30
    assert row["kpi_before"]["online"] > 900 and row["kpi_after"]["online"] < 500
    json.dumps(rows)  # §9.3: plain JSON
    exported = tmp_path / "review.json"
    assert main(["review", "latest", "--db", db, "--export", str(exported)]) == 0
    review = json.loads(exported.read_text(encoding="utf-8"))
    assert review["adjustments"] == rows  # the machine-readable review carries the same rows
    from tests.review.html_tables import section_rows

    report = tmp_path / "review.html"
    assert main(["review", "latest", "--db", db, "--export", str(report), "--language", "en"]) == 0
    header, *lines = section_rows(report.read_text(encoding="utf-8"), "Live adjustments")
    assert header[:6] == ["At", "Module", "Rule", "Metric", "Action", "Outcome"]
    [line] = lines  # the operations team's report names the same adjustment, in words
    assert line[2:6] == ["rescue-viewers", f"online_drop_pct = {row['value']:,.1f}", "Jump to a module type: interaction",
                        "Applied"]
    assert line[6] == f"{row['kpi_before']['online']:,.0f} → {row['kpi_after']['online']:,.0f}"


def test_run_refuses_a_rules_file_with_errors(tmp_liveroom_home, tmp_path, capsys):
    script = tmp_path / "show.yaml"
    script.write_text(SCRIPT.replace("RULES", ""), encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(GOOD.replace("mode: auto", "mode: loud", 1), encoding="utf-8")
    assert main(["run", str(script), "--headless", "--no-obs", "--rehearsal", "--rules", str(rules),
                 "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--intake", "127.0.0.1:0"]) == 1
    err = capsys.readouterr().err
    assert f"{rules}:7:11: error: 'mode' of rule 'rescue-viewers' must be auto or propose" in err, err


def test_the_window_prepares_a_show_with_its_rules_file_and_refuses_a_bad_one(tmp_liveroom_home, tmp_path):
    from console.show_assembly import prepare_show

    script = tmp_path / "show.yaml"
    script.write_text(SCRIPT.replace("RULES", ""), encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(GOOD.split("  - id: bonus")[0], encoding="utf-8")
    prepared = prepare_show(str(script), rules_path=str(rules))
    assert prepared.script is not None and prepared.errors == []
    assert [rule.id for rule in prepared.rules.ruleset] == ["rescue-viewers", "slow-comments", "convert-more",
                                                            "complaints"]
    assert prepare_show(str(script)).rules is None  # no rules anywhere: no facade, nothing per tick
    rules.write_text(GOOD, encoding="utf-8")  # inserts 'bonus-round', which this script has no reserve for
    refused = prepare_show(str(script), rules_path=str(rules))
    assert refused.script is None
    assert [str(d) for d in refused.errors] == [
        f"{rules}:23:37: error: rule 'bonus': no module 'bonus-round' in the script's 'reserve' list (reserve: none)"]
