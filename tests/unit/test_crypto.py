"""Encryption at rest of health data (core/crypto.py, its keys in core/keys.py): tokens,
and key rotation over every encrypted column, on a real database."""

from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from core import capabilities, conversations, crypto, db
from core.capabilities import QUESTIONNAIRES
from core.keys import main as keys_main
from core.models import FlowState
from core.pathway import registrations
from core.questionnaire import engine
from core.settings import get_settings


def answers() -> dict:
    return dict(first_name="Zoé", last_name="El Idrissi", phone="0470 12 34 56", email=None,
                preferred_language="fr", contact_channel="phone", situation="job_seeker",
                support_needs=["mental_health", "mobility"], support_details="Je me déplace en fauteuil roulant.",
                accommodations="Un local au rez-de-chaussée, des pauses.", availability="mornings",
                consent_at=datetime.now(UTC))


def person(sessions, name="someone") -> str:
    with sessions.begin() as s:
        return conversations.create(s, "web", name).id


def registered(sessions) -> str:
    """A stored pathway registration; its reference."""
    conversation = person(sessions)
    with sessions.begin() as s:
        return registrations.register(s, conversation, answers(), "fr").reference


def test_encryption_round_trip(pathway_keys):
    token = crypto.encrypt("Santé mentale")
    assert token != "Santé mentale" and "Sant" not in token
    assert crypto.decrypt(token) == "Santé mentale"
    assert crypto.encrypt("Santé mentale") != token, "a random IV every time"
    assert crypto.encrypt(None) is None and crypto.decrypt(None) is None


def test_no_key_or_a_bad_key_is_a_clear_error(pathway_keys):
    pathway_keys("")
    with pytest.raises(crypto.CryptoError, match=r"PATHWAY_KEYS is not set.*new-key"):
        crypto.encrypt("x")
    pathway_keys("not-a-real-key")
    with pytest.raises(crypto.CryptoError, match="key 1 is not a Fernet key") as error:
        crypto.decrypt("x")
    assert "not-a-real-key" not in str(error.value)
    pathway_keys(Fernet.generate_key().decode())
    with pytest.raises(crypto.CryptoError, match="cannot be decrypted"):
        crypto.decrypt(Fernet(Fernet.generate_key()).encrypt(b"made with another key").decode())


def test_new_key_command_prints_a_usable_key(capsys):
    assert keys_main(["new-key"]) == 0
    Fernet(capsys.readouterr().out.strip())


def test_rotation_re_encrypts_with_the_first_key(sessions, pathway_keys):
    old = crypto.new_key()
    pathway_keys(old)
    reference = registered(sessions)
    with sessions.begin() as s:
        registrations.set_status(s, registrations.find(s, reference), "contacted", "officer", note="Rappeler lundi")
    conversation = person(sessions, "in progress")
    with sessions.begin() as s:  # a questionnaire in progress, sealed as core/questionnaire does
        engine.save(s, conversation, QUESTIONNAIRES["pathway"], {"first_name": "Zoé-Marguerite"})
    with sessions() as s:
        state, sealed_state = s.execute(text("SELECT state, sealed_state FROM flow_states")).one()
        assert not state or state == "{}", "the plain column keeps nothing"
        assert "first_name" not in sealed_state and "Marguerite" not in sealed_state, "never in plain text"
        assert sealed_state.startswith("gAAAA")  # a Fernet token
    new = crypto.new_key()
    pathway_keys(new)
    with sessions() as s, pytest.raises(crypto.CryptoError):
        registrations.find(s, reference, health=True)
    pathway_keys(new, old)
    with sessions.begin() as s:
        # needs, details, accommodations, availability; a note; the sealed state
        assert crypto.rotate(s, capabilities.metadata()) == 4 + 1 + 1
    pathway_keys(new)  # the old key is gone
    with sessions() as s:
        registration = registrations.find(s, reference, health=True)
        assert registration.accommodations.startswith("Un local")
        assert registration.availability == "mornings"
        assert registration.history[-1].note == "Rappeler lundi"
        assert engine.state_of(s.get(FlowState, (conversation, "pathway"))) == {"first_name": "Zoé-Marguerite"}


def test_rotate_command(sessions, pathway_keys, database_url, monkeypatch, capsys):
    old = pathway_keys(crypto.new_key())[0]
    registered(sessions)
    pathway_keys(crypto.new_key(), old)
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    db._default_factory.cache_clear()
    try:
        assert keys_main(["rotate"]) == 0
        assert capsys.readouterr().out == "Re-encrypted 4 values with the first key.\n"
    finally:
        db._default_factory().kw["bind"].dispose()
        db._default_factory.cache_clear()


