"""Nothing personal is kept forever: every keeper's rows expire (``Keeper.expiry``, periods
in the settings), and a conversation quiet for RETENTION_CONVERSATION_DAYS is erased as a
whole, like an erasure asked for (but not while a pathway officer still follows its
registration, which has its own period), with its tracker in Rasa's SQL store
(core/privacy/trackers.py).

    python -m core.privacy purge      (for a daily job; the app also runs it every
                                       RETENTION_INTERVAL_MINUTES)
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select, union
from sqlalchemy.orm import Session

from core import audit, capabilities
from core.models import Conversation, utcnow
from core.privacy.rights import erase
from core.privacy.trackers import purge_trackers
from core.settings import get_settings

log = logging.getLogger(__name__)


def _quiet_conversations(session: Session, now: datetime) -> list[str]:
    cutoff = now - timedelta(days=get_settings().retention_conversation_days)
    followed = [select(model.conversation_id) for keeper in capabilities.KEEPERS if keeper.outlives_conversation
                for model in keeper.tables if hasattr(model, "conversation_id")]
    query = select(Conversation.id).where(Conversation.last_activity_at < cutoff)
    if followed:
        query = query.where(Conversation.id.not_in(union(*followed).subquery().select()))
    return list(session.scalars(query))


def purge(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Delete what is kept past its period; how many rows per keeper, and conversations.
    The caller commits. Audited, without personal data."""
    now = now or utcnow()
    removed = {keeper.name: keeper.purge(session, now) for keeper in capabilities.KEEPERS}
    quiet = _quiet_conversations(session, now)
    for conversation_id in quiet:
        erase(session, conversation_id)
    if quiet:
        session.execute(delete(Conversation).where(Conversation.id.in_(quiet))
                        .execution_options(synchronize_session=False))
    removed["conversations"] = len(quiet)
    tracker_store = get_settings().rasa_tracker_url
    if tracker_store:  # Rasa's own copy of the same quiet conversations
        removed["rasa_trackers"] = purge_trackers(tracker_store.get_secret_value(), now)
    session.flush()
    audit.write(session, audit.SYSTEM, "purge", "retention",
                detail=" ".join(f"{name}={count}" for name, count in removed.items()))
    if any(removed.values()):
        log.info("Retention: removed %s", removed)
    return removed
