"""WhatsApp, through the app's webhook, with the real Rasa server, action server and app;
what the assistant sends goes to a fake Graph API on loopback that records it."""

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from core.assessment.texts import TEXTS as ASSESSMENT
from core.channels.models import ChannelEvent, Delivery
from core.childcare import content, reminders, rules
from core.conversations import pseudonym
from core.db import session_factory
from core.models import Conversation, Message, Notification, utcnow
from core.pathway.content import pathway_content
from core.pathway.models import PathwayRegistration
from core.pathway.texts import TEXTS as PATHWAY
from core.questionnaire.texts import TEXTS as COMMON
from tests.e2e.push import PushPerson, clients
from tests.fakes.graph_api import APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, outside_the_window
from tests.fakes.server import Call

pytestmark = pytest.mark.e2e

numbers = itertools.count(32470000001)
wamids = itertools.count(1)


def body(call: Call) -> str:
    """What the person reads of one message: its text, or the body of its buttons or list,
    or the words of a template."""
    p = call.params
    if p.get("type") == "text":
        return str(p["text"]["body"])
    if p.get("type") == "interactive":
        return str(p["interactive"]["body"]["text"])
    return " ".join(str(x["text"]) for c in p["template"]["components"] for x in c["parameters"])


def texts(calls: list[Call]) -> str:
    return "\n".join(body(c) for c in calls)


def choices(call: Call) -> list[dict[str, str]]:
    """The reply buttons or list rows of a message: [{"id", "title", "description"?}]."""
    interactive = call.params.get("interactive") or {}
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        return [b["reply"] for b in action["buttons"]]
    if interactive.get("type") == "list":
        return [row for section in action["sections"] for row in section["rows"]]
    return []


@dataclass
class WhatsAppPerson(PushPerson):
    wa_id: str = ""

    def to_me(self, call: Call) -> bool:
        return str(call.params.get("to")) == self.wa_id

    def delivery(self, message: dict[str, Any]) -> dict[str, Any]:
        return {"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{
            "field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "3225050505", "phone_number_id": PHONE_NUMBER_ID},
                "contacts": [{"profile": {"name": "Sara"}, "wa_id": self.wa_id}],
                "messages": [message]}}]}]}

    def message(self, kind: str, **content: Any) -> dict[str, Any]:
        return {"from": self.wa_id, "id": f"wamid.in{next(wamids):010d}", "timestamp": str(int(time.time())),
                "type": kind} | content

    def post(self, payload: dict[str, Any], secret: str | None = APP_SECRET) -> httpx.Response:
        raw = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Hub-Signature-256"] = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        return self.app.post("/whatsapp/webhook", content=raw, headers=headers)

    def send(self, message: dict[str, Any]) -> list[Call]:
        response = self.post(self.delivery(message))
        assert response.status_code == 200, response.text
        return self.replies()

    def say(self, text: str) -> list[Call]:
        return self.send(self.message("text", text={"body": text}))

    def press(self, title: str) -> list[Call]:
        """Press the reply button or list row ``title`` (its full title: a shortened one
        is its beginning, a list row's description the full one) of the latest message."""
        call = next(c for c in reversed(self.last) if choices(c))
        row = next(r for r in choices(call) if title in (r["title"], r.get("description"))
                   or (r["title"].endswith("…") and title.startswith(r["title"][:-1])))
        kind = "button_reply" if call.params["interactive"]["type"] == "button" else "list_reply"
        return self.send(self.message("interactive", interactive={"type": kind, kind: {
            "id": row["id"], "title": row["title"]}}))


@pytest.fixture
def staff_token(stack):
    """The headers of a counsellor signed in to the staff API."""
    from core import accounts

    name = f"counsellor-{next(numbers)}"
    with session_factory(stack.database_url).begin() as s:
        accounts.create_account(s, name, "a long enough password", "counsellor")
    token = httpx.post(f"{stack.app_url}/auth/token", data={"username": name, "password": "a long enough password"})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


@pytest.fixture
def whatsapp_person(stack, graph_api):
    make, close = clients(stack.app_url)
    yield lambda: WhatsAppPerson(make(), graph_api, wa_id=str(next(numbers)))
    close()


def conversation_of(stack, person: WhatsAppPerson) -> Conversation:
    with session_factory(stack.database_url)() as s:
        return s.scalars(select(Conversation).where(Conversation.channel == "whatsapp",
                                                    Conversation.external_id == person.wa_id)).one()


def test_meta_verifies_the_webhook_with_the_token(stack):
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    ok = httpx.get(f"{stack.app_url}/whatsapp/webhook", params=query | {"hub.verify_token": VERIFY_TOKEN})
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = httpx.get(f"{stack.app_url}/whatsapp/webhook", params=query | {"hub.verify_token": "guess"})
    assert wrong.status_code == 403


def test_a_whole_pathway_registration_in_dutch_with_buttons_and_list_rows(whatsapp_person, stack, pathway_keys):
    pathway_keys(stack.env["PATHWAY_KEYS"])
    p = whatsapp_person()
    reply = p.say("ik wil me inschrijven voor het traject voor personen met een handicap")
    assert PATHWAY("nl", "consent") in texts(reply)
    assert [c["title"] for c in choices(reply[-1])] == [PATHWAY("nl", "b_agree"), PATHWAY("nl", "b_no_thanks")]
    reply = p.press(PATHWAY("nl", "b_agree"))
    reply = p.press(PATHWAY("nl", "for_self"))
    assert PATHWAY("nl", "first_name") in texts(reply)
    p.say("Lotte")
    reply = p.say("Claes")
    assert PATHWAY("nl", "contact") in texts(reply)
    reply = p.say("0472 11 22 33")
    assert reply[-1].params["interactive"]["type"] == "list"  # fr, nl, en, another language
    reply = p.press("Nederlands")
    reply = p.press(PATHWAY("nl", "channel_chat"))
    reply = p.press(PATHWAY("nl", "situation_job_seeker"))
    assert PATHWAY("nl", "needs") in texts(reply) and reply[-1].params["interactive"]["type"] == "list"
    reply = p.press(pathway_content().needs["hearing"].get("nl"))
    reply = p.press(COMMON("nl", "b_done"))
    assert PATHWAY("nl", "details") in texts(reply)
    reply = p.say("Ik hoor slecht aan mijn linkeroor")
    reply = p.press(COMMON("nl", "b_skip"))
    reply = p.press(PATHWAY("nl", "availability_afternoons"))
    assert PATHWAY("nl", "confirm") in texts(reply) and "linkeroor" in texts(reply)
    reply = p.press(PATHWAY("nl", "b_register"))
    with session_factory(stack.database_url)() as s:
        registration = s.scalars(select(PathwayRegistration).where(PathwayRegistration.last_name == "Claes")).one()
        assert registration.support_needs == ["hearing"] and registration.contact_channel == "chat"
        assert registration.phone == "+32472112233" and registration.language == "nl"
        transcript = " ".join(s.scalars(select(Message.text).where(
            Message.conversation_id == registration.conversation_id)))
    assert registration.reference in texts(reply)
    assert "linkeroor" not in transcript


ASSESS = ("can u test my french pls", "yes", "no other language",
          ["yes", "a little", "no", "yes i can", "not really", "a bit"],
          ["on my own", "with help", "i don't know", "by myself", "very well"])


def test_a_skills_assessment_by_typing_only(whatsapp_person):
    opening, right, others, statements, tasks = ASSESS
    p = whatsapp_person()
    reply = texts(p.say(opening))
    assert COMMON("en", "opening_check", what="French") in reply
    reply = texts(p.say(right))
    assert ASSESSMENT("en", "other_languages") in reply
    reply = texts(p.say(others))
    for turn in range(20):
        if ASSESSMENT("en", "result_title") in reply:
            break
        sorry = COMMON("en", "invalid_choices", choices="").split("{")[0][:40]
        assert sorry not in reply
        answers = statements if ASSESSMENT("en", "cefr_prompt") in reply else tasks
        reply = texts(p.say(answers[turn % len(answers)]))
    assert ASSESSMENT("en", "result_title") in reply


def test_a_delivery_sent_twice_is_answered_once(whatsapp_person, stack):
    p = whatsapp_person()
    delivery = p.delivery(p.message("text", text={"body": "hallo"}))
    assert p.post(delivery).status_code == 200
    p.replies()
    assert p.post(delivery).status_code == 200
    assert p.nothing_more()
    with session_factory(stack.database_url)() as s:
        said_in = s.scalar(select(func.count()).select_from(Message).where(
            Message.conversation_id == conversation_of(stack, p).id, Message.direction == "in"))
    assert said_in == 1


@pytest.mark.parametrize("secret, status", [(None, 401), ("another-apps-secret", 403)])
def test_an_unsigned_or_forged_delivery_is_refused_and_nothing_is_stored(whatsapp_person, stack, secret, status):
    p = whatsapp_person()
    response = p.post(p.delivery(p.message("text", text={"body": "bonjour"})), secret=secret)
    assert response.status_code == status
    assert p.nothing_more(1)
    with session_factory(stack.database_url)() as s:
        assert s.scalar(select(func.count()).select_from(Conversation).where(
            Conversation.external_id == p.wa_id)) == 0


def test_a_voice_message_gets_told_what_the_assistant_can_read(whatsapp_person):
    from bot.texts import SYSTEM
    from core.i18n import translate

    p = whatsapp_person()
    p.say("Bonjour, je cherche une formation")
    reply = p.send(p.message("audio", audio={"id": "1234", "mime_type": "audio/ogg"}))
    assert texts(reply) == translate("fr", SYSTEM["only_text"])


def tomorrow_at(site: str = "molenbeek") -> tuple[date, date]:
    """(a day before an open day, that open day), a few days from now."""
    data = content.sites_content()
    day = date.today() + timedelta(days=5)
    while not rules.is_open(data.sites[site], day):
        day += timedelta(days=1)
    return day - timedelta(days=1), day


def book(stack, conversation_id: str, day: date, today: date) -> None:
    with session_factory(stack.database_url).begin() as s:
        result = rules.book(s, conversation_id, rules.Request(
            site="molenbeek", child_name="Ilyas", birth=today - timedelta(days=300), reason="job_start",
            first_day=day, last_day=day), today, content.sites_content(), language="nl")
        assert result.ok


def test_the_reminder_the_day_before_inside_and_outside_the_24_hours(whatsapp_person, stack, graph_api):
    inside, outside = whatsapp_person(), whatsapp_person()
    inside.say("hallo, ik heb een vraag")
    outside.say("hallo, ik heb een vraag")
    factory = session_factory(stack.database_url)
    with factory.begin() as s:  # the second person last wrote two days ago
        s.execute(update(Message).where(Message.conversation_id == conversation_of(stack, outside).id)
                  .values(created_at=utcnow() - timedelta(days=2)))
    today, day = tomorrow_at()
    book(stack, conversation_of(stack, inside).id, day, today)
    book(stack, conversation_of(stack, outside).id, day, today)

    assert reminders.run_once(factory, today) >= 2

    reminder = inside.replies()
    assert reminder[0].params["type"] in ("text", "interactive") and "Ilyas" in texts(reminder)
    template = outside.replies()[0].params
    assert template["type"] == "template"
    assert template["template"]["name"] == "herinnering_assistent"
    assert template["template"]["language"]["code"] == "nl_BE"
    assert "Ilyas" in body(outside.last[0]) and "\n" not in body(outside.last[0])
    with factory() as s:
        for p in (inside, outside):
            notification = s.scalars(select(Notification).where(
                Notification.conversation_id == conversation_of(stack, p).id)).one()
            assert notification.delivered_at is not None


def test_a_failed_delivery_is_recorded_and_shown_to_staff(whatsapp_person, stack, graph_api, staff_token):
    p = whatsapp_person()
    reply = p.say("hello")
    message_id = None
    with session_factory(stack.database_url)() as s:
        message_id = s.scalars(select(Delivery.message_id).where(
            Delivery.conversation_id == conversation_of(stack, p).id)).first()
    assert message_id and len(reply) >= 1
    status = {"id": message_id, "status": "failed", "timestamp": str(int(time.time())), "recipient_id": p.wa_id,
              "errors": [{"code": 131026, "title": "Message undeliverable"}]}
    payload = p.delivery({})
    payload["entry"][0]["changes"][0]["value"] = {"messaging_product": "whatsapp", "statuses": [status]}
    assert p.post(payload).status_code == 200
    failures = httpx.get(f"{stack.app_url}/api/channels/failures", headers=staff_token).json()
    mine = [f for f in failures["deliveries"] if f["person"] == pseudonym(conversation_of(stack, p).id)]
    assert mine and mine[0]["reason"] == "131026 Message undeliverable" and mine[0]["channel"] == "whatsapp"


def test_a_notification_whatsapp_refuses_fails_with_its_reason(whatsapp_person, stack, graph_api):
    p = whatsapp_person()
    p.say("hello there")
    conversation = conversation_of(stack, p)
    factory = session_factory(stack.database_url)
    with factory.begin() as s:
        s.execute(update(Message).where(Message.conversation_id == conversation.id)
                  .values(created_at=utcnow() - timedelta(days=2)))
        graph_api.force(p.to_me, outside_the_window())
        s.add(Notification(conversation_id=conversation.id, text="A place is free.", language="en"))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with factory() as s:
            notification = s.scalars(select(Notification).where(
                Notification.conversation_id == conversation.id)).one()
        if notification.failed_at is not None:
            break
        time.sleep(0.3)
    assert notification.failed_at is not None and "131047" in (notification.failure or "")
    assert notification.attempts == 1  # no retry: it cannot succeed later
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ChannelEvent).where(
            ChannelEvent.conversation_id == conversation.id)) == 1
