"""The HTML report: self-contained, every piece of user text escaped, charts inline."""

from __future__ import annotations

import re

from console.review import queries, report


def _html(engine, show_id, tmp_path):
    review = queries.load_review(engine, show_id)
    path = report.write_html(review, tmp_path / "report.html")
    return path.read_text(encoding="utf-8")


class FlagEverything:
    """A wording matcher that flags every comment, so every comment (and its nickname) is printed."""

    def find(self, text):
        from console.compliance.matcher import Hit

        return [Hit(0, 0, "", "test", "info")]  # empty: the text prints whole, unmarked


def test_user_text_is_escaped_everywhere(engine, recorded, tmp_path):
    _, live = recorded
    # The report prints the flagged comments, not the whole stream: flag them all to see every one.
    review = queries.load_review(engine, live.show_id, matcher=FlagEverything())
    html = report.write_html(review, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()  # no script at all, and certainly not the comment's
    assert "<script>alert" not in html
    assert "秋冬 &lt;修护&gt; &amp; 专场" in html  # the show title
    assert "<修护>" not in html
    assert "精华液 &lt;b&gt;讲解&lt;/b&gt;" in html and "<b>讲解</b>" not in html  # a module title
    assert "&lt;b&gt;evil&lt;/b&gt;" in html and "<b>evil</b>" not in html  # a nickname
    assert "推流中断 &lt;stream&gt; &amp; 重连" in html  # an incident title
    assert "OBS refused: &lt;output busy&gt;" in html  # an incident step's error
    assert "下次见 &amp; 再见 &lt;3" in html


def test_report_is_self_contained_with_inline_svg_charts(engine, recorded, tmp_path):
    _, live = recorded
    html = _html(engine, live.show_id, tmp_path)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<style>" in html
    # Nothing is fetched: no src/href to anything (the SVG namespace is an identifier, not a request).
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//|file:)""", html, re.I)
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert html.count("<svg") >= 1 + 3 + 4  # timeline, 3 audience charts, 4 health series
    # Chart titles in words, not series ids.
    for title in ("OBS frames per second", "OBS CPU use", "Frames dropped while rendering", "Stream bitrate"):
        assert f">{title}" in html
    assert "render_dropped_ratio" not in html and "kpi." not in html
    # Plan against reality (over plan as a clock) and the KPI tables with the whole show's row.
    assert ">+0:30<" in html and ">Whole show<" in html
    # Incident response times, rounded.
    assert ">4.5 s<" in html and ">30.0 s<" in html


def test_banned_wording_is_highlighted_with_a_matcher(engine, recorded, tmp_path):
    class Matcher:
        def find(self, text):
            from console.compliance.matcher import Hit

            return [Hit(m.start(), m.end(), m.group(), "diversion", "critical") for m in re.finditer("加微信", text)]

    _, live = recorded
    review = queries.load_review(engine, live.show_id, matcher=Matcher())
    assert [c.text for c in review.comments.flagged()] == ["这是最好的精华吗？加微信"]
    html = report.build_report(review).html
    assert "这是最好的精华吗？<mark title=\"diversion\">加微信</mark>" in html


def test_downsampling_keeps_peaks_and_bounds_points():
    from console.review.svg import downsample

    ts = [float(i) for i in range(14_400)]
    values = [0.0] * 14_400
    values[7_777] = 99.0
    points = downsample(ts, values, 0.0, 14_400.0, 800)
    assert len(points) <= 1_600
    assert max(v for _, v in points) == 99.0
    assert [t for t, _ in points] == sorted(t for t, _ in points)


def test_report_reads_as_words_and_formatted_figures(engine, recorded, tmp_path):
    _, live = recorded
    review = queries.load_review(engine, live.show_id)
    html = report.build_report(review, language="en").html
    # Column titles in words, no field ids.
    for title in ("Peak online", "Interaction rate", "Conversion rate", "Average order value", "Planned start"):
        assert f">{title}<" in html
    for field in ("module_id", "peak_online", "interaction_rate", "over_under_s", "planned_s"):
        assert f">{field}<" not in html
    # Money with a currency sign and separators, rates as percentages (the fixture: 5 orders, ¥1,245).
    assert ">¥1,245.00<" in html and ">¥249.00<" in html
    assert re.search(r">\d+\.\d %<", html)
    assert ">0.0200<" not in html
    # Comments summarised: the overview line, per-module counts and the flagged one; not the whole stream.
    assert "7 comments, 1 with banned or risky wording, 1 questions." in html
    assert ">Comments per module<" in html and "来了来了" not in html


def test_report_in_chinese_from_the_catalogue(engine, recorded, tmp_path):
    _, live = recorded
    review = queries.load_review(engine, live.show_id)
    html = report.build_report(review, language="zh_CN").html
    assert '<html lang="zh-CN">' in html
    for words in ("计划与实际", "各模块指标", "最高在线", "转化率", "客单价", "全场", "观众评论", "OBS 帧率"):
        assert words in html, words
    for english in (">Peak online<", ">Whole show<", "Plan and reality", "OBS frames per second"):
        assert english not in html


def test_comment_summary_counts_and_groups_questions():
    from console.review.comment_summary import is_question, question_key, summarise
    from console.review.records import Comment

    comments = [Comment(float(i), f"u{i}", None, text, module, ()) for i, (text, module) in enumerate([
        ("多少钱 1", "a"), ("多少钱？", "a"), ("多少钱 22", "b"), ("链接在哪", "b"), ("好看", "b"), ("hello", None)])]
    assert is_question("链接在哪") and is_question("How much?") and not is_question("好看")
    assert question_key("多少钱 12") == question_key("多少钱？") == "多少钱"
    summary = summarise(comments, {"a": 60.0, "b": 120.0}, ["a", "b"])
    assert summary.total == 6 and summary.questions == 4
    assert [(m.module_id, m.comments, m.questions, m.per_minute) for m in summary.per_module] == [
        ("a", 2, 2, 2.0), ("b", 3, 2, 1.5), (None, 1, 0, None)]
    assert [(q.text, q.count) for q in summary.top_questions] == [("多少钱 22", 3), ("链接在哪", 1)]


def test_figures_are_formatted_for_people():
    from console.review.report_format import money, percent, seconds_text, signed_duration

    assert money(13033.0) == "¥13,033.00" and money(-5) == "−¥5.00" and money(None) == "—"
    assert percent(0.0412) == "4.1 %" and percent(0.004) == "0.40 %" and percent(None) == "—"
    assert signed_duration(30.2) == "+0:30" and signed_duration(-65) == "−1:05" and signed_duration(0.2) == "0:00"
    assert seconds_text(4.4567, lambda s: s) == "4.5 s" and seconds_text(3725, lambda s: s) == "1:02:05"


def test_the_command_line_writes_the_report_in_the_language_asked(db_url, recorded, tmp_path, monkeypatch):
    from console.cli import main

    monkeypatch.setenv("LIVEROOM_LANGUAGE", "en")
    chinese, english = tmp_path / "zh.html", tmp_path / "en.html"
    assert main(["--db", db_url, "review", "live-1", "--export", str(chinese), "--language", "zh_CN"]) == 0
    assert main(["--db", db_url, "review", "live-1", "--export", str(english)]) == 0
    assert "各模块指标" in chinese.read_text(encoding="utf-8")
    assert "KPIs per module" in english.read_text(encoding="utf-8") and "各模块指标" not in english.read_text(encoding="utf-8")
