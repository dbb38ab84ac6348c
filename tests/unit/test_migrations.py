"""Migrations that change stored data: what was stored before still reads the same after."""

import json
from datetime import UTC, datetime

from sqlalchemy import create_engine, select, text

from core import crypto
from core.db import session_factory
from core.migrate import upgrade
from core.models import FlowState
from core.pathway.models import PathwayRegistration
from core.questionnaire import engine as questionnaire


def test_availability_stored_in_plain_text_is_encrypted_by_the_migration(pathway_keys, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0008")
    engine = create_engine(url)
    now = datetime.now(UTC).isoformat(sep=" ")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO conversations (id, channel, external_id, language_chosen, mode, created_at, "
            "last_activity_at, forget_pending) VALUES ('c1', 'web', 'x', 0, 'bot', :now, :now, 0)"), {"now": now})
        for row_id, availability in (("r1", "Not on Tuesdays: dialysis"), ("r2", None)):
            connection.execute(text(
                "INSERT INTO pathway_registrations (id, reference, conversation_id, first_name, last_name, "
                "search_name, preferred_language, contact_channel, situation, registered_by, support_needs, "
                "availability, consent_at, status, created_at, updated_at, last_activity_at) VALUES "
                "(:id, :id, 'c1', 'Sara', 'Peeters', 'sara peeters', 'en', 'chat', 'worker', 'self', :needs, "
                ":availability, :now, 'registered', :now, :now, :now)"),
                {"id": row_id, "availability": availability, "now": now, "needs": crypto.encrypt("[]")})
    upgrade(url)
    with engine.connect() as connection:
        raw = dict(connection.execute(text("SELECT id, availability FROM pathway_registrations")).all())
    assert raw["r2"] is None
    assert "dialysis" not in raw["r1"], "no longer in plain text"
    with session_factory(url)() as s:
        assert s.scalar(select(PathwayRegistration.availability).where(PathwayRegistration.id == "r1")) == \
            "Not on Tuesdays: dialysis"
    engine.dispose()


def test_a_sealed_questionnaire_state_moves_to_its_encrypted_column(pathway_keys, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0010")
    engine = create_engine(url)
    now = datetime.now(UTC).isoformat(sep=" ")
    sealed = {"status": "asking", "first_name": "Sara", "support_details": "Not on Tuesdays: dialysis"}
    plain = {"status": "asking", "answers": {"q1": 2}}
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO conversations (id, channel, external_id, language_chosen, mode, created_at, "
            "last_activity_at, forget_pending) VALUES ('c1', 'web', 'x', 0, 'bot', :now, :now, 0)"), {"now": now})
        for flow, state in (("pathway", {"sealed": crypto.encrypt(json.dumps(sealed))}), ("assessment", plain)):
            connection.execute(text(
                "INSERT INTO flow_states (conversation_id, flow, state, started_at, updated_at) "
                "VALUES ('c1', :flow, :state, :now, :now)"), {"flow": flow, "state": json.dumps(state), "now": now})
    upgrade(url)
    with engine.connect() as connection:
        raw = {flow: (state, sealed_state) for flow, state, sealed_state in connection.execute(
            text("SELECT flow, state, sealed_state FROM flow_states")).all()}
    assert raw["pathway"][1] is not None
    assert "dialysis" not in str(raw["pathway"]) and "Sara" not in str(raw["pathway"]), "never in plain text"
    assert raw["assessment"][1] is None
    with session_factory(url)() as s:
        assert questionnaire.state_of(s.get(FlowState, ("c1", "pathway"))) == sealed
        assert questionnaire.state_of(s.get(FlowState, ("c1", "assessment"))) == plain
    engine.dispose()
