"""What the pathway keeps about a person: their registrations and their history.

"My data" shows everything, health data included (the caller seals it out of the
tracker and the transcript); a counsellor sees the status only. Erasing a registration
that reached a module keeps it in the anonymous tally of progress towards the target.
"""

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core.i18n import long_date
from core.pathway import registrations
from core.pathway.models import PathwayRegistration, PathwayStatusChange
from core.pathway.texts import TEXTS
from core.registry import Keeper
from core.settings import get_settings


def _of(conversation_id: str) -> Select[PathwayRegistration]:
    return select(PathwayRegistration).where(PathwayRegistration.conversation_id == conversation_id)


def _health(registration: PathwayRegistration, language: str) -> str:
    needs = ", ".join(registrations.to_summary(registration, language).get("support_need_labels") or []) or "—"
    return TEXTS(language, "see_pathway_health", needs=needs, details=registration.support_details or "—",
                 accommodations=registration.accommodations or "—")


class PathwayKeeper(Keeper):
    name = "pathway"
    tables = (PathwayRegistration, PathwayStatusChange)
    outlives_conversation = True  # followed by pathway officers after the chat has gone quiet

    def purge(self, session: Session, now: datetime) -> int:
        """Registrations without activity for PATHWAY_RETENTION_DAYS, and what the
        transcript holds of them."""
        return registrations.purge_inactive(session, now.date(), get_settings().pathway_retention_days)

    def kept(self, session: Session, conversation_id: str, language: str) -> list[str]:
        lines = []
        for registration in session.scalars(_of(conversation_id)):
            lines.append(TEXTS(language, "see_pathway", reference=registration.reference,
                               name=f"{registration.first_name} {registration.last_name}",
                               contact=" · ".join(v for v in (registration.phone, registration.email) if v)))
            lines.append("  " + _health(registration, language))
        return lines

    def erase(self, session: Session, conversation_id: str) -> None:
        registrations.count_before_deleting(session, select(PathwayRegistration.id).where(
            PathwayRegistration.conversation_id == conversation_id))
        super().erase(session, conversation_id)

    def health(self, session: Session, conversation_id: str, language: str) -> list[tuple[str, str]]:
        """(the registration's id, its reference and what the person said of their needs)
        per registration: for pathway officers only; the caller writes the read to the audit log."""
        return [(str(registration.id), f"{registration.reference}: {_health(registration, language)}")
                for registration in session.scalars(_of(conversation_id).order_by(PathwayRegistration.created_at))]

    def for_counsellor(self, session: Session, conversation_id: str, language: str) -> list[str]:
        return [TEXTS(language, "counsellor_registration", reference=registration.reference,
                      date=long_date(registration.created_at, language),
                      status=TEXTS(language, f"status_{registration.status}"))
                for registration in session.scalars(_of(conversation_id).order_by(PathwayRegistration.created_at))]
