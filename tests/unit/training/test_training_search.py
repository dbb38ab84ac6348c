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
