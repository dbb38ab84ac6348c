"""The app refuses to start when the health data it holds cannot be opened with the
configured keys (a lost key file, a wrong key): it says why, and nothing is changed."""

import logging
from datetime import UTC, datetime

from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from api.main import create_app
from core import conversations
from core.pathway import registrations
from core.settings import Settings


def registered(sessions) -> None:
    with sessions.begin() as s:
        conversation = conversations.create(s, "web", "keys")
        registrations.register(s, conversation.id, {
            "first_name": "Zoé", "last_name": "Martin", "phone": "0470 12 34 56", "email": None,
            "preferred_language": "fr", "contact_channel": "phone", "situation": "job_seeker",
            "support_needs": ["mobility"], "support_details": "fauteuil roulant", "accommodations": None,
            "availability": "mornings", "consent_at": datetime.now(UTC)}, "fr")


def app_starts(database_url) -> bool:
    try:
        with TestClient(create_app(Settings(database_url=database_url, reminders_interval_minutes=0))):
            return True
    except RuntimeError:
        return False


def test_the_app_starts_with_the_key_that_locked_the_data_and_refuses_another(database_url, sessions,
                                                                              pathway_keys, caplog):
    assert app_starts(database_url), "no health data yet: any key"
    registered(sessions)
    assert app_starts(database_url)
    pathway_keys(Fernet.generate_key().decode())  # var/pathway.key wiped: a new key
    with caplog.at_level(logging.ERROR):
        assert not app_starts(database_url)
    assert "cannot be decrypted" in caplog.text and "pathway_registrations" in caplog.text
    pathway_keys("")
    assert not app_starts(database_url), "no key at all"


def test_an_old_key_after_the_new_one_still_opens_the_data(database_url, sessions, pathway_keys):
    from core.settings import get_settings

    registered(sessions)
    old = get_settings().pathway_keys.get_secret_value()
    pathway_keys(Fernet.generate_key().decode(), old)
    assert app_starts(database_url)
