"""Actions of the conversation itself: the language, the FAQ topics.

Actions translate between Rasa and core/; rules live in core/.
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, Guarded, entity
from core import content, conversations
from core.i18n import LANGUAGES, language_named_in


class ActionSetLanguage(DatabaseAction):
    """The person asks for a language: remember it and confirm in that language."""

    def name(self) -> str:
        return "action_set_language"

    def run_with_session(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any],
        session: Session,
    ) -> list[dict[str, Any]]:
        language = entity(tracker, "language")
        if language not in LANGUAGES:
            language = language_named_in((tracker.latest_message or {}).get("text") or "")
        if language not in LANGUAGES:
            dispatcher.utter_message(response="utter_ask_language")
            return []
        conversations.choose_language(session, tracker.sender_id, language)
        dispatcher.utter_message(response="utter_language_changed", language=language)
        return []


class ActionAnswerFaqTopic(Guarded, Action):
    """A topic button was pressed: answer it (no NLU involved)."""

    def name(self) -> str:
        return "action_answer_faq_topic"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        topic = entity(tracker, "topic")
        if topic in content.faq():
            dispatcher.utter_message(response=f"utter_faq/{topic}")
        else:
            dispatcher.utter_message(response="utter_faq_menu")
        return []
