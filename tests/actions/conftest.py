"""What the action tests share: the actions' own database (DATABASE_URL) pointed at the
test's database."""

import pytest

from core import db
from core.settings import get_settings


@pytest.fixture
def default_db(database_url, sessions, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    db._default_factory.cache_clear()
    yield sessions
    db._default_factory().kw["bind"].dispose()
    get_settings.cache_clear()
    db._default_factory.cache_clear()
