"""Messages to a person outside a reply: queued here, delivered on their channel.

The web widget collects them when it asks (``POST /web/notifications``); a delivered
notification joins the conversation's transcript.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import conversations
from core.models import Conversation, Notification, utcnow


def queue(session: Session, conversation_id: str, text: str, buttons: list[dict[str, str]] | None = None,
          language: str | None = None) -> Notification:
    notification = Notification(conversation_id=conversation_id, text=text, buttons=buttons or None,
                                language=language)
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
        conversations.record(session, conversation, direction="out", sender="system",
                             text=notification.text, buttons=notification.buttons,
                             language=notification.language)
    return pending
