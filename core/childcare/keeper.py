"""What childcare keeps about a person: bookings (with their days) and waiting-list entries.

Erasing cancels the person's confirmed bookings first, so that the places they free go
to the people on the waiting list (who are told), after the person's own waits are gone.
"""

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core.childcare import rules
from core.childcare.models import ChildcareBooking, ChildcareBookingDay, ChildcareWaiting
from core.childcare.notices import tell_waiting
from core.childcare.texts import TEXTS
from core.childcare.wording import booking_days, site_name
from core.registry import Expiry, Keeper


def _waiting(session: Session, conversation_id: str) -> int:
    return session.scalar(select(func.count()).select_from(ChildcareWaiting)
                          .where(ChildcareWaiting.conversation_id == conversation_id)) or 0


class ChildcareKeeper(Keeper):
    name = "childcare"
    tables = (ChildcareBooking, ChildcareBookingDay, ChildcareWaiting)
    # after the booking's last day (a child's name and birth date), after the days waited for
    expiry = (Expiry(ChildcareBooking, "last_day", "retention_childcare_days"),
              Expiry(ChildcareWaiting, "last_day", "retention_waiting_days"))

    def kept(self, session: Session, conversation_id: str, language: str) -> list[str]:
        lines = [TEXTS(language, "see_booking", reference=booking.reference, name=booking.child_name,
                       days=booking_days(booking, language), site=site_name(booking.site, language))
                 for booking in session.scalars(select(ChildcareBooking).where(
                     ChildcareBooking.conversation_id == conversation_id).order_by(ChildcareBooking.first_day))]
        waiting = _waiting(session, conversation_id)
        if waiting:
            lines.append(TEXTS(language, "see_waiting", count=waiting))
        return lines

    def erase(self, session: Session, conversation_id: str) -> None:
        # the person's own waits go first, so that the places their bookings free go to others
        session.execute(delete(ChildcareWaiting).where(ChildcareWaiting.conversation_id == conversation_id)
                        .execution_options(synchronize_session=False))
        for booking in session.scalars(select(ChildcareBooking).where(
                ChildcareBooking.conversation_id == conversation_id, ChildcareBooking.status == "confirmed")):
            tell_waiting(session, rules.cancel(session, booking, by="person"))
        session.flush()
        super().erase(session, conversation_id)

    def for_counsellor(self, session: Session, conversation_id: str, language: str) -> list[str]:
        lines = [TEXTS(language, "see_booking", reference=booking.reference, name=booking.child_name,
                       days=booking_days(booking, language), site=site_name(booking.site, language))
                 for booking in rules.bookings_of(session, conversation_id, rules.today())]
        waiting = _waiting(session, conversation_id)
        if waiting:
            lines.append(TEXTS(language, "counsellor_waiting", count=waiting))
        return lines
