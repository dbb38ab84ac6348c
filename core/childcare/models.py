"""Places, bookings and the waiting list of the Maisons d'enfants."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models import Base, new_id, utcnow


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
    # the child did not come (marked by staff): the place was held and not used
    no_show: Mapped[bool] = mapped_column(default=False, server_default=false())


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
