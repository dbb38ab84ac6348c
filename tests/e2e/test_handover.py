"""A person asks for a counsellor, with the real Rasa server, action server and app (whose
counsellors answer at any hour: tests/fakes/offices_always_open.yml). While a counsellor
is asked for or answers, the assistant is silent and Rasa's tracker paused; the
counsellor's messages reach the person marked with their name; "assistant" brings the
assistant back, which greets the person again."""

import time

import httpx
import pytest
from sqlalchemy import select

from bot.texts import SYSTEM
from core import accounts
from core.db import session_factory
from core.handover import rules
from core.handover.models import Handover
from core.handover.texts import TEXTS
from core.i18n import translate
from core.models import Account, Conversation
from core.responses import RESPONSES
from tests.e2e.conftest import texts

pytestmark = pytest.mark.e2e

ASK = {"fr": "je voudrais parler à un conseiller s'il vous plaît",
       "nl": "kan ik met een medewerker spreken aub",
       "en": "I want to talk to a real person please"}


def queued_text(language: str) -> str:
    """The beginning of "A counsellor will answer you here …", before the place in the queue."""
    return TEXTS(language, "queued", position="{position}", minutes=0).split("{position}")[0]


def the_counsellor(stack, name: str) -> int:
    with session_factory(stack.database_url).begin() as s:
        account = accounts.create_account(s, name, "a long enough password", "counsellor")
        account.display_name = name.split("-")[0].capitalize()
        s.flush()
        return account.id


def handover_of(stack, conversation: str) -> Handover:
    with session_factory(stack.database_url)() as s:
        return s.scalars(select(Handover).where(Handover.conversation_id == conversation)
                         .order_by(Handover.id.desc())).first()


def conversation_id(stack, person) -> str:
    """The conversation of a web person: the one whose last message they just sent."""
    import hashlib

    with session_factory(stack.database_url)() as s:
        return s.scalars(select(Conversation.id).where(
            Conversation.external_id == hashlib.sha256(person.session.encode()).hexdigest())).one()


def notifications(person) -> dict:
    response = person.client.post("/web/notifications", json={"session": person.session})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_person_reaches_a_counsellor_and_comes_back_to_the_assistant(person, stack, language):
    p = person(language)
    p.say("bonjour" if language == "fr" else "hallo" if language == "nl" else "hello")
    response = p.client.post("/web/messages", json={"session": p.session, "text": ASK[language]}).json()
    assert queued_text(language) in texts(response["messages"])
    assert rules.BACK in {b["payload"] for m in response["messages"] for b in m["buttons"]}
    assert response["handover"] == "queued"
    me = conversation_id(stack, p)

    # While waiting, the assistant is silent and Rasa's tracker is paused.
    still_there = {"fr": "allô ? il y a quelqu'un ?", "nl": "hallo? is daar iemand?", "en": "hello? anyone there?"}
    silent = p.client.post("/web/messages", json={"session": p.session, "text": still_there[language]}).json()
    assert silent["messages"] == [] and silent["handover"] == "queued"
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{me}/tracker", params={"token": stack.rasa_token}).json()
    assert tracker["paused"] is True

    # A counsellor accepts and writes (as the console does).
    name = f"sara-{language}"
    account_id = the_counsellor(stack, name)
    with session_factory(stack.database_url).begin() as s:
        account = s.get_one(Account, account_id)
        taken = rules.accept(s, handover_of(stack, me).id, account)
        assert taken is not None
        rules.say(s, taken, account, "Bonjour, je regarde votre dossier.")
    told = notifications(p)
    assert told["handover"] == "human"
    assert [(m["sender"], m.get("name")) for m in told["messages"]] == [("assistant", None), ("counsellor", "Sara")]
    assert told["messages"][1]["text"] == "Bonjour, je regarde votre dossier."

    # "assistant": the assistant is back and greets again; Rasa answers the next message.
    back = p.say("assistant")
    assert TEXTS(language, "back_to_assistant") in texts(back)
    assert translate(language, RESPONSES["utter_greet"].text) in texts(back)
    assert handover_of(stack, me).status == "closed" and handover_of(stack, me).closed_by == "person"
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{me}/tracker", params={"token": stack.rasa_token}).json()
    assert tracker["paused"] is False
    again = p.client.post("/web/messages", json={"session": p.session, "text": "/faq_menu"}).json()
    assert again["messages"] and again.get("handover") is None


def test_a_counsellor_asked_for_in_the_middle_of_a_questionnaire(person, stack):
    p = person("en")
    reply = p.say("I want to test my skills")
    assert reply
    queued = p.client.post("/web/messages", json={"session": p.session, "text": "/request_human"}).json()
    assert queued_text("en") in texts(queued["messages"]) and queued["handover"] == "queued"
    back = p.say("back to the assistant")
    assert TEXTS("en", "resume_offer", what=TEXTS("en", "flow_assessment")) in texts(back)
    assert "/start_assessment" in {b["payload"] for m in back for b in m["buttons"]}


@pytest.mark.parametrize("language, instead, number", [("nl", "bel me terug", "0470 12 34 56"),
                                                       ("fr", "Rappelez-moi", "0486 11 22 33")])
def test_a_person_tired_of_waiting_asks_to_be_called_back_instead(person, stack, language, instead, number):
    p = person(language)
    p.say("hallo" if language == "nl" else "bonjour")
    unclear = {"nl": "mijn formulier C4 klopt niet", "fr": "mon formulaire C4 est faux"}[language]
    p.say(unclear)
    queued = p.client.post("/web/messages", json={"session": p.session, "text": ASK[language]}).json()
    assert queued["handover"] == "queued"
    me = conversation_id(stack, p)

    asked = p.client.post("/web/messages", json={"session": p.session, "text": instead}).json()
    assert TEXTS(language, "ask_contact") in texts(asked["messages"]) and asked.get("handover") is None
    thanks = p.say(number)
    assert any(m["text"].startswith(TEXTS(language, "callback_asked", contact="|", when="").split("|")[0])
               for m in thanks), texts(thanks)
    with session_factory(stack.database_url)() as s:
        mine = s.scalars(select(Handover).where(Handover.conversation_id == me).order_by(Handover.id)).all()
    assert [(h.kind, h.status) for h in mine] == [("chat", "closed"), ("callback", "queued")]
    assert mine[1].contact.startswith("+324") and mine[1].reason == unclear, "the counsellor sees why"


def test_on_telegram_the_counsellor_is_named_above_their_message(stack, telegram_api):
    from tests.e2e.push import chats
    from tests.e2e.test_telegram import TelegramPerson
    from tests.e2e.test_telegram import texts as telegram_texts

    client = httpx.Client(base_url=stack.app_url, timeout=30)
    p = TelegramPerson(client, telegram_api, chat_id=next(chats), language_code="fr")
    p.say("/start")
    reply = p.say("je veux parler à un conseiller")
    assert queued_text("fr") in telegram_texts(reply)
    account_id = the_counsellor(stack, "marie-telegram")
    with session_factory(stack.database_url).begin() as s:
        me = s.scalars(select(Conversation.id).where(Conversation.channel == "telegram",
                                                     Conversation.external_id == str(p.chat_id))).one()
        account = s.get_one(Account, account_id)
        taken = rules.accept(s, handover_of(stack, me).id, account)
        rules.say(s, taken, account, "Bonjour, c'est Marie.")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "Bonjour, c'est Marie." not in telegram_texts(p.recorded()):
        time.sleep(0.3)
    label = translate("fr", SYSTEM["counsellor"])
    assert f"Marie – {label}:\nBonjour, c'est Marie." in telegram_texts(p.recorded())
    back = p.say("assistant")  # typed, as people on Telegram do: the assistant is back and greets
    assert TEXTS("fr", "back_to_assistant") in telegram_texts(back)
    assert translate("fr", RESPONSES["utter_greet"].text) in telegram_texts(back)
    client.close()
