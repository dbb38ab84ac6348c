"""What the handover keeps about a person: their requests for a counsellor, the messages
left and the numbers to call back."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.handover.models import Handover
from core.handover.texts import TEXTS
from core.registry import Expiry, Keeper


def _count(session: Session, conversation_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Handover)
                          .where(Handover.conversation_id == conversation_id)) or 0


class HandoverKeeper(Keeper):
    name = "handover"
    tables = (Handover,)
    expiry = (Expiry(Handover, "requested_at", "retention_handover_days"),)

    def kept(self, session: Session, conversation_id: str, language: str) -> list[str]:
        count = _count(session, conversation_id)
        return [TEXTS(language, "see_handovers", count=count)] if count else []

    def for_counsellor(self, session: Session, conversation_id: str, language: str) -> list[str]:
        earlier = session.scalar(select(func.count()).select_from(Handover).where(
            Handover.conversation_id == conversation_id, Handover.status == "closed")) or 0
        return [TEXTS(language, "counsellor_requests", count=earlier)] if earlier else []
