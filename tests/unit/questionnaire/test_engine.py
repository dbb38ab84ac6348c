"""The engine runs any questionnaire that implements the contract, with nothing of it
written in the engine: a small questionnaire defined here goes through start, questions,
re-asking, a stop, a counsellor request and the end, on a real database."""

from typing import Any

import pytest

from core import conversations
from core.models import FlowState
from core.questionnaire import (
    Answer,
    Choice,
    Ending,
    Opening,
    Outgoing,
    Questionnaire,
    Reask,
    Turn,
    button,
    choose,
    engine,
)
from core.questionnaire.texts import TEXTS as COMMON

State = dict[str, Any]


class Colour(Questionnaire[str]):
    """Two questions: a colour (a choice), then a number between 1 and 10 (free text)."""

    name = "colour"

    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        return {"colour": opening.entities.get("colour"), "number": None}, [Outgoing("Let's start.")]

    def question(self, turn: Turn, state: State) -> str | None:
        return next((key for key in ("colour", "number") if state[key] is None), None)

    def choices(self, turn: Turn, state: State, question: str) -> list[Choice]:
        if question == "colour":
            return [Choice.of("red", ["rouge", "rood", "red"]), Choice.of("blue", ["bleu", "blauw", "blue"])]
        return []

    def prompt(self, turn: Turn, state: State, question: str) -> Outgoing:
        if question == "colour":
            return Outgoing("Which colour?", [button("Red", choose("red")), button("Blue", choose("blue"))])
        return Outgoing("Which number?")

    def read(self, turn: Turn, state: State, question: str,
             answer: Answer) -> tuple[State, list[Outgoing]] | None:
        text, value = answer.text, answer.value
        if question == "colour":
            return (state | {"colour": value}, [Outgoing(f"OK: {value}.")]) if value else None
        if not text.strip().isdigit():
            return None
        if not 1 <= int(text) <= 10:
            raise Reask("Between 1 and 10, please.")
        return state | {"number": int(text)}, []

    def finish(self, turn: Turn, state: State) -> Ending:
        if state["status"] == "done":
            return Ending([Outgoing(f"{state['colour']} {state['number']}")])
        return Ending([Outgoing("Stopped.")])


COLOUR = Colour()


@pytest.fixture
def chat(sessions):
    with sessions.begin() as s:
        conversation_id = conversations.create(s, "web", "person").id

    def run(step: str, *args: Any) -> Any:
        with sessions.begin() as s:
            return getattr(engine, step)(s, conversation_id, COLOUR, "en", *args)

    run.sessions, run.id = sessions, conversation_id  # type: ignore[attr-defined]
    return run


def test_a_whole_questionnaire_with_a_button_a_word_and_a_number(chat):
    assert [m.text for m in chat("start")] == ["Let's start."]
    assert chat("ask")[0].buttons == [{"title": "Red", "payload": '/choose{"choice": "red"}'},
                                      {"title": "Blue", "payload": '/choose{"choice": "blue"}'}]
    result = chat("answer", "blauw")  # a choice's words in another language
    assert result.status == "next" and [m.text for m in result.messages] == ["OK: blue."]
    assert chat("ask")[0].text == "Which number?"
    assert chat("answer", "7").status == "done"
    assert [m.text for m in chat("finish")] == ["blue 7"]
    with chat.sessions() as s:
        assert s.get(FlowState, (chat.id, "colour")) is None  # nothing kept after the end


def test_what_the_opening_message_said_is_not_asked_again(chat):
    chat("start", Opening({"colour": "red"}))
    assert chat("ask")[0].text == "Which number?"


def test_an_answer_not_understood_is_asked_again_then_a_counsellor_is_offered(chat):
    chat("start")
    first = chat("answer", "green")
    assert first.status == "invalid"
    sorry = COMMON("en", "invalid_choices", choices="1. Red; 2. Blue")
    assert [m.text for m in first.messages] == [sorry]
    second = chat("answer", "purple")
    assert [m.text for m in second.messages] == [sorry, COMMON("en", "invalid_again")]
    assert "/stop" in [b["payload"] for b in second.messages[1].buttons]
    assert chat("answer", "2").status == "next"  # the number of the second button


def test_a_reask_says_why(chat):
    chat("start", Opening({"colour": "red"}))
    result = chat("answer", "12")
    assert result.status == "invalid" and result.messages[0].text == "Between 1 and 10, please."


@pytest.mark.parametrize("word", ["stop", "annuler", "stoppen", "Stop!"])
def test_stop_ends_the_form_in_any_language(chat, word):
    chat("start")
    assert chat("answer", word).status == "stopped"
    assert [m.text for m in chat("finish")] == ["Stopped."]


def test_asking_for_a_counsellor_ends_the_form(chat):
    chat("start")
    assert chat("answer", "/request_human").status == "handover"
    assert chat("finish") == []  # the action then takes the person to a counsellor (core/handover)
