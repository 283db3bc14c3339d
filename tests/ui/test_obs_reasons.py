"""The connection bar says why OBS is in its state in the operator's language (the core's reasons are English)."""

from __future__ import annotations

from console.obs.connection import CLOSE_AUTHENTICATION_FAILED, CLOSE_REASONS, CLOSE_SESSION_INVALIDATED
from ui.i18n import Translations
from ui.panels.obs_reasons import reason_text


def test_known_reasons_are_translated_with_their_variable_parts_kept(qapp):
    translations = Translations(qapp)
    translations.apply("zh_CN")
    try:
        assert reason_text("OBS closed the connection") == "OBS 关闭了连接"
        assert reason_text("connecting to ws://127.0.0.1:4455") == "正在连接 ws://127.0.0.1:4455"
        assert reason_text("connection lost: [Errno 104] Connection reset by peer") == (
            "连接中断：[Errno 104] Connection reset by peer")
        assert reason_text("OBS closed the connection (code 1006)") == "OBS 关闭了连接（代码 1006）"
        assert reason_text("connected to OBS 29.0.2 at ws://127.0.0.1:4455") == "已连接 OBS 29.0.2（ws://127.0.0.1:4455）"
        for code in (CLOSE_AUTHENTICATION_FAILED, CLOSE_SESSION_INVALIDATED):  # the ones the operator acts on
            assert reason_text(CLOSE_REASONS[code]) != CLOSE_REASONS[code]
        assert reason_text("a failure nobody listed") == "a failure nobody listed"
    finally:
        translations.apply("en")
    assert reason_text("OBS closed the connection") == "OBS closed the connection"
