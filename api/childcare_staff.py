"""The childcare staff API: daily occupancy, bookings per day, cancelling with a reason,
recording a child who did not come.

Roles childcare_staff and admin. A cancellation's reason is sent to the person on their
channel, and the freed places go to the first people on the waiting list.
"""

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.auth import SessionDep, require_role
from api.errors import CONFLICT, NOT_FOUND, STAFF_RESPONSES
from core import audit
from core.childcare import attendance, notices, rules
from core.childcare.content import sites_content
from core.childcare.models import ChildcareBooking
from core.models import Account

staff = require_role("childcare_staff", "admin")
router = APIRouter(prefix="/api/childcare", tags=["childcare staff"], dependencies=[Depends(staff)],
                   responses=STAFF_RESPONSES)
RECORD = attendance.RECORD_TYPE  # in the audit log


class Places(BaseModel):
    capacity: int
    am: int = Field(description="places taken in the morning")
    pm: int = Field(description="places taken in the afternoon")


class SiteOccupancy(BaseModel):
    site: str
    name: str
    open: bool
    babies: Places = Field(description="0–18 months")
    toddlers: Places = Field(description="18–36 months")


class BookingOut(BaseModel):
    reference: str
    site: str
    child_name: str
    age_group: str
    reason: str
    first_day: date
    last_day: date
    half: str | None
    status: str
    cancel_reason: str | None
    created_at: datetime


class CancelIn(BaseModel):
    reason: str = Field(min_length=3, max_length=500, description="told to the person as written")


class NoShowIn(BaseModel):
    day: date = Field(description="a day the booking holds, today or before")
    half: Literal["am", "pm"] | None = Field(
        default=None, description="the half-day; left out: every half-day the booking holds on that day")


class NoShowOut(BaseModel):
    reference: str
    day: date
    halves: list[str] = Field(description="the half-days of that day recorded as no-shows: am, pm")
    changed: bool = Field(description="false when they were recorded already")


def _out(booking: ChildcareBooking) -> BookingOut:
    return BookingOut.model_validate(booking, from_attributes=True)


@router.get("/occupancy", response_model=list[SiteOccupancy])
def occupancy(day: date = Query(default_factory=date.today),
              session: Session = SessionDep) -> list[SiteOccupancy]:
    """Places and places taken per site and age group on one day."""
    data = sites_content()
    figures = rules.occupancy(session, day, data)
    return [SiteOccupancy(site=key, name=site.name.fr, open=rules.is_open(site, day),
                          **figures[key]) for key, site in data.sites.items()]


@router.get("/bookings", response_model=list[BookingOut])
def bookings(day: date = Query(default_factory=date.today), site: str | None = None,
             include_cancelled: bool = False, session: Session = SessionDep,
             account: Account = Depends(staff)) -> list[BookingOut]:
    """The bookings that hold a place on ``day`` (at one site, or all); the listing is audited."""
    found = [_out(b) for b in rules.bookings_on(session, day, site, include_cancelled)]
    audit.write(session, account.username, "list", RECORD, detail=f"day={day} site={site or '*'} rows={len(found)}")
    return found


@router.post("/bookings/{reference}/cancel", response_model=BookingOut, responses=NOT_FOUND | CONFLICT)
def cancel(reference: str, body: CancelIn, session: Session = SessionDep,
           account: Account = Depends(staff)) -> BookingOut:
    """Cancel a booking; the person is told why on their channel, in their language."""
    booking = rules.find_booking(session, None, reference)
    if booking is None:
        raise HTTPException(404, "No such booking.")
    if booking.status != "confirmed":
        raise HTTPException(409, "This booking is already cancelled.")
    notices.cancel_by_staff(session, booking, body.reason)
    audit.write(session, account.username, "update", RECORD, booking.reference, detail="cancelled by staff")
    session.flush()
    return _out(booking)


@router.post("/bookings/{reference}/no-show", response_model=NoShowOut,
             responses=NOT_FOUND | CONFLICT)
def no_show(reference: str, body: NoShowIn, session: Session = SessionDep,
            account: Account = Depends(staff)) -> NoShowOut:
    """Record that the child did not come on a day (or half-day) the booking held; the place
    stays taken. Marking again changes nothing. 422 for a day to come or one the booking
    does not hold, 409 for a cancelled booking; a change is audited."""
    try:
        marked = attendance.mark_no_show(session, reference, body.day, body.half, account.username)
    except attendance.NoShowRefused as refused:
        if refused.problem == "unknown":
            raise HTTPException(404, str(refused)) from None
        if refused.problem == "cancelled":
            raise HTTPException(409, str(refused)) from None
        field = "half" if refused.problem == "not_held" and body.half is not None else "day"
        raise HTTPException(422, [{"loc": ["body", field], "msg": str(refused), "type": "value_error"}]) from None
    return NoShowOut(reference=marked.reference, day=marked.day, halves=marked.halves, changed=marked.changed)
