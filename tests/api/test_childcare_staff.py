"""Childcare staff API, reminders and messages delivered to the web widget."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from api.web import _identity
from core import conversations
from core.childcare import bookings, content, reminders, rules
from core.childcare.models import ChildcareBooking, ChildcareBookingDay
from core.childcare.texts import TEXTS
from core.models import AuditLog, Message
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


def held_booking(db, conversation_id, reference, days, half=None):
    """A confirmed booking that held ``days`` (whole days, or one ``half`` of each)."""
    with db.begin() as s:
        booking = ChildcareBooking(reference=reference, conversation_id=conversation_id, site="molenbeek",
                                   child_name="Noé", child_birth_date=date.today() - timedelta(days=400),
                                   age_group="babies", reason="training", first_day=days[0], last_day=days[-1],
                                   half=half, language="fr")
        halves = (half,) if half else ("am", "pm")
        booking.days = [ChildcareBookingDay(day=day, half=h) for day in days for h in halves]
        s.add(booking)


def no_shows(db, reference):
    with db() as s:
        return s.execute(select(ChildcareBookingDay.day, ChildcareBookingDay.half).join(ChildcareBooking)
                         .where(ChildcareBooking.reference == reference, ChildcareBookingDay.no_show)
                         .order_by(ChildcareBookingDay.day, ChildcareBookingDay.half)).all()


def test_staff_record_that_a_child_did_not_come_once_however_often_they_mark_it(client, db):
    staff = sign_in(client, db, "childcare_staff")
    _, person = web_person(client, "fr")
    today = rules.today()  # Brussels' day, as the API's
    yesterday = today - timedelta(days=1)
    held_booking(db, person, "NOS234", [yesterday, today])
    url = "/api/childcare/bookings/NOS234/no-show"
    response = client.post(url, json={"day": yesterday.isoformat()}, headers=staff)
    assert response.status_code == 200, response.text
    assert response.json() == {"reference": "NOS234", "day": yesterday.isoformat(), "halves": ["am", "pm"],
                               "changed": True}
    again = client.post(url, json={"day": yesterday.isoformat(), "half": "pm"}, headers=staff).json()
    assert (again["halves"], again["changed"]) == (["pm"], False)
    assert client.post("/api/childcare/bookings/nos234/no-show", json={"day": today.isoformat(), "half": "am"},
                       headers=sign_in(client, db, "admin")).json()["halves"] == ["am"]
    assert no_shows(db, "NOS234") == [(yesterday, "am"), (yesterday, "pm"), (today, "am")]
    with db() as s:  # one line per change, naming the booking, never the child
        assert s.execute(select(AuditLog.account, AuditLog.action, AuditLog.record_type, AuditLog.record_id,
                                AuditLog.detail).order_by(AuditLog.id)).all() == [
            ("childcare_staff-user", "update", "childcare_booking", "NOS234", f"no-show {yesterday.isoformat()} am+pm"),
            ("admin-user", "update", "childcare_booking", "NOS234", f"no-show {today.isoformat()} am"),
        ]


def test_a_half_day_booking_is_marked_on_its_half(client, db):
    staff = sign_in(client, db, "childcare_staff")
    _, person = web_person(client, "nl")
    day = rules.today() - timedelta(days=3)
    held_booking(db, person, "HAL234", [day], half="pm")
    response = client.post("/api/childcare/bookings/HAL234/no-show", json={"day": day.isoformat()}, headers=staff)
    assert response.status_code == 200 and response.json()["halves"] == ["pm"]
    refused = client.post("/api/childcare/bookings/HAL234/no-show", json={"day": day.isoformat(), "half": "am"},
                          headers=staff)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "half"]
    assert no_shows(db, "HAL234") == [(day, "pm")]


def test_a_no_show_is_refused_clearly(client, db):
    staff = sign_in(client, db, "childcare_staff")
    _, person = web_person(client, "fr")
    today = rules.today()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    held_booking(db, person, "REF234", [yesterday, today, tomorrow])
    url = "/api/childcare/bookings/REF234/no-show"

    def post(body, reference_url=url, headers=staff):
        return client.post(reference_url, json=body, headers=headers)

    assert post({"day": yesterday.isoformat()}, headers={}).status_code == 401
    assert post({"day": yesterday.isoformat()}, headers=sign_in(client, db, "counsellor")).status_code == 403
    unknown = post({"day": yesterday.isoformat()}, "/api/childcare/bookings/NOPE99/no-show")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "No such booking."}
    future = post({"day": tomorrow.isoformat()})
    assert future.status_code == 422 and future.json()["detail"][0]["loc"] == ["body", "day"]
    assert "not come yet" in future.json()["detail"][0]["msg"]
    not_held = post({"day": (yesterday - timedelta(days=1)).isoformat()})
    assert not_held.status_code == 422 and "holds no place" in not_held.json()["detail"][0]["msg"]
    assert post({"day": yesterday.isoformat(), "half": "evening"}).status_code == 422
    assert post({"half": "am"}).status_code == 422
    assert no_shows(db, "REF234") == []
    with db.begin() as s:
        rules.cancel(s, rules.find_booking(s, None, "REF234"), by="staff")
    cancelled = post({"day": yesterday.isoformat()})
    assert cancelled.status_code == 409 and cancelled.json() == {"detail": "This booking is cancelled."}
    with db() as s:
        assert s.scalars(select(AuditLog.action).where(AuditLog.account == "childcare_staff-user")).all() == []


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
