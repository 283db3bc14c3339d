"""The HTML report: self-contained, every piece of user text escaped, charts inline."""

from __future__ import annotations

import re

from console.review import queries, report


def _html(engine, show_id, tmp_path):
    review = queries.load_review(engine, show_id)
    path = report.write_html(review, tmp_path / "report.html")
    return path.read_text(encoding="utf-8")


def test_user_text_is_escaped_everywhere(engine, recorded, tmp_path):
    _, live = recorded
    html = _html(engine, live.show_id, tmp_path)
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
    for name in ("fps", "cpu", "render_dropped_ratio", "bitrate_kbps"):
        assert f">{name}<" in html
    # Plan against reality and the KPI table with TOTAL.
    assert ">+30.0<" in html and ">TOTAL<" in html
    # Incident response times.
    assert "acknowledged after 4.5 s" in html and "resolved after 30.0 s" in html


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
