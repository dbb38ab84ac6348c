"""The questionnaires as a person goes through them (core/flows.py), on a real database."""

import pytest
from sqlalchemy import func, select

from core import content, conversations, flows, training
from core.i18n import translate
from core.messages import FLOW_TEXTS
from core.models import Assessment, AssessmentLanguage, FlowState


def said(language, key, /, **arguments):
    text = translate(language, FLOW_TEXTS[key])
    return text.format(**arguments) if arguments else text


class Chat:
    """One person answering a questionnaire, one short transaction per step, as the actions do."""

    def __init__(self, sessions, language="en"):
        self.sessions, self.language = sessions, language
        with sessions.begin() as s:
            self.id = conversations.create(s, "web", f"person-{id(self)}").id
            training.sync_catalogue(s, content.modules()[1])

    def start(self, flow):
        with self.sessions.begin() as s:
            return flows.start(s, self.id, flow, self.language)

    def question(self, flow):
        with self.sessions.begin() as s:
            return flows.ask(s, self.id, flow, self.language)

    def answer(self, flow, text):
        with self.sessions.begin() as s:
            return flows.answer(s, self.id, flow, self.language, text)

    def finish(self, flow):
        with self.sessions.begin() as s:
            return flows.finish(s, self.id, flow, self.language)

    def state(self, flow):
        with self.sessions() as s:
            row = s.get(FlowState, (self.id, flow))
            return row.state if row else None


A, T = flows.ASSESSMENT, flows.TRAINING


def press(message, index):
    return message.buttons[index]["payload"]


def test_buttons_numbers_labels_and_synonyms_are_understood():
    choices = [("yes", ["Oui", "Ja", "Yes"]), ("little", ["Un peu", "Een beetje", "A little"]),
               ("no", ["Non", "Nee", "No"])]
    assert flows.match_choice('/choose{"choice": "little"}', choices) == "little"
    assert flows.match_choice("2", choices) == "little"
    assert flows.match_choice("een BEETJE", choices) == "little"
    assert flows.match_choice("ouais", choices) == "yes"
    assert flows.match_choice("nee.", choices) == "no"
    assert flows.match_choice("peut-être demain", choices) is None
    assert flows.match_choice('/choose{"choice": "other"}', choices) is None
    assert flows.match_choice("7", choices) is None


@pytest.mark.parametrize("text", ["stop", "Stop!", "annuler", "ANNULER", "stoppen", "arrêter", "/stop"])
def test_stop_words_in_three_languages(text):
    assert flows.is_stop(text)


def test_stop_is_not_read_into_longer_answers():
    assert not flows.is_stop("I can stop a video")


def test_a_whole_assessment_is_stored_with_its_version_and_date(sessions):
    chat = Chat(sessions, "nl")
    intro = chat.start(A)
    assert intro[0].text == said("nl", "assessment_intro")
    first = chat.question(A)[0]
    assert first.text == said("nl", "pick_language_first")
    assert [b["title"] for b in first.buttons][:3] == ["Frans", "Nederlands", "Engels"]
    assert chat.answer(A, "Engels").status == "next"
    assert chat.answer(A, press(chat.question(A)[0], -1)).status == "next"  # that's all
    assert chat.answer(A, "arabisch en turks").status == "next"
    steps = 0
    while True:
        question = chat.question(A)[0]
        value = "1" if "·" in question.text and "?" in question.text.splitlines()[-1] else "3"
        outcome = chat.answer(A, value)
        steps += 1
        if outcome.status == "done":
            break
        assert steps < 30
    messages = chat.finish(A)
    assert said("nl", "result_title") in messages[0].text
    assert "Engels: C2" in messages[0].text
    assert "Arabisch" in messages[0].text and "Turks" in messages[0].text
    assert "23" in messages[1].text or "20" in messages[1].text  # the date, in Dutch
    assert messages[1].buttons[0]["payload"] == "/find_training"
    with sessions() as s:
        record = s.scalar(select(Assessment))
        assert record.question_set_version == content.assessment().version
        assert record.result["languages"] == {"en": "C2"}
        assert record.result["other_languages"] == ["ar", "tr"]
        assert record.digital_level == "intermediate"  # the harder tasks alone, nobody guided
        assert [(r.language, r.level) for r in record.languages] == [("en", "C2")]
        assert s.get(FlowState, (chat.id, A)) is None, "nothing left in progress"


def test_an_invalid_answer_is_re_asked_then_a_counsellor_is_offered(sessions):
    chat = Chat(sessions, "fr")
    chat.start(A)
    first = chat.answer(A, "je ne sais pas ce que vous voulez")
    assert first.status == "invalid"
    assert [m.text for m in first.messages] == [said("fr", "invalid_answer")]
    second = chat.answer(A, "euh")
    assert second.status == "invalid"
    offer = second.messages[-1]
    assert offer.text == said("fr", "invalid_again")
    assert {b["payload"] for b in offer.buttons} == {"/request_human", "/stop"}
    assert chat.question(A)[0].text == said("fr", "pick_language_first"), "the same question again"
    assert chat.answer(A, "français").status == "next"
    assert chat.state(A)["failures"] == 0


def test_stop_then_resume_where_it_was_left(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    for text in ("Dutch", "That's all", "No other language", "yes"):
        chat.answer(A, text)
    before = chat.question(A)[0].text
    assert chat.answer(A, "stop").status == "stopped"
    paused = chat.finish(A)
    assert paused[0].text == said("en", "assessment_stopped")
    assert paused[0].buttons[0]["payload"] == "/start_assessment"
    assert chat.state(A)["cefr"]["nl"], "the answers are kept"
    # later, on the same channel
    assert chat.start(A) == [], "no introduction the second time"
    resume = chat.question(A)[0]
    assert said("en", "b_resume") == resume.buttons[0]["title"]
    assert chat.answer(A, press(resume, 0)).status == "next"
    assert chat.question(A)[0].text == before


def test_restart_begins_again(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    chat.answer(A, "French")
    chat.answer(A, "stop")
    chat.finish(A)
    chat.start(A)
    chat.answer(A, "start again")
    assert chat.state(A)["languages"] == []
    assert chat.question(A)[0].text == said("en", "pick_language_first")


def test_skipping_both_parts_stores_nothing(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    assert chat.answer(A, "Skip this part").status == "next"
    assert chat.answer(A, "skip").status == "done"
    assert chat.finish(A)[0].text == said("en", "result_nothing")
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Assessment)) == 0


def test_a_counsellor_button_leaves_the_questionnaire(sessions):
    chat = Chat(sessions, "en")
    chat.start(A)
    assert chat.answer(A, "/request_human").status == "handover"
    assert chat.finish(A)[0].buttons, "the way to a counsellor is shown"


def test_training_search_without_assessment_asks_the_level(sessions):
    chat = Chat(sessions, "fr")
    assert chat.start(T) == []
    goal = chat.question(T)[0]
    assert goal.text == said("fr", "training_goal")
    assert chat.answer(T, "néerlandais").status == "next"
    assert chat.question(T)[0].text == said("fr", "training_level_language", language="néerlandais")
    assert chat.answer(T, "A2").status == "next"
    assert chat.question(T)[0].text == said("fr", "training_format")
    assert chat.answer(T, "2").status == "next"  # in a classroom
    assert chat.answer(T, "Paris").status == "invalid"
    assert chat.answer(T, "j'habite à Anderlecht").status == "done"
    shown = chat.finish(T)[0]
    assert shown.text.startswith(said("fr", "training_results"))
    assert shown.text.count("\n1. ") == 1 and "\n3. " in shown.text
    assert "A2" in shown.text and "néerlandais" in shown.text
    payloads = [b["payload"] for b in shown.buttons]
    assert payloads[:3] == [p for p in payloads if p.startswith("/training_details")]
    assert "/training_more" in payloads and "/find_training" in payloads
    # more, then details
    with sessions.begin() as s:
        more = flows.more(s, chat.id, "fr")[0]
    assert "\n4. " in more.text
    key = payloads[0].split('"module": "')[1].split('"')[0]
    with sessions.begin() as s:
        detail = flows.details(s, chat.id, key, "fr")[0]
    module = content.modules()[1][key]
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
    assert chat.question(T)[0].text == said("en", "training_format")
    chat.answer(T, "online")
    shown = chat.finish(T)[0]
    assert "Your French is B1; this course takes you to B2." in shown.text


def test_stopping_a_training_search(sessions):
    chat = Chat(sessions, "nl")
    chat.start(T)
    assert chat.answer(T, "stoppen").status == "stopped"
    assert chat.finish(T)[0].text == said("nl", "training_stopped")
    assert chat.state(T) is None
