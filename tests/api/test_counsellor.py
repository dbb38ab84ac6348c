"""The counsellor API: sign-in, roles, assessments and the module catalogue."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from core import accounts, conversations
from core.assessment.models import Assessment, AssessmentLanguage
from core.models import ApiToken
from core.training.models import TrainingModule
from tests.api.conftest import PASSWORD, bearer, create_account, sign_in

account = create_account


@pytest.fixture
def client(staff_client):
    return staff_client


def headers(client, db, role="counsellor", username=None):
    return bearer(client, db, role, username)


def add_assessment(db, external_id, languages, digital_level):
    with db.begin() as s:
        conversation = conversations.create(s, "web", external_id)
        record = Assessment(conversation_id=conversation.id, question_set_version="2026.1",
                            language="fr", digital_level=digital_level,
                            result={"languages": languages, "digital": {"overall": digital_level}},
                            answers={})
        record.languages = [AssessmentLanguage(language=c, level=lv,
                                               rank=["A1", "A2", "B1", "B2", "C1", "C2"].index(lv))
                            for c, lv in languages.items()]
        s.add(record)
        s.flush()
        return record.id


def test_without_a_token_it_is_401(client):
    for path in ("/api/assessments", "/api/modules"):
        response = client.get(path)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_wrong_password_or_unknown_user_is_401(client, db):
    account(db, "marie", "counsellor")
    assert sign_in(client, "marie", "not the password").status_code == 401
    assert sign_in(client, "nobody").status_code == 401
    assert sign_in(client, "mar\x00ie").status_code == 401  # a NUL: no such name (PostgreSQL refuses it in a text)
    assert client.get("/api/assessments", headers={"Authorization": "Bearer made-up"}).status_code == 401


def test_passwords_are_stored_as_argon2_hashes(db):
    account(db, "jan", "admin")
    with db() as s:
        stored = s.scalar(select(accounts.Account)).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_an_expired_token_is_401(client, db):
    auth = headers(client, db)
    with db.begin() as s:
        s.execute(update(ApiToken).values(expires_at=accounts.utcnow() - timedelta(minutes=1)))
    assert client.get("/api/assessments", headers=auth).status_code == 401


def test_logout_ends_the_token(client, db):
    auth = headers(client, db)
    assert client.post("/auth/logout", headers=auth).status_code == 204
    assert client.get("/api/assessments", headers=auth).status_code == 401


@pytest.mark.parametrize("role", ["childcare_staff", "pathway_officer"])
def test_other_roles_are_403(client, db, role):
    auth = headers(client, db, role)
    assert client.get("/api/assessments", headers=auth).status_code == 403
    assert client.post("/api/modules", json={}, headers=auth).status_code in (403, 422)
    assert client.delete("/api/modules/anything", headers=auth).status_code == 403


def test_list_filter_and_view_assessments(client, db):
    auth = headers(client, db)
    first = add_assessment(db, "a", {"nl": "A2", "fr": "C1"}, "foundation")
    add_assessment(db, "b", {"nl": "B2"}, "advanced")
    add_assessment(db, "c", {"en": "B1"}, "intermediate")
    everything = client.get("/api/assessments", headers=auth).json()
    assert everything["total"] == 3
    dutch_a2_plus = client.get("/api/assessments", params={"language": "nl", "min_level": "A2"},
                               headers=auth).json()
    assert {next(iter(i["languages"].items())) for i in dutch_a2_plus["items"]} >= {("nl", "B2")}
    assert dutch_a2_plus["total"] == 2
    low_dutch = client.get("/api/assessments", params={"language": "nl", "max_level": "A2"}, headers=auth)
    assert [i["id"] for i in low_dutch.json()["items"]] == [first]
    advanced = client.get("/api/assessments", params={"digital_level": "advanced"}, headers=auth).json()
    assert advanced["total"] == 1 and advanced["items"][0]["languages"] == {"nl": "B2"}
    one = client.get(f"/api/assessments/{first}", headers=auth).json()
    assert one["languages"] == {"fr": "C1", "nl": "A2"}
    assert one["question_set_version"] == "2026.1" and one["channel"] == "web"
    assert client.get("/api/assessments/nope", headers=auth).status_code == 404
    bad = client.get("/api/assessments", params={"min_level": "B1"}, headers=auth)
    assert bad.status_code == 422


NEW = {
    "key": "dutch-for-care-workers",
    "title": {"fr": "Néerlandais pour la santé", "nl": "Nederlands voor de zorg", "en": "Dutch for care work"},
    "description": {"fr": "Parler avec les patients.", "nl": "Praten met patiënten.", "en": "Talk with patients."},
    "provider": "VDAB Brussel", "area": "language", "language": "nl", "entry_level": "A2",
    "target_level": "B1", "format": "in_person", "instruction_languages": ["nl"],
    "commune": "Anderlecht", "address": "Rue Wayez 10, 1070 Anderlecht",
    "duration_hours": 60, "cost_eur": 0, "link": "https://www.vdab.be/brussel",
}


def test_create_update_and_retire_a_module(client, db):
    auth = headers(client, db, "admin")
    created = client.post("/api/modules", json=NEW, headers=auth)
    assert created.status_code == 201, created.text
    assert created.json()["source"] == "api"
    assert client.post("/api/modules", json=NEW, headers=auth).status_code == 409
    changed = {k: v for k, v in NEW.items() if k != "key"} | {"duration_hours": 80}
    updated = client.put(f"/api/modules/{NEW['key']}", json=changed, headers=auth)
    assert updated.status_code == 200 and updated.json()["module"]["duration_hours"] == 80
    retired = client.delete(f"/api/modules/{NEW['key']}", headers=auth)
    assert retired.status_code == 200 and retired.json()["retired_at"]
    keys = {m["key"] for m in client.get("/api/modules", headers=auth).json()}
    assert NEW["key"] not in keys and len(keys) >= 30, "the catalogue was loaded at start-up"
    with_retired = client.get("/api/modules", params={"include_retired": True}, headers=auth).json()
    assert NEW["key"] in {m["key"] for m in with_retired}
    assert client.put("/api/modules/does-not-exist", json=changed, headers=auth).status_code == 404


@pytest.mark.parametrize("change,field", [
    ({"target_level": "A1"}, "above entry_level"),
    ({"title": {"fr": "Titre", "en": "Title"}}, "nl"),
    ({"entry_level": "Z9"}, "entry_level"),
    ({"format": "in_person", "commune": None, "address": None}, "commune and an address"),
    ({"key": "Not A Key"}, "key"),
    ({"link": "not a link"}, "link"),
])
def test_an_invalid_module_is_refused_with_the_reason(client, db, change, field):
    auth = headers(client, db)  # counsellors may manage modules too
    body = {k: v for k, v in (NEW | change).items() if v is not None}
    response = client.post("/api/modules", json=body, headers=auth)
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    with db() as s:
        assert s.get(TrainingModule, body["key"]) is None


def test_accounts_command_creates_an_account(db, monkeypatch, capsys, database_url):
    from core import db as core_db
    from core.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    core_db._default_factory.cache_clear()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    try:
        assert accounts.main(["create", "Sofia", "--role", "counsellor", "--password-stdin"]) == 0
        assert "Created sofia (counsellor)" in capsys.readouterr().out
        monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
        assert accounts.main(["create", "other", "--role", "admin", "--password-stdin"]) == 1
        assert "at least 12" in capsys.readouterr().err
    finally:
        core_db._default_factory().kw["bind"].dispose()
        get_settings.cache_clear()
        core_db._default_factory.cache_clear()
    with db() as s:
        assert accounts.authenticate(s, "SOFIA", PASSWORD) is not None


def test_answers_never_carry_the_conversation_id(client, db):
    """Rasa and the actions take a conversation's id as the person's identity: staff tools
    show a pseudonym, the same for every assessment of one person."""
    first = add_assessment(db, "pseudonymous", {"fr": "B1"}, "foundation")
    with db() as s:
        conversation_id = s.get(Assessment, first).conversation_id
    listed = client.get("/api/assessments", headers=headers(client, db))
    assert conversation_id not in listed.text
    one = client.get(f"/api/assessments/{first}", headers=headers(client, db, username="second-counsellor"))
    assert conversation_id not in one.text and one.json()["person"] in listed.text
