"""What a person sees and hears of the widget: replies in view, a modal panel where it
covers the screen, a live region that reads each message once, names and states of the
buttons, the header's language control, no violation axe-core can find, and the widget
embedded on another site's page."""

from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from core.i18n import translate
from core.responses import RESPONSES
from tests.browser.conftest import (
    BOT,
    DESKTOP,
    INPUT,
    LAUNCHER,
    LIVE_CHOICE,
    LOG,
    PANEL,
    PHONE,
    SEND,
    TIMEOUT,
    USER,
    axe_violations,
    focus_is_inside_panel,
    in_shadow,
    open_and_wait_for_greeting,
    open_with_keyboard,
    type_message,
    wait_until_idle,
)
from tests.conftest import PARTNER_SITE

pytestmark = pytest.mark.browser

VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])

# The latest reply (the messages after the person's last one), measured where it scrolls.
MEASURE_REPLY = in_shadow("""
    const log = root.getElementById('assistant-log');
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(log).overflowY);
    const box = scrolls ? log : root.getElementById('assistant-panel');
    const view = box.getBoundingClientRect();
    const nodes = Array.from(log.children);
    let start = 0;
    nodes.forEach((node, i) => { if (node.classList.contains('user')) start = i + 1; });
    const reply = nodes.slice(start);
    const first = reply[0].getBoundingClientRect();
    const last = reply[reply.length - 1].getBoundingClientRect();
    const buttons = reply.flatMap(n => Array.from(n.querySelectorAll('button.choice:enabled')));
    return {
        top: Math.max(view.top, 0), bottom: Math.min(view.top + box.clientHeight, innerHeight),
        firstTop: first.top, height: last.bottom - first.top, messages: reply.length,
        buttons: buttons.map(b => { const r = b.getBoundingClientRect(); return [r.top, r.bottom]; }),
    };
""")


def assert_reply_in_view(page: Page) -> dict[str, Any]:
    """The reply's first line is visible; when the whole reply fits, so is every button."""
    reply = page.evaluate(MEASURE_REPLY)
    view = reply["bottom"] - reply["top"]
    assert reply["top"] - 1 <= reply["firstTop"] <= reply["bottom"] - 24, reply
    if reply["height"] <= view:
        assert reply["buttons"], "the reply offers no button"
        for top, bottom in reply["buttons"]:
            assert reply["top"] - 1 <= top and bottom <= reply["bottom"] + 1, reply
    return reply


# ---------------------------------------------------------------- replies in view


@VIEWPORTS
def test_the_buttons_of_a_reply_are_in_view(open_tab, viewport):
    page = open_tab(viewport)
    open_and_wait_for_greeting(page)
    greeting = assert_reply_in_view(page)
    assert len(greeting["buttons"]) >= 5  # the menu: every button fully visible

    type_message(page, "je cherche une formation en informatique")
    assert_reply_in_view(page)
    type_message(page, "c'est quoi un chèque langue ?")
    assert_reply_in_view(page)


def test_a_long_reply_is_shown_from_its_start(open_tab):
    page = open_tab({"width": 1280, "height": 560})
    open_and_wait_for_greeting(page)
    type_message(page, "qu'est-ce que l'article 60 ?")
    # What the pathway for persons with disabilities is, what is kept, and the consent.
    type_message(page, "je voudrais m'inscrire au parcours pour les personnes handicapées")
    reply = assert_reply_in_view(page)
    assert reply["height"] > reply["bottom"] - reply["top"], "this reply fits: not a long one"
    # Its beginning is at the top of the conversation, not scrolled away.
    assert reply["firstTop"] - reply["top"] <= 24, reply


# ---------------------------------------------------------------- the panel


def test_on_a_phone_the_panel_is_modal_and_keeps_the_focus(open_tab):
    page = open_tab(PHONE)
    open_and_wait_for_greeting(page)

    expect(page.locator(PANEL)).to_have_attribute("aria-modal", "true")
    assert page.evaluate("() => document.querySelector('main').inert")
    expect(page.locator(LAUNCHER)).to_be_hidden()
    for _ in range(30):
        page.keyboard.press("Tab")
        assert focus_is_inside_panel(page)
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        assert focus_is_inside_panel(page)

    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(page.locator(LAUNCHER)).to_be_focused()
    assert not page.evaluate("() => document.querySelector('main').inert")


def test_on_a_desktop_the_panel_leaves_the_page_usable_and_hides_the_launcher(open_tab):
    page = open_tab(DESKTOP)
    open_and_wait_for_greeting(page)

    expect(page.locator(LAUNCHER)).to_be_hidden()
    assert page.locator(PANEL).get_attribute("aria-modal") is None
    assert not page.evaluate("() => document.querySelector('main').inert")

    page.locator("#assistant-close").click()
    expect(page.locator(LAUNCHER)).to_be_visible()
    expect(page.locator(LAUNCHER)).to_be_focused()


def test_at_200_percent_zoom_the_panel_is_modal_and_the_conversation_keeps_its_height(open_tab):
    # 200 % zoom of a 1280×800 screen: a page of 640×400 CSS pixels.
    page = open_tab({"width": 640, "height": 400})
    open_and_wait_for_greeting(page)

    expect(page.locator(PANEL)).to_have_attribute("aria-modal", "true")
    height = page.locator(LOG).evaluate("log => log.clientHeight")
    assert height >= 200, f"the conversation is {height}px high of 400"
    assert_reply_in_view(page)


# ---------------------------------------------------------------- the live region

RECORD_MUTATIONS = in_shadow("""
    const log = root.getElementById('assistant-log');
    window.mutations = [];
    new MutationObserver(records => records.forEach(m => window.mutations.push({
        type: m.type, inLog: m.target === log, attribute: m.attributeName,
        added: Array.from(m.addedNodes).map(n => n.nodeType === 1 ? n.className : '#text'),
        removed: m.removedNodes.length,
    }))).observe(log, {childList: true, subtree: true, characterData: true, attributes: true});
""")


def text_changes(page: Page) -> tuple[list[str], list[dict[str, Any]]]:
    """What was added to the log (message by message), and any other change of its text."""
    records = page.evaluate("() => window.mutations")
    added = [name for m in records if m["type"] == "childList" and m["inLog"] for name in m["added"]]
    others = [m for m in records if m["type"] == "characterData"
              or (m["type"] == "childList" and (not m["inLog"] or m["removed"]))]
    return added, others


def test_the_log_gains_each_message_of_a_reply_once_and_nothing_else_changes(page: Page):
    open_and_wait_for_greeting(page)
    type_message(page, "je veux réserver une place à la crèche")
    type_message(page, "zxqw")
    page.evaluate(RECORD_MUTATIONS)

    # Not understood twice: sorry, a counsellor or stop, the question again.
    messages = type_message(page, "qwzx")

    assert len(messages) == 3, [m["text"] for m in messages]
    added, others = text_changes(page)
    assert added == ["assistant-message user"] + ["assistant-message bot"] * 3
    assert others == []
    # The "writing…" status lives outside the log; the log is never marked busy.
    assert page.locator(LOG).get_attribute("aria-busy") is None


# ---------------------------------------------------------------- names, states, languages


def test_choices_are_named_by_their_question_and_the_chosen_one_is_pressed(page: Page):
    open_and_wait_for_greeting(page)
    greeting = page.locator(BOT).nth(page.locator(BOT).count() - 1)
    group = greeting.locator(".assistant-choices")
    question = greeting.locator(".assistant-text").inner_text().strip().splitlines()[-1]
    expect(group).to_have_attribute("role", "group")
    expect(group).to_have_attribute("aria-label", question)

    language = greeting.locator("button.choice", has_text="Langue")
    language.click()
    expect(language).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    wait_until_idle(page)
    others = greeting.locator("button.choice:not(.chosen)")
    assert others.count() >= 4
    for i in range(others.count()):
        expect(others.nth(i)).to_have_attribute("aria-pressed", "false")

    # "Which language?": each language named in itself, marked when not the message's.
    asked = page.locator(BOT).last
    expect(asked).to_have_attribute("lang", "fr")
    assert asked.locator("button.choice", has_text="Français").get_attribute("lang") is None
    expect(asked.locator("button.choice", has_text="Nederlands")).to_have_attribute("lang", "nl")
    expect(asked.locator("button.choice", has_text="English")).to_have_attribute("lang", "en")
    # The person's own messages carry their language too.
    expect(page.locator(USER).last).to_have_attribute("lang", "fr")


def test_the_header_switches_the_language_from_the_keyboard(page: Page):
    open_and_wait_for_greeting(page)
    dutch = page.get_by_role("button", name="NL – Nederlands")
    expect(page.get_by_role("button", name="FR – Français")).to_have_attribute("aria-pressed", "true")
    page.evaluate(RECORD_MUTATIONS)

    dutch.focus()
    page.keyboard.press("Enter")

    expect(page.locator(BOT).last).to_have_attribute("lang", "nl", timeout=TIMEOUT)
    wait_until_idle(page)
    expect(page.locator(BOT).last).to_contain_text(translate("nl", RESPONSES["utter_language_changed"].text))
    expect(page.locator(PANEL)).to_have_attribute("lang", "nl")
    expect(page.locator(SEND)).to_have_text("Verzenden")
    expect(dutch).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="FR – Français")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(USER).last.locator(".assistant-text")).to_have_text("Nederlands")
    expect(page.locator(USER).last).to_have_attribute("lang", "nl")
    # Earlier messages are not rewritten in the new language: the log only gained messages.
    added, others = text_changes(page)
    assert added[0] == "assistant-message user" and set(added[1:]) == {"assistant-message bot"}
    assert others == []
    expect(page.locator(BOT).first).to_have_attribute("lang", "fr")


def test_the_header_switches_the_language_in_the_middle_of_a_questionnaire(page: Page):
    open_and_wait_for_greeting(page)
    asked = type_message(page, "je veux tester mes compétences")
    question = asked[-1]
    assert question["buttons"], asked

    page.get_by_role("button", name="EN – English").click()
    expect(page.locator(BOT).last).to_have_attribute("lang", "en", timeout=TIMEOUT)
    wait_until_idle(page)

    expect(page.locator(LOG)).to_contain_text(translate("en", RESPONSES["utter_language_changed"].text))
    # The same question again, in English, with the same answers to press.
    last = page.locator(BOT).last
    payloads = last.locator("button.choice:enabled").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('data-payload'))")
    assert payloads == [b["payload"] for b in question["buttons"]]
    assert last.locator(".assistant-text").inner_text() != question["text"]


def test_a_counsellors_message_shows_who_wrote_it(page: Page, stack):
    def from_a_counsellor(route: Route) -> None:
        # The real reply, as the handover will send it: the first message by a counsellor.
        response = route.fetch()
        body = response.json()
        body["messages"][0] |= {"sender": "counsellor", "name": "Marie"}
        route.fulfill(response=response, json=body)

    open_and_wait_for_greeting(page)
    page.route(stack.app_url + "/web/messages", from_a_counsellor)
    type_message(page, "bonjour")

    label = page.locator(".assistant-message.counsellor .assistant-who").last
    expect(label).to_have_text("Conseiller ou conseillère – Marie")
    assert label.bounding_box()["height"] >= 16  # shown, not only read
    assistant = page.locator(BOT).first.locator(".assistant-who")
    expect(assistant).to_have_class("assistant-who visually-hidden")


# ---------------------------------------------------------------- axe-core


@VIEWPORTS
def test_axe_finds_no_wcag_violation_in_any_state(open_tab, viewport):
    page = open_tab(viewport)
    assert axe_violations(page) == [], "closed"

    open_and_wait_for_greeting(page)
    assert axe_violations(page) == [], "open, greeting with buttons"

    type_message(page, "je cherche une formation")
    expect(page.locator(LIVE_CHOICE).first).to_be_visible()
    assert axe_violations(page) == [], "after a reply with buttons"

    page.get_by_role("button", name="EN – English").click()
    expect(page.locator(SEND)).to_have_text("Send", timeout=TIMEOUT)
    wait_until_idle(page)
    assert axe_violations(page) == [], "after a language switch"


# ---------------------------------------------------------------- on another site

PARTNER_PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
  <meta charset="utf-8">
  <title>Werk in Brussel</title>
  <style>
    * {{ font-size: 40px !important; color: rgb(255, 0, 0) !important; letter-spacing: 4px; }}
    button {{ background: rgb(255, 255, 0) !important; }}
  </style>
</head>
<body>
  <main>
    <p>Welkom op onze site.</p>
    <button class="assistant-launcher" type="button">Onze eigen knop</button>
    <div class="assistant-panel">Ons eigen blok</div>
  </main>
  <script src="{app}/static/widget.js" defer></script>
</body>
</html>
"""


def test_one_script_tag_embeds_the_widget_on_another_site_without_css_either_way(open_tab, stack):
    page = open_tab(DESKTOP, url=None)
    page.route(PARTNER_SITE + "/**", lambda route: route.fulfill(
        content_type="text/html", body=PARTNER_PAGE.format(app=stack.app_url)))
    page.goto(PARTNER_SITE + "/vacatures")

    launcher = page.locator(LAUNCHER)
    expect(launcher).to_be_visible(timeout=TIMEOUT)
    # The page's rules do not reach the widget …
    style = launcher.evaluate("b => { const s = getComputedStyle(b); return [s.fontSize, s.color]; }")
    assert 16 <= float(style[0].removesuffix("px")) <= 24 and style[1] == "rgb(255, 255, 255)", style
    # … and the widget's do not reach the page's elements that share its names.
    theirs = page.locator("main .assistant-panel").evaluate(
        "d => { const s = getComputedStyle(d); return [s.position, s.display]; }")
    assert theirs == ["static", "block"]
    their_button = page.locator("main .assistant-launcher").evaluate("b => getComputedStyle(b).borderRadius")
    assert their_button != "28px"

    # The page is Dutch: so is the widget; the conversation works from the other site.
    expect(launcher).to_have_text("Chat met de assistent voor werkzoekenden")
    open_with_keyboard(page)
    expect(page.locator(BOT).first).to_have_attribute("lang", "nl", timeout=TIMEOUT)
    wait_until_idle(page)
    page.locator(INPUT).fill("Ik zoek een opleiding")
    page.keyboard.press("Enter")
    expect(page.locator(USER).last).to_have_attribute("lang", "nl", timeout=TIMEOUT)
    wait_until_idle(page)


def test_the_demo_page_has_an_icon(page: Page, stack):
    icon = page.request.get(stack.app_url + "/favicon.ico")
    assert icon.ok and icon.headers["content-type"].startswith("image/")
