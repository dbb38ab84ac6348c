"""A person's right to see and to erase what the assistant keeps about them.

"See" is a readable summary of every record of the conversation; "erase" deletes them
all: assessments, childcare bookings (their places are freed first, and the waiting
list told), waiting-list entries, pathway registrations, questionnaires in progress,
messages waiting to be delivered and the conversation history. The conversation itself
stays (an empty shell: its id is the channel identity), so the person can go on. Rasa's
tracker is emptied by the gateway once the reply is sent (bot/gateway.py). Nobody
else's data is touched: every statement is filtered by the conversation.
"""

import re

from babel.dates import format_date
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from core import childcare, pathway
from core.i18n import BABEL_LOCALES, fold, normalise_language, translate
from core.messages import PRIVACY_TEXTS
from core.models import (
    Assessment, ChildcareBooking, ChildcareWaiting, Conversation, FlowState, Message, Notification,
    PathwayRegistration, SealedText,
)

ERASED = (Message, FlowState, Assessment, ChildcareBooking, ChildcareWaiting, Notification,
          PathwayRegistration, SealedText)

# Words of a typed request that say which of the two the person wants ("erase my data",
# "wat weten jullie over mij?"); an erasure is still confirmed first.
ERASE_WORDS = {"delete", "deleted", "erase", "erased", "remove", "removed", "forget", "forgotten",
               "effacer", "effacez", "efface", "effacees", "supprimer", "supprimez", "supprime", "supprimees",
               "retirer", "retirez", "retire", "oublier", "oubliez", "oublie", "wissen", "wis", "gewist",
               "verwijderen", "verwijder", "verwijderd", "vergeten", "vergeet", "weg", "deleten", "clear",
               "vernietigen", "suprimer", "wisen"}
SEE_WORDS = {"see", "show", "what", "which", "voir", "montrer", "montrez", "montre", "quoi", "quelles", "quelle",
             "savez", "gardez", "zien", "bekijken", "toon", "tonen", "wat", "welke", "weten"}


def asked_for(text: str) -> str | None:
    """"erase" or "see" when a typed request says which, else None."""
    words = set(re.findall(r"[a-z]+", fold(text or "")))
    if words & ERASE_WORDS:
        return "erase"
    if words & SEE_WORDS:
        return "see"
    return None


def w(language: str, key: str, /, **arguments) -> str:
    text = translate(language, PRIVACY_TEXTS[key])
    return text.format(**arguments) if arguments else text


def _day(value, language: str) -> str:
    return format_date(value, format="long", locale=BABEL_LOCALES[normalise_language(language)])


def summary(session: Session, conversation_id: str, language: str) -> str:
    """Everything kept about the person, in plain words (health data included: the
    caller seals it, core/sealed.py)."""
    from core import childcare_chat

    conversation = session.get(Conversation, conversation_id)
    lines = [w(language, "see_title")]
    messages = session.scalar(select(func.count()).select_from(Message)
                              .where(Message.conversation_id == conversation_id))
    lines.append("• " + w(language, "see_conversation", date=_day(conversation.created_at, language),
                          count=messages))
    for record in session.scalars(select(Assessment).where(Assessment.conversation_id == conversation_id)
                                  .order_by(Assessment.completed_at)):
        lines.append("• " + w(language, "see_assessment", date=_day(record.completed_at, language)))
    for booking in session.scalars(select(ChildcareBooking).where(
            ChildcareBooking.conversation_id == conversation_id).order_by(ChildcareBooking.first_day)):
        lines.append("• " + w(language, "see_booking", reference=booking.reference, name=booking.child_name,
                              days=childcare_chat.booking_days(booking, language),
                              site=childcare_chat.site_name(booking.site, language)))
    waiting = session.scalar(select(func.count()).select_from(ChildcareWaiting)
                             .where(ChildcareWaiting.conversation_id == conversation_id))
    if waiting:
        lines.append("• " + w(language, "see_waiting", count=waiting))
    for registration in session.scalars(select(PathwayRegistration).where(
            PathwayRegistration.conversation_id == conversation_id)):
        about = pathway.to_summary(registration, language)
        lines.append("• " + w(language, "see_pathway", reference=registration.reference,
                              name=f"{registration.first_name} {registration.last_name}",
                              contact=" · ".join(v for v in (registration.phone, registration.email) if v)))
        needs = ", ".join(about.get("support_need_labels") or []) or "—"
        lines.append("  " + w(language, "see_pathway_health", needs=needs,
                              details=registration.support_details or "—",
                              accommodations=registration.accommodations or "—"))
    if len(lines) == 2 and not messages:
        lines.append(w(language, "see_nothing"))
    lines.append(w(language, "see_erase_hint"))
    return "\n".join(lines)


def erase(session: Session, conversation_id: str) -> dict[str, int]:
    """Delete every record of the conversation; returns how many of each kind (no data)."""
    from core import childcare_chat

    # the person's own waits go first, so that the places their bookings free go to others
    session.execute(delete(ChildcareWaiting).where(ChildcareWaiting.conversation_id == conversation_id)
                    .execution_options(synchronize_session=False))
    for booking in session.scalars(select(ChildcareBooking).where(
            ChildcareBooking.conversation_id == conversation_id, ChildcareBooking.status == "confirmed")):
        childcare_chat.tell_waiting(session, childcare.cancel(session, booking, by="person"))
    session.flush()
    pathway.count_before_deleting(session, select(PathwayRegistration.id).where(
        PathwayRegistration.conversation_id == conversation_id))
    counts = {}
    for model in ERASED:
        result = session.execute(delete(model).where(model.conversation_id == conversation_id)
                                 .execution_options(synchronize_session=False))
        counts[model.__tablename__] = result.rowcount or 0
    session.expire_all()
    return counts
