"""The counsellor console in Debian's Chromium, against the running app (the `stack` fixture,
whose counsellors answer at any hour): keyboard only, live updates, no axe-core violation."""

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from core import accounts, conversations
from core.db import session_factory
from core.handover import rules
from core.handover.content import offices_content
from core.handover.models import Handover
from core.models import Account, Conversation
from core.settings import get_settings
from tests.browser.conftest import DESKTOP, TIMEOUT, axe_violations
from tests.conftest import ALWAYS_OPEN

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"


@pytest.fixture
def db(stack, monkeypatch) -> Iterator[sessionmaker[Session]]:
    """The stack's database; requests for a counsellor made here are queued at any hour too."""
    monkeypatch.setenv("OFFICES_FILE", str(ALWAYS_OPEN))
    get_settings.cache_clear()
    offices_content.cache_clear()
    factory = session_factory(stack.database_url)
    yield factory
    factory.kw["bind"].dispose()
    monkeypatch.delenv("OFFICES_FILE")
    get_settings.cache_clear()
    offices_content.cache_clear()


@pytest.fixture
def username(db) -> str:
    """A counsellor account (shown to people as "Anna")."""
    name = f"anna-{uuid.uuid4().hex[:8]}"
    with db.begin() as s:
        accounts.create_account(s, name, PASSWORD, "counsellor").display_name = "Anna"
    return name


@pytest.fixture
def tab(chromium_browser: Browser, stack) -> Iterator[Page]:
    context = chromium_browser.new_context(locale="fr-BE", viewport=DESKTOP, base_url=stack.app_url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def ask_for_a_counsellor(db: sessionmaker[Session], reason: str = "Je cherche un travail de cuisinier",
                         language: str = "fr") -> tuple[int, str]:
    """A person on the website waits for a counsellor: (handover id, conversation id)."""
    with db.begin() as s:
        conversation = conversations.create(s, "web", uuid.uuid4().hex)
        conversation.language = language
        conversations.record(s, conversation, direction="in", sender="user", text=reason, language=language)
        asked = rules.ask(s, conversation.id, language, reason)
        assert asked.handover is not None
        return asked.handover.id, conversation.id


def tab_to(page: Page, target: Locator, limit: int = 200) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def sign_in(page: Page, username: str) -> None:
    page.goto("/console/login")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/console$"))


def test_keyboard_only_sign_in_accept_reply_and_hand_back(tab: Page, db, username):
    handover_id, conversation_id = ask_for_a_counsellor(db)
    tab.goto("/console/login")

    tab_to(tab, tab.locator("#username"))
    tab.keyboard.type(username)
    tab.keyboard.press("Tab")
    expect(tab.locator("#password")).to_be_focused()
    tab.keyboard.type(PASSWORD)
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Personnes qui attendent un conseiller")

    accept = tab.locator(f'#queue-table tr[data-id="{handover_id}"] button')
    tab_to(tab, accept)
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(re.compile(rf"/console/handovers/{handover_id}$"))
    messages = tab.locator("#messages")
    expect(messages).to_contain_text("Je cherche un travail de cuisinier")
    expect(messages).to_contain_text("Anna est là et lit vos messages.")

    tab_to(tab, tab.locator("#reply-text"))
    tab.keyboard.type("Bonjour, je regarde votre dossier.")
    tab_to(tab, tab.locator("#reply-form button[type=submit]"))
    tab.keyboard.press("Enter")
    expect(tab.locator("#messages .from-counsellor").last).to_contain_text("Bonjour, je regarde votre dossier.")
    expect(tab.locator("#reply-text")).to_be_focused()
    expect(tab.locator("#reply-text")).to_have_value("")

    # What the person writes meanwhile appears without a reload, in their language.
    with db.begin() as s:
        conversations.record(s, s.get_one(Conversation, conversation_id), direction="in", sender="user",
                             text="Merci, j'attends.", language="fr")
    written = tab.locator("#messages .from-user").last
    expect(written).to_contain_text("Merci, j'attends.", timeout=TIMEOUT)
    expect(written.locator(".text")).to_have_attribute("lang", "fr")

    tab_to(tab, tab.get_by_role("button", name="Rendre la main à l'assistant"))
    tab.keyboard.press("Enter")
    expect(tab.locator(".notice")).to_have_text("La conversation est revenue à l'assistant.")
    with db() as s:
        assert s.get_one(Conversation, conversation_id).mode == "bot"
        assert s.get_one(Handover, handover_id).status == "closed"


def test_no_wcag_violations_on_the_login_page_the_queue_and_a_conversation(tab: Page, db, username):
    handover_id, _ = ask_for_a_counsellor(db, "Ik zoek een opleiding Nederlands", "nl")
    tab.goto("/console/login")
    assert axe_violations(tab) == []

    tab.get_by_label("Nom d'utilisateur").fill(username)
    tab.get_by_label("Mot de passe").fill("not the password")
    tab.get_by_role("button", name="Se connecter").click()
    expect(tab.get_by_role("alert")).to_be_focused()
    assert axe_violations(tab) == []

    sign_in(tab, username)
    expect(tab.locator(f'#queue-table tr[data-id="{handover_id}"]')).to_be_visible()
    assert axe_violations(tab) == []

    tab.locator(f'#queue-table tr[data-id="{handover_id}"] button').click()
    expect(tab.locator("#messages")).to_contain_text("Ik zoek een opleiding Nederlands")
    expect(tab.locator("#messages .from-user .text").first).to_have_attribute("lang", "nl")
    expect(tab.locator(".ready-list button span[lang=nl]").first).to_contain_text("Anna")
    assert axe_violations(tab) == []

    tab.locator("#reply-form button[type=submit]").click()  # nothing written: the error is announced
    expect(tab.get_by_role("alert")).to_contain_text("Écrivez un message avant de l'envoyer.")
    expect(tab.get_by_role("alert")).to_be_focused()
    expect(tab.locator("#reply-text")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(tab) == []

    tab.goto("/console?lang=en")
    expect(tab.locator("html")).to_have_attribute("lang", "en")
    expect(tab.get_by_role("heading", level=1)).to_have_text("People waiting for a counsellor")
    assert axe_violations(tab) == []


def test_the_queue_updates_live(tab: Page, db, username):
    sign_in(tab, username)
    tab.evaluate("() => { window.notReloaded = true; }")
    count = tab.locator("#queue-count")
    before = count.inner_text()
    handover_id, _ = ask_for_a_counsellor(db, "Question sur le chômage temporaire")

    row = tab.locator(f'#queue-table tr[data-id="{handover_id}"]')
    expect(row).to_be_visible(timeout=TIMEOUT)
    expect(row.locator('[data-field="reason"]')).to_have_text("Question sur le chômage temporaire")
    expect(row.locator('[data-field="reason"]')).to_have_attribute("lang", "fr")
    expect(count).not_to_have_text(before)  # said in the polite status region
    expect(count).to_contain_text("attend")
    expect(count).to_have_attribute("role", "status")
    assert tab.evaluate("() => window.notReloaded") is True, "no reload"

    # Taken by a colleague: it leaves the queue, live too.
    with db.begin() as s:
        colleague = accounts.create_account(s, f"ben-{uuid.uuid4().hex[:8]}", PASSWORD, "counsellor")
        assert rules.accept(s, handover_id, s.get_one(Account, colleague.id)) is not None
    expect(row).to_have_count(0, timeout=TIMEOUT)
    assert tab.evaluate("() => window.notReloaded") is True
