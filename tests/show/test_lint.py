"""Show-script validation: one test per error kind, with the exact line and column."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest

from console.show import loader as loader_module
from console.show.lint import lint_command, lint_file
from console.show.loader import load_script, load_script_text

BASE = """\
version: 1
show:
  title: 测试专场
  scenes:
    wide: 机位A 全景
    closeup: 机位B 特写
products:
  - {sku: A-1, name: 精华液, price: 100, live_price: 80}
modules:
  - id: opening
    type: opening
    title: 开场
    duration: 5m
    scene: wide
    products: [A-1]
    talking_points: |
      欢迎来到直播间。
    cues:
      - {at: 30s, do: switch_scene, scene: closeup}
      - {at: 4m, do: show_text, source: 字幕条, text: 福袋开奖}
    end: advance
"""


def variant(**lines: str) -> str:
    """BASE with line N replaced (``l13="..."``); an empty string deletes the line."""
    out = BASE.splitlines()
    for key, text in sorted(lines.items(), key=lambda item: -int(item[0][1:])):
        number = int(key[1:])
        if text == "":
            del out[number - 1]
        else:
            out[number - 1] = text
    return "\n".join(out) + "\n"


def only_error(text: str) -> tuple[str, int, int, str]:
    result = load_script_text(text, "show.yaml")
    errors = result.errors
    assert result.script is None
    assert len(errors) == 1, [str(d) for d in result.diagnostics]
    error = errors[0]
    return error.code, error.position.line, error.position.col, error.message


def test_base_is_clean():
    result = load_script_text(BASE, "show.yaml")
    assert result.ok and result.diagnostics == []
    module = result.script.modules[0]
    assert (module.duration, module.scene, module.products, module.end) == (300.0, "wide", ("A-1",), "advance")
    assert [c.at for c in module.cues] == [30.0, 240.0]
    assert module.cues[1].action() == {"do": "show_text", "source": "字幕条", "text": "福袋开奖"}
    assert (module.pos.line, module.pos.col) == (10, 5)


def test_yaml_syntax_error_points_at_the_problem():
    assert only_error(variant(l11="    type: opening: x"))[:3] == ("yaml", 11, 18)


def test_missing_required_field_points_at_the_parent_mapping():
    code, line, col, message = only_error(variant(l12=""))
    assert (code, line, col) == ("missing-field", 10, 5)
    assert "'title'" in message


def test_empty_required_field_points_at_its_key():
    code, line, col, message = only_error(variant(l12="    title:"))
    assert (code, line, col) == ("missing-field", 12, 5)
    assert "empty" in message


def test_no_modules_is_an_error():
    text = BASE.split("modules:")[0] + "modules: []\n"
    assert only_error(text)[:3] == ("missing-field", 9, 10)


def test_missing_show_and_modules_point_at_the_document():
    result = load_script_text("version: 1\nshow:\n  title: x\n  scenes: {wide: A}\n", "s.yaml")
    assert [(d.code, d.position.line, d.position.col) for d in result.errors] == [("missing-field", 1, 1)]
    assert "'modules'" in result.errors[0].message


def test_unknown_field_points_at_the_key():
    assert only_error(variant(l21="    ending: advance"))[:3] == ("unknown-field", 21, 5)


def test_unknown_module_type():
    code, line, col, message = only_error(variant(l11="    type: opener"))
    assert (code, line, col) == ("unknown-module-type", 11, 11)
    assert "opener" in message


def test_unknown_cue_action():
    assert only_error(variant(l19="      - {at: 30s, do: swap, scene: closeup}"))[:3] == ("unknown-action", 19, 23)


def test_unknown_cue_field_and_field_of_another_action():
    assert only_error(variant(l19="      - {at: 30s, do: switch_scene, scene: closeup, volume: 3}"))[:3] == (
        "unknown-field", 19, 53)
    # `text` exists, but not for switch_scene
    assert only_error(variant(l19="      - {at: 30s, do: switch_scene, scene: closeup, text: hi}"))[:3] == (
        "unknown-field", 19, 53)


@pytest.mark.parametrize("value", ["5 minutes", "0s", "5", "-3m", "true", "4:30"])
def test_bad_duration(value):
    code, line, col, message = only_error(variant(l13=f"    duration: {value}"))
    assert (code, line, col) == ("bad-duration", 13, 15)


def test_bare_number_duration_says_to_write_a_unit():
    message = only_error(variant(l13="    duration: 5"))[3]
    assert "unit" in message and "5m" in message


def test_cue_outside_its_module():
    assert only_error(variant(l20="      - {at: 5m, do: show_text, source: 字幕条, text: 福袋开奖}"))[:3] == (
        "cue-outside-module", 20, 14)
    # a cue exactly at the end is outside too: [0, duration)
    assert only_error(variant(l20="      - {at: 6m, do: note, text: 晚了}"))[:3] == ("cue-outside-module", 20, 14)


def test_unknown_scene_role_in_module_and_in_cue():
    code, line, col, message = only_error(variant(l14="    scene: overhead"))
    assert (code, line, col) == ("unknown-role", 14, 12)
    assert "overhead" in message and "wide" in message
    assert only_error(variant(l19="      - {at: 30s, do: switch_scene, scene: nowhere}"))[:3] == ("unknown-role", 19, 44)


def test_scene_name_prefix_is_accepted():
    assert load_script_text(variant(l19="      - {at: 30s, do: switch_scene, scene: \"scene:稍后回来\"}")).ok


def test_unknown_sku():
    assert only_error(variant(l15="    products: [A-1, B-2]"))[:3] == ("unknown-sku", 15, 21)


def test_duplicate_module_id_points_at_the_second():
    text = BASE + "  - {id: opening, type: closing, title: 收尾, duration: 1m, scene: wide, talking_points: 再见}\n"
    code, line, col, message = only_error(text)
    assert (code, line, col) == ("duplicate-id", 22, 10)
    assert "line 10" in message


def test_bad_module_id():
    assert only_error(variant(l10="  - id: Opening Act"))[:3] == ("bad-id", 10, 9)


def test_a_module_id_longer_than_its_column_is_an_error_at_the_id():
    """Ids are stored in VARCHAR(64): PostgreSQL would refuse a longer one mid-show, so the lint does first."""
    assert load_script_text(variant(l10="  - id: " + "a" * 64), "show.yaml").ok
    code, line, col, message = only_error(variant(l10="  - id: " + "a" * 65))
    assert (code, line, col) == ("bad-id", 10, 9) and "65 characters long; at most 64" in message


def test_wrong_types():
    code, line, col, message = only_error(variant(l12="    title: 123"))
    assert (code, line, col) == ("wrong-type", 12, 12)
    assert "quotes" in message
    assert only_error(variant(l2="show: [a, b]", l3="", l4="", l5="", l6=""))[:3] == ("wrong-type", 2, 7)
    assert only_error(variant(l15="    products: A-1"))[:3] == ("wrong-type", 15, 15)
    # a bare sku that YAML reads as a number
    assert only_error(variant(l15="    products: [1001]"))[:3] == ("wrong-type", 15, 16)


def test_not_a_mapping_at_all():
    assert only_error("- just\n- a list\n")[:3] == ("wrong-type", 1, 1)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    result = load_script(path)
    assert [(d.code, d.position.line, d.position.col) for d in result.errors] == [("empty", 1, 1)]


def test_several_errors_are_all_reported_in_file_order():
    text = variant(l11="    type: opener", l14="    scene: overhead", l20="      - {at: 9m, do: note, text: x}")
    result = load_script_text(text, "s.yaml")
    assert [(d.code, d.position.line) for d in result.errors] == [
        ("unknown-module-type", 11), ("unknown-role", 14), ("cue-outside-module", 20)]


def test_non_utf8_file_is_a_positioned_error(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes(BASE.replace("测试专场", "ABC").encode("utf-8").replace(b"ABC", "测试".encode("gbk")))
    result = load_script(path)
    assert result.script is None
    (error,) = result.errors
    assert (error.code, error.position.line, error.position.col) == ("encoding", 3, 10)
    assert "UTF-8" in error.message


def test_ten_megabyte_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(BASE.encode("utf-8") + b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    result = load_script(path)
    (error,) = result.errors
    assert (error.code, error.position.line, error.position.col) == ("too-large", 1, 1)


def test_missing_file_is_an_error_not_a_traceback(tmp_path):
    (error,) = load_script(tmp_path / "nope.yaml").errors
    assert error.code == "io"


# ------------------------------------------------------------------ warnings
def test_module_without_talking_points_warns_and_keeps_the_script():
    result = load_script_text(variant(l16="", l17=""), "s.yaml")
    assert result.ok
    assert [(d.severity, d.code, d.position.line, d.position.col) for d in result.diagnostics] == [
        ("warning", "no-talking-points", 10, 5)]


def test_live_price_above_price_warns_at_the_live_price():
    result = load_script_text(variant(l8="  - {sku: A-1, name: 精华液, price: 80, live_price: 100}"), "s.yaml")
    assert result.ok
    assert [(d.code, d.position.line, d.position.col) for d in result.diagnostics] == [
        ("live-price-above-price", 8, 50)]


@dataclass
class _Hit:
    start: int
    end: int
    term: str
    category: str
    severity: str


class _FakeMatcher:
    """Flags 最好 and 加微信, so positions are tested independently of the shipped lexicon."""

    terms = {"最好": "absolute", "加微信": "diversion"}

    def find(self, text: str) -> list[_Hit]:
        hits = []
        for term, category in self.terms.items():
            index = text.find(term)
            while index != -1:
                hits.append(_Hit(index, index + len(term), term, category, "banned"))
                index = text.find(term, index + 1)
        return sorted(hits, key=lambda h: h.start)


def _wording(text: str, monkeypatch) -> list[tuple[int, int, str]]:
    monkeypatch.setattr(loader_module, "_default_matcher", lambda: _FakeMatcher())
    result = load_script_text(text, "s.yaml")
    assert result.ok
    return [(d.position.line, d.position.col, d.message) for d in result.diagnostics if d.code == "wording"]


def test_wording_in_a_block_scalar_points_at_the_exact_character(monkeypatch):
    text = variant(l17="      欢迎来到直播间。\n      这款是最好的，\n        缩进的行也要加微信？")
    found = _wording(text, monkeypatch)
    assert [(line, col) for line, col, _ in found] == [(18, 10), (19, 15)]
    assert "最好" in found[0][2] and "absolute" in found[0][2]


def test_wording_after_a_comment_on_the_block_header_and_repeated_terms(monkeypatch):
    text = variant(l16="    talking_points: |  # 最好 in a comment is not the value",
                   l17="      最好\n      还是最好")
    assert [(line, col) for line, col, _ in _wording(text, monkeypatch)] == [(17, 7), (18, 9)]


def test_wording_in_folded_quoted_and_flow_cue_text(monkeypatch):
    folded = variant(l16="    talking_points: >", l17="      第一行\n      第二行最好")
    assert [(line, c) for line, c, _ in _wording(folded, monkeypatch)] == [(18, 10)]
    quoted = variant(l16='    talking_points: "开场 最好"', l17="")
    assert [(line, c) for line, c, _ in _wording(quoted, monkeypatch)] == [(16, 25)]
    cue = variant(l20="      - {at: 4m, do: show_text, source: 字幕条, text: 快来加微信}")
    assert [(line, c) for line, c, _ in _wording(cue, monkeypatch)] == [(20, 54)]


def test_real_compliance_lexicon_flags_diverting_buyers():
    """The shipped lexicon (console.compliance) is used for real, not a stub."""
    result = load_script_text(variant(l17="      想要优惠的朋友加微信。"), "s.yaml")
    hits = [d for d in result.diagnostics if d.code == "wording"]
    assert hits and hits[0].severity == "warning"
    assert (hits[0].position.line, hits[0].position.col) == (17, 14)
    assert "加微信" in hits[0].message and "diversion" in hits[0].message


# ------------------------------------------------------------------ the command
def _run(paths, as_json=False):
    out, err = io.StringIO(), io.StringIO()
    code = lint_command([str(p) for p in paths], as_json, out, err)
    return code, out.getvalue(), err.getvalue()


def test_lint_command_prints_positions_and_exits_1_on_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(variant(l14="    scene: overhead"), encoding="utf-8")
    code, out, err = _run([bad])
    assert code == 1
    assert out.startswith(f"{bad}:14:12: error: scene role 'overhead' is not in show.scenes")
    assert "1 error" in err


def test_lint_command_warnings_only_exit_0(tmp_path):
    warn = tmp_path / "warn.yaml"
    warn.write_text(variant(l16="", l17=""), encoding="utf-8")
    code, out, _err = _run([warn])
    assert code == 0
    assert out == f"{warn}:10:5: warning: module 'opening' has no talking points\n"


def test_lint_command_json(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(variant(l11="    type: opener", l16="", l17=""), encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    code, out, _err = _run([good, bad], as_json=True)
    assert code == 1
    data = json.loads(out)
    assert [(d["line"], d["col"], d["severity"], d["code"]) for d in data] == [
        (10, 5, "warning", "no-talking-points"), (11, 11, "error", "unknown-module-type")]
    assert set(data[0]) == {"file", "line", "col", "severity", "code", "message"}
    assert data[0]["file"] == str(bad)
    code, out, _err = _run([good], as_json=True)
    assert (code, json.loads(out)) == (0, [])


def test_lint_tells_playbooks_apart(tmp_path):
    """A file with when/steps goes to the playbook loader (its errors, not a script's)."""
    good = tmp_path / "pb.yaml"
    good.write_text("version: 1\nid: x\ntitle: t\nwhen: {detector: obs_disconnected}\nseverity: critical\n"
                    "steps:\n  - {do: switch_scene, scene: standby}\n", encoding="utf-8")
    assert lint_file(str(good)) == []
    empty = tmp_path / "empty.yaml"
    empty.write_text("version: 1\nid: x\ntitle: t\nwhen: {detector: obs_disconnected}\nsteps: []\n", encoding="utf-8")
    (diagnostic,) = lint_file(str(empty))
    assert (diagnostic.position.line, diagnostic.position.col, diagnostic.code) == (5, 8, "empty-steps")


def test_lint_neither_script_nor_playbook(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("name: x\n", encoding="utf-8")
    code, out, _ = _run([other])
    assert code == 1 and ":1:1: error: neither a show script" in out


def test_real_lexicon_positions_survive_separators_inside_a_block_scalar():
    text = variant(l17="      这是全网最低价，\n      仅限今日，加 微 信 领券。")
    found = [(d.position.line, d.position.col, d.severity) for d in load_script_text(text, "s.yaml").diagnostics
             if d.code == "wording"]
    assert found == [(17, 9, "warning"), (18, 7, "warning"), (18, 12, "warning")]
