import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.db import session_factory
from core.migrate import upgrade

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])

# Tests call actions' run() themselves, sometimes while a browser library holds an event
# loop in this thread: they run at once (the action server runs them in threads; the
# stack's action server is told so).
os.environ["ACTIONS_IN_THREADS"] = "0"


def _postgres_database(template: str | None = None):
    """A fresh PostgreSQL database on the TEST_DATABASE_URL server (a copy of ``template``
    when given), dropped afterwards."""
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"test_assistant_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_postgres_template():
    """A PostgreSQL database migrated once per test run, copied for each test (much faster
    than migrating every test's database)."""
    gen = _postgres_database()
    url = next(gen)
    upgrade(url)
    try:
        yield make_url(url).database
    finally:
        gen.close()


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory) -> Path:
    """An SQLite database file migrated once per test run, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path: Path):
    """A migrated, empty database: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        gen = _postgres_database(template=request.getfixturevalue("migrated_postgres_template"))
        yield next(gen)
        gen.close()


@pytest.fixture
def sessions(database_url):
    factory = session_factory(database_url)
    yield factory
    factory.kw["bind"].dispose()


# Another site that embeds the widget (browser tests serve its page; nothing listens there).
PARTNER_SITE = "http://partner.localhost:8099"


TELEGRAM_SECRET = "telegram-webhook-secret_for-tests"
# Counsellors who answer at any hour (the stack's OFFICES_FILE).
ALWAYS_OPEN = Path(__file__).parent / "fakes" / "offices_always_open.yml"


@pytest.fixture(scope="session")
def telegram_api():
    """A fake Telegram Bot API on loopback, recording what the assistant sends."""
    from tests.fakes.telegram_api import telegram_api as fake

    api = fake().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def graph_api():
    """A fake WhatsApp Cloud API on loopback, recording what the assistant sends."""
    from tests.fakes.graph_api import graph_api as fake

    api = fake().start()
    yield api
    api.stop()


def channel_settings(telegram, graph) -> dict[str, str]:
    """The push channels of the test stack, pointed at their fake APIs."""
    from tests.fakes import graph_api as whatsapp
    from tests.fakes.telegram_api import TOKEN

    return {"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_SECRET": TELEGRAM_SECRET, "TELEGRAM_API_URL": telegram.url,
            "TELEGRAM_CHAT_INTERVAL_SECONDS": "0.05", "OUTBOX_INTERVAL_SECONDS": "1",
            "WHATSAPP_TOKEN": whatsapp.TOKEN, "WHATSAPP_APP_SECRET": whatsapp.APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": whatsapp.VERIFY_TOKEN, "WHATSAPP_PHONE_NUMBER_ID": whatsapp.PHONE_NUMBER_ID,
            "WHATSAPP_API_URL": f"{graph.url}/{whatsapp.VERSION}",
            "WHATSAPP_TEMPLATE_FR": "rappel_assistant", "WHATSAPP_TEMPLATE_NL": "herinnering_assistent:nl_BE",
            "WHATSAPP_TEMPLATE_EN": "assistant_reminder:en_GB",
            "OFFICES_FILE": str(ALWAYS_OPEN)}


@pytest.fixture(scope="session")
def stack(tmp_path_factory, telegram_api, graph_api):
    """The real action server, app and Rasa server on free loopback ports.

    On PostgreSQL when TEST_DATABASE_URL is set (as in CI), else on SQLite.
    """
    from scripts.model import ensure_model
    from scripts.stack import Stack

    model = ensure_model()
    base = tmp_path_factory.mktemp("stack")
    cleanup = None
    if os.environ.get("TEST_DATABASE_URL"):
        cleanup = _postgres_database()
        url = next(cleanup)
    else:
        url = f"sqlite:///{base / 'e2e.db'}"
    upgrade(url)
    from cryptography.fernet import Fernet

    keys = os.environ.get("PATHWAY_KEYS") or Fernet.generate_key().decode()
    running = Stack(model=model, database_url=url, log_dir=base / "logs",
                    # tests type faster than people: the limits are tested on their own (test_throttle)
                    env={"PATHWAY_KEYS": keys, "WIDGET_ORIGINS": PARTNER_SITE, "RATE_LIMIT_MESSAGE": "600/minute",
                         "RATE_LIMIT_WEB_IP": "6000/minute", "RATE_LIMIT_NEW_SESSION_IP": "6000/minute"}
                    | channel_settings(telegram_api, graph_api)).start()
    try:
        yield running
    finally:
        running.stop()
        if cleanup:
            cleanup.close()


@pytest.fixture
def pathway_keys(monkeypatch):
    """A fresh key in PATHWAY_KEYS (the settings are read again); returns a function that
    sets other keys, newest first, e.g. for a rotation."""
    from cryptography.fernet import Fernet

    from core.settings import get_settings

    def use(*keys: str) -> list[str]:
        monkeypatch.setenv("PATHWAY_KEYS", ",".join(keys))
        get_settings.cache_clear()
        return list(keys)

    use(Fernet.generate_key().decode())
    yield use
    get_settings.cache_clear()


@pytest.fixture
def default_db(database_url, sessions, monkeypatch):
    """The database of code that opens its own sessions (the actions: DATABASE_URL) pointed
    at the test's database."""
    from core import db
    from core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    db._default_factory.cache_clear()
    yield sessions
    db._default_factory().kw["bind"].dispose()
    get_settings.cache_clear()
    db._default_factory.cache_clear()
