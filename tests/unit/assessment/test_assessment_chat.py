"""The skills assessment as a person goes through it (core/assessment/questionnaire.py), on a real database."""

import pytest
from sqlalchemy import func, select

from core.assessment.content import question_set
from core.assessment.models import Assessment
from core.assessment.texts import TEXTS
from core.models import FlowState
from core.questionnaire import engine
from core.questionnaire.engine import in_words
from core.questionnaire.texts import TEXTS as COMMON
from tests.chat import Chat

A = "assessment"


def state(chat, flow):
    with chat.sessions() as s:
        return engine.stored_state(s, chat.id, flow)


def press(message, index):
    return message.buttons[index]["payload"]


def test_a_whole_assessment_is_stored_with_its_version_and_date(sessions):
    chat = Chat(sessions, "nl")
    intro = chat.start(A)
    assert intro[0].text == TEXTS("nl", "assessment_intro")
    first = chat.ask(A)[0]
    assert first.text == TEXTS("nl", "pick_language_first")
    assert [b["title"] for b in first.buttons][:3] == ["Frans", "Nederlands", "Engels"]
    assert chat.answer(A, "Engels").status == "next"
    assert chat.answer(A, press(chat.ask(A)[0], -1)).status == "next"  # that's all
    assert chat.answer(A, "arabisch en turks").status == "next"
    steps = 0
    while True:
        question = chat.ask(A)[0]
        value = "1" if "·" in question.text and "?" in question.text.splitlines()[-1] else "3"
        outcome = chat.answer(A, value)
        steps += 1
        if outcome.status == "done":
            break
        assert steps < 30
    messages = chat.finish(A)
    assert TEXTS("nl", "result_title") in messages[0].text
    assert "Engels: C2" in messages[0].text
    assert "Arabisch" in messages[0].text and "Turks" in messages[0].text
    assert "23" in messages[1].text or "20" in messages[1].text  # the date, in Dutch
    assert messages[1].buttons[0]["payload"] == "/find_training"
    with sessions() as s:
        record = s.scalar(select(Assessment))
        assert record.question_set_version == question_set().version
        assert record.result["languages"] == {"en": "C2"}
        assert record.result["other_languages"] == ["ar", "tr"]
        assert record.digital_level == "intermediate"  # the harder tasks alone, nobody guided
        assert [(r.language, r.level) for r in record.languages] == [("en", "C2")]
        assert s.get(FlowState, (chat.id, A)) is None, "nothing left in progress"


def test_an_invalid_answer_is_re_asked_then_a_counsellor_is_offered(sessions):
    chat = Chat(sessions, "fr")
    chat.start(A)
    titles = [b["title"] for b in chat.ask(A)[0].buttons]
    first = chat.answer(A, "je ne sais pas ce que vous voulez")
    assert first.status == "invalid"
    # the answers in words, for a channel that shows no buttons
    assert [m.text for m in first.messages] == [COMMON("fr", "invalid_choices", choices=in_words(titles))]
    assert "1. Français" in first.messages[0].text
    second = chat.answer(A, "euh")
    assert second.status == "invalid"
    offer = second.messages[-1]
    assert offer.text == COMMON("fr", "invalid_again")
    assert {b["payload"] for b in offer.buttons} == {"/request_human", "/stop"}
    assert chat.ask(A)[0].text == TEXTS("fr", "pick_language_first"), "the same question again"
    assert chat.answer(A, "français").status == "next"
    assert state(chat, A)["failures"] == 0


def test_stop_then_resume_where_it_was_left(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    for text in ("Dutch", "That's all", "No other language", "yes"):
        chat.answer(A, text)
    before = chat.ask(A)[0].text
    assert chat.answer(A, "stop").status == "stopped"
    paused = chat.finish(A)
    assert paused[0].text == TEXTS("en", "assessment_stopped")
    assert paused[0].buttons[0]["payload"] == "/start_assessment"
    assert state(chat, A)["cefr"]["nl"], "the answers are kept"
    # later, on the same channel
    assert chat.start(A) == [], "no introduction the second time"
    resume = chat.ask(A)[0]
    assert TEXTS("en", "b_resume") == resume.buttons[0]["title"]
    assert chat.answer(A, press(resume, 0)).status == "next"
    assert chat.ask(A)[0].text == before


def test_restart_begins_again(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    chat.answer(A, "French")
    chat.answer(A, "stop")
    chat.finish(A)
    chat.start(A)
    chat.answer(A, "start again")
    assert state(chat, A)["languages"] == []
    assert chat.ask(A)[0].text == TEXTS("en", "pick_language_first")


def test_skipping_both_parts_stores_nothing(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    assert chat.answer(A, "Skip this part").status == "next"
    assert chat.answer(A, "skip").status == "done"
    assert chat.finish(A)[0].text == TEXTS("en", "result_nothing")
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0


def test_a_counsellor_button_leaves_the_questionnaire(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    assert chat.answer(A, "/request_human").status == "handover"
    assert chat.finish(A) == [], "the action takes the person to a counsellor (core/handover)"
    with sessions() as s:
        assert engine.stored_state(s, chat.id, A)["status"] == "handover", "kept, to be resumed after"


@pytest.mark.parametrize("language, opening, names", [
    ("fr", "je veux tester mon néerlandais et mon anglais", ["néerlandais", "anglais"]),
    ("nl", "kun je mijn Frans testen?", ["Frans"]),
    ("en", "can u test my dutch", ["Dutch"]),
])
def test_the_languages_of_the_opening_message_are_echoed_then_tested(sessions, language, opening, names):
    chat = Chat(sessions, language)
    chat.start(A, opening)
    check = chat.ask(A)[0].text
    assert all(name in check for name in names)
    assert chat.answer(A, {"fr": "oui c'est ça", "nl": "ja klopt", "en": "yes"}[language]).status == "next"
    assert chat.ask(A)[0].text == TEXTS(language, "other_languages"), "the languages are not asked again"


def test_the_echoed_languages_can_be_changed(sessions):
    chat = Chat(sessions, "fr")
    chat.start(A, "je veux tester mon anglais")
    chat.answer(A, "non")
    assert chat.ask(A)[0].text == TEXTS("fr", "pick_language_first")
