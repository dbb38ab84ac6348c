"""Apply the Alembic migrations to a database (default: DATABASE_URL)."""

import sys

from alembic import command
from alembic.config import Config

from core.settings import ROOT


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    cfg = Config(str(ROOT / "alembic.ini"))
    if database_url:
        cfg.attributes["database_url"] = database_url
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, revision)


def load_catalogue(database_url: str | None = None) -> dict[str, int]:
    """Load content/modules.yml into the database (see core.training.catalogue.sync_catalogue)."""
    from core.db import session_factory, session_scope
    from core.training.catalogue import sync_catalogue
    from core.training.content import catalogue_file

    _version, modules = catalogue_file()
    factory = session_factory(database_url) if database_url else None
    with session_scope(factory) as session:
        return sync_catalogue(session, modules)


if __name__ == "__main__":
    url = sys.argv[1] if len(sys.argv) > 1 else None
    upgrade(url)
    print("Training modules: {added} added, {updated} updated, {kept} kept".format(**load_catalogue(url)))
