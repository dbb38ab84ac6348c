"""Booking childcare, seeing the booking, changing its days and cancelling it, through
/web/messages with the real Rasa server, action server and app, in French, Dutch and English."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from core.childcare import content, rules
from core.childcare.models import ChildcareBooking
from core.childcare.texts import TEXTS
from core.childcare.wording import day_text
from core.db import session_factory
from tests.e2e.conftest import buttons, payload, texts  # noqa: F401

pytestmark = pytest.mark.e2e


def said(language, key, /, **arguments):
    return TEXTS(language, key, **arguments)


def open_day(site="molenbeek", after=3) -> date:
    data = content.sites_content()
    day = date.today() + timedelta(days=after)
    while not rules.is_open(data.sites[site], day):
        day += timedelta(days=1)
    return day


ASK = {"fr": "j'ai besoin d'une place dans une maison d'enfants pour mon bébé",
       "nl": "ik heb kinderopvang nodig voor mijn dochter",
       "en": "I need childcare for my baby, I start a new job"}
MINE = {"fr": "mes réservations", "nl": "mijn reservaties", "en": "show my bookings"}
CHANGE = {"fr": "je veux changer les dates de ma réservation", "nl": "ik wil de datum van mijn reservatie wijzigen",
          "en": "I need to change the dates of my booking"}


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_book_see_change_and_cancel(person, stack, language):
    p = person(language)
    reply = p.say(ASK[language])
    assert p.language == language
    if language == "en":  # the opening message says why: echoed back, then not asked again
        assert said(language, "reason_job_start").lower() in texts(reply)
        reply = p.say("yes that's right")
    assert said(language, "registered") in texts(reply)
    reply = p.say(payload(reply, '"yes"'))
    if language != "en":
        assert said(language, "reason") in texts(reply)
        reply = p.say(payload(reply, '"job_start"'))
    assert said(language, "child_name") in texts(reply)
    reply = p.say("Amira")
    assert said(language, "birth", name="Amira") in texts(reply)
    birth = date.today() - timedelta(days=300)
    reply = p.say(birth.strftime("%d/%m/%Y"))
    reply = p.say(payload(reply, '"molenbeek"'))
    assert said(language, "first_day") in texts(reply)
    day = open_day()
    reply = p.say(day.strftime("%d/%m/%Y"))
    assert said(language, "date_echo", date=childcare_day(day, language)) in texts(reply)
    reply = p.say(payload(reply, '"same"'))
    reply = p.say(payload(reply, '"skip"'))
    assert said(language, "confirm") in texts(reply) and "Amira" in texts(reply)
    reply = p.say(payload(reply, '"yes"'))
    with session_factory(stack.database_url)() as s:
        booking = s.scalars(select(ChildcareBooking).where(ChildcareBooking.child_name == "Amira",
                                                           ChildcareBooking.language == language)).one()
        reference = booking.reference
        assert booking.first_day == day and booking.site == "molenbeek"
    assert reference in texts(reply) and "Rue Ulens 95" in texts(reply)

    # the only booking that can be changed: its new days are asked at once
    reply = p.say(CHANGE[language])
    assert reference in texts(reply) and said(language, "first_day") in texts(reply)
    new_day = open_day(after=(day - date.today()).days + 1)
    reply = p.say(new_day.strftime("%d/%m/%Y"))
    assert said(language, "date_echo", date=childcare_day(new_day, language)) in texts(reply)
    reply = p.say(payload(reply, '"same"'))
    assert said(language, "change_confirm", reference=reference,
                days=childcare_day(new_day, language)) in texts(reply)
    reply = p.say(payload(reply, '"yes"'))
    assert said(language, "changed", reference=reference) in texts(reply)
    with session_factory(stack.database_url)() as s:
        assert s.scalar(select(ChildcareBooking.first_day).where(ChildcareBooking.reference == reference)) == new_day

    listing = p.say(MINE[language])
    assert reference in texts(listing) and childcare_day(new_day, language) in texts(listing)
    confirm = p.say(payload(listing, "childcare_cancel"))
    assert said(language, "b_yes_cancel") in [b["title"] for m in confirm for b in m["buttons"]]
    done = p.say(payload(confirm, '"yes"'))
    assert said(language, "cancelled", reference=reference) in texts(done)
    with session_factory(stack.database_url)() as s:
        assert s.scalar(select(ChildcareBooking.status).where(ChildcareBooking.reference == reference)) == "cancelled"


def childcare_day(day, language):
    return day_text(day, language)


def test_someone_not_registered_is_told_why_and_nothing_is_stored(person, stack):
    p = person("nl")
    reply = p.say("/book_childcare")
    reply = p.say("nee")
    assert said("nl", "not_registered") in texts(reply)
    assert "/request_human" in payload(reply, "request_human")


def test_a_past_day_is_asked_again_with_the_reason(person):
    p = person("en")
    reply = p.say("/book_childcare")
    for answer in ("yes", "1", "Sam", "1/2/2025"):
        reply = p.say(answer)
    reply = p.say(payload(reply, '"any"'))
    yesterday = date.today() - timedelta(days=1)
    reply = p.say(yesterday.strftime("%d/%m/%Y"))
    assert said("en", "date_past", date=childcare_day(yesterday, "en")) in texts(reply)
    assert said("en", "first_day") in texts(reply)
    assert said("en", "stopped") in texts(p.say("stop"))


def test_a_person_with_the_most_bookings_is_told_at_once_and_not_asked_anything(person, stack):
    from tests.e2e.test_handover import conversation_id

    p = person("nl")
    p.say("hallo")
    me = conversation_id(stack, p)
    first = open_day(after=3)
    with session_factory(stack.database_url).begin() as s:
        for after, name in ((0, "Rania"), (7, "Rania")):
            day = open_day(after=3 + after)
            assert rules.book(s, me, rules.Request(
                site="molenbeek", child_name=name, birth=date.today() - timedelta(days=300), reason="job_start",
                first_day=day, last_day=day), date.today(), content.sites_content(), "nl").ok
    reply = p.say("ik wil kinderopvang reserveren voor morgen")
    assert said("nl", "too_many", count=2) in texts(reply)
    assert "/my_bookings" in {b["payload"] for m in reply for b in m["buttons"]}
    mine = p.say(payload(reply, "my_bookings"))
    assert day_text(first, "nl") in texts(mine) or "Rania" in texts(mine), "the conversation goes on"


def test_a_confirmation_sent_twice_at_once_books_once(person, stack):
    """A double press or a retried request: the two arrive together, are answered one
    after the other, and the second finds nothing left to confirm."""
    from concurrent.futures import ThreadPoolExecutor

    p = person("fr")
    reply = p.say(ASK["fr"])
    reply = p.say(payload(reply, '"yes"'))
    reply = p.say(payload(reply, '"job_start"'))
    reply = p.say("Héloïse")
    reply = p.say((date.today() - timedelta(days=300)).strftime("%d/%m/%Y"))
    reply = p.say(payload(reply, '"molenbeek"'))
    reply = p.say(open_day(after=4).strftime("%d/%m/%Y"))
    reply = p.say(payload(reply, '"same"'))
    reply = p.say(payload(reply, '"skip"'))
    assert said("fr", "confirm") in texts(reply)
    yes = payload(reply, '"yes"')
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: p.client.post("/web/messages", json={"session": p.session, "text": yes}),
                                range(2)))
    assert [a.status_code for a in answers] == [200, 200]
    with session_factory(stack.database_url)() as s:
        assert len(s.scalars(select(ChildcareBooking).where(ChildcareBooking.child_name == "Héloïse")).all()) == 1
