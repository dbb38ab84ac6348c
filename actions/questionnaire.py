"""The questionnaire form: every questionnaire runs in one Rasa form,
``questionnaire_form``, with one slot, ``answer``, that takes whatever the person writes
or presses. The slot ``flow`` names the questionnaire (core.capabilities.QUESTIONNAIRES);
core/questionnaire keeps its state, asks, reads answers and says how it ended.

The form asks nothing itself (the domain has no ``action_ask_answer``): the action that
starts a questionnaire asks its first question, and the validation of an answer says
what the answer meant and asks the next question (or the same one), in one call to the
action server per answer.
"""

import asyncio
from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, Guarded, entity, in_threads, language_of, send
from core import sealed
from core.capabilities import QUESTIONNAIRES
from core.db import session_scope
from core.handover import rules as handover
from core.questionnaire import Opening, Questionnaire, engine

FORM = "questionnaire_form"


def current(tracker: Tracker) -> Questionnaire[Any]:
    """The questionnaire the slot ``flow`` names (the assessment if none)."""
    return QUESTIONNAIRES.get(tracker.get_slot("flow") or "") or QUESTIONNAIRES["assessment"]


class StartQuestionnaire(DatabaseAction):  # abstract: not registered itself
    """Starts a questionnaire; the form then asks its questions."""

    questionnaire: ClassVar[str]
    opening_entities: ClassVar[tuple[str, ...]] = ()  # entities of the opening message it takes

    @abstractmethod
    def name(self) -> str:
        raise NotImplementedError

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        opening = Opening({key: value for key in self.opening_entities
                           if (value := entity(tracker, key)) is not None},
                          str((tracker.latest_message or {}).get("text") or ""))
        send(dispatcher, engine.start_asking(session, tracker.sender_id, QUESTIONNAIRES[self.questionnaire],
                                             language_of(tracker), opening))
        return [SlotSet("flow", self.questionnaire), SlotSet("answer", None)]


class ValidateQuestionnaireForm(Guarded, FormValidationAction):
    failure_events: ClassVar[list[dict[str, Any]]] = [SlotSet("answer", None)]  # the form waits for an answer

    def name(self) -> str:
        return "validate_questionnaire_form"

    async def validate_answer(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        """The answer, read by the questionnaire's engine in a thread (off the event loop),
        and the question that follows it."""
        if not in_threads():
            return self._validate(slot_value, dispatcher, tracker)
        return await asyncio.to_thread(self._validate, slot_value, dispatcher, tracker)

    def _validate(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        if slot_value is None:  # the slot emptied when the questionnaire started: nothing was said yet
            return {"answer": None}
        text = str(slot_value)
        questionnaire, language = current(tracker), language_of(tracker)
        with session_scope() as session:
            text = sealed.open_in(session, tracker.sender_id, text)  # health data: never in the tracker
            result = engine.answer(session, tracker.sender_id, questionnaire, language, text)
            goes_on = result.status != "done" and not result.ends_form
            # the form goes on: the next question, or the same one again
            asked = engine.ask(session, tracker.sender_id, questionnaire, language) if goes_on else []
        send(dispatcher, [*result.messages, *asked])  # once stored: a failure says only the apology
        if result.status == "done":
            return {"answer": "done"}
        if result.ends_form:  # stop, or a counsellor asked for: leave the form
            return {"answer": None, "requested_slot": None}
        return {"answer": None}  # the form goes on with the question asked above


class ActionQuestionnaireDone(DatabaseAction):
    """After the form: the result, the suggestions, or what stopping means."""

    def name(self) -> str:
        return "action_questionnaire_done"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        questionnaire = current(tracker)
        state = engine.stored_state(session, tracker.sender_id, questionnaire.name) or {}
        send(dispatcher, engine.finish(session, tracker.sender_id, questionnaire, language_of(tracker)))
        if state.get("status") == "handover":  # the person asked for a counsellor in the middle
            return [SlotSet("answer", None), *ask_for_a_counsellor(dispatcher, tracker, session)]
        return [SlotSet("answer", None)]


# What the assistant does when it did not understand a message.
_NOT_UNDERSTOOD = {"utter_default", "action_default_fallback", "action_not_understood"}


def why(tracker: Tracker) -> str | None:
    """Why the person asks for a counsellor: the last message the assistant did not
    understand, else the one they wrote before asking (never a button's payload)."""
    said: list[list[Any]] = []  # [text, not understood], one per message, the request last
    for event in tracker.events:
        if event.get("event") == "user":
            text = str(event.get("text") or "")
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            said.append(["" if text.startswith("/") else text, intent == "nlu_fallback"])
        elif event.get("event") == "action" and event.get("name") in _NOT_UNDERSTOOD and said:
            said[-1][1] = True
    before = [(text, missed) for text, missed in said[:-1] if text]
    missed = [text for text, was_missed in before if was_missed]
    return missed[-1] if missed else before[-1][0] if before else None


def ask_for_a_counsellor(dispatcher: CollectingDispatcher, tracker: Tracker, session: Session) -> list[EventType]:
    language = language_of(tracker)
    instead = entity(tracker, "choice")  # "message" or "callback": tired of waiting in the queue
    if instead not in ("message", "callback"):
        asked = handover.ask(session, tracker.sender_id, language, why(tracker))
        if asked.handover is not None:  # in the queue: the gateway now keeps Rasa out of it
            send(dispatcher, asked.messages)
            return [SlotSet("flow", None)]
        instead = None
    # nobody answers now: a message or a number for the queue
    entities = {"choice": instead} if instead else {}
    opening = Opening(entities, str((tracker.latest_message or {}).get("text") or ""))
    send(dispatcher, engine.start_asking(session, tracker.sender_id, QUESTIONNAIRES["counsellor"], language, opening))
    return [SlotSet("flow", "counsellor"), SlotSet("answer", None), FollowupAction(FORM)]


class ActionStop(Guarded, Action):
    """"stop" outside a questionnaire: nothing to stop; offer what can be done."""

    def name(self) -> str:
        return "action_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("answer", None)]
