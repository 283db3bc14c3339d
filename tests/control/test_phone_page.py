"""The phone remote in a real browser: Debian's Chromium, headless, at phone size, driven by Selenium
(issue 18 points 2 and 5).

The page is opened once with the token in its fragment, as the operator's
link has it; it keeps a cookie and drops the token from the address. A tap on
"next" must change the module in the console; a dropped server must show as
stale and the page must come back by itself when the server does.

``LIVEROOM_SAVE_SCREENSHOTS=1`` also writes the page, in English and Chinese,
to docs/screenshots/ (docs/control-surface.md shows them).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from console.control.server import ControlServer
from console.obs.client import ObsClient
from console.obs.model import ConnectionState
from tests.control.test_api import _running

pytestmark = [pytest.mark.obs, pytest.mark.keyring]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PHONE = {"width": 390, "height": 844, "pixelRatio": 2}
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


@pytest.fixture()
def browser():
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        pytest.fail("Chromium and its driver are missing: apt-get install chromium chromium-driver", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US",
                     f"--window-size={PHONE['width']},{PHONE['height']}"):
        options.add_argument(argument)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _until(predicate, timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out: {what}"
        time.sleep(0.05)


def _text(driver, element_id: str) -> str:
    return driver.find_element("id", element_id).text


def _stale(driver) -> bool:
    return "stale" in (driver.find_element("tag name", "body").get_attribute("class") or "")


def test_the_phone_remote_shows_the_show_drives_it_and_recovers_from_a_dropped_server(controlled, browser,
                                                                                        obs_sandbox):
    client = ObsClient(obs_sandbox.url, obs_sandbox.password).start()
    try:
        assert client.wait_for_state(ConnectionState.OK, timeout=10)
        show = controlled(obs=client)
        _running(show)
        browser.get(f"{show.url}/remote#token={show.token}")
        _until(lambda: _text(browser, "module") == "开场", what="the module on the page")
        # The token left the address bar for a cookie.
        assert "token" not in browser.current_url
        assert any(cookie["name"] == "liveroom_control" for cookie in browser.get_cookies())
        # The countdown counts down.
        first = _text(browser, "countdown")
        assert first.startswith("0:5") or first == "1:00", first
        _until(lambda: _text(browser, "countdown") != first, timeout=3, what="the countdown to move")
        assert not _stale(browser)
        cameras = browser.find_elements("css selector", "#cameras button")
        assert [button.text.split("\n", 1)[1] for button in cameras] == list(client.snapshot.scenes)[:9]
        assert "欢迎来到直播间" in _text(browser, "cue")
        if os.environ.get("LIVEROOM_SAVE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(SCREENSHOTS / "control-phone-en.png"))
            browser.find_element("id", "lang").click()
            _until(lambda: "下一环节" in _text(browser, "next-button"), what="the Chinese page")
            browser.save_screenshot(str(SCREENSHOTS / "control-phone-zh.png"))
            browser.find_element("id", "lang").click()

        # A tap on "next" changes the module in the console.
        browser.find_element("id", "next-button").click()
        _until(lambda: show.session.runtime.run_of_show.current_module.id == "product", what="the console's module")
        _until(lambda: _text(browser, "module") == "精华液讲解", what="the page to follow")
        assert show.commands()[-1] == ("next", "api")

        # The server goes away: the page says so at once.
        server = show.control.server
        host, port = server.address
        server.stop()
        _until(lambda: _stale(browser), timeout=5, what="the page to show stale")
        assert _text(browser, "stale")
        if os.environ.get("LIVEROOM_SAVE_SCREENSHOTS") == "1":
            browser.save_screenshot(str(SCREENSHOTS / "control-phone-stale-en.png"))
        # It comes back on the same address: the page reconnects by itself.
        show.control.server = ControlServer(show.control.surface, show.token, host, port).start()
        _until(lambda: not _stale(browser), timeout=15, what="the page to reconnect")
        assert _text(browser, "module") == "精华液讲解"
        browser.find_element("id", "next-button").click()
        _until(lambda: show.session.runtime.run_of_show.current_module.id == "closing", what="next after recovery")
    finally:
        client.stop()


def test_the_page_without_the_token_asks_for_the_link(controlled, browser):
    show = controlled()
    browser.get(f"{show.url}/remote")
    _until(lambda: "login" in (browser.find_element("tag name", "body").get_attribute("class") or ""),
           what="the login notice")
    assert "token" in _text(browser, "login")
