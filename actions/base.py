"""Base for actions that use the central database (one short session per run), and the
helpers every action shares."""

from abc import ABCMeta, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from core.db import session_scope
from core.i18n import normalise_language
from core.questionnaire import Outgoing, button


def language_of(tracker: Tracker) -> str:
    """The language the gateway decided for the person's latest message."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return normalise_language(metadata.get("language"))


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity of the latest message (a button's payload sets them)."""
    return next(tracker.get_latest_entity_values(name), None)


def send(dispatcher: CollectingDispatcher, messages: list[Outgoing]) -> None:
    for message in messages:
        dispatcher.utter_message(text=message.text, buttons=message.buttons or None)


def send_titled(dispatcher: CollectingDispatcher, text: str, buttons: list[tuple[str, str]]) -> None:
    """One message whose buttons are (title, payload) pairs."""
    send(dispatcher, [Outgoing(text, [button(title, payload) for title, payload in buttons])])


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
