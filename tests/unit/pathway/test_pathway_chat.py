"""Registering for the pathway in the chat (core/pathway/questionnaire.py through
core/questionnaire), on a real database: consent first, skippable answers, corrections,
nothing half-saved, and no health data in plain text anywhere it is stored."""

import pytest
from sqlalchemy import func, select, text

from core import sealed
from core.models import FlowState, SealedText
from core.pathway.models import PathwayRegistration
from core.pathway.texts import TEXTS
from tests.chat import Chat

P = "pathway"


@pytest.fixture(autouse=True)
def keys(pathway_keys):
    return pathway_keys
SECRET = "I use a wheelchair and have epilepsy"


def said(language, key, /, **arguments):
    return TEXTS(language, key, **arguments)


def registering(sessions, language) -> Chat:
    """Someone who just asked to register: the questionnaire has started."""
    chat = Chat(sessions, language, "person")
    chat.start(P)
    return chat


def count(sessions, model):
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_consent_comes_first_and_a_no_stores_nothing(sessions):
    chat = registering(sessions, "fr")
    first = chat.ask(P)[0]
    assert first.text.startswith(said("fr", "intro")) and said("fr", "consent") in first.text
    assert [b["title"] for b in first.buttons] == [said("fr", "b_agree"), said("fr", "b_no_thanks")]
    assert chat.answer(P, "non").status == "done"
    assert chat.finish(P)[0].text == said("fr", "no_consent")
    assert count(sessions, PathwayRegistration) == 0 and count(sessions, FlowState) == 0


ENGLISH = ("yes", "For me", "Sara", "El Amrani", "0470 12 34 56", '/choose{"choice": "fr"}', "Text message",
           "Job seeker at Actiris", "Mobility", "Chronic illness", "That's all", SECRET,
           "Skip", "Mornings")


def test_a_registration_with_its_summary_and_reference(sessions):
    chat = registering(sessions, "en")
    chat.through(P, *ENGLISH)
    summary = chat.shown(P)
    for part in ("Sara El Amrani", "+32470123456", "Français", "Text message", "Mobility", SECRET,
                 said("en", "not_given"), said("en", "availability_mornings")):
        assert part in summary.text
    assert count(sessions, PathwayRegistration) == 0, "nothing stored before the confirmation"
    assert chat.answer(P, summary.buttons[0]["payload"]).status == "done"
    end = chat.finish(P)[0]
    with sessions() as s:
        registration = s.scalar(select(PathwayRegistration))
        assert registration.reference in end.text
        assert (registration.first_name, registration.phone, registration.contact_channel) == (
            "Sara", "+32470123456", "sms")
        assert registration.support_needs == ["mobility", "chronic_illness"]
        assert registration.support_details == SECRET and registration.accommodations is None
        assert registration.conversation_id == chat.id and registration.consent_at is not None
        assert registration.registered_by == "self"
    assert count(sessions, FlowState) == 0


def test_no_health_data_in_plain_text_in_the_database(sessions):
    chat = registering(sessions, "en")
    chat.through(P, *ENGLISH)
    with sessions() as s:  # the questionnaire's own state, before the confirmation
        raw = " ".join(str(v) for row in s.execute(text("SELECT * FROM flow_states")) for v in row)
        assert "wheelchair" not in raw and "chronic" not in raw
    chat.through(P, "yes")
    chat.finish(P)
    with sessions() as s:
        raw = " ".join(str(v) for row in s.execute(text("SELECT * FROM pathway_registrations")) for v in row)
        assert "wheelchair" not in raw and "chronic_illness" not in raw and "mobility" not in raw
        assert "mornings" not in raw, "nor the availability"


def test_an_answer_can_be_corrected_from_the_summary(sessions):
    chat = registering(sessions, "nl")
    chat.through(P, "ja", "Voor mezelf", "Sara", "Peeters", "sara@example.be", "Nederlands", "E-mail", "3",
                 "overslaan", "overslaan", "overslaan", "overslaan")
    assert chat.answer(P, said("nl", "b_correct")).status == "next"
    which = chat.ask(P)[0]
    assert which.text == said("nl", "correct_which")
    chat.through(P, said("nl", "field_contact"), "+32 2 505 14 11")
    channel = chat.ask(P)[0]
    assert channel.text == said("nl", "contact_channel"), "a new contact asks the way again"
    chat.through(P, said("nl", "channel_phone"))
    summary = chat.shown(P)
    assert "+3225051411" in summary.text and "sara@example.be" not in summary.text


def test_someone_helping_the_person_can_register_them(sessions):
    chat = registering(sessions, "fr")
    chat.through(P, "oui")
    question = chat.ask(P)[0]
    assert question.text == said("fr", "for_whom")
    assert [b["title"] for b in question.buttons] == [said("fr", "for_self"), said("fr", "for_helper")]
    outcome = chat.answer(P, said("fr", "for_helper"))
    assert outcome.messages[0].text == said("fr", "helper_note"), "the helper is told to answer for the person"
    chat.through(P, "Sara", "Peeters", "0470123456", "Français", "Appel téléphonique", "1", "passer",
                 "passer", "passer", "passer")
    assert f"{said('fr', 'field_for_whom')}: {said('fr', 'for_helper')}" in chat.shown(P).text
    chat.through(P, said("fr", "b_correct"), said("fr", "field_for_whom"), said("fr", "for_self"))
    assert f"{said('fr', 'field_for_whom')}: {said('fr', 'for_self')}" in chat.shown(P).text
    chat.through(P, said("fr", "b_correct"), said("fr", "field_for_whom"), said("fr", "for_helper"), "oui")
    end = chat.finish(P)[0]
    with sessions() as s:
        registration = s.scalar(select(PathwayRegistration))
        assert registration.registered_by == "helper"
    assert end.text == said("fr", "registered_helper", reference=registration.reference,
                            channel=said("fr", "channel_phone"))


@pytest.mark.parametrize("number, texts", [("0470 12 34 56", True), ("02 505 14 11", False),
                                            ("+33 6 12 34 56 78", True), ("+33 1 44 55 66 77", False)])
def test_text_messages_are_offered_only_for_a_mobile_number(sessions, number, texts):
    chat = registering(sessions, "en")
    chat.through(P, "yes", "For me", "Sara", "Peeters", number, "English")
    titles = [b["title"] for b in chat.ask(P)[0].buttons]
    assert said("en", "channel_phone") in titles and said("en", "channel_chat") in titles
    assert (said("en", "channel_sms") in titles) is texts
    if not texts:
        outcome = chat.answer(P, said("en", "channel_sms"))
        assert outcome.status == "invalid", "a landline cannot be chosen for text messages by typing either"


@pytest.mark.parametrize("answer", ["0470", "sara@", "call me maybe"])
def test_a_contact_that_is_not_one_is_asked_again_with_an_example(sessions, answer):
    chat = registering(sessions, "en")
    chat.through(P, "yes", "For me", "Sara", "Peeters")
    outcome = chat.answer(P, answer)
    assert outcome.status == "invalid" and outcome.messages[0].text == said("en", "contact_invalid")
    assert chat.ask(P)[0].text == said("en", "contact")


def test_stop_leaves_nothing_half_saved(sessions):
    chat = registering(sessions, "fr")
    chat.through(P, "oui", "Pour moi", "Sara", "Peeters", "0470123456", "Français", "1", "1", "Mobilité")
    assert chat.answer(P, "annuler").status == "stopped"
    assert chat.finish(P)[0].text == said("fr", "stopped")
    assert count(sessions, PathwayRegistration) == 0 and count(sessions, FlowState) == 0


def test_support_needs_can_be_taken_back_and_every_category_stays_offered(sessions):
    chat = registering(sessions, "en")
    chat.through(P, "yes", "For me", "Sara", "Peeters", "0470123456", "English", "Phone call", "I have a job",
                 "Sight", "Hearing", "Sight")
    question = chat.shown(P)
    assert question.text == said("en", "needs_more", chosen="Hearing")
    assert len(question.buttons) == 8, "7 categories and That's all: the buttons do not tell what was chosen"
    raw = chat.ask(P)[0].text
    assert "Hearing" not in raw and sealed.is_sealed(raw), "the text repeating answers is sealed"


def test_a_sealed_answer_reaches_the_questionnaire_and_is_then_forgotten(sessions):
    chat = registering(sessions, "en")
    with sessions.begin() as s:
        mark = sealed.seal_in(s, chat.id, "yes")
        assert mark == sealed.MARK and sealed.active(s, chat.id)
    with sessions.begin() as s:
        assert sealed.open_in(s, chat.id, mark) == "yes"
    assert count(sessions, SealedText) == 0


def test_the_languages_to_be_contacted_in_are_named_in_themselves(sessions):
    chat = registering(sessions, "fr")
    chat.through(P, "oui", "Pour moi", "Sara", "Peeters", "sara@example.be")
    question = chat.ask(P)[0]
    titles = {b["title"]: b.get("lang") for b in question.buttons}
    assert {"Français": None, "Nederlands": "nl", "English": "en"}.items() <= titles.items()
