"""Tables of the push channels. Every row names its conversation, so that a person's
erasure takes them (a WhatsApp message id encodes the person's phone number)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base, utcnow


class ChannelEvent(Base):
    """An update or message a channel delivered, by the channel's id for it: channels
    deliver again when an answer is slow or lost, and a delivery seen twice is handled once."""

    __tablename__ = "channel_events"
    __table_args__ = (UniqueConstraint("channel", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(255))
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # what to answer, until the person's message is stored (then None): a replica that
    # took the delivery and died leaves it for another one (records.unhandled)
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class ButtonKey(Base):
    """A button sent on a push channel, by the short key the channel gives back when it is
    pressed (Telegram allows 64 bytes of it): the payload and title stay here."""

    __tablename__ = "button_keys"
    __table_args__ = (Index("ix_button_keys_conversation", "conversation_id", "created_at"),)

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    payload: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    # The message it was offered with, and its place among that message's buttons (1, 2, …):
    # "2" typed after a numbered list is the second.
    offer: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Delivery(Base):
    """A message sent on a push channel and what the channel says became of it. No text:
    the transcript has it."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("channel", "message_id"),
                      Index("ix_deliveries_status", "status", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(255))
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))  # sent | delivered | read | failed
    reason: Mapped[str | None] = mapped_column(Text)  # why it failed, as the channel says
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
