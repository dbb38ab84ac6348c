"""Actions of the skills assessment and the training search.

Both run in one Rasa form, ``questionnaire_form``, with one slot, ``answer``, that takes
whatever the person writes or presses. The slot ``flow`` says which questionnaire it is;
core/flows.py keeps its state, asks, reads answers and says the result.
"""

from abc import abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, language_of
from core import childcare_chat, flows, sealed
from core.db import session_scope

FORM = "questionnaire_form"


def send(dispatcher: CollectingDispatcher, messages: list[flows.Outgoing]) -> None:
    for message in messages:
        dispatcher.utter_message(text=message.text, buttons=message.buttons or None)


def send_titled(dispatcher: CollectingDispatcher, text: str, buttons: list[tuple[str, str]]) -> None:
    """One message whose buttons are (title, payload) pairs."""
    send(dispatcher, [flows.Outgoing(text, [flows.button(t, p) for t, p in buttons])])


def current_flow(tracker: Tracker) -> str:
    flow = tracker.get_slot("flow")
    return flow if flow in flows.FLOWS else flows.ASSESSMENT


class _StartFlow(DatabaseAction):  # abstract: not registered itself
    flow = ""

    @abstractmethod
    def name(self) -> str:
        raise NotImplementedError

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        goal = next(tracker.get_latest_entity_values("goal"), None)
        send(dispatcher, flows.start(session, tracker.sender_id, self.flow, language_of(tracker), goal))
        return [SlotSet("flow", self.flow), SlotSet("answer", None)]


class ActionStartAssessment(_StartFlow):
    flow = flows.ASSESSMENT

    def name(self) -> str:
        return "action_start_assessment"


class ActionFindTraining(_StartFlow):
    flow = flows.TRAINING

    def name(self) -> str:
        return "action_find_training"


class ActionAskAnswer(DatabaseAction):
    """Asks the current question of the questionnaire (the form's ``answer`` slot)."""

    def name(self) -> str:
        return "action_ask_answer"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        send(dispatcher, flows.ask(session, tracker.sender_id, current_flow(tracker), language_of(tracker)))
        return []


class ValidateQuestionnaireForm(FormValidationAction):
    def name(self) -> str:
        return "validate_questionnaire_form"

    def validate_answer(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        text = str(slot_value or "")
        with session_scope() as session:
            text = sealed.open_in(session, tracker.sender_id, text)  # health data: never in the tracker
            outcome = flows.answer(session, tracker.sender_id, current_flow(tracker),
                                   language_of(tracker), text)
        send(dispatcher, outcome.messages)
        if outcome.status == "done":
            return {"answer": "done"}
        if outcome.ends_form:  # stop, or a counsellor asked for: leave the form
            return {"answer": None, "requested_slot": None}
        return {"answer": None}  # ask again: the next question, or the same one


class ActionQuestionnaireDone(DatabaseAction):
    """After the form: the result, the suggestions, or what stopping means."""

    def name(self) -> str:
        return "action_questionnaire_done"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        send(dispatcher, flows.finish(session, tracker.sender_id, current_flow(tracker), language_of(tracker)))
        return [SlotSet("answer", None)]


class ActionTrainingMore(DatabaseAction):
    def name(self) -> str:
        return "action_training_more"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        messages = flows.more(session, tracker.sender_id, language_of(tracker))
        if not messages:  # no search yet: start one
            dispatcher.utter_message(response="utter_training_start")
        send(dispatcher, messages)
        return []


class ActionTrainingDetails(DatabaseAction):
    def name(self) -> str:
        return "action_training_details"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        key = next(tracker.get_latest_entity_values("module"), None)
        language = language_of(tracker)
        messages = flows.details(session, tracker.sender_id, key, language)
        if not messages:
            messages = flows.more(session, tracker.sender_id, language)
            if not messages:
                dispatcher.utter_message(response="utter_training_start")
        send(dispatcher, messages)
        return []


class ActionStop(Action):
    """"stop" outside a questionnaire: nothing to stop; offer what can be done."""

    def name(self) -> str:
        return "action_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("answer", None)]


class ActionBookChildcare(_StartFlow):
    flow = flows.CHILDCARE

    def name(self) -> str:
        return "action_book_childcare"


class ActionStartPathway(_StartFlow):
    """The pathway registration: what it is and what happens with the data, then consent."""

    flow = flows.PATHWAY

    def name(self) -> str:
        return "action_start_pathway"


class ActionMyBookings(DatabaseAction):
    """The person's childcare bookings, each with a button to cancel it."""

    def name(self) -> str:
        return "action_my_bookings"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        send_titled(dispatcher, *childcare_chat.list_bookings(session, tracker.sender_id,
                                                             language_of(tracker)))
        return []


class ActionChildcareCancel(DatabaseAction):
    """Cancel a booking after a confirmation; only the conversation that booked it can."""

    def name(self) -> str:
        return "action_childcare_cancel"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        reference = next(tracker.get_latest_entity_values("reference"), None)
        confirm = next(tracker.get_latest_entity_values("confirm"), None)
        send_titled(dispatcher, *childcare_chat.cancel_step(session, tracker.sender_id, reference,
                                                           confirm, language_of(tracker)))
        return []


class ActionChildcareChange(DatabaseAction):
    """Move a booking to other days: the questionnaire form asks the new days. Only the
    conversation that booked can; otherwise the person sees their own bookings."""

    def name(self) -> str:
        return "action_childcare_change"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        reference = next(tracker.get_latest_entity_values("reference"), None)
        state, (text, buttons) = childcare_chat.start_change(session, tracker.sender_id, reference,
                                                             language_of(tracker))
        send_titled(dispatcher, text, buttons)
        if state is None:
            return []
        flows.save(session, tracker.sender_id, flows.CHILDCARE, state)
        return [SlotSet("flow", flows.CHILDCARE), SlotSet("answer", None), FollowupAction(FORM)]
