"""python -m core.pathway purge [--days N]: delete the registrations without activity for
PATHWAY_RETENTION_DAYS (or N) days, for a daily cron job; prints only a count."""

import argparse
import sys

from core.db import session_scope
from core.models import utcnow
from core.pathway.registrations import purge_inactive
from core.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.pathway", description="The disability pathway.")
    commands = parser.add_subparsers(dest="command", required=True)
    purge = commands.add_parser("purge", help="delete registrations without activity for too long")
    purge.add_argument("--days", type=int, help="days without activity (default: PATHWAY_RETENTION_DAYS)")
    args = parser.parse_args(argv)
    days = get_settings().pathway_retention_days if args.days is None else args.days
    if days <= 0:
        parser.error("--days must be positive")
    with session_scope() as session:
        removed = purge_inactive(session, utcnow().date(), days)
    print(f"Removed {removed} pathway registrations without activity for {days} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
