"""The database models every capability shares: conversations and their messages,
questionnaires in progress, messages waiting to be delivered, sealed texts, staff
accounts and the audit log. Each capability keeps its own models in its package
(``core/<capability>/models.py``); all of them share ``Base``.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Dialect, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from core.crypto import EncryptedText


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class UtcDateTime(TypeDecorator[datetime]):
    """A moment with its time zone, read back as UTC even where the database keeps none
    (SQLite): every date-time the app returns says which time it is."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime()}  # noqa: RUF012 - SQLAlchemy's API


class Conversation(Base):
    """One conversation per person and channel; its id is Rasa's sender id."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(16))
    # The channel's identity of the person (for the web: a hash of the session token).
    external_id: Mapped[str] = mapped_column(String(128))
    # Where a push channel sends to when it is not the identity (the WhatsApp number of a
    # person known by a business-scoped user id).
    address: Mapped[str | None] = mapped_column(String(128))
    language: Mapped[str | None] = mapped_column(String(2))
    language_hint: Mapped[str | None] = mapped_column(String(2))
    language_chosen: Mapped[bool] = mapped_column(default=False)
    mode: Mapped[str] = mapped_column(String(8), default="bot")  # bot | human
    # Rasa's tracker still to be emptied after an erasure (Rasa was unreachable then)
    forget_pending: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)

    messages: Mapped[list["Message"]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Message.id"
    )


class Message(Base):
    """Every message in and out, in order."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),
                      Index("ix_messages_created_at", "created_at"))  # the dashboards count by day

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    sender: Mapped[str] = mapped_column(String(16))  # user | bot | system | counsellor
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # an answer: the person's message it answers (the transcript's order alone cannot tell)
    reply_to: Mapped[int | None] = mapped_column(Integer)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class FlowState(Base):
    """A questionnaire in progress for a conversation (core/questionnaire).

    Kept after a "stop" when the questionnaire can be resumed on the same channel. The
    state of a questionnaire whose answers are health data is kept encrypted in
    ``sealed_state`` instead of ``state``.
    """

    __tablename__ = "flow_states"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(16), primary_key=True)  # the questionnaire's name
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    sealed_state: Mapped[str | None] = mapped_column(EncryptedText)  # JSON, encrypted
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuestionnaireStep(Base):
    """A question of a questionnaire put to someone, or its end: what the funnels count
    (started, reached each question, finished; where people stop). A run is a random id
    of one pass through a questionnaire; nothing links it to a conversation or a person,
    and no answer is kept."""

    __tablename__ = "questionnaire_steps"
    __table_args__ = (Index("ix_questionnaire_steps_flow", "flow", "at"), Index("ix_questionnaire_steps_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    flow: Mapped[str] = mapped_column(String(16))  # the questionnaire's name
    run: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(40))  # a question's key, or "finished"
    language: Mapped[str | None] = mapped_column(String(2))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MessageCount(Base):
    """How many messages people wrote on a past UTC day, per channel and language ("unknown"
    when none was found), counted once the day is over (``core.quality.records``), so that
    the dashboards read a year in a few hundred rows. Numbers only: an erasure or a purge
    afterwards leaves them, as the pathway's tallies."""

    __tablename__ = "message_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column()


class UnrecognisedMessage(Base):
    """A message the assistant did not understand, for a maintainer to learn from (new
    training examples). Never a text of a sealed questionnaire; deleted with its
    conversation."""

    __tablename__ = "unrecognised_messages"
    __table_args__ = (Index("ix_unrecognised_messages_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(2))
    # where: None for a message outside any questionnaire, else the question it answered
    flow: Mapped[str | None] = mapped_column(String(16))
    step: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """A message for a person that they did not ask for just now (a reminder, a freed
    place, a cancellation by staff), waiting to be delivered on their channel."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_pending", "conversation_id", "delivered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()
    # Push channels (bot/channels/outbox.py): tries so far, when the next may start (a
    # sender holds it until then), and the end of trying, with the channel's reason.
    # Who it is from: the assistant ("system") or a counsellor (with the name shown); a
    # counsellor's message is in the transcript from the moment it is written.
    sender: Mapped[str] = mapped_column(String(16), default="system", server_default="system")
    sender_name: Mapped[str | None] = mapped_column(String(64))
    in_transcript: Mapped[bool] = mapped_column(default=False, server_default=false())
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    failed_at: Mapped[datetime | None] = mapped_column()
    failure: Mapped[str | None] = mapped_column(Text)


class SealedText(Base):
    """What a person wrote during the pathway questionnaire, or a message repeating it, on
    its way between the gateway and the actions without passing through Rasa
    (core/sealed.py). Encrypted; deleted as soon as it is read."""

    __tablename__ = "sealed_texts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    body: Mapped[str | None] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Account(Base):
    """A staff account of the staff APIs."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(24))
    # The name a person sees on a counsellor's messages (else the username).
    display_name: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token of the staff API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class AuditLog(Base):
    """Who listed, read, changed or exported personal data, and when; never the data itself."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "record_type", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    account: Mapped[str] = mapped_column(String(64))  # a staff username, or "system"
    action: Mapped[str] = mapped_column(String(16))  # list | read | update | export | purge
    record_type: Mapped[str] = mapped_column(String(32))  # e.g. pathway_registration
    record_id: Mapped[str | None] = mapped_column(String(32))  # None for a list, an export, a purge
    detail: Mapped[str | None] = mapped_column(String(200))  # e.g. "rows=12 include_health=false"
