"""Rasa's tracker of a quiet conversation goes with the rest of it: the retention purge
deletes the events, in Rasa's SQL tracker store, of every conversation whose last event
is older than RETENTION_CONVERSATION_DAYS; a conversation still going on keeps them all."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.privacy import purge
from core.settings import get_settings
from tests.conftest import _postgres_database

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
# Rasa's SQL tracker store's table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent)
EVENTS = """CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255),
    data TEXT)"""


@pytest.fixture
def tracker_store(monkeypatch):
    gen = _postgres_database()
    url = next(gen)
    rasa_style = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    monkeypatch.setenv("RASA_TRACKER_URL", rasa_style)  # as Rasa is given it
    get_settings.cache_clear()
    engine = create_engine(url)
    yield engine
    engine.dispose()
    get_settings.cache_clear()
    gen.close()


def add_events(engine, sender: str, *days_ago: int) -> None:
    with engine.begin() as conn:
        for days in days_ago:
            conn.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, :d)"),
                         {"s": sender, "t": (NOW - timedelta(days=days)).timestamp(), "d": '{"text": "bonjour"}'})


def senders(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")).all())


def test_quiet_conversations_lose_their_tracker_the_others_keep_all_of_it(sessions, tracker_store):
    with tracker_store.begin() as conn:
        conn.execute(text(EVENTS))
    add_events(tracker_store, "quiet", 500, 420, 400)
    add_events(tracker_store, "going-on", 500, 400, 2)  # old events, but spoken to this week
    add_events(tracker_store, "recent", 10)

    with sessions.begin() as session:
        removed = purge(session, NOW)

    assert removed["rasa_trackers"] == 1
    assert senders(tracker_store) == {"going-on": 3, "recent": 1}


def test_nothing_to_purge_before_rasa_made_its_table(sessions, tracker_store):
    with sessions.begin() as session:
        assert purge(session, NOW)["rasa_trackers"] == 0
