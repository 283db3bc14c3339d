"""The source strip says why a source is in its state in the operator's language (the sources' reasons are English)."""

from __future__ import annotations

import time

from console.sources.base import SourceState
from console.sources.oba import ObaSource
from console.sources.show_sources import SourceReport
from tests.harness.common import free_port
from ui.i18n import Translations
from ui.panels.source_reasons import reason_text
from ui.panels.source_status import SourceStatusStrip


def test_known_reasons_are_translated_with_their_variable_parts_kept(qapp):
    translations = Translations(qapp)
    translations.apply("zh_CN")
    try:
        assert reason_text("connecting to ws://127.0.0.1:9100/ws") == "正在连接 ws://127.0.0.1:9100/ws"
        assert reason_text("no message for 30 s") == "30 秒没有消息"
        # A reason inside a reason: both halves translated, the error text kept.
        assert reason_text("cannot connect: ConnectionRefusedError: [Errno 111] refused; retrying in 2.0 s") == (
            "无法连接：ConnectionRefusedError: [Errno 111] refused；2.0 秒后重试")
        assert reason_text("@shop_a is on air; events held: 120 (the intake answered 503 busy)") == (
            "@shop_a 正在直播；暂存事件 120 条（接收接口答复 503 busy）")
        assert reason_text("TikTok has no user @nobody; checking again in 300 s") == (
            "TikTok 上没有用户 @nobody；300 秒后再检查")
        assert reason_text("the TikTok process ended unexpectedly (exit code -9); retrying in 4.0 s") == (
            "TikTok 进程意外退出（退出码 -9）；4.0 秒后重试")
        assert reason_text("a failure nobody listed; retrying in 1.0 s") == "a failure nobody listed；1.0 秒后重试"
        assert reason_text("a failure nobody listed") == "a failure nobody listed"
    finally:
        translations.apply("en")
    assert reason_text("no message for 30 s") == "no message for 30 s"


def test_a_real_sources_reason_reaches_the_strip_in_chinese(qtbot, qapp):
    """An oba source pointed at a closed port: its own backoff reason, shown translated in the pill's tooltip."""
    url = f"ws://127.0.0.1:{free_port()}/ws"
    source = ObaSource(lambda events: None, url).start()
    try:
        deadline = time.monotonic() + 10
        while source.status.state is not SourceState.BACKOFF and time.monotonic() < deadline:
            time.sleep(0.05)
        status = source.status
    finally:
        source.stop()
    assert status.state is SourceState.BACKOFF, status
    report = SourceReport("oba", url, status.state.value, status.reason, 0.0, 0, status.since)

    translations = Translations(qapp)
    translations.apply("zh_CN")
    strip = SourceStatusStrip()
    qtbot.addWidget(strip)
    try:
        strip.watch(lambda: [report])
        tip = strip.pills[0].toolTip()
        assert tip.startswith(f"oba:{url}\n无法连接：") and "秒后重试" in tip, tip
        assert "cannot connect" not in tip and "retrying" not in tip
    finally:
        strip.watch(None)
        translations.apply("en")
