"""Actions of the conversation itself: the language, the FAQ topics, a message not
understood.

Actions translate between Rasa and core/; rules live in core/.
"""

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.base import DatabaseAction, Guarded, entity, language_of
from core import content, conversations
from core.db import session_scope
from core.i18n import LANGUAGES, language_named_in
from core.quality import records

log = logging.getLogger(__name__)


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


class ActionNotUnderstood(Guarded, Action):
    """The assistant did not understand the message (NLU fallback): it says so, and keeps
    the message for its maintainers to learn from (core/quality/records.py: never a
    button's payload, nothing while a sealed questionnaire runs)."""

    def name(self) -> str:
        return "action_not_understood"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_default")
        text = str((tracker.latest_message or {}).get("text") or "")
        try:
            with session_scope() as session:
                records.not_understood(session, tracker.sender_id, text, language_of(tracker))
        except SQLAlchemyError as error:  # the answer does not depend on it
            log.warning("A message not understood was not kept: %s", type(error).__name__)
        return []
