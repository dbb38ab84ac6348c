"""A person asks for a counsellor (core/handover): into the queue when counsellors answer
now, else a message or a number to call back (the "counsellor" questionnaire)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction
from actions.questionnaire import ask_for_a_counsellor


class ActionRequestHuman(DatabaseAction):
    def name(self) -> str:
        return "action_request_human"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        return ask_for_a_counsellor(dispatcher, tracker, session)
