"""Queue the childcare reminders due today (for bookings that start tomorrow).

    python -m core.childcare.reminders        (for a daily cron job; the app also does it itself
                                       every REMINDERS_INTERVAL_MINUTES)
"""

import logging
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from core.childcare.notices import send_reminders
from core.db import session_scope
from core.settings import get_settings

log = logging.getLogger(__name__)


def local_today() -> date:
    return datetime.now(ZoneInfo(get_settings().timezone)).date()


def run_once(factory: sessionmaker[Session] | None = None, today: date | None = None) -> int:
    with session_scope(factory) as session:
        count = send_reminders(session, today or local_today())
    if count:
        log.info("Queued %d childcare reminders", count)
    return count


if __name__ == "__main__":
    print(f"Queued {run_once()} reminders.")
    sys.exit(0)
