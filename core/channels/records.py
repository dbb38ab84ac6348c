"""The push channels' records: each delivery handled once, buttons by short keys, what
became of each message sent."""

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.channels.models import ButtonKey, ChannelEvent, Delivery
from core.i18n import fold
from core.models import Conversation, utcnow

# What a channel may say of a message sent, in the order it happens.
STATUSES = ("sent", "delivered", "read", "failed")


def first_delivery(session: Session, channel: str, event_id: str, conversation_id: str,
                   pending: dict[str, Any] | None = None) -> bool:
    """Whether this is the first time the channel delivers ``event_id`` (it is then
    remembered, with ``pending``: what to answer, until ``handled``); False for a delivery
    seen before, which is not handled again."""
    try:
        with session.begin_nested():
            session.add(ChannelEvent(channel=channel, event_id=event_id, conversation_id=conversation_id,
                                     pending=pending))
    except IntegrityError:
        return False
    return True


def handled(session: Session, channel: str, event_id: str) -> None:
    """The delivery's message is stored (or answered): nothing is left to do for it."""
    session.execute(update(ChannelEvent).where(ChannelEvent.channel == channel, ChannelEvent.event_id == event_id)
                    .values(pending=None))


def unhandled(session: Session, channel: str, older_than: datetime) -> list[dict[str, Any]]:
    """What deliveries taken before ``older_than`` and never handled asked (their replica
    died before storing the message), claimed: each is due again only ``older_than`` later."""
    events = list(session.scalars(select(ChannelEvent).where(
        ChannelEvent.channel == channel, ChannelEvent.pending.is_not(None),
        ChannelEvent.received_at < older_than).order_by(ChannelEvent.id).with_for_update(skip_locked=True)))
    for event in events:
        event.received_at = utcnow()
    return [dict(event.pending or {}) for event in events]


def offer(session: Session, conversation_id: str, buttons: Sequence[dict[str, str]]) -> list[tuple[str, str]]:
    """Short keys for the buttons of one message: [(key, title)], in order."""
    group = uuid.uuid4().hex
    keys = []
    for position, button in enumerate(buttons, start=1):
        key = secrets.token_urlsafe(12)  # 16 characters
        session.add(ButtonKey(key=key, conversation_id=conversation_id, payload=button["payload"],
                              title=button["title"], offer=group, position=position))
        keys.append((key, button["title"]))
    return keys


def pressed(session: Session, conversation_id: str, key: str) -> ButtonKey | None:
    """The button of this conversation whose key came back, if any."""
    button = session.get(ButtonKey, key)
    return button if button is not None and button.conversation_id == conversation_id else None


def typed_choice(session: Session, conversation_id: str, text: str, *, numbered_over: int | None = None) -> str | None:
    """The payload of a button of the latest message with buttons that ``text`` names:
    its title as written (accents and case aside), or its number when that message had
    more than ``numbered_over`` buttons (the channel showed them as a numbered list)."""
    latest = session.scalar(select(ButtonKey.offer).where(ButtonKey.conversation_id == conversation_id)
                            .order_by(ButtonKey.created_at.desc(), ButtonKey.position.desc()).limit(1))
    if latest is None:
        return None
    offered = session.scalars(select(ButtonKey).where(ButtonKey.offer == latest)).all()
    numbers = numbered_over is not None and len(offered) > numbered_over
    wanted = fold(text).strip(" .)")
    for button in offered:
        if fold(button.title) == wanted or (numbers and wanted == str(button.position)):
            return button.payload
    return None


def sent(session: Session, channel: str, message_id: str, conversation_id: str) -> None:
    session.add(Delivery(channel=channel, message_id=message_id, conversation_id=conversation_id, status="sent"))


def status(session: Session, channel: str, message_id: str, new_status: str, reason: str | None = None,
           at: datetime | None = None) -> bool:
    """What the channel says became of a message sent; a status never goes back (a late
    "delivered" after "read" changes nothing), except to failed. False for a message
    this assistant did not send."""
    delivery = session.scalar(select(Delivery).where(Delivery.channel == channel, Delivery.message_id == message_id))
    if delivery is None or new_status not in STATUSES:
        return False
    if new_status == "failed" or STATUSES.index(new_status) > STATUSES.index(delivery.status):
        delivery.status, delivery.reason, delivery.updated_at = new_status, reason, at or utcnow()
    return True


def failed(session: Session, limit: int = 200) -> list[tuple[Delivery, Conversation]]:
    """Messages a channel could not deliver, newest first, with their conversation."""
    return [(d, c) for d, c in session.execute(
        select(Delivery, Conversation).join(Conversation, Conversation.id == Delivery.conversation_id)
        .where(Delivery.status == "failed").order_by(Delivery.updated_at.desc()).limit(limit)).tuples()]
