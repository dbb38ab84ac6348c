"""Base for actions that use the central database (one short session per run), and the
helpers every action shares."""

import asyncio
import functools
import inspect
import logging
import os
from abc import ABCMeta, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from core import signing
from core.db import session_scope
from core.i18n import N_, normalise_language, translate
from core.questionnaire import Outgoing, button

log = logging.getLogger(__name__)

# Said when an action fails: the conversation goes on.
APOLOGY = N_("Sorry, something went wrong on my side. Nothing was changed. You can try again, or write "
             "“menu”.")
# Longest entity value an action reads: a button's payload carries a few words at most.
MAX_ENTITY = 200


def language_of(tracker: Tracker) -> str:
    """The language the gateway decided for the person's latest message."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return normalise_language(metadata.get("language"))


def entity(tracker: Tracker, name: str) -> str | None:
    """The first value of an entity of the latest message (a button's payload sets them),
    when it is a short text; a number, a list or a long text typed in a command is None."""
    value = next(tracker.get_latest_entity_values(name), None)
    return value if isinstance(value, str) and len(value) <= MAX_ENTITY else None


def in_threads() -> bool:
    """Whether actions run in threads off the event loop: on the action server's loop
    (rasa-sdk awaits what ``run`` returns), unless ACTIONS_IN_THREADS=0 (tests that call
    ``run`` themselves while another library holds a loop)."""
    if os.environ.get("ACTIONS_IN_THREADS", "1") == "0":
        return False
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _guarded(run: Callable[..., Any], failed: Callable[[Any], list[dict[str, Any]]]) -> Callable[..., Any]:
    """``run`` that never raises to rasa-sdk (which would send the whole tracker back in
    its error, for Rasa to log): the person gets an apology in their language and the
    conversation goes on; the log names the action and the error's type only."""

    def vouched(action: Any, tracker: Tracker) -> bool:
        """The message was sent by the gateway for this conversation (core/signing.py):
        whoever reaches Rasa's port cannot act for someone else."""
        if signing.verify((tracker.latest_message or {}).get("metadata"), tracker.sender_id):
            return True
        log.warning("Action %s refused: the message was not signed by the gateway", action.name())
        return False

    def apologise(action: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                  error: Exception) -> list[dict[str, Any]]:
        log.error("Action %s failed: %s", action.name(), type(error).__name__)
        dispatcher.utter_message(text=translate(language_of(tracker), APOLOGY))
        return failed(action)

    if inspect.iscoroutinefunction(run):
        @functools.wraps(run)
        async def run_async(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: dict[str, Any]) -> list[dict[str, Any]]:
            if not vouched(self, tracker):
                return failed(self)
            try:
                return list(await run(self, dispatcher, tracker, domain))
            except Exception as error:  # the apology is the handling
                return apologise(self, dispatcher, tracker, error)

        run_async.guarded = True  # type: ignore[attr-defined]
        return run_async

    def body(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
             domain: dict[str, Any]) -> list[dict[str, Any]]:
        if not vouched(self, tracker):
            return failed(self)
        try:
            return list(run(self, dispatcher, tracker, domain))
        except Exception as error:  # the apology is the handling
            return apologise(self, dispatcher, tracker, error)

    @functools.wraps(run)
    def run_sync(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Any:
        if not in_threads():  # called directly (a script, a test): run now
            return body(self, dispatcher, tracker, domain)
        # on the action server's event loop: database work and parsing run in a thread, so
        # that one slow action never holds up the other conversations (rasa-sdk awaits this)
        return asyncio.to_thread(body, self, dispatcher, tracker, domain)

    run_sync.guarded = True  # type: ignore[attr-defined]
    return run_sync


class Guarded:
    """Mixin of every action: its ``run`` (its own or inherited) never raises."""

    # the events returned after a failure (a form's validation empties its slot to ask again)
    failure_events: ClassVar[list[dict[str, Any]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        run = cls.run  # type: ignore[attr-defined]
        if not getattr(run, "guarded", False):
            cls.run = _guarded(run, lambda action: list(action.failure_events))  # type: ignore[attr-defined]


def send(dispatcher: CollectingDispatcher, messages: list[Outgoing]) -> None:
    for message in messages:
        dispatcher.utter_message(text=message.text, buttons=message.buttons or None)


def send_titled(dispatcher: CollectingDispatcher, text: str, buttons: list[tuple[str, str]]) -> None:
    """One message whose buttons are (title, payload) pairs."""
    send(dispatcher, [Outgoing(text, [button(title, payload) for title, payload in buttons])])


class DatabaseAction(Guarded, Action, metaclass=ABCMeta):  # abstract: not registered itself
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
