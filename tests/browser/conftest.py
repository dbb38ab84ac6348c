"""The web widget in Debian's Chromium, against the real app and Rasa (the `stack` fixture).

The widget lives in a shadow root: Playwright's CSS selectors reach into it; scripts run
in the page reach it through ``HOST.shadowRoot``.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

TIMEOUT = 20_000  # ms
CHROMIUM = "/usr/bin/chromium"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

HOST = "#assistant-widget-host"
LAUNCHER = "#assistant-launcher"
PANEL = "#assistant-panel"
LOG = "#assistant-log"
INPUT = "#assistant-input"
SEND = "#assistant-send"
STATUS = "#assistant-status"
BOT = "#assistant-log .bot"
USER = "#assistant-log .user"
MESSAGES = "#assistant-log .bot, #assistant-log .user"
LIVE_CHOICE = "#assistant-log button.choice:enabled"

# What axe-core checks: WCAG 2.0, 2.1 and 2.2, levels A and AA (target-size needs wcag22aa).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            # Another site is simulated on loopback: no permission prompt for loopback calls.
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-features=LocalNetworkAccessChecks"],
        )
        yield browser
        browser.close()


def new_tab(browser: Browser, url: str | None, viewport: dict[str, int] = DESKTOP) -> Page:
    """A fresh tab (own sessionStorage, so a new conversation), on ``url`` when given."""
    context = browser.new_context(locale="fr-BE", viewport=viewport)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT)
    if url:
        tab.goto(url)
        expect(tab.locator(LAUNCHER)).to_be_visible(timeout=TIMEOUT)
    return tab


@pytest.fixture
def open_tab(chromium_browser: Browser, stack):
    """``open_tab(viewport)``: a fresh tab on the demo page; closed after the test."""
    tabs: list[Page] = []

    def make(viewport: dict[str, int] = DESKTOP, url: str | None = "") -> Page:
        tab = new_tab(chromium_browser, stack.app_url + "/" if url == "" else url, viewport)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.context.close()


@pytest.fixture
def page(open_tab) -> Page:
    return open_tab()


def open_with_keyboard(page: Page) -> None:
    page.locator(LAUNCHER).focus()
    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()


def wait_until_idle(page: Page) -> None:
    """The whole reply is shown: send button usable again, no 'writing…' status."""
    expect(page.locator(SEND)).to_be_enabled(timeout=TIMEOUT)
    expect(page.locator(STATUS)).to_have_text("", timeout=TIMEOUT)


def open_and_wait_for_greeting(page: Page) -> None:
    open_with_keyboard(page)
    expect(page.locator(BOT).first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(LIVE_CHOICE).first).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)


def type_message(page: Page, text: str) -> list[dict[str, Any]]:
    """Type ``text`` and send it; returns the messages of the reply once all are shown."""
    with page.expect_response(lambda r: r.url.endswith("/web/messages")) as answer:
        page.locator(INPUT).fill(text)
        page.keyboard.press("Enter")
    messages: list[dict[str, Any]] = answer.value.json()["messages"]
    wait_until_idle(page)
    return messages


def in_shadow(script: str) -> str:
    """A page function whose body sees ``root``, the widget's shadow root."""
    return f"() => {{ const root = document.querySelector('{HOST}').shadowRoot; {script} }}"


def focus_is_inside_panel(page: Page) -> bool:
    return bool(page.evaluate(in_shadow(
        "const active = root.activeElement;"
        "return !!active && root.getElementById('assistant-panel').contains(active);"
    )))


def axe_violations(page: Page) -> list[str]:
    """WCAG 2.2 A/AA violations axe-core finds on the whole page, one line each."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]
