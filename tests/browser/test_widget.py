"""The web widget in Debian's Chromium, against the real app and Rasa (the `stack` fixture).

Each test asserts what a person notices: texts, focus, disabled buttons, languages.
The assistant answers through a real NLU model, hence the generous timeouts.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    BOT,
    INPUT,
    LAUNCHER,
    LOG,
    MESSAGES,
    PANEL,
    SEND,
    STATUS,
    TIMEOUT,
    USER,
    open_and_wait_for_greeting,
    open_with_keyboard,
    wait_until_idle,
)

pytestmark = pytest.mark.browser


def test_keyboard_opens_and_assistant_greets_in_french(page: Page):
    open_with_keyboard(page)

    expect(page.locator(INPUT)).to_be_focused()
    greeting = page.locator(BOT).first
    expect(greeting).to_be_visible(timeout=TIMEOUT)
    expect(greeting).to_have_attribute("lang", "fr")
    expect(greeting.locator("button.choice").first).to_be_visible(timeout=TIMEOUT)
    expect(greeting.locator("button.choice").first).to_be_enabled()
    # "/greet" is a command, not something the person said.
    expect(page.locator(USER)).to_have_count(0)
    expect(page.locator(LOG)).not_to_contain_text("/greet")
    expect(page.locator(INPUT)).to_be_focused()


def test_typed_english_message_gets_an_english_reply(page: Page):
    open_and_wait_for_greeting(page)
    bots_before = page.locator(BOT).count()

    page.locator(INPUT).fill("I need help with my cv please, what can you do")
    page.keyboard.press("Enter")

    expect(page.locator(USER).last).to_contain_text("I need help with my cv please")
    expect(page.locator(INPUT)).to_have_value("")
    expect(page.locator(BOT).nth(bots_before)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(BOT).last).to_have_attribute("lang", "en", timeout=TIMEOUT)
    wait_until_idle(page)
    # The widget's own controls follow the person's language.
    expect(page.locator(PANEL)).to_have_attribute("lang", "en", timeout=TIMEOUT)
    expect(page.locator(SEND)).to_have_text("Send", timeout=TIMEOUT)


def test_pressing_a_choice_sends_it_and_disables_the_choices(page: Page):
    open_and_wait_for_greeting(page)
    bots = page.locator(BOT)
    bots_before = bots.count()
    index = bots.evaluate_all(
        "els => els.map(e => !!e.querySelector('button.choice:not([disabled])')).lastIndexOf(true)"
    )
    assert index >= 0, "the greeting offers no choice"
    message = bots.nth(index)
    choice = message.locator("button.choice").first
    title = choice.inner_text().strip()

    choice.focus()
    page.keyboard.press("Enter")

    expect(choice).to_be_disabled(timeout=TIMEOUT)
    expect(page.locator(USER).last).to_contain_text(title)
    expect(bots.nth(bots_before)).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    choices = message.locator("button.choice")
    for i in range(choices.count()):
        expect(choices.nth(i)).to_be_disabled()
    # The payload itself (e.g. "/start_assessment") is never shown.
    expect(page.locator(LOG)).not_to_contain_text("/start_")


def test_escape_closes_and_focus_returns_to_launcher(page: Page):
    open_with_keyboard(page)
    expect(page.locator(INPUT)).to_be_focused()

    page.keyboard.press("Escape")

    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_be_focused()
    expect(page.locator(LAUNCHER)).to_have_attribute("aria-expanded", "false")


def test_reload_keeps_the_conversation(page: Page):
    open_and_wait_for_greeting(page)
    bots_before = page.locator(BOT).count()
    page.locator(INPUT).fill("bonjour, je cherche une formation")
    page.keyboard.press("Enter")
    expect(page.locator(BOT).nth(bots_before)).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    page.wait_for_timeout(500)  # let a possible further message of the reply arrive
    wait_until_idle(page)
    count = page.locator(MESSAGES).count()
    first_text = page.locator(BOT).first.inner_text()
    assert count >= 3

    page.reload()
    expect(page.locator(LAUNCHER)).to_be_visible(timeout=TIMEOUT)
    open_with_keyboard(page)

    expect(page.locator(MESSAGES)).to_have_count(count)
    expect(page.locator(USER).last).to_contain_text("je cherche une formation")
    assert page.locator(BOT).first.inner_text() == first_text
    # No second greeting: the same conversation continues.
    page.wait_for_timeout(1000)
    expect(page.locator(MESSAGES)).to_have_count(count)


def test_log_is_a_polite_live_region_and_bot_messages_have_a_language(page: Page):
    open_and_wait_for_greeting(page)
    log = page.locator(LOG)

    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_have_attribute("aria-label", "Conversation")
    expect(page.locator(PANEL)).to_have_attribute("role", "dialog")
    expect(page.locator(STATUS)).to_have_attribute("role", "status")
    expect(page.locator(INPUT)).to_have_attribute("maxlength", "2000")
    languages = page.locator(BOT).evaluate_all("els => els.map(e => e.getAttribute('lang'))")
    assert languages, "no bot message"
    assert all(lang in {"fr", "nl", "en"} for lang in languages), languages
