"""The compliance matcher: categories, longest match, allow-list, normalisation with offsets, user lexicons."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.compliance import default_matcher, load_matcher
from console.paths import resource


@pytest.fixture(scope="module")
def matcher():
    return load_matcher()


def spans(matcher, text):
    return [(text[h.start:h.end], h.category) for h in matcher.find(text)]


def test_the_shipped_lexicon_is_big_enough_and_described(matcher):
    assert matcher.term_count >= 300
    assert len(matcher.categories) >= 6
    for category in matcher.categories.values():
        assert category.name and category.name_en and category.note
        assert category.severity in ("banned", "risky")
        assert category.terms > 0


@pytest.mark.parametrize("text,said,category", [
    ("这款是全网最低价", "全网最低价", "absolute"),
    ("国家级的工艺", "国家级", "authority"),
    ("可以祛斑美白", "祛斑", "medical"),
    ("仅限今日，大家快下单", "仅限今日", "pressure"),
    ("想要的加微信", "加微信", "diversion"),
    ("主播是傻逼", "傻逼", "vulgar"),
    ("吊打所有同行", "吊打", "comparison"),
    ("纯天然成分", "纯天然", "false_claims"),
])
def test_each_category_is_found(matcher, text, said, category):
    assert (said, category) in spans(matcher, text)


def test_longest_match_wins(matcher):
    assert spans(matcher, "全网最低价") == [("全网最低价", "absolute")]
    assert spans(matcher, "最低价") == [("最低价", "absolute")]
    assert spans(matcher, "这个最好") == [("最好", "absolute")]


def test_allow_list_keeps_ordinary_words_quiet_but_not_longer_terms(matcher):
    assert spans(matcher, "最近天气冷，第一次来直播间，最后一个问题") == []
    assert spans(matcher, "最后一波了") == [("最后一波", "pressure")]
    assert spans(matcher, "最近最火的款") == [("最火", "absolute")]


@pytest.mark.parametrize("text,said", [
    ("加 微 信领券", "加 微 信"),            # spaces slipped between the characters
    ("快加-V看看", "加-V"),                 # a dash and upper case
    ("加.v.x", "加.v.x"),                    # dots
    ("ＡＢ加ＶＸ吧", "加ＶＸ"),              # full-width letters
    ("國家級產品", "國家級產品"),            # traditional characters
    ("加\u200b微\u200b信", "加\u200b微\u200b信"),  # zero-width spaces
    ("加😀微😀信", "加😀微😀信"),            # emoji between the characters
    ("快加ⓥⓧ", "加ⓥⓧ"),                     # circled letters (NFKC)
    ("加﹣v", "加﹣v"),                        # a small hyphen-minus folds onto a separator
    ("再不搶就沒了哦", "再不搶就沒了"),        # traditional, pressure selling
    ("有治\uf9c1作用", "治\uf9c1"),          # a CJK compatibility ideograph of 療 (NFKC, then 療→疗)
])
def test_normalisation_maps_offsets_back_to_the_original(matcher, text, said):
    hits = matcher.find(text)
    assert hits, text
    assert text[hits[0].start:hits[0].end] == said


def test_batch_scan_equals_one_by_one(matcher):
    texts = ["好看", "全网最低价，加 微 信", "最近", "國家級", "加😀微😀信", "", "第一名"]
    assert [list(r) for r in matcher.scan_many(texts)] == [matcher.find(t) for t in texts]


def test_user_lexicon_adds_and_removes_terms(tmp_path: Path):
    user = tmp_path / "compliance"
    user.mkdir()
    (user / "brand.txt").write_text("# name: 竞品\n# severity: risky\n某某牌\n", encoding="utf-8")
    (user / "absolute.txt").write_text("-最好\n", encoding="utf-8")
    (user / "allow.txt").write_text("第一名\n", encoding="utf-8")
    matcher = load_matcher(user_dir=user)
    assert spans(matcher, "比某某牌好") == [("某某牌", "brand")]
    assert matcher.categories["brand"].severity == "risky"
    assert spans(matcher, "这个最好") == [("最", "absolute")]  # the shipped 最好 is gone; 最 remains
    assert spans(matcher, "第一名") == []


def test_default_matcher_reads_the_user_config_dir(tmp_liveroom_home):
    from console.compliance import reload_default
    from console.paths import config_dir

    (config_dir() / "compliance").mkdir(parents=True, exist_ok=True)
    (config_dir() / "compliance" / "extra.txt").write_text("测试违禁词\n", encoding="utf-8")
    try:
        assert [h.category for h in reload_default().find("这是测试违禁词")] == ["extra"]
    finally:
        (config_dir() / "compliance" / "extra.txt").unlink()
        reload_default()
    assert default_matcher().find("这是测试违禁词") == []


def test_shipped_files_have_no_duplicate_terms():
    seen: dict[str, str] = {}
    for path in sorted(resource("compliance").glob("*.txt")):
        if path.stem in ("allow", "traditional"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            term = line.strip()
            if term and not term.startswith("#"):
                assert term not in seen, f"{term} in {path.name} and {seen[term]}"
                seen[term] = path.name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("最近好加微信 -.Ｖvⓥ﹣國家級第一次价全网低治疗\uf9c1😀")), max_size=40))
def test_hits_are_ordered_disjoint_in_bounds_and_normalise_to_their_term(text):
    matcher = default_matcher()
    hits = matcher.find(text)
    previous_end = 0
    for hit in hits:
        assert 0 <= previous_end <= hit.start < hit.end <= len(text)
        previous_end = hit.end
        assert matcher.normalize("".join(c for c in text[hit.start:hit.end] if c <= "\uffff")) == hit.term
    assert [list(r) for r in matcher.scan_many([text])] == [hits]
