"""Seeing and erasing one's data (core/privacy.py)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, language_of
from actions.flows import send_titled
from core import privacy, sealed
from core.flows import t
from core.messages import intent

FORGET = {"forget": True}  # tells the gateway to empty the conversation's history and Rasa's tracker


class ActionMyData(DatabaseAction):
    """"my data": see it or erase it; an erasure is confirmed first."""

    def name(self) -> str:
        return "action_my_data"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        choice = next(tracker.get_latest_entity_values("choice"), None)
        language = language_of(tracker)
        w = privacy.w
        see = (w(language, "b_see"), intent("delete_my_data", choice="see"))
        erase = (w(language, "b_erase"), intent("delete_my_data", choice="erase"))
        menu = (t(language, "b_menu"), intent("help"))
        if choice == "see":  # health data included: sealed, so it never stays in the tracker
            text = sealed.seal_out(session, tracker.sender_id, privacy.summary(session, tracker.sender_id, language))
            send_titled(dispatcher, text, [erase, menu])
        elif choice == "erase":
            send_titled(dispatcher, w(language, "erase_confirm"), [
                (w(language, "b_erase_yes"), intent("delete_my_data", choice="erase_now")),
                (w(language, "b_erase_no"), intent("delete_my_data", choice="keep"))])
        elif choice == "erase_now":
            privacy.erase(session, tracker.sender_id)
            send_titled(dispatcher, w(language, "erased"), [menu])
            dispatcher.utter_message(json_message=FORGET)
            return [SlotSet("flow", None), SlotSet("answer", None)]
        elif choice == "keep":
            send_titled(dispatcher, w(language, "kept"), [menu])
        else:
            send_titled(dispatcher, w(language, "offer"), [see, erase, menu])
        return []
