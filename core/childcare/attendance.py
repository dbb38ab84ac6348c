"""What staff record about the half-days a booking held: a child who did not come (a
no-show). The place stays taken (it was held and not used); the dashboard counts them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from core import audit
from core.childcare import rules
from core.childcare.models import ChildcareBookingDay

RECORD_TYPE = "childcare_booking"  # in the audit log


class NoShowRefused(ValueError):
    """Why a no-show cannot be recorded. ``problem`` is one of: ``unknown`` (no booking
    has this reference), ``cancelled`` (the booking is cancelled), ``not_held`` (the
    booking holds no place on that day, or not that half-day), ``future`` (the day has
    not come yet)."""

    def __init__(self, problem: str, message: str):
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class NoShow:
    reference: str
    day: date
    halves: list[str]  # the half-days of that day now recorded as no-shows (am, pm)
    changed: bool  # False when they were recorded already


def mark_no_show(session: Session, reference: str, day: date, half: str | None, staff_username: str,
                 today: date | None = None) -> NoShow:
    """Record that the child of a confirmed booking did not come on ``day`` (a day already
    come, in Brussels): the ``half`` given, or every half-day the booking holds on that day.
    Marking again changes nothing; a change is written to the audit log in the caller's
    transaction. Raises NoShowRefused."""
    booking = rules.find_booking(session, None, reference)
    if booking is None:
        raise NoShowRefused("unknown", "No such booking.")
    if booking.status != "confirmed":
        raise NoShowRefused("cancelled", "This booking is cancelled.")
    if day > (today or rules.today()):
        raise NoShowRefused("future", "That day has not come yet.")
    held: list[ChildcareBookingDay] = sorted((d for d in booking.days if d.day == day and half in (None, d.half)),
                                             key=lambda d: d.half)
    if not held:
        raise NoShowRefused("not_held", "This booking holds no place on that day." if half is None
                            else "This booking holds no place on that half-day.")
    changed = [d for d in held if not d.no_show]
    for booking_day in changed:
        booking_day.no_show = True
    if changed:
        audit.write(session, staff_username, "update", RECORD_TYPE, booking.reference,
                    detail=f"no-show {day.isoformat()} {'+'.join(d.half for d in changed)}")
        session.flush()
    return NoShow(reference=booking.reference, day=day, halves=[d.half for d in held], changed=bool(changed))
