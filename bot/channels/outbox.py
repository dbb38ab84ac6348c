"""The one sender of messages not asked for (reminders, freed places, staff cancellations)
on push channels. Each round takes the notifications due (``core.notify.claim``: two app
replicas never take the same one), sends each on its channel, and marks it delivered, or
tries again later, or marks it failed with the channel's reason. The web widget collects
its own (``POST /web/notifications``)."""

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from bot.texts import SYSTEM
from core import notify
from core.i18n import translate
from core.models import Conversation, Notification, utcnow

log = logging.getLogger(__name__)


class Undeliverable(Exception):
    """The channel did not take the message; ``retry`` when a later try may succeed."""

    def __init__(self, reason: str, retry: bool = True):
        super().__init__(reason)
        self.reason, self.retry = reason, retry


class Sender(Protocol):
    name: str

    async def push(self, conversation_id: str, external_id: str, text: str, buttons: list[dict[str, str]],
                   language: str | None) -> None:
        """Send one notification, or raise Undeliverable."""


@dataclass(frozen=True)
class Due:
    id: int
    channel: str
    conversation_id: str
    external_id: str
    text: str
    buttons: list[dict[str, str]]
    language: str | None


def _text(notification: Notification) -> str:
    """A counsellor's message says who wrote it: "Marie – Counsellor:" above it."""
    if notification.sender != "counsellor" or not notification.sender_name:
        return notification.text
    label = translate(notification.language or "fr", SYSTEM["counsellor"])
    return f"{notification.sender_name} – {label}:\n{notification.text}"


def _claim(sessions: sessionmaker[Session], channels: list[str]) -> list[Due]:
    with sessions.begin() as session:
        return [Due(n.id, c.channel, c.id, c.external_id, _text(n), n.buttons or [], n.language)
                for n in notify.claim(session, channels, utcnow())
                for c in [session.get_one(Conversation, n.conversation_id)]]


def _settle(sessions: sessionmaker[Session], due: Due, failure: Undeliverable | None) -> None:
    with sessions.begin() as session:
        notification = session.get(Notification, due.id)
        if notification is None:  # erased meanwhile
            return
        if failure is None:
            notify.delivered(session, notification, utcnow())
        else:
            notify.not_delivered(session, notification, failure.reason, utcnow(), retry=failure.retry)


async def run_once(sessions: sessionmaker[Session], senders: Mapping[str, Sender]) -> int:
    """One round; the number of notifications tried."""
    if not senders:
        return 0
    due = await run_in_threadpool(_claim, sessions, list(senders))
    for item in due:
        failure = None
        try:
            await senders[item.channel].push(item.conversation_id, item.external_id, item.text, item.buttons,
                                              item.language)
        except Undeliverable as exc:
            failure = exc
        except Exception as exc:  # the channel could not be reached: later
            failure = Undeliverable(type(exc).__name__)
        if failure is not None:
            log.warning("Notification %s not sent on %s: %s", item.id, item.channel, failure.reason)
        await run_in_threadpool(_settle, sessions, item, failure)
    return len(due)


async def run_forever(sessions: sessionmaker[Session], senders: Mapping[str, Sender], seconds: float) -> None:
    while True:
        try:
            await run_once(sessions, senders)
        except Exception as exc:  # the next round tries again; the app keeps serving
            log.error("Push notifications failed: %s", type(exc).__name__)
        await asyncio.sleep(seconds)
