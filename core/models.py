"""Database models (SQLAlchemy 2, typed)."""

import uuid
from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON, CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.crypto import EncryptedJSON, EncryptedText


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True)}


class Conversation(Base):
    """One conversation per person and channel; its id is Rasa's sender id."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(16))
    # The channel's identity of the person (for the web: a hash of the session token).
    external_id: Mapped[str] = mapped_column(String(128))
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
    __table_args__ = (Index("ix_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    sender: Mapped[str] = mapped_column(String(16))  # user | bot | system | counsellor
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class FlowState(Base):
    """A questionnaire in progress (skills assessment, training search) for a conversation.

    Kept after a "stop" so that the person can resume on the same channel.
    """

    __tablename__ = "flow_states"

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(16), primary_key=True)  # assessment | training
    state: Mapped[dict] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assessment(Base):
    """A completed skills pre-assessment: levels, the question-set version and the date."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_conversation", "conversation_id", "completed_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    question_set_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(2))  # the conversation's language
    digital_level: Mapped[str | None] = mapped_column(String(16), index=True)
    result: Mapped[dict] = mapped_column(JSON)
    answers: Mapped[dict] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    languages: Mapped[list["AssessmentLanguage"]] = relationship(
        cascade="all, delete-orphan", order_by="AssessmentLanguage.language", lazy="selectin"
    )


class AssessmentLanguage(Base):
    """One assessed language of an assessment, for filtering (e.g. Dutch at least A2)."""

    __tablename__ = "assessment_languages"

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    level: Mapped[str] = mapped_column(String(2))
    rank: Mapped[int] = mapped_column(index=True)  # 0 = A1 … 5 = C2


class TrainingModule(Base):
    """A module of the catalogue: loaded from content/modules.yml, managed through the API."""

    __tablename__ = "training_modules"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    area: Mapped[str] = mapped_column(String(16), index=True)
    data: Mapped[dict] = mapped_column(JSON)  # a validated core.content.Module
    source: Mapped[str] = mapped_column(String(8), default="content")  # content | api
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column()


class Account(Base):
    """A staff account of the counsellor API."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(24))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token of the counsellor API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ChildcarePlaces(Base):
    """The capacity ledger: places taken per site, day, age group and half-day.

    A place is taken only by ``UPDATE … SET taken = taken + 1 WHERE taken < capacity``
    in the booking's transaction, so concurrent bookings can never overbook.
    """

    __tablename__ = "childcare_places"
    __table_args__ = (CheckConstraint("taken >= 0 AND taken <= capacity", name="ck_places_taken"),)

    site: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    age_group: Mapped[str] = mapped_column(String(16), primary_key=True)  # babies | toddlers
    half: Mapped[str] = mapped_column(String(2), primary_key=True)  # am | pm
    capacity: Mapped[int] = mapped_column()
    taken: Mapped[int] = mapped_column(default=0)


class ChildcareBooking(Base):
    """A booking at a Maison d'enfants, made by one channel identity (its conversation)."""

    __tablename__ = "childcare_bookings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    site: Mapped[str] = mapped_column(String(32), index=True)
    child_name: Mapped[str] = mapped_column(String(60))  # a first name or a nickname
    child_birth_date: Mapped[date] = mapped_column(Date)
    age_group: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(16))  # job_start | training | interview | other
    first_day: Mapped[date] = mapped_column(Date, index=True)
    last_day: Mapped[date] = mapped_column(Date)
    half: Mapped[str | None] = mapped_column(String(2))  # am | pm for a half-day, else None
    registered_job_seeker: Mapped[bool] = mapped_column(default=True)
    actiris_number: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(12), default="confirmed")  # confirmed | cancelled
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_by: Mapped[str | None] = mapped_column(String(12))  # person | staff
    reminder_sent_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    days: Mapped[list["ChildcareBookingDay"]] = relationship(
        cascade="all, delete-orphan", order_by="ChildcareBookingDay.day", lazy="selectin"
    )


class ChildcareBookingDay(Base):
    """A half-day a booking holds a place for."""

    __tablename__ = "childcare_booking_days"

    booking_id: Mapped[str] = mapped_column(
        ForeignKey("childcare_bookings.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    half: Mapped[str] = mapped_column(String(2), primary_key=True)


class ChildcareWaiting(Base):
    """A person waiting for a place; told on their channel when one frees up."""

    __tablename__ = "childcare_waiting"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    site: Mapped[str] = mapped_column(String(32))
    age_group: Mapped[str] = mapped_column(String(16))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    half: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column()


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
    buttons: Mapped[list | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column()


class PathwayRegistration(Base):
    """A registration for the sustainable-integration pathway for persons with disabilities.

    What the person says about their health (support needs, details, accommodations) is
    encrypted at rest (core/crypto.py) and loaded only when asked for (deferred group
    "health"), so that lists never decrypt it; availability, free text too, is encrypted
    and listed. Deleted after PATHWAY_RETENTION_DAYS without
    activity (core.pathway.purge_inactive).
    """

    __tablename__ = "pathway_registrations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str | None] = mapped_column(String(2))  # the conversation's language
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str] = mapped_column(String(60))
    search_name: Mapped[str] = mapped_column(String(121))  # both names folded, for searching
    phone: Mapped[str | None] = mapped_column(String(16))  # E.164
    email: Mapped[str | None] = mapped_column(String(254))
    preferred_language: Mapped[str] = mapped_column(String(5))  # fr | nl | en | other
    contact_channel: Mapped[str] = mapped_column(String(5))  # phone | email | sms | chat
    situation: Mapped[str] = mapped_column(String(16))  # job_seeker | worker | other
    # self: the person registered; helper: someone helping them did (the contact may be theirs)
    registered_by: Mapped[str] = mapped_column(String(8), default="self", server_default="self")
    support_needs: Mapped[list] = mapped_column(EncryptedJSON, deferred=True, deferred_group="health")
    support_details: Mapped[str | None] = mapped_column(EncryptedText, deferred=True,
                                                        deferred_group="health")
    accommodations: Mapped[str | None] = mapped_column(EncryptedText, deferred=True,
                                                       deferred_group="health")
    availability: Mapped[str | None] = mapped_column(EncryptedText)  # free text too
    consent_at: Mapped[datetime] = mapped_column()
    # registered → contacted → in_module → module_completed; any of them → withdrawn
    status: Mapped[str] = mapped_column(String(20), default="registered", index=True)
    module: Mapped[str | None] = mapped_column(String(64))  # a module of content/pathway.yml
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    history: Mapped[list["PathwayStatusChange"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="PathwayStatusChange.id"
    )


class PathwayStatusChange(Base):
    """A step of a registration's history: its status or module changed, by whom, when."""

    __tablename__ = "pathway_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    registration_id: Mapped[str] = mapped_column(
        ForeignKey("pathway_registrations.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))  # None: the registration itself
    to_status: Mapped[str] = mapped_column(String(20), index=True)
    module: Mapped[str | None] = mapped_column(String(64))  # the module from then on
    changed_by: Mapped[str | None] = mapped_column(String(64))  # a staff username; None: the person
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(EncryptedText)  # staff notes may be about health


class PathwayTally(Base):
    """How many deleted registrations (erased by the person, or purged) had reached a
    milestone: a count without any personal data, so that progress towards the target
    keeps everyone who followed a module."""

    __tablename__ = "pathway_tallies"

    milestone: Mapped[str] = mapped_column(String(20), primary_key=True)  # in_module | module_completed
    count: Mapped[int] = mapped_column(default=0)


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
