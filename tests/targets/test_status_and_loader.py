"""Targets (CONTRACTS §9.1): the status rule at its boundaries, the YAML with FILE:LINE:COL, the layers."""

from __future__ import annotations

import io
import textwrap

import pytest

from console.show.lint import lint_command
from console.show.loader import load_script_text
from console.targets.loader import TargetsError, load_targets_file, resolve_targets, script_targets
from console.targets.model import SHIPPED, Bound

MARGIN = 0.1


@pytest.mark.parametrize(("value", "expected"), [
    (0.30, "ok"), (0.25, "ok"),                       # at the bound: ok
    (0.25 * (1 - MARGIN), "warn"),                    # exactly at the warn edge: warn
    (0.2249, "bad"), (0.0, "bad"), (None, None),
    (0.2499, "warn"),
])
def test_min_bound_status_at_its_boundaries(value, expected):
    assert Bound("min", 0.25).status(value, MARGIN) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (0.0, "ok"), (0.05, "ok"),
    (0.05 * (1 + MARGIN), "warn"),
    (0.0551, "bad"), (0.0501, "warn"), (None, None),
])
def test_max_bound_status_at_its_boundaries(value, expected):
    assert Bound("max", 0.05).status(value, MARGIN) == expected


def test_shipped_defaults_are_the_plans_figures_and_module_types_override():
    assert SHIPPED.bounds_for()["interaction_rate"] == Bound("min", 0.25)
    assert SHIPPED.bounds_for()["conversion_rate"] == Bound("min", 0.12)
    assert SHIPPED.bounds_for()["refund_rate"] == Bound("max", 0.05)
    assert SHIPPED.bounds_for("conversion")["conversion_rate"] == Bound("min", 0.15)
    # 0.13 is ok for the show but under a conversion module's 0.15 (and 0.13 < 0.15 × 0.9 = 0.135: bad)
    values = {"interaction_rate": None, "conversion_rate": 0.13, "refund_rate": 0.0}
    assert SHIPPED.statuses(values)["conversion_rate"] == "ok"
    assert SHIPPED.statuses(values, "conversion")["conversion_rate"] == "bad"
    assert SHIPPED.statuses(values)["interaction_rate"] is None


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_bad_targets_file_is_reported_at_file_line_col(tmp_path):
    path = _write(tmp_path, "t.yaml", """\
        version: 1
        targets:
          interaction_rate: {min: 0.3}
          conversion_rat: {min: 0.1}
          refund_rate: {max: lots}
        by_module_type:
          conversio:
            conversion_rate: {min: 0.15}
          interaction:
            gpm: {min: 1, max: 2}
        warn_margin: 1.5
        """)
    targets, diagnostics = load_targets_file(path)
    assert targets is None
    assert [(d.position.line, d.position.col, d.code) for d in diagnostics] == [
        (4, 3, "unknown-kpi"), (5, 22, "wrong-type"), (7, 3, "unknown-type"), (10, 10, "bad-value"),
        (11, 14, "bad-value")]
    out, err = io.StringIO(), io.StringIO()
    assert lint_command([str(path)], False, out, err) == 1
    assert out.getvalue().splitlines()[0].startswith(f"{path}:4:3: error: unknown KPI 'conversion_rat'")


def test_a_good_targets_file_lints_clean_and_loads(tmp_path):
    path = _write(tmp_path, "t.yaml", """\
        version: 1
        targets:
          interaction_rate: {min: 0.3}
          gpm: {min: 800}
        warn_margin: 0.2
        """)
    out, err = io.StringIO(), io.StringIO()
    assert lint_command([str(path)], False, out, err) == 0 and out.getvalue() == ""
    targets, diagnostics = load_targets_file(path)
    assert diagnostics == [] and targets.warn_margin == 0.2
    assert targets.show == {"interaction_rate": Bound("min", 0.3), "gpm": Bound("min", 800.0)}


SCRIPT = """\
version: 1
show:
  title: 目标测试
  scenes: {wide: 机位A}
targets:
  targets:
    interaction_rate: {min: 0.4}
  by_module_type:
    conversion:
      conversion_rate: {min: 0.2}
modules:
  - {id: a, type: conversion, title: 转化, duration: 1m, scene: wide, talking_points: 讲}
"""


def test_layers_merge_per_kpi_shipped_team_script_then_the_file(tmp_path):
    script = load_script_text(SCRIPT, "show.yaml").script
    assert script is not None
    team = _write(tmp_path, "team.yaml", """\
        targets:
          interaction_rate: {min: 0.3}
          gpm: {min: 500}
        warn_margin: 0.05
        """)
    override = _write(tmp_path, "over.yaml", "targets:\n  gpm: {min: 900}\n")
    merged = resolve_targets(script=script, targets_file=override, team=team)
    assert merged.bounds_for() == {
        "interaction_rate": Bound("min", 0.4),   # the script over the team
        "conversion_rate": Bound("min", 0.12),   # shipped, nobody overrode it
        "refund_rate": Bound("max", 0.05),
        "gpm": Bound("min", 900.0),              # --targets over the team
    }
    assert merged.bounds_for("conversion")["conversion_rate"] == Bound("min", 0.2)
    assert merged.warn_margin == 0.05  # the team's; no later layer named one
    assert len(merged.sources) == 4


def test_a_scripts_bad_targets_block_is_a_lint_error_at_its_position():
    text = SCRIPT.replace("{min: 0.4}", "{above: 0.4}")
    result = load_script_text(text, "show.yaml")
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert {(d.position.line, d.code) for d in errors} == {(7, "unknown-field"), (7, "bad-value")}
    assert all(str(d).startswith("show.yaml:7:") for d in errors)
    with pytest.raises(TargetsError):
        script_targets(type("S", (), {"source_text": text, "file": "show.yaml"})())


def test_the_shorthand_script_block_is_the_kpi_map():
    text = SCRIPT.replace("""targets:
  targets:
    interaction_rate: {min: 0.4}
  by_module_type:
    conversion:
      conversion_rate: {min: 0.2}
""", "targets:\n  interaction_rate: {min: 0.35}\n")
    script = load_script_text(text, "show.yaml").script
    assert script_targets(script).show == {"interaction_rate": Bound("min", 0.35)}
