"""Runs a questionnaire: starts it, asks its current question, reads answers, ends it.

The state lives in ``flow_states`` between messages (one row per conversation and
questionnaire); a sealed questionnaire's state is stored encrypted. The actions call
``start``, ``ask``, ``answer`` and ``finish`` with the questionnaire the Rasa slot
``flow`` names.

Each pass through a questionnaire is a run (its random id kept in the state): the engine
notes each question it puts and how the run ends, for the funnels of the staff
dashboards, and the answers it could not understand, except a sealed questionnaire's
(core/quality/records.py).
"""

import json
from typing import Any

from sqlalchemy.orm import Session

from core import sealed
from core.i18n import language_requested, translate
from core.models import Conversation, FlowState, utcnow
from core.quality import records
from core.questionnaire.answers import (
    Understood,
    asks_for_a_person,
    is_stop,
    payload_choice,
    understand,
    with_words,
)
from core.questionnaire.contract import (
    Answer,
    AnswerResult,
    Opening,
    Outgoing,
    Questionnaire,
    Reask,
    State,
    Turn,
    button,
)
from core.questionnaire.texts import TEXTS
from core.registry import Expiry, Keeper
from core.render import render
from core.responses import B_HUMAN

INVALID_BEFORE_COUNSELLOR = 2
AnyQuestionnaire = Questionnaire[Any]


# --- the state in the database ----------------------------------------------------------------


def load(session: Session, conversation_id: str, name: str) -> FlowState | None:
    return session.get(FlowState, (conversation_id, name))


def state_of(row: FlowState) -> State:
    """The questionnaire's state (decrypted for a sealed one)."""
    if row.sealed_state is not None:
        value: State = json.loads(row.sealed_state)
        return value
    return dict(row.state)


def save(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, state: State) -> FlowState:
    row = load(session, conversation_id, questionnaire.name)
    if row is None:
        row = FlowState(conversation_id=conversation_id, flow=questionnaire.name, state={})
        session.add(row)
    else:
        row.updated_at = utcnow()
    if questionnaire.sealed:
        row.state, row.sealed_state = {}, json.dumps(state)
    else:
        row.state, row.sealed_state = state, None
    return row


def stored_state(session: Session, conversation_id: str, name: str) -> State | None:
    row = load(session, conversation_id, name)
    return state_of(row) if row is not None else None


class QuestionnaireKeeper(Keeper):
    """Questionnaires in progress: erased with everything else, never listed on their own."""

    name = "questionnaires"
    tables = (FlowState,)
    expiry = (Expiry(FlowState, "updated_at", "retention_questionnaire_hours"),)  # abandoned: hours


# --- starting and asking ------------------------------------------------------------------------


def _turn(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, language: str,
          row: FlowState | None = None) -> Turn:
    if row is None:  # not stored (any more): a transient row, never added to the session
        row = FlowState(conversation_id=conversation_id, flow=questionnaire.name, state={},
                        started_at=utcnow(), updated_at=utcnow())
    return Turn(session, conversation_id, language, row)


def start(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, language: str,
          opening: Opening | None = None) -> list[Outgoing]:
    """Begin (or offer to resume) a questionnaire; the first question follows from ``ask``."""
    if session.get(Conversation, conversation_id) is None:
        raise LookupError("unknown conversation")
    row = load(session, conversation_id, questionnaire.name)
    stored = state_of(row) if row is not None else None
    row = save(session, conversation_id, questionnaire, stored or {})
    state, messages = questionnaire.begin(_turn(session, conversation_id, questionnaire, language, row),
                                          stored, opening or Opening())
    save(session, conversation_id, questionnaire, records.begun(state) | {"status": "asking", "failures": 0})
    return messages


def start_asking(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, language: str,
                 opening: Opening | None = None) -> list[Outgoing]:
    """``start``, then the first question: what a person sees when a questionnaire begins."""
    return [*start(session, conversation_id, questionnaire, language, opening),
            *ask(session, conversation_id, questionnaire, language)]


def start_with(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, state: State) -> None:
    """Begin a questionnaire from a state its capability prepared (e.g. a booking to move)."""
    state = records.begun({key: value for key, value in state.items() if key not in (records.RUN, records.NOTED)})
    save(session, conversation_id, questionnaire, state | {"status": "asking", "failures": 0}).started_at = utcnow()


def ask(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, language: str) -> list[Outgoing]:
    """The current question, with its buttons."""
    row = load(session, conversation_id, questionnaire.name)
    if row is None:
        return []
    turn = _turn(session, conversation_id, questionnaire, language, row)
    state = state_of(row)
    question = questionnaire.question(turn, state)
    if question is None:
        return []
    noted = records.step(session, questionnaire.name, state, questionnaire.key(question), language)
    if noted is not state:  # a question not put before in this run
        state = noted
        save(session, conversation_id, questionnaire, state)
    message = questionnaire.prompt(turn, state, question)
    if questionnaire.sealed and questionnaire.is_private(question):  # repeats answers: out of the tracker
        message = Outgoing(sealed.seal_out(session, conversation_id, message.text), message.buttons)
    return [message]


# --- answers ---------------------------------------------------------------------------------------


def quoted(text: str, language: str) -> str:
    return f"«\u00a0{text}\u00a0»" if language == "fr" else f"“{text}”"


def in_words(titles: list[str]) -> str:
    """The possible answers, numbered, for a person whose channel shows no buttons."""
    return "; ".join(f"{number}. {title}" for number, title in enumerate(titles, 1))


def _not_understood(questionnaire: AnyQuestionnaire, turn: Turn, state: State, question: Any) -> str:
    """Sorry, and the possible answers in words (or, for a free answer, to say it otherwise)."""
    titles = [b["title"] for b in questionnaire.prompt(turn, state, question).buttons]
    if not titles:
        return TEXTS(turn.language, "invalid_free")
    return TEXTS(turn.language, "invalid_choices", choices=in_words(titles))


def _which_one(questionnaire: AnyQuestionnaire, turn: Turn, state: State, question: Any,
               understood: Understood) -> Outgoing:
    """The answer names two choices or more equally: ask which one, never guess."""
    titles = {payload_choice(b["payload"]): b["title"] for b in questionnaire.prompt(turn, state, question).buttons}
    names = [quoted(titles.get(value) or value, turn.language) for value in understood.ambiguous]
    return Outgoing(TEXTS(turn.language, "which_one", choices=f" {TEXTS(turn.language, 'or')} ".join(names)))


def _understand(questionnaire: AnyQuestionnaire, turn: Turn, state: State, question: Any, text: str) -> Understood:
    choices = with_words(questionnaire.choices(turn, state, question),
                         f"{questionnaire.name}.{questionnaire.key(question)}", questionnaire.dont_know(question))
    return understand(text, choices, free_text=questionnaire.takes_free_text(question),
                      several=questionnaire.takes_several(question))


def answers_the_question(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, language: str,
                         text: str) -> bool:
    """Whether ``text`` names a choice of the question the questionnaire is asking now
    ("anglais svp" to "which language do you want to test?" is an answer, not a request
    to speak English)."""
    row = load(session, conversation_id, questionnaire.name)
    if row is None:
        return False
    state = state_of(row)
    if state.get("status") != "asking":
        return False
    turn = _turn(session, conversation_id, questionnaire, language, row)
    question = questionnaire.question(turn, state)
    return question is not None and _understand(questionnaire, turn, state, question, text).value is not None


def _invalid(state: State, language: str, message: str) -> tuple[State, list[Outgoing]]:
    failures = state.get("failures", 0) + 1
    messages = [Outgoing(message)]
    if failures >= INVALID_BEFORE_COUNSELLOR:
        messages.append(Outgoing(TEXTS(language, "invalid_again"), [
            button(translate(language, B_HUMAN.title), B_HUMAN.payload),
            button(TEXTS(language, "b_stop"), "/stop"),
        ]))
    return state | {"failures": failures}, messages


def answer(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, language: str,
           text: str) -> AnswerResult:
    """Read the person's answer to the current question and move on."""
    row = load(session, conversation_id, questionnaire.name)
    if row is None:
        return AnswerResult("stopped")
    state = state_of(row)
    if is_stop(text):
        state = records.step(session, questionnaire.name, state, records.STOPPED, language)
        save(session, conversation_id, questionnaire, state | {"status": "stopped", "failures": 0})
        return AnswerResult("stopped")
    if text.strip().startswith(B_HUMAN.payload):
        save(session, conversation_id, questionnaire, state | {"status": "handover", "failures": 0})
        return AnswerResult("handover")
    turn = _turn(session, conversation_id, questionnaire, language, row)
    question = questionnaire.question(turn, state)
    if question is None:
        if (ended := records.step(session, questionnaire.name, state, records.FINISHED, language)) is not state:
            save(session, conversation_id, questionnaire, ended)
        return AnswerResult("done")
    understood = _understand(questionnaire, turn, state, question, text)
    requested = language_requested(text)
    if requested and understood.value is None:  # "in English please": the same question, in English
        return AnswerResult("next", [Outgoing(render("utter_language_changed", requested)["text"])])
    if understood.value is None and not questionnaire.takes_free_text(question) and asks_for_a_person(text):
        save(session, conversation_id, questionnaire, state | {"status": "handover", "failures": 0})
        return AnswerResult("handover")
    if understood.ambiguous and not questionnaire.takes_several(question):
        return AnswerResult("invalid", [_which_one(questionnaire, turn, state, question, understood)])
    try:
        reading = questionnaire.read(turn, state, question, Answer(text, understood.value, understood.values))
    except Reask as reask:
        state, messages = _invalid(state, language, reask.message)
        save(session, conversation_id, questionnaire, state)
        return AnswerResult("invalid", messages)
    if reading is None:  # not understood
        if not questionnaire.sealed:  # a sealed questionnaire's words are health data: never kept
            records.not_understood(session, conversation_id, text, language, questionnaire.name,
                                   questionnaire.key(question))
        state, messages = _invalid(state, language, _not_understood(questionnaire, turn, state, question))
        save(session, conversation_id, questionnaire, state)
        return AnswerResult("invalid", messages)
    state, messages = reading
    done = state.get("status") == "done" or questionnaire.question(turn, state) is None
    if done:
        state = records.step(session, questionnaire.name, state, records.FINISHED, language)
    save(session, conversation_id, questionnaire, state | {"failures": 0, "status": "done" if done else "asking"})
    return AnswerResult("done" if done else "next", messages)


# --- the end ------------------------------------------------------------------------------------------


def finish(session: Session, conversation_id: str, questionnaire: AnyQuestionnaire, language: str) -> list[Outgoing]:
    """What to say when the form ended: the result, a pause, or the way to a counsellor."""
    row = load(session, conversation_id, questionnaire.name)
    state = state_of(row) if row is not None else {"status": "stopped"}
    if state.get("status") == "handover":  # the action asks for the counsellor
        if row is not None and not questionnaire.resumable:  # nothing half-saved
            session.delete(row)
        return []
    ending = questionnaire.finish(_turn(session, conversation_id, questionnaire, language, row), state)
    if row is not None:
        if ending.keep is None:
            session.delete(row)
        else:
            save(session, conversation_id, questionnaire, ending.keep)
    return ending.messages
