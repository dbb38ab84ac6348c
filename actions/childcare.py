"""Actions of childcare booking and a person's bookings (core/childcare)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, entity, language_of, send, send_titled
from actions.questionnaire import FORM, StartQuestionnaire
from core.childcare import BOOKING, bookings, rules, too_many_bookings, too_many_message
from core.questionnaire import engine


class ActionBookChildcare(StartQuestionnaire):
    questionnaire = "childcare"
    opening_entities = ("reason", "day", "commune")

    def name(self) -> str:
        return "action_book_childcare"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        """Not a question asked when the person already holds the most bookings at once."""
        if too_many_bookings(session, tracker.sender_id, None, rules.today()):
            send_titled(dispatcher, *too_many_message(language_of(tracker)))
            return [FollowupAction("action_listen")]
        return super().run_with_session(dispatcher, tracker, domain, session)


class ActionMyBookings(DatabaseAction):
    """The person's childcare bookings, each with a button to change or cancel it."""

    def name(self) -> str:
        return "action_my_bookings"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        send_titled(dispatcher, *bookings.list_bookings(session, tracker.sender_id, language_of(tracker)))
        return []


class ActionChildcareCancel(DatabaseAction):
    """Cancel a booking after a confirmation; only the conversation that booked it can."""

    def name(self) -> str:
        return "action_childcare_cancel"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        reference = entity(tracker, "reference") or bookings.reference_in(
            session, tracker.sender_id, tracker.latest_message.get("text") or "")
        send_titled(dispatcher, *bookings.cancel_step(session, tracker.sender_id, reference,
                                                      entity(tracker, "confirm"), language_of(tracker)))
        return []


class ActionChildcareChange(DatabaseAction):
    """Move a booking to other days: the questionnaire form asks the new days. Only the
    conversation that booked can; otherwise the person sees their own bookings."""

    def name(self) -> str:
        return "action_childcare_change"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        reference = entity(tracker, "reference") or bookings.reference_in(
            session, tracker.sender_id, tracker.latest_message.get("text") or "")
        state, (text, buttons) = bookings.start_change(session, tracker.sender_id, reference, language_of(tracker))
        send_titled(dispatcher, text, buttons)
        if state is None:
            return []
        engine.start_with(session, tracker.sender_id, BOOKING, state)
        send(dispatcher, engine.ask(session, tracker.sender_id, BOOKING, language_of(tracker)))
        return [SlotSet("flow", BOOKING.name), SlotSet("answer", None), FollowupAction(FORM)]
