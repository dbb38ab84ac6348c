"""Childcare staff API, reminders and messages delivered to the web widget."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from api.web import _identity
from core import conversations
from core.childcare import bookings, content, reminders, rules
from core.childcare.models import ChildcareBooking
from core.childcare.texts import TEXTS
from core.models import Message
from tests.api.conftest import bearer


@pytest.fixture
def client(staff_client):
    return staff_client


def sign_in(client, db, role):
    return bearer(client, db, role)


def web_person(client, language):
    token = client.post("/web/sessions", json={"language": language}).json()["session"]
    with client.app.state.sessions() as s:
        return token, conversations.find(s, "web", _identity(token)).id


def open_day(after=2):
    data = content.sites_content()
    day = date.today() + timedelta(days=after)
    while not rules.is_open(data.sites["molenbeek"], day):
        day += timedelta(days=1)
    return day


def book(db, conversation_id, day, language="nl", name="Lina"):
    with db.begin() as s:
        outcome = rules.book(s, conversation_id, rules.Request(
            site="molenbeek", child_name=name, birth=date.today() - timedelta(days=200),
            reason="job_start", first_day=day, last_day=day), date.today(), content.sites_content(), language)
        assert outcome.ok, outcome
        return outcome.booking.reference


def test_roles(client, db):
    assert client.get("/api/childcare/occupancy").status_code == 401
    assert client.get("/api/childcare/occupancy", headers=sign_in(client, db, "counsellor")).status_code == 403
    assert client.get("/api/childcare/occupancy", headers=sign_in(client, db, "childcare_staff")).status_code == 200
    assert client.get("/api/childcare/bookings", headers=sign_in(client, db, "admin")).status_code == 200


def test_occupancy_and_bookings_of_a_day(client, db):
    staff = sign_in(client, db, "childcare_staff")
    _, person = web_person(client, "nl")
    day = open_day()
    reference = book(db, person, day)
    sites = {s["site"]: s for s in client.get("/api/childcare/occupancy", params={"day": day.isoformat()},
                                               headers=staff).json()}
    assert sites["molenbeek"]["babies"] == {"capacity": 5, "am": 1, "pm": 1}
    assert sites["anderlecht"]["babies"]["am"] == 0
    listed = client.get("/api/childcare/bookings", params={"day": day.isoformat(), "site": "molenbeek"},
                        headers=staff).json()
    assert [b["reference"] for b in listed] == [reference]
    assert client.get("/api/childcare/bookings", params={"day": (day + timedelta(days=1)).isoformat()},
                      headers=staff).json() == []


def test_staff_cancellation_is_told_to_the_person_in_their_language(client, db):
    staff = sign_in(client, db, "childcare_staff")
    token, person = web_person(client, "nl")
    reference = book(db, person, open_day())
    response = client.post(f"/api/childcare/bookings/{reference}/cancel",
                           json={"reason": "de verwarming is stuk"}, headers=staff)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert client.post(f"/api/childcare/bookings/{reference}/cancel", json={"reason": "again"},
                       headers=staff).status_code == 409
    assert client.post("/api/childcare/bookings/NOPE99/cancel", json={"reason": "x y z"},
                       headers=staff).status_code == 404
    delivered = client.post("/web/notifications", json={"session": token}).json()
    assert delivered["language"] == "nl"
    text = delivered["messages"][0]["text"]
    assert reference in text and "de verwarming is stuk." in text
    assert text.startswith(TEXTS("nl", "staff_cancelled").split("{")[0])
    # given once, and now part of the transcript
    assert client.post("/web/notifications", json={"session": token}).json()["messages"] == []
    with db() as s:
        assert s.scalar(select(Message.text).where(Message.conversation_id == person,
                                                   Message.sender == "system")) == text


def test_a_freed_place_is_told_to_the_first_person_waiting(client, db):
    full = content.sites_content().model_copy(deep=True)
    full.sites["molenbeek"].places = {"babies": 1, "toddlers": 1}
    day = open_day()
    _, owner = web_person(client, "fr")
    waiting_token, waiting = web_person(client, "en")
    with db.begin() as s:
        request = rules.Request(site="molenbeek", child_name="Lina", birth=date.today() - timedelta(days=200),
                                    reason="job_start", first_day=day, last_day=day)
        reference = rules.book(s, owner, request, date.today(), full, "fr").booking.reference
        rules.join_waiting_list(s, waiting, request, "en")
    with db.begin() as s:
        bookings.cancel_step(s, owner, reference, "yes", "fr")
    message = client.post("/web/notifications", json={"session": waiting_token}).json()["messages"][0]
    assert message["text"].startswith("Good news")
    assert message["buttons"][0]["payload"] == "/book_childcare"


def test_reminders_are_sent_once_the_day_before(client, db):
    token, person = web_person(client, "fr")
    tomorrow = date.today() + timedelta(days=1)
    with db.begin() as s:
        booking = ChildcareBooking(reference="ABC234", conversation_id=person, site="molenbeek",
                                   child_name="Noé", child_birth_date=date.today() - timedelta(days=400),
                                   age_group="babies", reason="training", first_day=tomorrow,
                                   last_day=tomorrow, language="fr")
        s.add(booking)
    assert reminders.run_once(db, today=date.today()) == 1
    assert reminders.run_once(db, today=date.today()) == 0, "only once"
    text = client.post("/web/notifications", json={"session": token}).json()["messages"][0]["text"]
    assert text.startswith("Rappel") and "Noé" in text and "ABC234" in text and "Rue Ulens 95" in text


def test_notifications_of_an_unknown_session_are_404(client):
    assert client.post("/web/notifications", json={"session": "nope"}).status_code == 404


def test_a_booking_at_a_site_gone_from_the_content_does_not_stop_the_others_reminders(client, db):
    gone_token, gone = web_person(client, "nl")
    token, person = web_person(client, "fr")
    tomorrow = date.today() + timedelta(days=1)
    with db.begin() as s:
        for reference, conversation, site in (("GON234", gone, "closed-site"), ("KEP234", person, "molenbeek")):
            s.add(ChildcareBooking(reference=reference, conversation_id=conversation, site=site, child_name="Noé",
                                   child_birth_date=date.today() - timedelta(days=400), age_group="babies",
                                   reason="training", first_day=tomorrow, last_day=tomorrow,
                                   language="nl" if conversation == gone else "fr"))
    assert reminders.run_once(db, today=date.today()) == 2
    kept = client.post("/web/notifications", json={"session": token}).json()["messages"][0]["text"]
    assert "KEP234" in kept and "Rue Ulens 95" in kept
    told = client.post("/web/notifications", json={"session": gone_token}).json()["messages"][0]["text"]
    assert told.startswith("Herinnering") and "GON234" in told


def test_today_is_brusselss_whatever_the_machines_zone(monkeypatch):
    from datetime import UTC, datetime

    class Late(datetime):
        @classmethod
        def now(cls, tz=None):  # 23:30 UTC on 1 December is already 2 December in Brussels
            return datetime(2026, 12, 1, 23, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr("core.childcare.rules.datetime", Late)
    assert rules.today() == date(2026, 12, 2)
