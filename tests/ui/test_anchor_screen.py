"""The anchor's screen (issue 19 point 2) on the sample show: follows the show alone, readable from 3 m."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QLabel

from console.anchor_view import live_stock
from console.audience.events import CommentEvent
from tests.ui.window_rig import console_window

#: On a 1080-line TV, the smallest text at least this high (≈ 2 cm on a 42" set: comfortable at 3 m).
MIN_TEXT_PX_AT_1080 = 45


def test_the_anchor_screen_follows_the_show_with_no_input(qtbot, tmp_path):
    with console_window(qtbot, tmp_path, start=True) as (window, panels):
        panels.anchor_action.trigger()
        screen = panels.anchor_screen
        assert screen is not None and screen.isVisible()
        assert screen.module_label.text() == panels.session.script.modules[0].title
        assert screen.next_module_label.text().endswith(panels.session.script.modules[1].title)
        first = screen.countdown.text()
        qtbot.waitUntil(lambda: screen.countdown.text() != first, timeout=5000)  # the clock moves it, nobody else
        assert not screen.product_card.isVisible()  # the opening sells nothing

        panels.clock.command("jump", "serum")
        qtbot.waitUntil(lambda: screen.module_label.text() == "修护精华液讲解", timeout=5000)
        assert screen.product_card.isVisible()
        assert screen.product_name.text() == "修护精华液 30ml"
        assert "¥249" in screen.product_price.text() and "¥299" in screen.product_price.text()
        # The live stock (the simulated audience may have bought one already): what the commerce ledger says.
        serum = next(product for product in panels.session.script.products if product.name == "修护精华液 30ml")
        qtbot.waitUntil(lambda: screen.product_stock.text() == f"Stock: {live_stock(panels.session, serum):,}",
                        timeout=5000)
        assert 400 < live_stock(panels.session, serum) <= 500  # the script's 500, less what sold since

        now = time.time()
        panels.bridge.comments.emit([(CommentEvent(now, "u1", "孕妇能用吗", "大熊"), None, ()),
                                     (CommentEvent(now, "u2", "主播好美", "小鹿"), None, ())])
        # The simulated audience asks too: the newest line is ours, the statement is not there.
        assert screen.questions_label.text().splitlines()[-1] == "大熊: 孕妇能用吗"
        assert "主播好美" not in screen.questions_label.text()

        # (the simulated audience may have raised a banned-word incident already: the stream is what we add)
        assert "推流中断" not in screen.incident_label.text() or not screen.incident_box.isVisible()
        panels.session.playbooks.runner.trigger("cpu-high", time.time())  # a warning opened first
        panels.session.playbooks.runner.trigger("stream-down", time.time())
        qtbot.waitUntil(lambda: screen.incident_box.isVisible() and "推流中断" in screen.incident_label.text(),
                        timeout=5000)
        # Critical first: nothing less severe above the stream's line (the fake OBS, slow on a loaded
        # machine, may have raised a critical incident of its own before it).
        lines = screen.incident_label.text().splitlines()
        stream = next(index for index, line in enumerate(lines) if line.startswith("⚠ 推流中断"))
        critical = {i.playbook.title for i in panels.session.playbooks.runner.open_incidents()
                    if i.playbook.severity == "critical"}
        assert all(line.removeprefix("⚠ ").split(" — ")[0] in critical for line in lines[:stream]), lines


def test_every_text_is_readable_from_three_metres_on_a_tv(qtbot, tmp_path):
    with console_window(qtbot, tmp_path, start=True) as (window, panels):
        screen = panels.open_anchor_screen()
        screen.resize(1920, 1080)
        qtbot.waitUntil(lambda: screen.height() == 1080)
        qtbot.wait(100)
        sizes = {label.objectName(): label.font().pixelSize() for label in screen.findChildren(QLabel)}
        assert min(sizes.values()) >= MIN_TEXT_PX_AT_1080, sizes
        assert sizes["anchorCountdown"] >= 0.2 * 1080
        assert screen.countdown.fontMetrics().horizontalAdvance(screen.countdown.text()) <= screen.countdown.width()
