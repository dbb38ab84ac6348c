"""Childcare rules (core/childcare/rules.py): eligibility, dates, places, waiting list, on a real database."""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from core import conversations
from core.childcare import content, rules
from core.childcare.content import ChildcareContent, load_childcare
from core.childcare.models import ChildcareBooking, ChildcarePlaces
from core.content import ContentError
from core.db import session_factory

TODAY = date(2026, 11, 23)  # a Monday
DATA = content.sites_content()


def small(places=5) -> ChildcareContent:
    """The real sites, with ``places`` places per age group at Molenbeek."""
    data = DATA.model_copy(deep=True)
    data.sites["molenbeek"].places = {"babies": places, "toddlers": places}
    return data


def request(**changes) -> rules.Request:
    base = dict(site="molenbeek", child_name="Lina", birth=date(2025, 9, 1), reason="job_start",
                first_day=date(2026, 12, 1), last_day=date(2026, 12, 1))
    return rules.Request(**(base | changes))


def person(sessions, name="someone"):
    with sessions.begin() as s:
        return conversations.create(s, "web", name).id


# --- eligibility and days -------------------------------------------------------------------------


@pytest.mark.parametrize("birth,day,group", [
    (date(2026, 6, 1), date(2026, 12, 1), "babies"),
    (date(2025, 6, 2), date(2026, 12, 1), "babies"),    # 17 months
    (date(2025, 6, 1), date(2026, 12, 1), "toddlers"),  # 18 months
    (date(2023, 12, 2), date(2026, 12, 1), "toddlers"),  # a day under 3
    (date(2023, 12, 1), date(2026, 12, 1), None),        # 3 years
    (date(2027, 1, 1), date(2026, 12, 1), None),         # not born yet
])
def test_age_groups(birth, day, group):
    assert rules.age_group(birth, day) == group


def test_eligibility_reasons():
    ok = dict(registered=True, birth=date(2025, 1, 1), reason="interview",
              first_day=TODAY + timedelta(days=3), today=TODAY, data=DATA)
    assert rules.eligibility_problems(**ok) == []
    assert rules.eligibility_problems(**ok | {"registered": False}) == ["not_registered"]
    assert rules.eligibility_problems(**ok | {"birth": date(2022, 1, 1)}) == ["too_old"]
    assert rules.eligibility_problems(**ok | {"first_day": TODAY + timedelta(days=61)}) == ["too_far"]
    assert rules.eligibility_problems(**ok | {"birth": TODAY + timedelta(days=10)}) == ["not_born"]


def test_past_closed_and_far_days_are_refused_with_the_reason():
    site = DATA.sites["molenbeek"]
    assert rules.day_problem(site, TODAY - timedelta(days=1), TODAY, DATA) == "past"
    assert rules.day_problem(site, date(2026, 11, 28), TODAY, DATA) == "closed"  # Saturday
    assert rules.day_problem(site, date(2026, 12, 25), TODAY, DATA) == "closed"  # Christmas
    assert rules.day_problem(site, TODAY + timedelta(days=61), TODAY, DATA) == "too_far"
    assert rules.day_problem(site, TODAY, TODAY, DATA) is None


@pytest.mark.parametrize("text,language,expected", [
    ("lundi prochain", "fr", date(2026, 11, 30)),
    ("vendredi", "fr", date(2026, 11, 27)),
    ("le 2 décembre", "fr", date(2026, 12, 2)),
    ("15/12", "fr", date(2026, 12, 15)),
    ("demain", "fr", date(2026, 11, 24)),
    ("volgende dinsdag", "nl", date(2026, 11, 24)),
    ("maandag", "nl", date(2026, 11, 30)),
    ("3 december", "nl", date(2026, 12, 3)),
    ("morgen", "nl", date(2026, 11, 24)),
    ("3 March", "en", date(2027, 3, 3)),
    ("next friday", "en", date(2026, 11, 27)),
    ("tomorrow", "en", date(2026, 11, 24)),
    ("2/12/2026", "en", date(2026, 12, 2)),
])
def test_dates_in_three_languages(text, language, expected):
    assert rules.parse_date(text, language, TODAY) == expected


@pytest.mark.parametrize("text", ["blabla", "je ne sais pas", "", "ja"])
def test_no_date_is_none(text):
    assert rules.parse_date(text, "fr", TODAY) is None


# --- booking and capacity ------------------------------------------------------------------------------


def test_a_booking_takes_every_open_half_day_and_gets_a_reference(sessions):
    who = person(sessions)
    with sessions.begin() as s:
        outcome = rules.book(s, who, request(first_day=date(2026, 11, 27), last_day=date(2026, 12, 1)),
                                 TODAY, DATA, "fr")
        assert outcome.ok, outcome
        booking = outcome.booking
        assert len(booking.reference) == 6 and booking.reference.isalnum()
        # Friday, Monday, Tuesday: the weekend is skipped; two halves a day
        assert [(d.day.isoformat(), d.half) for d in booking.days][::2] == [
            ("2026-11-27", "am"), ("2026-11-30", "am"), ("2026-12-01", "am")]
        assert booking.age_group == "babies"
    with sessions() as s:
        occupancy = rules.occupancy(s, date(2026, 11, 30), DATA)
        assert occupancy["molenbeek"]["babies"] == {"capacity": 5, "am": 1, "pm": 1}
        assert occupancy["molenbeek"]["toddlers"]["am"] == 0


def test_an_interview_takes_one_half_day(sessions):
    who = person(sessions)
    with sessions.begin() as s:
        booking = rules.book(s, who, request(reason="interview", half="pm"), TODAY, DATA).booking
        assert [(d.day, d.half) for d in booking.days] == [(date(2026, 12, 1), "pm")]


def test_when_full_nothing_is_taken_and_alternatives_are_offered(sessions):
    data = small(places=1)
    first, second = person(sessions, "a"), person(sessions, "b")
    with sessions.begin() as s:
        assert rules.book(s, first, request(), TODAY, data).ok
    with sessions.begin() as s:
        outcome = rules.book(s, second, request(first_day=date(2026, 11, 30), last_day=date(2026, 12, 1)),
                                 TODAY, data)
        assert not outcome.ok and outcome.full == [(date(2026, 12, 1), "am")]
        assert outcome.alternatives.sites, "another site has places"
        assert "molenbeek" not in outcome.alternatives.sites
        assert outcome.alternatives.dates and date(2026, 12, 1) not in outcome.alternatives.dates
    with sessions() as s:
        # Monday 30 was free but must not stay taken by the failed booking
        assert rules.occupancy(s, date(2026, 11, 30), data)["molenbeek"]["babies"]["am"] == 0
        assert s.scalar(select(func.count()).select_from(ChildcareBooking)) == 1


def test_ineligible_requests_store_nothing(sessions):
    who = person(sessions)
    with sessions.begin() as s:
        outcome = rules.book(s, who, request(registered=False, birth=date(2020, 1, 1)), TODAY, DATA)
        assert set(outcome.problems) == {"not_registered", "too_old"}
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(ChildcareBooking)) == 0
        assert s.scalar(select(func.count()).select_from(ChildcarePlaces)) == 0


def test_cancel_frees_the_places_and_tells_the_first_waiting_person(sessions):
    data = small(places=1)
    owner, waiting1, waiting2 = (person(sessions, n) for n in ("owner", "w1", "w2"))
    with sessions.begin() as s:
        booking_id = rules.book(s, owner, request(), TODAY, data).booking.id
    with sessions.begin() as s:
        assert not rules.book(s, waiting1, request(), TODAY, data).ok
        rules.join_waiting_list(s, waiting1, request(), "nl")
        rules.join_waiting_list(s, waiting2, request(), "en")
    with sessions.begin() as s:
        booking = s.get(ChildcareBooking, booking_id)
        told = rules.cancel(s, booking)
        assert [t.conversation_id for t in told] == [waiting1]
        assert booking.status == "cancelled"
    with sessions.begin() as s:
        assert rules.book(s, waiting1, request(), TODAY, data).ok, "the freed place can be booked"


def test_only_the_person_who_booked_finds_the_booking(sessions):
    owner, other = person(sessions, "owner"), person(sessions, "other")
    with sessions.begin() as s:
        reference = rules.book(s, owner, request(), TODAY, DATA).booking.reference
    with sessions() as s:
        assert rules.find_booking(s, owner, reference.lower()) is not None
        assert rules.find_booking(s, other, reference) is None
        assert [b.reference for b in rules.bookings_of(s, owner, TODAY)] == [reference]
        assert rules.bookings_of(s, other, TODAY) == []


def test_changing_dates_moves_the_places_or_keeps_the_booking_as_it_was(sessions):
    data = small(places=1)
    owner, other = person(sessions, "owner"), person(sessions, "other")
    with sessions.begin() as s:
        booking_id = rules.book(s, owner, request(), TODAY, data).booking.id
        rules.book(s, other, request(first_day=date(2026, 12, 3), last_day=date(2026, 12, 3)), TODAY, data)
    with sessions.begin() as s:
        booking = s.get(ChildcareBooking, booking_id)
        moved = rules.change_dates(s, booking, date(2026, 12, 2), date(2026, 12, 2), None, TODAY, data)
        assert moved.ok
    with sessions.begin() as s:
        booking = s.get(ChildcareBooking, booking_id)
        refused = rules.change_dates(s, booking, date(2026, 12, 3), date(2026, 12, 3), None, TODAY, data)
        assert not refused.ok and refused.full
    with sessions() as s:
        occupancy = lambda day: rules.occupancy(s, day, data)["molenbeek"]["babies"]["am"]  # noqa: E731
        assert (occupancy(date(2026, 12, 1)), occupancy(date(2026, 12, 2)), occupancy(date(2026, 12, 3))) == (0, 1, 1)
        assert s.get(ChildcareBooking, booking_id).first_day == date(2026, 12, 2)


def test_reminders_are_due_the_day_before(sessions):
    who = person(sessions)
    with sessions.begin() as s:
        rules.book(s, who, request(first_day=date(2026, 11, 24), last_day=date(2026, 11, 24)), TODAY, DATA)
        rules.book(s, who, request(first_day=date(2026, 11, 25), last_day=date(2026, 11, 25)), TODAY, DATA)
    with sessions() as s:
        assert [b.first_day for b in rules.due_reminders(s, TODAY)] == [date(2026, 11, 24)]


def test_fifty_concurrent_bookings_for_five_places(database_url):
    """Exactly as many bookings succeed as there are places; never one more."""
    data = small(places=5)
    factory = session_factory(database_url)
    people = [person(factory, f"p{i}") for i in range(50)]
    results, barrier = [], threading.Barrier(50)

    def attempt(who):
        barrier.wait()
        try:
            with factory.begin() as s:
                results.append(rules.book(s, who, request(), TODAY, data).ok)
        except Exception as exc:  # a database error counts as a refused booking, never a place
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(who,)) for who in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    factory.kw["bind"].dispose()
    assert results.count(True) == 5, results
    with session_factory(database_url)() as s:
        assert s.scalar(select(func.count()).select_from(ChildcareBooking)) == 5
        places = s.scalars(select(ChildcarePlaces)).all()
        assert {(p.half, p.taken, p.capacity) for p in places} == {("am", 5, 5), ("pm", 5, 5)}
        s.get_bind().dispose()


# --- content --------------------------------------------------------------------------------------


def test_sites_file_has_the_known_sites():
    assert {"bruxelles-ville", "molenbeek"} <= set(DATA.sites)
    assert "Ulens 95" in DATA.sites["molenbeek"].address
    assert DATA.booking_window_days == 60


def test_a_bad_site_names_the_file_the_entry_and_the_problem(tmp_path):
    path = tmp_path / "childcare.yml"
    path.write_text("""
version: "1"
booking_window_days: 60
max_booking_days: 60
sites:
  ixelles:
    name: {fr: "Maison", en: "House"}
    address: "Rue X 1"
    commune: Ixelles
    opening_days: [mon]
    opens: "08:00"
    closes: "17:00"
    places: {babies: 2, toddlers: 2}
""")
    with pytest.raises(ContentError) as err:
        load_childcare(path)
    assert (err.value.path, err.value.entry) == (path, "ixelles") and "name.nl" in err.value.reason


def test_a_person_holds_at_most_two_bookings_to_come_by_conversation_and_by_actiris_number(sessions):
    me, other = person(sessions, "me"), person(sessions, "other")
    days = [date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)]
    with sessions.begin() as s:
        for day in days[:2]:
            assert rules.book(s, me, request(first_day=day, last_day=day, actiris_number="1234567"), TODAY, DATA).ok
        third = rules.book(s, me, request(first_day=days[2], last_day=days[2]), TODAY, DATA)
        assert third.problems == ["too_many"] and third.booking is None
        same_number = rules.book(s, other, request(first_day=days[2], last_day=days[2], actiris_number="1234567"),
                                 TODAY, DATA)
        assert same_number.problems == ["too_many"], "another conversation, the same Actiris number"
        assert rules.book(s, other, request(first_day=days[2], last_day=days[2]), TODAY, DATA).ok
    with sessions.begin() as s:
        assert not rules.too_many_bookings(s, me, None, date(2026, 12, 2) + timedelta(days=1)), "past ones free it"
        booking = rules.bookings_of(s, me, TODAY)[0]
        rules.cancel(s, booking, by="person")
        assert not rules.too_many_bookings(s, me, None, TODAY), "a cancelled one frees it"
