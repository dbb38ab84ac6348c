"""The whole handover, with the real Rasa server, action server and app: a person on the
website asks for a counsellor; a counsellor signed in to the console in Chromium accepts,
sees what the assistant knows (the assessment level, the childcare booking), replies and
hands back; the person's next message is answered by the assistant again."""

import hashlib
import re
import uuid
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from core import accounts
from core.assessment.models import Assessment, AssessmentLanguage
from core.childcare import content, rules
from core.db import session_factory
from core.handover.models import Handover
from core.handover.texts import TEXTS
from core.models import Conversation
from tests.browser.conftest import DESKTOP, TIMEOUT
from tests.browser.test_counsellor_console import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def open_day(after: int = 6) -> date:
    day = date.today() + timedelta(days=after)
    while not rules.is_open(content.sites_content().sites["molenbeek"], day):
        day += timedelta(days=1)
    return day


def test_a_person_asks_a_counsellor_answers_and_hands_back(chromium_browser: Browser, stack):
    factory = session_factory(stack.database_url)
    web = httpx.Client(base_url=stack.app_url, timeout=30)
    session = web.post("/web/sessions", json={"language": "fr"}).json()["session"]

    def say(text: str) -> dict:
        response = web.post("/web/messages", json={"session": session, "text": text})
        assert response.status_code == 200, response.text
        return response.json()

    say("bonjour")
    with factory.begin() as s:  # what the assistant knows of the person already
        me = s.scalars(select(Conversation.id).where(
            Conversation.external_id == hashlib.sha256(session.encode()).hexdigest())).one()
        s.add(Assessment(conversation_id=me, question_set_version="1", language="fr", digital_level="intermediate",
                         result={"languages": {"nl": "A2"}, "digital": {"overall": "intermediate"}}, answers={},
                         languages=[AssessmentLanguage(language="nl", level="A2", rank=1)]))
        booked = rules.book(s, me, rules.Request(site="molenbeek", child_name="Salma", birth=date.today()
                                                 - timedelta(days=300), reason="interview", first_day=open_day(),
                                                 last_day=open_day()), date.today(), content.sites_content(), "fr")
        assert booked.ok
        reference = booked.booking.reference
    asked = say("je voudrais parler à un conseiller")
    assert asked["handover"] == "queued"
    assert TEXTS("fr", "queued", position="{p}", minutes=0).split("{p}")[0] in asked["messages"][0]["text"]
    with factory() as s:
        handover_id = s.scalars(select(Handover.id).where(Handover.conversation_id == me)).one()

    name = f"marie-{uuid.uuid4().hex[:6]}"
    with factory.begin() as s:
        accounts.create_account(s, name, PASSWORD, "counsellor").display_name = "Marie"
    context = chromium_browser.new_context(locale="fr-BE", viewport=DESKTOP, base_url=stack.app_url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        sign_in(page, name)
        page.locator(f'#queue-table tr[data-id="{handover_id}"] button').click()
        expect(page).to_have_url(re.compile(rf"/console/handovers/{handover_id}$"))
        # What the assistant knows: never asked again.
        expect(page.locator("main")).to_contain_text("néerlandais A2")
        expect(page.locator("main")).to_contain_text(reference)
        page.locator("#reply-text").fill("Bonjour, je suis Marie. Je vois votre réservation.")
        page.locator("#reply-form button[type=submit]").click()
        expect(page.locator("#messages .from-counsellor").last).to_contain_text("Je vois votre réservation")

        told = web.post("/web/notifications", json={"session": session}).json()
        assert told["handover"] == "human"
        assert ("counsellor", "Marie", "Bonjour, je suis Marie. Je vois votre réservation.") in [
            (m["sender"], m.get("name"), m["text"]) for m in told["messages"]]

        page.get_by_role("button", name="Rendre la main à l'assistant").click()
        expect(page.locator(".notice")).to_be_visible()
    finally:
        context.close()

    back = web.post("/web/notifications", json={"session": session}).json()
    assert back.get("handover") is None
    assert TEXTS("fr", "counsellor_closed", name="Marie") in [m["text"] for m in back["messages"]]
    again = say("je cherche une formation en informatique")
    assert again["messages"] and again.get("handover") is None, "the assistant answers again"
    web.close()
