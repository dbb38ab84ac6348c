"""Actions of the training search and its suggestions (core/training)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, entity, language_of, send
from actions.questionnaire import StartQuestionnaire
from core.training import questionnaire as search


class ActionFindTraining(StartQuestionnaire):
    questionnaire = "training"
    opening_entities = ("goal", "language")

    def name(self) -> str:
        return "action_find_training"


class ActionTrainingMore(DatabaseAction):
    def name(self) -> str:
        return "action_training_more"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        messages = search.more(session, tracker.sender_id, language_of(tracker))
        if not messages:  # no search yet: start one
            dispatcher.utter_message(response="utter_training_start")
        send(dispatcher, messages)
        return []


class ActionTrainingDetails(DatabaseAction):
    def name(self) -> str:
        return "action_training_details"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        language = language_of(tracker)
        messages = search.details(session, tracker.sender_id, entity(tracker, "module"), language)
        if not messages:
            messages = search.more(session, tracker.sender_id, language)
            if not messages:
                dispatcher.utter_message(response="utter_training_start")
        send(dispatcher, messages)
        return []
