"""The training search as a person goes through it (core/training/questionnaire.py), on a real database."""

import pytest

from core.assessment.models import Assessment, AssessmentLanguage
from core.questionnaire import engine
from core.training import catalogue
from core.training import questionnaire as search
from core.training.content import catalogue_file
from core.training.texts import TEXTS
from tests.chat import Chat

T = "training"
COMMON_GOALS = {language: TEXTS(language, "goal_digital") for language in ("fr", "nl", "en")}


@pytest.fixture(autouse=True)
def modules(sessions):
    """The catalogue of content/modules.yml, in the database."""
    with sessions.begin() as s:
        catalogue.sync_catalogue(s, catalogue_file()[1])


def state(chat, flow):
    with chat.sessions() as s:
        return engine.stored_state(s, chat.id, flow)


def test_training_search_without_assessment_asks_the_level(sessions):
    chat = Chat(sessions, "fr")
    assert chat.start(T) == []
    goal = chat.ask(T)[0]
    assert goal.text == TEXTS("fr", "training_goal")
    assert chat.answer(T, "néerlandais").status == "next"
    assert chat.ask(T)[0].text == TEXTS("fr", "training_level_language", language="néerlandais")
    assert chat.answer(T, "A2").status == "next"
    assert chat.ask(T)[0].text == TEXTS("fr", "training_format")
    assert chat.answer(T, "2").status == "next"  # in a classroom
    assert chat.answer(T, "Paris").status == "invalid"
    assert chat.answer(T, "j'habite à Anderlecht").status == "done"
    shown = chat.finish(T)[0]
    assert shown.text.startswith(TEXTS("fr", "training_results"))
    assert shown.text.count("\n1. ") == 1 and "\n3. " in shown.text
    assert "A2" in shown.text and "néerlandais" in shown.text
    payloads = [b["payload"] for b in shown.buttons]
    assert payloads[:3] == [p for p in payloads if p.startswith("/training_details")]
    assert "/training_more" in payloads and "/find_training" in payloads
    # more, then details
    with sessions.begin() as s:
        more = search.more(s, chat.id, "fr")[0]
    assert "\n4. " in more.text
    key = payloads[0].split('"module": "')[1].split('"')[0]
    with sessions.begin() as s:
        detail = search.details(s, chat.id, key, "fr")[0]
    module = catalogue_file()[1][key]
    assert module.title.fr in detail.text and str(module.link) in detail.text


def test_training_after_an_assessment_does_not_ask_the_level_again(sessions):
    chat = Chat(sessions, "en")
    with sessions.begin() as s:
        s.add(Assessment(conversation_id=chat.id, question_set_version="1", result={
            "languages": {"fr": "B1"}, "other_languages": [],
            "digital": {"areas": {}, "overall": None, "strongest": None, "weakest": None}},
            answers={}, languages=[AssessmentLanguage(language="fr", level="B1", rank=2)]))
    chat.start(T)
    chat.answer(T, "French")
    assert chat.ask(T)[0].text == TEXTS("en", "training_format")
    chat.answer(T, "online")
    shown = chat.finish(T)[0]
    assert "Your French is B1; this course takes you to B2." in shown.text


def test_stopping_a_training_search(sessions):
    chat = Chat(sessions, "nl")
    chat.start(T)
    assert chat.answer(T, "stoppen").status == "stopped"
    assert chat.finish(T)[0].text == TEXTS("nl", "training_stopped")
    assert state(chat, T) is None


@pytest.mark.parametrize("language, opening, subject", [
    ("fr", "je voudrais apprendre le néerlandais, vous avez des cours ?", "néerlandais"),
    ("nl", "ik wil Engels leren, hebben jullie cursussen?", "Engels"),
    ("en", "I want to learn Dutch, what courses are there?", "Dutch"),
    ("fr", "je cherche un cours d'informatique", COMMON_GOALS["fr"]),
])
def test_what_the_opening_message_says_is_echoed_not_asked(sessions, language, opening, subject):
    chat = Chat(sessions, language)
    chat.start(T, opening)
    check = chat.ask(T)[0]
    assert subject.lower() in check.text.lower()
    assert chat.answer(T, {"fr": "oui", "nl": "ja", "en": "yes"}[language]).status == "next"
    assert chat.ask(T)[0].text != TEXTS(language, "training_goal"), "the subject is not asked again"


def test_the_echoed_subject_can_be_changed(sessions):
    chat = Chat(sessions, "en")
    chat.start(T, "I want to learn Dutch, what courses are there?")
    assert chat.answer(T, "nope").status == "next"
    assert chat.ask(T)[0].text == TEXTS("en", "training_goal")
    assert chat.answer(T, "computers").status == "next"
    assert state(chat, T)["goal"] == "digital"


def test_a_course_taught_in_the_persons_language_is_not_a_language_to_learn(sessions):
    chat = Chat(sessions, "fr")
    chat.start(T, "je cherche une formation en français")
    assert chat.ask(T)[0].text == TEXTS("fr", "training_goal")


def test_a_format_in_the_opening_message_is_echoed_too(sessions):
    chat = Chat(sessions, "nl")
    chat.start(T, "ik zoek een online cursus Nederlands")
    check = chat.ask(T)[0].text
    assert "Nederlands" in check and TEXTS("nl", "format_online_choice").lower() in check
    chat.answer(T, "klopt")
    assert state(chat, T)["format"] == "online" and state(chat, T)["goal"] == "language:nl"


def test_a_button_that_names_the_subject_is_not_echoed(sessions):
    chat = Chat(sessions, "en")
    chat.start(T, '/find_training{"goal": "digital"}', goal="digital")
    assert chat.ask(T)[0].text == TEXTS("en", "training_level_digital")
