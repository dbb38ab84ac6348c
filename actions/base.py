"""Base for actions that use the central database: one short session per run."""

from abc import ABCMeta, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from core.db import session_scope
from core.i18n import normalise_language


def language_of(tracker: Tracker) -> str:
    """The language the gateway decided for the person's latest message."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return normalise_language(metadata.get("language"))


class DatabaseAction(Action, metaclass=ABCMeta):  # abstract: not registered itself
    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        with session_scope() as session:
            return self.run_with_session(dispatcher, tracker, domain, session)

    @abstractmethod
    def run_with_session(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
        session: Session,
    ) -> list[dict[str, Any]]:
        raise NotImplementedError
