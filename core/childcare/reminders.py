"""Queue the childcare reminders due today (for bookings that start tomorrow).

    python -m core.childcare.reminders        (for a daily cron job; the app also does it itself
                                       every REMINDERS_INTERVAL_MINUTES)
"""

import logging
import sys
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from core.childcare import rules
from core.childcare.notices import send_reminders
from core.db import session_scope

log = logging.getLogger(__name__)


def queue_due(session: Session, today: date | None = None) -> int:
    """Queue the reminders due today (Brussels); how many. The caller commits."""
    count = send_reminders(session, today or rules.today())
    if count:
        log.info("Queued %d childcare reminders", count)
    return count


def run_once(factory: sessionmaker[Session] | None = None, today: date | None = None) -> int:
    with session_scope(factory) as session:
        return queue_due(session, today)


if __name__ == "__main__":
    print(f"Queued {run_once()} reminders.")
    sys.exit(0)
