"""A person's own bookings in the chat: the list, a cancellation after a confirmation, and
the start of a change of days (the questionnaire asks the new days). Only the
conversation that booked can see, cancel or change a booking."""

import re

from sqlalchemy.orm import Session

from core.childcare import content, rules
from core.childcare.notices import tell_waiting
from core.childcare.questionnaire import State, change_state
from core.childcare.texts import TEXTS
from core.childcare.wording import booking_days
from core.i18n import translate
from core.responses import B_HUMAN, intent

Titled = tuple[str, list[tuple[str, str]]]  # a message as (text, [(title, payload)])


def list_bookings(session: Session, conversation_id: str, language: str) -> Titled:
    today = rules.today()
    bookings = rules.bookings_of(session, conversation_id, today)
    if not bookings:
        return TEXTS(language, "no_bookings"), [(TEXTS(language, "b_book_childcare"), intent("book_childcare"))]
    sites = content.sites_content().sites
    lines = [TEXTS(language, "bookings_title")]
    buttons = []
    for booking in bookings:
        lines.append("• " + TEXTS(language, "booking_line", reference=booking.reference, name=booking.child_name,
                                  days=booking_days(booking, language),
                                  site=sites[booking.site].name.get(language)))
        if booking.first_day > today:
            buttons.append((TEXTS(language, "b_change_reference", reference=booking.reference),
                            intent("childcare_change", reference=booking.reference)))
        buttons.append((TEXTS(language, "b_cancel_reference", reference=booking.reference),
                        intent("childcare_cancel", reference=booking.reference)))
    buttons.append((TEXTS(language, "b_book_childcare"), intent("book_childcare")))
    return "\n".join(lines), buttons


def start_change(session: Session, conversation_id: str, reference: str | None,
                 language: str) -> tuple[State | None, Titled]:
    """The questionnaire state to move a booking to other days and the first message; or no
    state and the list of bookings, when the booking is not the person's or has begun."""
    today = rules.today()
    if reference is None:  # "I need to change my booking": the only one that can be changed
        changeable = [b for b in rules.bookings_of(session, conversation_id, today) if b.first_day > today]
        reference = changeable[0].reference if len(changeable) == 1 else None
        if reference is None:
            text, buttons = list_bookings(session, conversation_id, language)
            return None, (text, buttons)
    booking = rules.find_booking(session, conversation_id, reference)
    if booking is None or booking.status != "confirmed" or booking.last_day < today:
        text, buttons = list_bookings(session, conversation_id, language)
        return None, (TEXTS(language, "booking_unknown") + "\n" + text, buttons)
    if booking.first_day <= today:
        return None, (TEXTS(language, "change_started", reference=booking.reference),
                      [(translate(language, B_HUMAN.title), B_HUMAN.payload),
                       (TEXTS(language, "b_my_bookings"), intent("my_bookings"))])
    return change_state(booking), (TEXTS(language, "change_intro", reference=booking.reference,
                                         name=booking.child_name, days=booking_days(booking, language)), [])


def reference_in(session: Session, conversation_id: str, text: str) -> str | None:
    """The reference of one of the person's bookings typed in a message ("changer K7M2QX")."""
    found = [booking.reference for booking in rules.bookings_of(session, conversation_id, rules.today())
             if re.search(rf"\b{booking.reference}\b", text, re.IGNORECASE)]
    return found[0] if len(found) == 1 else None


def cancel_step(session: Session, conversation_id: str, reference: str | None, confirm: str | None,
                language: str) -> Titled:
    """Ask to confirm a cancellation, or cancel."""
    booking = rules.find_booking(session, conversation_id, reference) if reference else None
    if booking is None or booking.status != "confirmed":
        text, buttons = list_bookings(session, conversation_id, language)
        if reference:
            text = TEXTS(language, "booking_unknown") + "\n" + text
        return text, buttons
    mine = [(TEXTS(language, "b_my_bookings"), intent("my_bookings"))]
    if confirm == "yes":
        tell_waiting(session, rules.cancel(session, booking, by="person"))
        return TEXTS(language, "cancelled", reference=booking.reference), mine
    if confirm == "no":
        return TEXTS(language, "kept", reference=booking.reference), mine
    return TEXTS(language, "cancel_confirm", reference=booking.reference, name=booking.child_name,
                 days=booking_days(booking, language)), [
        (TEXTS(language, "b_yes_cancel"), intent("childcare_cancel", reference=booking.reference, confirm="yes")),
        (TEXTS(language, "b_keep"), intent("childcare_cancel", reference=booking.reference, confirm="no")),
    ]
