"""Seeing and erasing one's data (core/privacy)."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, entity, language_of, send_titled
from core import privacy, sealed
from core.privacy.texts import TEXTS
from core.questionnaire.texts import TEXTS as COMMON
from core.responses import intent

FORGET = {"forget": True}  # tells the gateway to empty the conversation's history and Rasa's tracker


def _just_asked(tracker: Tracker) -> bool:
    """Whether the assistant's last action before this message was this one (the
    question "erase everything?" is then the one being answered)."""
    users = 0
    events: list[dict[str, object]] = tracker.events  # JSON objects
    for event in reversed(events):
        if event.get("event") == "user":
            users += 1
            if users > 1:
                return False
        elif users and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") == "action_my_data"
    return False


class ActionMyData(DatabaseAction):
    """"my data": see it or erase it; an erasure is confirmed first."""

    def name(self) -> str:
        return "action_my_data"

    def run_with_session(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: dict[str, Any], session: Session) -> list[dict[str, Any]]:
        choice = entity(tracker, "choice")
        text = tracker.latest_message.get("text") or ""
        answer = (tracker.latest_message.get("intent") or {}).get("name")
        if answer in ("affirm", "deny"):  # a typed yes or no to "erase everything?"
            if tracker.get_slot("my_data") != "erase" or not _just_asked(tracker):
                dispatcher.utter_message(response="utter_anything_else")
                return [SlotSet("my_data", None)]
            choice = "erase_now" if answer == "affirm" else "keep"
        elif choice is None and not text.startswith("/"):
            choice = privacy.asked_for(text)
        language = language_of(tracker)
        see = (TEXTS(language, "b_see"), intent("delete_my_data", choice="see"))
        erase = (TEXTS(language, "b_erase"), intent("delete_my_data", choice="erase"))
        menu = (COMMON(language, "b_menu"), intent("help"))
        if choice == "see":  # health data included: sealed, so it never stays in the tracker
            text = sealed.seal_out(session, tracker.sender_id, privacy.summary(session, tracker.sender_id, language))
            send_titled(dispatcher, text, [erase, menu])
        elif choice == "erase":
            send_titled(dispatcher, TEXTS(language, "erase_confirm"), [
                (TEXTS(language, "b_erase_yes"), intent("delete_my_data", choice="erase_now")),
                (TEXTS(language, "b_erase_no"), intent("delete_my_data", choice="keep"))])
            return [SlotSet("my_data", "erase")]
        elif choice == "erase_now":
            privacy.erase(session, tracker.sender_id)
            send_titled(dispatcher, TEXTS(language, "erased"), [menu])
            dispatcher.utter_message(json_message=FORGET)
            return [SlotSet("flow", None), SlotSet("answer", None), SlotSet("my_data", None)]
        elif choice == "keep":
            send_titled(dispatcher, TEXTS(language, "kept"), [menu])
        else:
            send_titled(dispatcher, TEXTS(language, "offer"), [see, erase, menu])
        return [SlotSet("my_data", None)]
