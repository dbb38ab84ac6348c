"""A staff change is saved before it is reported: when the commit fails, the answer is an
error, not a success with nothing saved."""

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from core.childcare.models import ChildcareBooking
from tests.api.conftest import bearer
from tests.api.test_childcare_staff import book, open_day, web_person


@pytest.fixture
def failing_commits(staff_client):
    """From now on, every commit of the app's sessions fails (the database went away)."""
    sessions = staff_client.app.state.sessions

    def fail(session):
        raise OperationalError("COMMIT", {}, Exception("the server closed the connection"))

    def start():
        event.listen(sessions, "before_commit", fail)

    yield start
    if event.contains(sessions, "before_commit", fail):
        event.remove(sessions, "before_commit", fail)


def test_a_cancellation_whose_commit_fails_is_not_reported_as_done(staff_client, failing_commits):
    db = staff_client.app.state.sessions
    staff = bearer(staff_client, db, "childcare_staff")
    _, person = web_person(staff_client, "fr")
    reference = book(db, person, open_day(), language="fr")
    failing_commits()
    response = staff_client.post(f"/api/childcare/bookings/{reference}/cancel", json={"reason": "fermé"},
                                 headers=staff)
    assert response.status_code == 503, response.text
    with db() as s:
        assert s.scalar(select(ChildcareBooking.status).where(ChildcareBooking.reference == reference)) != "cancelled"


def test_a_logout_whose_commit_fails_says_so_and_the_token_still_works(staff_client, failing_commits):
    db = staff_client.app.state.sessions
    staff = bearer(staff_client, db, "admin")
    failing_commits()
    assert staff_client.post("/auth/logout", headers=staff).status_code == 503
