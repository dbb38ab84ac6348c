"""Staff reads of personal data are in the audit log like pathway reads: listing and
opening assessments, listing the bookings of a day, cancelling one."""

from sqlalchemy import select

from core.models import AuditLog
from tests.api.conftest import bearer
from tests.api.test_childcare_staff import book, open_day, web_person
from tests.api.test_counsellor import add_assessment


def audit_rows(db, account):
    with db() as s:
        return [(a.action, a.record_type, a.record_id) for a in s.scalars(
            select(AuditLog).where(AuditLog.account == account).order_by(AuditLog.id))]


def test_assessment_reads_are_audited(staff_client):
    db = staff_client.app.state.sessions
    headers = bearer(staff_client, db, "counsellor", "cora")
    assessment = add_assessment(db, "audited-person", {"nl": "A2"}, "foundation")
    assert staff_client.get("/api/assessments", headers=headers).status_code == 200
    assert staff_client.get(f"/api/assessments/{assessment}", headers=headers).status_code == 200
    assert audit_rows(db, "cora") == [("list", "assessment", None), ("read", "assessment", assessment)]


def test_booking_lists_and_cancellations_are_audited(staff_client):
    db = staff_client.app.state.sessions
    headers = bearer(staff_client, db, "childcare_staff", "kim")
    _, person = web_person(staff_client, "fr")
    day = open_day()
    reference = book(db, person, day, language="fr")
    assert staff_client.get("/api/childcare/occupancy", headers=headers).status_code == 200
    assert staff_client.get("/api/childcare/bookings", params={"day": day.isoformat()}, headers=headers).json()
    staff_client.post(f"/api/childcare/bookings/{reference}/cancel", json={"reason": "fermé"}, headers=headers)
    assert audit_rows(db, "kim") == [("list", "childcare_booking", None), ("update", "childcare_booking", reference)]
