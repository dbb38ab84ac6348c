"""A skills assessment followed by training suggestions, through /web/messages with the
real Rasa server, action server and app, in French, Dutch and English."""

import pytest
from sqlalchemy import select

from core.assessment.content import question_set
from core.assessment.models import Assessment
from core.assessment.texts import TEXTS as ASSESSMENT_TEXTS
from core.db import session_factory
from core.questionnaire.texts import TEXTS as COMMON
from core.training.texts import TEXTS as TRAINING_TEXTS
from tests.e2e.conftest import buttons, payload, text_of, texts

pytestmark = pytest.mark.e2e


def said(language, key, /, **arguments):
    return text_of((ASSESSMENT_TEXTS, TRAINING_TEXTS, COMMON), language, key, **arguments)


START = {
    "fr": "je voudrais tester mes compétences",
    "nl": "ik wil mijn vaardigheden testen",
    "en": "I want to test my skills",
}
LANGUAGE_TESTED = {"fr": "nl", "nl": "fr", "en": "fr"}


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_assessment_then_recommendations(person, stack, language):
    p = person(language)
    reply = p.say(START[language])
    assert p.language == language
    assert said(language, "assessment_intro") in texts(reply)
    assert said(language, "pick_language_first") in texts(reply)

    tested = LANGUAGE_TESTED[language]
    reply = p.say(payload(reply, f'"{tested}"'))
    assert said(language, "pick_language_more") in texts(reply)
    reply = p.say(payload(reply, '"done"'))
    assert said(language, "other_languages") in texts(reply)
    reply = p.say({"fr": "arabe", "nl": "Arabisch", "en": "Arabic"}[language])

    # Languages: "yes" to everything up to B1, "no" above. Answered with the buttons.
    cefr_answers = 0
    while said(language, "cefr_prompt") in texts(reply):
        question = texts(reply)
        answer = "yes"
        for _skill, by_level in question_set().cefr.items():
            for lv, text in by_level.items():
                if text.get(language) in question and lv in ("B2", "C1", "C2"):
                    answer = "no"
        reply = p.say(payload(reply, f'"{answer}"'))
        cefr_answers += 1
        assert cefr_answers <= 6
    assert said(language, "digital_intro") in texts(reply)

    # Digital: typed numbers, "I can do it on my own" (3rd button).
    digital_answers = 0
    while said(language, "result_title") not in texts(reply):
        reply = p.say("3")
        digital_answers += 1
        assert digital_answers <= 10
    result = texts(reply)
    name = {"fr": {"nl": "néerlandais"}, "nl": {"fr": "Frans"}, "en": {"fr": "French"}}[language][tested]
    assert f"{name}: B1".lower() in result.lower()
    assert said(language, "level_intermediate") in result
    assert {"fr": "Arabe", "nl": "Arabisch", "en": "Arabic"}[language].lower() in result.lower()
    assert said(language, "result_stored", date="X").split("(")[0] in result

    with session_factory(stack.database_url)() as s:
        records = s.scalars(select(Assessment)).all()
        mine = [r for r in records if r.result["languages"] == {tested: "B1"}
                and r.language == language]
        assert mine and mine[-1].question_set_version == question_set().version

    # Recommendations for the language just assessed: no level question.
    reply = p.say(payload(reply, "/find_training"))
    assert said(language, "training_goal") in texts(reply)
    reply = p.say(payload(reply, f'"language:{tested}"'))
    assert said(language, "training_format") in texts(reply)
    reply = p.say(payload(reply, '"any"'))
    suggestions = texts(reply)
    assert said(language, "training_results") in suggestions
    assert "B1" in suggestions and "B2" in suggestions  # "your … is B1; this course takes you to B2"
    assert "\n3. " in suggestions
    details = p.say(payload(reply, "/training_details"))
    assert "https://" in texts(details)
    # Another subject: computer skills, known from the assessment, so no level question.
    reply = p.say(payload(details, "/find_training"))
    reply = p.say(payload(reply, '"digital"'))
    assert said(language, "training_format") in texts(reply)
    reply = p.say(payload(reply, '"online"'))
    assert said(language, "level_intermediate") in texts(reply)
    more = p.say(payload(reply, "/training_more"))
    assert said(language, "training_results_more") in texts(more)
    assert "\n4. " in texts(more)


def test_stop_in_the_middle_and_resume_later(person):
    p = person("nl")
    reply = p.say("/start_assessment")
    reply = p.say(payload(reply, '"en"'))
    reply = p.say(payload(reply, '"done"'))
    reply = p.say("nee")  # no other language
    assert said("nl", "cefr_prompt") in texts(reply)
    question = texts(reply).splitlines()[-2]
    reply = p.say(payload(reply, '"yes"'))
    next_question = texts(reply)
    reply = p.say("stoppen")
    assert said("nl", "assessment_stopped") in texts(reply)
    # Something else meanwhile, then back to the test.
    assert texts(p.say("wat is artikel 60?"))
    reply = p.say("ik wil de test doen")
    assert said("nl", "assessment_resume", date="X").split("{")[0][:20] in texts(reply)
    reply = p.say(payload(reply, '"resume"'))
    assert texts(reply) == next_question
    assert question not in texts(reply)


def test_an_answer_that_is_not_a_choice_is_asked_again_then_a_counsellor_offered(person):
    p = person("en")
    reply = p.say("/start_assessment")
    first = said("en", "pick_language_first")
    reply = p.say("what is the weather like")
    # the possible answers in words, for a channel that shows no buttons
    assert said("en", "invalid_choices", choices="1. French; 2. Dutch; 3. English; 4. Skip this part") in texts(reply)
    assert first in texts(reply)
    reply = p.say("hmm")
    assert said("en", "invalid_again") in texts(reply)
    assert "/request_human" in {b["payload"] for b in buttons(reply)}
    assert first in texts(reply)
    reply = p.say("stop")
    assert said("en", "assessment_stopped") in texts(reply)
    # after the form, ordinary conversation goes on
    assert "Article 60" in texts(p.say("what is article 60?"))


def test_training_search_without_an_assessment_asks_the_level(person):
    p = person("fr")
    reply = p.say("je cherche une formation")
    assert said("fr", "training_goal") in texts(reply)
    reply = p.say("informatique")
    assert said("fr", "training_level_digital") in texts(reply)
    reply = p.say(payload(reply, '"0"'))
    reply = p.say("en classe")
    assert said("fr", "training_commune") in texts(reply)
    reply = p.say("Molenbeek")
    assert said("fr", "training_results") in texts(reply)
    assert said("fr", "module_digital_first_steps") in texts(reply)
