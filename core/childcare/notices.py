"""Messages about childcare the person did not ask for just now: a reminder the day
before, a place freed for someone on the waiting list, a cancellation by staff. Queued in
core/notify.py and delivered on the person's channel, in their language."""

import logging
from datetime import date

from sqlalchemy.orm import Session

from core import notify
from core.childcare import content, rules
from core.childcare.models import ChildcareBooking, ChildcareWaiting
from core.childcare.texts import TEXTS
from core.childcare.wording import booking_days, day_text
from core.i18n import normalise_language, translate
from core.models import utcnow
from core.responses import B_HUMAN, intent

log = logging.getLogger(__name__)


def tell_waiting(session: Session, told: list[ChildcareWaiting]) -> None:
    """Tell the people picked from the waiting list that a place is free."""
    sites = content.sites_content().sites
    for entry in told:
        language = normalise_language(entry.language)
        notify.queue(session, entry.conversation_id, TEXTS(
            language, "place_free", site=sites[entry.site].name.get(language),
            day=day_text(entry.first_day, language)),
            [{"title": TEXTS(language, "b_book_childcare"), "payload": intent("book_childcare")}], language)


def send_reminders(session: Session, day: date) -> int:
    """Queue the reminder of every booking that starts the day after ``day``; returns how many."""
    sites = content.sites_content().sites
    due = rules.due_reminders(session, day)
    for booking in due:
        language = normalise_language(booking.language)
        when, site = day_text(booking.first_day, language), sites.get(booking.site)
        if site is None:  # a site no longer in the content: remind all the same, without its address
            log.warning("Childcare site %r of a booking is not in the content any more", booking.site)
            text = TEXTS(language, "reminder_site_unknown", day=when, name=booking.child_name,
                         reference=booking.reference)
        else:
            text = TEXTS(language, "reminder", day=when, name=booking.child_name, site=site.name.get(language),
                         address=site.address, opens=site.opens, reference=booking.reference)
        notify.queue(session, booking.conversation_id, text, [{"title": TEXTS(language, "b_my_bookings"),
                                                               "payload": intent("my_bookings")}], language)
        booking.reminder_sent_at = utcnow()
    return len(due)


def cancel_by_staff(session: Session, booking: ChildcareBooking, reason: str) -> None:
    """Cancel a booking for a reason the person is told on their channel."""
    language = normalise_language(booking.language)
    told = rules.cancel(session, booking, by="staff", reason=reason)
    reason_text = reason.strip().rstrip(".") + "."
    notify.queue(session, booking.conversation_id, TEXTS(
        language, "staff_cancelled", reference=booking.reference,
        days=booking_days(booking, language), reason=reason_text),
        [{"title": translate(language, B_HUMAN.title), "payload": B_HUMAN.payload}], language)
    tell_waiting(session, told)
