"""Whole conversations through /web/messages with the real Rasa, actions and app."""

import time

import httpx
import pytest
from sqlalchemy import select

from core.childcare.texts import TEXTS as CHILDCARE_TEXTS
from core.db import session_factory
from core.handover.texts import TEXTS as HANDOVER
from core.models import Message
from core.questionnaire.texts import TEXTS as COMMON
from core.training.texts import TEXTS as TRAINING_TEXTS
from tests.e2e.conftest import said

pytestmark = pytest.mark.e2e


def texts(messages):
    return " ".join(m["text"] for m in messages)


def payloads(messages):
    return {b["payload"] for m in messages for b in m.get("buttons", [])}


def test_french_conversation(person):
    p = person()
    greeting = p.say("bonjour")
    assert p.language == "fr"
    assert said("utter_greet", "fr") in texts(greeting)
    assert {"/faq_menu", "/request_human", "/choose_language"} <= payloads(greeting)
    assert said("utter_faq/article60", "fr") in texts(p.say("c'est quoi l'article 60 ?"))
    assert said("utter_bot_challenge", "fr") in texts(p.say("est-ce que tu es un robot ?"))
    childcare = texts(p.say("j'ai besoin d'une place en crèche pour mon bébé, je commence un travail"))
    # why is already said: echoed back to be confirmed or changed
    assert COMMON("fr", "opening_check", what=CHILDCARE_TEXTS("fr", "reason_job_start").lower()) in childcare
    assert CHILDCARE_TEXTS("fr", "stopped") in texts(p.say("annuler"))
    assert said("utter_thank", "fr") in texts(p.say("merci beaucoup"))
    assert p.language == "fr"


def test_dutch_conversation(person):
    p = person()
    assert said("utter_greet", "nl") in texts(p.say("goeiemiddag"))
    assert p.language == "nl"
    assert said("utter_faq/language_vouchers", "nl") in texts(
        p.say("hoe werken de taalcheques van actiris?"))
    training = p.say("ik wil een opleiding volgen")
    assert TRAINING_TEXTS("nl", "training_goal") in texts(training)
    assert "/choose" in " ".join(payloads(training))
    assert TRAINING_TEXTS("nl", "training_stopped") in texts(p.say("stop"))
    assert said("utter_goodbye", "nl") in texts(p.say("doei, tot later"))


def test_english_conversation_with_buttons(person):
    p = person("en")
    greeting = p.say("/greet")
    assert p.language == "en"
    assert said("utter_greet", "en") in texts(greeting)
    menu = p.say("/faq_menu")
    topic = next(b for m in menu for b in m["buttons"] if "epn" in b["payload"])
    assert said("utter_faq/epn", "en") in texts(p.say(topic["payload"]))
    asked = texts(p.say("I want to talk to a real person please"))
    assert HANDOVER("en", "queued", position="{p}", minutes=0).split("{p}")[0] in asked


def test_language_switch_on_request_and_by_button(person):
    p = person("fr")
    p.say("bonjour")
    assert p.language == "fr"
    switched = p.say("je préfère parler en néerlandais svp")
    assert p.language == "nl"
    assert said("utter_language_changed", "nl") in texts(switched)
    # A chosen language stays, even when the next message is French.
    p.say("d'accord merci")
    assert p.language == "nl"
    # A language button switches again.
    asked = p.say("/choose_language")
    assert {'/choose_language{"language": "en"}'} <= payloads(asked)
    assert said("utter_language_changed", "en") in texts(p.say('/choose_language{"language": "en"}'))
    assert p.language == "en"


def test_the_language_the_person_writes_in_wins_over_the_browser(person):
    p = person("en")
    answer = p.say("goeiedag, wat is artikel 60 eigenlijk?")
    assert p.language == "nl"
    assert said("utter_faq/article60", "nl") in texts(answer)


@pytest.mark.parametrize("language, text", [
    ("fr", "quel temps fera-t-il demain à Bruxelles ?"),
    ("nl", "wie wint de match van Anderlecht zondag?"),
    ("en", "can you tell me a good recipe for pancakes"),
])
def test_out_of_scope_and_fallback_offer_what_is_possible(person, language, text):
    p = person(language)
    answer = p.say(text)
    assert p.language == language
    assert texts(answer) in {said("utter_out_of_scope", language), said("utter_default", language)}
    assert "/faq_menu" in payloads(answer)


def test_rasa_stopped_mid_conversation(stack, person):
    p = person("nl")
    p.say("goeiedag")
    stack.stop_process("rasa")
    try:
        started = time.monotonic()
        apology = p.say("ik zoek een opleiding Nederlands")
        assert time.monotonic() - started < 10
        assert p.language == "nl"
        assert "opnieuw" in texts(apology)
    finally:
        stack.start_rasa()
    # Nothing was lost, and the conversation goes on.
    with session_factory(stack.database_url)() as db:
        stored = [m.text for m in db.scalars(select(Message).order_by(Message.id))]
    assert "ik zoek een opleiding Nederlands" in stored
    assert p.say("bedankt")
    assert p.language == "nl"


def test_rest_of_the_contract_on_the_live_app(stack):
    with httpx.Client(base_url=stack.app_url, timeout=10) as client:
        assert client.post("/web/messages", json={"session": "unknown", "text": "hi"}).status_code == 404
        token = client.post("/web/sessions").json()["session"]
        bad = client.post("/web/messages", json={"session": token, "text": "x" * 2001})
        assert bad.status_code == 422
        assert "2000" in bad.json()["detail"]
