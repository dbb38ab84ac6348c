"""Apply the Alembic migrations to a database (default: DATABASE_URL)."""

import sys

from alembic import command
from alembic.config import Config

from core.settings import ROOT


def upgrade(database_url: str | None = None) -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    if database_url:
        cfg.attributes["database_url"] = database_url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


if __name__ == "__main__":
    upgrade(sys.argv[1] if len(sys.argv) > 1 else None)
