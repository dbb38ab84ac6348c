"""Rasa's trackers hold what people wrote too: with Rasa's SQL tracker store
(RASA_TRACKER_URL), a conversation quiet for RETENTION_CONVERSATION_DAYS loses its tracker
as it loses everything else (core/privacy/retention.py). Its last event decides, so a
conversation still going on keeps its whole tracker (forms, slots).

Rasa's store keeps one row per event in ``events`` (``sender_id`` is the conversation,
``timestamp`` in seconds since 1970); only those two columns are read.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy import Column, Float, MetaData, String, Table, create_engine, delete, func, inspect, select
from sqlalchemy.engine import make_url

from core.models import utcnow
from core.settings import get_settings

log = logging.getLogger(__name__)

EVENTS = Table("events", MetaData(), Column("sender_id", String), Column("timestamp", Float))


def app_url(url: str) -> str:
    """Rasa's URL (``postgresql://``, its own driver) with the app's PostgreSQL driver."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def purge_trackers(url: str, now: datetime | None = None) -> int:
    """Delete the events of every conversation whose last event is older than the period;
    how many conversations. Nothing when Rasa has not created its table yet."""
    cutoff = ((now or utcnow()) - timedelta(days=get_settings().retention_conversation_days)).timestamp()
    engine = create_engine(app_url(url))
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as conn:
            quiet = list(conn.scalars(select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
                                      .having(func.max(EVENTS.c.timestamp) < cutoff)))
            for start in range(0, len(quiet), 500):
                conn.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(quiet[start:start + 500])))
    finally:
        engine.dispose()
    if quiet:
        log.info("Retention: removed Rasa's trackers of %d quiet conversations", len(quiet))
    return len(quiet)
