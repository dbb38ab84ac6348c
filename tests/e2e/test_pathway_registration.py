"""Registering for the pathway for persons with a disability, through /web/messages with
the real Rasa server, action server and app, in French, Dutch and English; what the
person says about their health reaches neither Rasa's tracker nor the plain transcript."""

import httpx
import pytest
from sqlalchemy import select

from core.db import session_factory
from core.models import Message
from core.pathway.models import PathwayRegistration
from core.pathway.texts import TEXTS
from tests.e2e.conftest import payload, texts

pytestmark = pytest.mark.e2e

ASK = {"fr": "je voudrais m'inscrire au parcours pour les personnes handicapées",
       "nl": "ik wil me inschrijven voor het traject voor personen met een handicap",
       "en": "I want to register for the disability pathway"}
DETAILS = {"fr": "Je suis en fauteuil roulant depuis 2019",
           "nl": "Ik zit in een rolstoel sinds 2019",
           "en": "I have been in a wheelchair since 2019"}


def said(language, key, /, **arguments):
    return TEXTS(language, key, **arguments)


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_register_for_the_pathway(person, stack, pathway_keys, language):
    pathway_keys(stack.env["PATHWAY_KEYS"])  # to read what the app stored
    p = person(language)
    reply = p.say(ASK[language])
    assert said(language, "intro") in texts(reply) and said(language, "consent") in texts(reply)
    reply = p.say(payload(reply, '"yes"'))
    assert said(language, "for_whom") in texts(reply)
    helper = language == "nl"  # someone helping the person registers them
    reply = p.say(payload(reply, '"helper"' if helper else '"self"'))
    assert (said(language, "helper_note") in texts(reply)) is helper
    assert said(language, "first_name") in texts(reply)
    reply = p.say("Sara")
    reply = p.say("Janssens")
    assert said(language, "contact") in texts(reply)
    reply = p.say("0470 12")  # too short
    assert said(language, "contact_invalid") in texts(reply)
    reply = p.say("0471 98 76 54")
    reply = p.say(payload(reply, f'"{language}"'))
    reply = p.say(payload(reply, '"sms"'))
    reply = p.say(payload(reply, '"job_seeker"'))
    assert said(language, "needs") in texts(reply)
    reply = p.say(payload(reply, '"mobility"'))
    assert "[[sealed" not in texts(reply)
    reply = p.say(payload(reply, '"done"'))
    assert said(language, "details") in texts(reply)
    reply = p.say(DETAILS[language])
    reply = p.say(payload(reply, '"skip"'))
    reply = p.say(payload(reply, '"mornings"'))
    assert DETAILS[language] in texts(reply) and "+32471987654" in texts(reply)
    assert said(language, "confirm") in texts(reply)
    reply = p.say(payload(reply, '"yes"'))

    with session_factory(stack.database_url)() as s:
        registration = s.scalars(select(PathwayRegistration).where(
            PathwayRegistration.last_name == "Janssens", PathwayRegistration.language == language)).one()
        assert registration.support_details == DETAILS[language]
        assert registration.support_needs == ["mobility"] and registration.contact_channel == "sms"
        assert registration.registered_by == ("helper" if helper else "self")
        transcript = " ".join(m.text for m in s.scalars(
            select(Message).where(Message.conversation_id == registration.conversation_id)))
        conversation_id = registration.conversation_id
    assert said(language, "registered_helper" if helper else "registered", reference=registration.reference,
                channel=said(language, "channel_sms")) in texts(reply)
    assert "wheelchair" not in transcript and "rolstoel" not in transcript and "fauteuil" not in transcript
    response = httpx.get(f"{stack.rasa_url}/conversations/{conversation_id}/tracker",
                         params={"token": stack.rasa_token}, timeout=10)
    for private in ("wheelchair", "rolstoel", "fauteuil", "Janssens", "98 76 54", "+32471987654"):
        at = response.text.find(private)
        assert at < 0, response.text[max(0, at - 80):at + 80]
    said_to_rasa = [e["text"] for e in response.json()["events"] if e["event"] == "user"]
    assert said_to_rasa.count("/sealed") >= 12, "every answer after the consent went sealed"
    assert not any("mobility" in text for text in said_to_rasa), "nor which button was pressed"


def test_no_consent_stores_nothing(person, stack):
    p = person("nl")
    reply = p.say("/register_disability_pathway")
    reply = p.say(payload(reply, '"no"'))
    assert said("nl", "no_consent") in texts(reply)
    reply = p.say("hallo")
    assert "[[sealed" not in texts(reply) and said("nl", "first_name") not in texts(reply)
