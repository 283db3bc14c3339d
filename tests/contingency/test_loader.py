"""Playbook loader: every error at its exact FILE:LINE:COL, defaults load clean, directories override."""

from __future__ import annotations

import dataclasses

import pytest

from console import paths
from console.contingency.loader import load_playbook_file, load_playbook_text, load_playbooks
from console.contingency.model import DETECTORS, ActionStep, CheckStep
from console.show.lint import lint_file

GOOD = """\
version: 1
id: stream-drop
title: 推流中断
when:
  detector: stream_down
  for: 3s
severity: critical
steps:
  - {do: switch_scene, scene: standby}
  - {do: show_text, source: 字幕条, text: 信号调整中，马上回来}
  - {do: restart_stream, retry: 3}
  - {do: wait, for: 2s}
  - {check: 通知主播, within: 5m}
resolve: auto
"""


def errors(text: str) -> list[tuple[int, int, str, str]]:
    playbook, diagnostics = load_playbook_text(text, "p.yaml")
    assert playbook is None
    return [(d.position.line, d.position.col, d.code, d.message) for d in diagnostics if d.severity == "error"]


def test_a_playbook_id_longer_than_its_column_is_an_error_at_the_id():
    assert load_playbook_text(GOOD.replace("id: stream-drop", "id: " + "s" * 64), "p.yaml")[0] is not None
    ((line, col, code, message),) = errors(GOOD.replace("id: stream-drop", "id: " + "s" * 65))
    assert (line, col, code) == (2, 5, "bad-id") and "65 characters long; at most 64" in message


def test_good_playbook_is_typed():
    playbook, diagnostics = load_playbook_text(GOOD, "p.yaml")
    assert diagnostics == []
    assert playbook is not None
    assert (playbook.id, playbook.title, playbook.severity, playbook.resolve) == ("stream-drop", "推流中断", "critical", "auto")
    assert playbook.trigger.detector == "stream_down" and playbook.trigger.for_s == 3.0
    assert playbook.steps[0] == ActionStep("switch_scene", {"scene": "standby"}, playbook.steps[0].pos)
    assert playbook.steps[0].pos.line == 9 and playbook.steps[0].pos.col == 5
    assert playbook.steps[2].params == {"retry": 3}
    assert playbook.steps[3].params == {"for": 2.0}
    assert playbook.steps[4] == CheckStep("通知主播", 300.0, playbook.steps[4].pos)
    with pytest.raises(dataclasses.FrozenInstanceError):
        playbook.id = "other"  # frozen


def test_defaults_of_parameters():
    playbook, _ = load_playbook_text("id: a\ntitle: t\nwhen: {detector: frames_dropped}\nsteps: [{do: note, text: x}]\n")
    assert playbook.trigger.params == {"ratio": 0.05, "window": 10.0}
    assert playbook.trigger.for_s == 0.0 and playbook.severity == "warning" and playbook.resolve == "manual"


@pytest.mark.parametrize("text, expected", [
    ("id: a\ntitle: t\nwhen: {detector: stream_gone}\nsteps: [{do: note, text: x}]\n",
     (3, 18, "unknown-detector", "unknown detector 'stream_gone'")),
    ("id: a\ntitle: t\nwhen: {detector: fps_low, above: 3}\nsteps: [{do: note, text: x}]\n",
     (3, 27, "unknown-field", "unknown field 'above' in detector fps_low")),
    ("id: a\ntitle: t\nwhen: {detector: fps_low, below: fast}\nsteps: [{do: note, text: x}]\n",
     (3, 34, "wrong-type", "'below' of detector fps_low must be a number")),
    ("id: a\ntitle: t\nwhen: {detector: frames_dropped, ratio: 5}\nsteps: [{do: note, text: x}]\n",
     (3, 41, "bad-value", "'ratio' of detector frames_dropped must be between 0 and 1")),
    ("id: a\ntitle: t\nwhen: {detector: frames_dropped, window: 10}\nsteps: [{do: note, text: x}]\n",
     (3, 42, "bad-duration", "'window' of detector frames_dropped: a duration needs a unit")),
    ("id: a\ntitle: t\nwhen: {detector: mic_silent}\nsteps: [{do: note, text: x}]\n",
     (3, 7, "missing-field", "detector mic_silent is missing the required field 'input'")),
    ("id: a\ntitle: t\nwhen:\n  detector: stream_down\n  for: soon\nsteps: [{do: note, text: x}]\n",
     (5, 8, "bad-duration", "'for' of detector stream_down: 'soon' is not a duration")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nsteps:\n  - {do: jump_scene, scene: a}\n",
     (5, 10, "unknown-action", "unknown action 'jump_scene'")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nsteps:\n  - {do: note, text: x, colour: red}\n",
     (5, 25, "unknown-field", "unknown field 'colour' in the note step 1")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nsteps:\n  - {do: switch_scene}\n",
     (5, 5, "missing-field", "the switch_scene step 1 is missing the required field 'scene'")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nsteps:\n  - {check: 通知主播, within: 5}\n",
     (5, 27, "bad-duration", "'within' of the check of step 1: a duration needs a unit")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nsteps:\n  - {do: wait, for: later}\n",
     (5, 21, "bad-duration", "'for' of the wait step 1")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nseverity: high\nsteps: [{do: note, text: x}]\n",
     (4, 11, "bad-severity", "'severity' must be one of info, warning, critical, not 'high'")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nresolve: later\nsteps: [{do: note, text: x}]\n",
     (4, 10, "bad-resolve", "'resolve' must be one of auto, manual, not 'later'")),
    ("title: t\nwhen: {detector: stream_down}\nsteps: [{do: note, text: x}]\n",
     (1, 1, "missing-field", "the playbook is missing the required field 'id'")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nsteps: [{do: note, text: x}]\nowner: me\n",
     (5, 1, "unknown-field", "unknown field 'owner' in the playbook")),
    ("id: a\ntitle: t\nwhen: {detector: stream_down}\nsteps: []\n",
     (4, 8, "empty-steps", "'steps' is empty")),
])
def test_each_error_is_positioned(text, expected):
    found = errors(text)
    line, col, code, message = expected
    assert any((found_line, c, k) == (line, col, code) and message in m for found_line, c, k, m in found), found


def test_yaml_syntax_error_and_recursive_alias_are_positioned():
    found = errors("id: a\ntitle: [unclosed\n")
    assert found and found[0][0] >= 2
    bomb = "a: &a [*a]\nid: x\n"
    playbook, diagnostics = load_playbook_text(bomb, "p.yaml")
    assert playbook is None and diagnostics and diagnostics[0].severity == "error"


def test_all_defaults_load_clean_one_per_detector():
    playbooks, diagnostics = load_playbooks([paths.resource("playbooks")])
    assert diagnostics == []
    assert sorted(p.trigger.detector for p in playbooks) == sorted(DETECTORS)
    for playbook in playbooks:
        assert playbook.checks, playbook.id  # every default walks the operator through checks
        assert lint_file(playbook.file) == []
    by_id = {p.id: p for p in playbooks}
    assert by_id["mic-silent"].trigger.params["input"] == "麦克风"
    assert by_id["camera-frozen"].trigger.params["source"] == "摄像头A"
    assert by_id["stream-down"].steps[0].params == {"scene": "standby"}


def test_bad_file_reported_others_load_user_dir_overrides(tmp_path):
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir(), user.mkdir()
    (shipped / "a.yaml").write_text(GOOD, encoding="utf-8")
    (shipped / "b.yaml").write_text(GOOD.replace("stream-drop", "other").replace("stream_down", "nope"), encoding="utf-8")
    (shipped / "c.yaml").write_text(GOOD.replace("stream-drop", "third"), encoding="utf-8")
    (shipped / "d.yaml").write_text(GOOD.replace("推流中断", "重复"), encoding="utf-8")  # same id, same dir
    (user / "a.yaml").write_text(GOOD.replace("推流中断", "用户版本"), encoding="utf-8")
    playbooks, diagnostics = load_playbooks([shipped, user])
    assert {p.id: p.title for p in playbooks} == {"stream-drop": "用户版本", "third": "推流中断"}
    assert [(d.position.file.endswith("b.yaml"), d.position.line, d.position.col, d.code) for d in diagnostics
            if d.code != "duplicate-id"] == [(True, 5, 13, "unknown-detector")]
    duplicate = [d for d in diagnostics if d.code == "duplicate-id"]
    assert len(duplicate) == 1 and duplicate[0].position.file.endswith("d.yaml")
    assert str(duplicate[0]).startswith(f"{shipped / 'd.yaml'}:1:1: error: playbook id 'stream-drop' is already used")


def test_user_config_dir_is_read(tmp_liveroom_home):
    target = paths.config_dir() / "playbooks"
    target.mkdir(parents=True)
    (target / "mine.yaml").write_text(GOOD.replace("stream-drop", "mine"), encoding="utf-8")
    playbooks, diagnostics = load_playbooks()
    assert diagnostics == [] and "mine" in {p.id for p in playbooks} and "stream-down" in {p.id for p in playbooks}


def test_lint_reports_playbook_errors(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: a\ntitle: t\nwhen: {detector: stream_gone}\nsteps: [{do: note, text: x}]\n", encoding="utf-8")
    assert [str(d) for d in lint_file(str(path))][0].startswith(f"{path}:3:18: error: unknown detector 'stream_gone'")
    assert load_playbook_file(path)[0] is None
