"""Registrations for the pathway, their history, and the anonymous tallies."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.crypto import EncryptedJSON, EncryptedText
from core.models import Base, new_id, utcnow


class PathwayRegistration(Base):
    """A registration for the sustainable-integration pathway for persons with disabilities.

    What the person says about their health (support needs, details, accommodations) is
    encrypted at rest (core/crypto.py) and loaded only when asked for (deferred group
    "health"), so that lists never decrypt it; availability, free text too, is encrypted
    and listed. Deleted after PATHWAY_RETENTION_DAYS without
    activity (core.pathway.registrations.purge_inactive).
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
    support_needs: Mapped[list[str]] = mapped_column(EncryptedJSON, deferred=True, deferred_group="health")
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


class PathwayWeekTally(Base):
    """The same count per week in which the deleted registration had reached the
    milestone (the Monday of that week), so that the progress over time keeps them too.
    ``PathwayTally`` keeps the totals, including deletions from before weeks were kept."""

    __tablename__ = "pathway_week_tallies"

    milestone: Mapped[str] = mapped_column(String(20), primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
