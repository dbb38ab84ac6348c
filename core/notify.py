"""Messages to a person outside a reply: queued here, delivered on their channel.

The web widget collects them when it asks (``POST /web/notifications``); on push
channels (Telegram, WhatsApp) the app's sender takes them (``claim``), sends them and
marks each delivered or, after retries, failed. A delivered notification joins the
conversation's transcript.
"""

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import conversations
from core.models import Conversation, Notification, utcnow


def queue(session: Session, conversation_id: str, text: str, buttons: list[dict[str, str]] | None = None,
          language: str | None = None, *, sender: str = "system", name: str | None = None,
          recorded: bool = False) -> Notification:
    """A message to deliver; ``recorded``: already in the transcript (a counsellor's)."""
    notification = Notification(conversation_id=conversation_id, text=text, buttons=buttons or None,
                                language=language, sender=sender, sender_name=name, in_transcript=recorded)
    session.add(notification)
    return notification


def deliver(session: Session, conversation: Conversation) -> list[Notification]:
    """The conversation's waiting notifications, oldest first, now marked delivered and
    written to the transcript."""
    pending = list(session.scalars(
        select(Notification).where(Notification.conversation_id == conversation.id,
                                   Notification.delivered_at.is_(None))
        .order_by(Notification.id).with_for_update(skip_locked=True)))
    for notification in pending:
        notification.delivered_at = utcnow()
        if not notification.in_transcript:
            conversations.record(session, conversation, direction="out", sender=notification.sender,
                                 text=notification.text, buttons=notification.buttons,
                                 language=notification.language)
    return pending


# Push channels: tries after the first, and the pause before each (then it has failed).
RETRY_PAUSES = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1))
# How long a sender holds the notifications it took before another may take them.
HOLD = timedelta(minutes=2)


def claim(session: Session, channels: Collection[str], now: datetime, limit: int = 50) -> list[Notification]:
    """Pending notifications of conversations on ``channels`` that no sender holds, oldest
    first, now held by the caller for ``HOLD``. Two senders (two app replicas) never
    take the same one: rows another transaction holds are skipped (FOR UPDATE SKIP LOCKED)."""
    due = list(session.scalars(
        select(Notification).join(Conversation, Conversation.id == Notification.conversation_id)
        .where(Conversation.channel.in_(tuple(channels)), Notification.delivered_at.is_(None),
               Notification.failed_at.is_(None),
               or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now))
        .order_by(Notification.id).limit(limit).with_for_update(skip_locked=True, of=Notification)))
    for notification in due:
        notification.next_attempt_at = now + HOLD
    return due


def delivered(session: Session, notification: Notification, now: datetime) -> None:
    """Sent: it joins the transcript."""
    notification.delivered_at = now
    if notification.in_transcript:
        return
    conversation = session.get_one(Conversation, notification.conversation_id)
    conversations.record(session, conversation, direction="out", sender=notification.sender,
                         text=notification.text, buttons=notification.buttons, language=notification.language)


def not_delivered(session: Session, notification: Notification, reason: str, now: datetime,
                  retry: bool = True) -> None:
    """A try failed: try again later, or (no retry, or no tries left) mark it failed with the reason."""
    notification.attempts += 1
    if retry and notification.attempts <= len(RETRY_PAUSES):
        notification.next_attempt_at = now + RETRY_PAUSES[notification.attempts - 1]
    else:
        notification.failed_at, notification.failure = now, reason


def failed(session: Session, limit: int = 200) -> list[tuple[Notification, Conversation]]:
    """Notifications that could not be sent, newest first, with their conversation."""
    return [(n, c) for n, c in session.execute(
        select(Notification, Conversation).join(Conversation, Conversation.id == Notification.conversation_id)
        .where(Notification.failed_at.is_not(None)).order_by(Notification.failed_at.desc()).limit(limit)).tuples()]
