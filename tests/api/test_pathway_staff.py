"""The pathway staff API: roles, health data only where it belongs, audit, status, export."""

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from core import conversations
from core.models import AuditLog
from core.pathway import registrations
from tests.api.conftest import bearer

ROUTES = ("/api/pathway/registrations", "/api/pathway/export.csv", "/api/pathway/progress")
HEALTH = ("support_needs", "support_details", "accommodations")


@pytest.fixture
def client(pathway_keys, staff_client):  # the keys first: the app checks them when it starts
    return staff_client


def register(db, who="zoe", **changes) -> tuple[str, str]:
    """A stored registration: (reference, id)."""
    answers = dict(first_name="Zoé", last_name="El Idrissi", phone="0470 12 34 56", email="zoe@example.be",
                   preferred_language="fr", contact_channel="sms", situation="job_seeker",
                   support_needs=["hearing"], support_details="Je suis sourde.",
                   accommodations="Un interprète en langue des signes.", availability="mornings",
                   consent_at=datetime.now(UTC)) | changes
    with db.begin() as s:
        conversation = conversations.create(s, "web", who).id
        registration = registrations.register(s, conversation, answers, "fr")
        return registration.reference, registration.id


def audit_rows(db) -> list[tuple]:
    with db() as s:
        return [(a.account, a.action, a.record_type, a.record_id, a.detail)
                for a in s.scalars(select(AuditLog).order_by(AuditLog.id))]


def test_only_pathway_officers_and_admins(client, db):
    reference, _ = register(db)
    routes = (*ROUTES, f"/api/pathway/registrations/{reference}")
    for route in routes:
        assert client.get(route).status_code == 401
    for role in ("counsellor", "childcare_staff"):
        headers = bearer(client, db, role)
        for route in routes:
            assert client.get(route, headers=headers).status_code == 403, (role, route)
        assert client.patch(f"/api/pathway/registrations/{reference}", json={"status": "contacted"},
                            headers=headers).status_code == 403
    for role in ("pathway_officer", "admin"):
        headers = bearer(client, db, role)
        for route in routes:
            assert client.get(route, headers=headers).status_code == 200, (role, route)


def test_the_list_has_no_health_data_and_is_audited(client, db):
    reference, _ = register(db)
    register(db, who="jan", first_name="Jan", last_name="Peeters", phone=None, email="jan@example.be",
             contact_channel="email", registered_by="helper")
    officer = bearer(client, db, "pathway_officer", "sofia")
    page = client.get("/api/pathway/registrations", params={"q": "zoe"}, headers=officer).json()
    assert page["total"] == 1 and page["items"][0]["reference"] == reference
    assert page["items"][0]["phone"] == "+32470123456" and page["items"][0]["registered_by"] == "self"
    jan = client.get("/api/pathway/registrations", params={"q": "peeters"}, headers=officer).json()["items"]
    assert jan[0]["registered_by"] == "helper", "the officer knows the contact may be a helper's"
    assert not set(HEALTH) & set(page["items"][0])
    assert client.get("/api/pathway/registrations", params={"status": "withdrawn"},
                      headers=officer).json()["total"] == 0
    assert client.get("/api/pathway/registrations", params={"status": "lost"}, headers=officer).status_code == 422
    assert audit_rows(db) == [("sofia", "list", "pathway_registration", None, "rows=1"),
                              ("sofia", "list", "pathway_registration", None, "rows=1"),
                              ("sofia", "list", "pathway_registration", None, "rows=0")]


def test_one_registration_shows_health_data_and_each_read_is_audited(client, db):
    reference, registration_id = register(db)
    officer = bearer(client, db, "pathway_officer", "sofia")
    response = client.get(f"/api/pathway/registrations/{reference.lower()}", headers=officer)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["support_needs"] == ["hearing"] and body["support_details"] == "Je suis sourde."
    assert body["accommodations"] == "Un interprète en langue des signes."
    assert [h["to_status"] for h in body["history"]] == ["registered"]
    client.get(f"/api/pathway/registrations/{reference}", headers=bearer(client, db, "admin", "ana"))
    assert audit_rows(db) == [("sofia", "read", "pathway_registration", registration_id, None),
                              ("ana", "read", "pathway_registration", registration_id, None)]
    assert client.get("/api/pathway/registrations/PNOPE99", headers=officer).status_code == 404


def test_status_changes_follow_the_pathway(client, db):
    reference, registration_id = register(db)
    officer = bearer(client, db, "pathway_officer", "sofia")
    url = f"/api/pathway/registrations/{reference}"

    def patch(**body):
        return client.patch(url, json=body, headers=officer)

    response = patch(status="module_completed")
    assert response.status_code == 422
    assert response.json()["detail"] == [{
        "loc": ["body", "status"], "type": "value_error",
        "msg": "cannot go from registered to module_completed; allowed: contacted, withdrawn"}]
    assert patch(status="contacted", note="Appelée, préfère les SMS").json()["status"] == "contacted"
    assert patch(status="in_module").json()["detail"][0]["loc"] == ["body", "module"]
    assert patch(module="knitting").status_code == 422
    assert patch(module="accommodation-rights").json()["module"] == "accommodation-rights"
    moved = patch(status="in_module", module="workplace-communication").json()
    assert (moved["status"], moved["module"]) == ("in_module", "workplace-communication")
    assert patch(status="in_module", module="job-search-coaching").json()["module"] == "job-search-coaching"
    assert patch().status_code == 422
    assert patch(status="dreaming").status_code == 422
    assert patch(status="contacted", colour="red").status_code == 422
    updates = [row for row in audit_rows(db) if row[1] == "update"]
    assert [row[4] for row in updates] == [
        "status=contacted module=-", "status=contacted module=accommodation-rights",
        "status=in_module module=workplace-communication", "status=in_module module=job-search-coaching"]
    assert {(row[0], row[3]) for row in updates} == {("sofia", registration_id)}
    history = client.get(url, headers=officer).json()["history"]
    assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history][:2] == [
        (None, "registered", None), ("registered", "contacted", "sofia")]
    assert history[1]["note"] == "Appelée, préfère les SMS"


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_for_spreadsheets_that_expect_semicolons(client, db):
    reference, _ = register(db, last_name="Dupont; Martin")
    officer = bearer(client, db, "pathway_officer", "sofia")
    response = client.get("/api/pathway/export.csv", params={"separator": "semicolon"}, headers=officer)
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("reference;first_name;last_name;")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert (rows[0]["reference"], rows[0]["last_name"]) == (reference, "Dupont; Martin")
    assert client.get("/api/pathway/export.csv", params={"separator": "tab"}, headers=officer).status_code == 422


def test_export_leaves_health_data_out_unless_asked(client, db):
    reference, _ = register(db)
    register(db, who="formula", first_name="Max", last_name="=HYPERLINK(\"http://x\")", phone="+33 6 12 34 56 78",
             email=None, contact_channel="phone")
    officer = bearer(client, db, "pathway_officer", "sofia")
    response = client.get("/api/pathway/export.csv", headers=officer)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _rows(response)
    assert {r["reference"] for r in rows} >= {reference} and len(rows) == 2
    assert not set(HEALTH) & set(rows[0]) and "sourde" not in response.text
    zoe = next(r for r in rows if r["reference"] == reference)
    assert (zoe["first_name"], zoe["phone"], zoe["status"], zoe["registered_by"]) == (
        "Zoé", "+32470123456", "registered", "self")
    max_ = next(r for r in rows if r["first_name"] == "Max")
    assert max_["last_name"].startswith("'=") and max_["phone"] == "+33612345678"  # text, not a formula

    with_health = _rows(client.get("/api/pathway/export.csv", params={"include_health": "true"}, headers=officer))
    zoe = next(r for r in with_health if r["reference"] == reference)
    assert (zoe["support_needs"], zoe["support_details"]) == ("hearing", "Je suis sourde.")
    assert [row[1:] for row in audit_rows(db)] == [
        ("export", "pathway_registration", None, "rows=2 include_health=false"),
        ("export", "pathway_registration", None, "rows=2 include_health=true")]


def test_progress(client, db):
    reference, _ = register(db)
    officer = bearer(client, db, "pathway_officer")
    url = f"/api/pathway/registrations/{reference}"
    client.patch(url, json={"status": "contacted"}, headers=officer)
    client.patch(url, json={"status": "in_module", "module": "transition-internship"}, headers=officer)
    figures = client.get("/api/pathway/progress", headers=officer).json()
    assert (figures["followed"], figures["completed"], figures["target"], figures["percent"]) == (1, 0, 450, 0.2)
    assert figures["by_status"]["in_module"] == 1


def test_without_keys_staff_are_told_what_is_missing(client, db, pathway_keys):
    officer = bearer(client, db, "pathway_officer")
    pathway_keys("")
    assert client.get("/api/pathway/registrations").status_code == 401
    response = client.get("/api/pathway/registrations", headers=officer)
    assert response.status_code == 503
    assert "PATHWAY_KEYS is not set" in response.json()["detail"]
