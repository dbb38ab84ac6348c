"""What the childcare dashboard counts (core/childcare/figures.py), on a small known data set.

The period runs from Wednesday 2 to Tuesday 15 December 2026: it touches the weeks of
Monday 30 November, 7 December and 14 December, the first and the last only in part.
The day before it (1 December) and the day after it (16 December) are in those weeks
too, and must not count.
"""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from core import conversations
from core.childcare import attendance, content, figures, rules
from core.childcare.models import ChildcareBooking, ChildcareBookingDay, ChildcarePlaces, ChildcareWaiting
from core.figures import Period
from core.models import AuditLog

PERIOD = Period(date(2026, 12, 2), date(2026, 12, 15))
NOV_30, DEC_7, DEC_14 = date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14)
EMPTY = Period(date(2027, 1, 4), date(2027, 1, 10))


def at(day: int, hour: int = 0, minute: int = 0, second: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def person(sessions, name="someone") -> str:
    with sessions.begin() as s:
        return conversations.create(s, "web", name).id


def add_booking(s, conversation_id: str, reference: str, *, reason: str = "job_start", created: datetime,
                status: str = "confirmed", cancelled_by: str | None = None, updated: datetime | None = None,
                days: tuple[tuple[date, str, bool], ...] = ()) -> None:
    """A booking at Molenbeek with its half-days as (day, half, no_show)."""
    first = min((d for d, _, _ in days), default=date(2026, 12, 9))
    last = max((d for d, _, _ in days), default=first)
    booking = ChildcareBooking(reference=reference, conversation_id=conversation_id, site="molenbeek",
                               child_name="Lina", child_birth_date=date(2025, 9, 1), age_group="babies",
                               reason=reason, first_day=first, last_day=last, status=status,
                               cancelled_by=cancelled_by, created_at=created, updated_at=updated or created)
    booking.days = [ChildcareBookingDay(day=d, half=h, no_show=missed) for d, h, missed in days]
    s.add(booking)


def places(s, site: str, group: str, day: date, half: str, capacity: int, taken: int) -> None:
    s.add(ChildcarePlaces(site=site, age_group=group, day=day, half=half, capacity=capacity, taken=taken))


def waiting(s, conversation_id: str, site: str, group: str, first: date, last: date,
            notified: datetime | None = None) -> None:
    s.add(ChildcareWaiting(conversation_id=conversation_id, site=site, age_group=group, first_day=first,
                           last_day=last, notified_at=notified))


def test_nothing_in_the_period_gives_empty_tables_with_their_names_and_columns(sessions):
    with sessions() as s:
        tables = [figures.bookings_per_week(s, EMPTY), figures.waiting_list(s, EMPTY), figures.cancellations(s, EMPTY)]
        empty_week = figures.occupancy(s, EMPTY)
    # no place taken: every site's places of its open days (4–8 January, 5 days, 10 half-days)
    assert empty_week.rows == [(date(2027, 1, 4), site, group, 10 * places, 0)
                               for site in sorted(content.sites_content().sites)
                               for group, places in sorted(content.sites_content().sites[site].places.items())]
    assert ("schaerbeek", "toddlers", 60) in [(r[1], r[2], r[3]) for r in empty_week.rows]
    assert [(t.name, t.columns, t.rows) for t in tables] == [
        ("childcare.bookings", ("week", "reason", "bookings"), []),
        ("childcare.waiting", ("site", "age_group", "waiting"), []),
        ("childcare.cancellations", ("week", "by_person", "by_staff", "no_shows"), []),
    ]


def test_occupancy_sums_the_half_day_places_of_each_week_site_and_age_group(sessions):
    with sessions.begin() as s:
        for half, taken in (("am", 2), ("pm", 1)):
            places(s, "molenbeek", "babies", date(2026, 12, 1), half, 5, taken)  # the day before
        for half, taken in (("am", 3), ("pm", 2)):
            places(s, "molenbeek", "babies", date(2026, 12, 2), half, 5, taken)
        for half, taken in (("am", 1), ("pm", 0)):
            places(s, "molenbeek", "babies", date(2026, 12, 4), half, 5, taken)
        places(s, "molenbeek", "toddlers", date(2026, 12, 2), "am", 4, 4)
        for half in ("am", "pm"):
            places(s, "anderlecht", "babies", date(2026, 12, 3), half, 6, 2)
        for half, taken in (("am", 5), ("pm", 4)):
            places(s, "molenbeek", "babies", date(2026, 12, 7), half, 5, taken)
        for half in ("am", "pm"):
            places(s, "molenbeek", "babies", date(2026, 12, 15), half, 5, 1)
        places(s, "molenbeek", "babies", date(2026, 12, 16), "am", 5, 5)  # the day after
    with sessions() as s:
        table = figures.occupancy(s, PERIOD)
    # every site and age group of the three weeks; the ledger's half-days, then the content
    # file's places (molenbeek: babies 5, toddlers 8; anderlecht babies 4) for the other
    # open half-days of the period: 2–4 Dec (6), 7–11 Dec (10), 14–15 Dec (4)
    assert len(table.rows) == 3 * 4 * 2
    shown = {(week, site, group): (capacity, taken) for week, site, group, capacity, taken in table.rows}
    assert shown[(NOV_30, "anderlecht", "babies")] == (12 + 4 * 4, 4)
    assert shown[(NOV_30, "molenbeek", "babies")] == (20 + 2 * 5, 6)  # Wednesday and Friday, not Tuesday 1st
    assert shown[(NOV_30, "molenbeek", "toddlers")] == (4 + 5 * 8, 4)
    assert shown[(DEC_7, "molenbeek", "babies")] == (10 + 8 * 5, 9)
    assert shown[(DEC_14, "molenbeek", "babies")] == (10 + 2 * 5, 2)  # Tuesday 15th, not Wednesday 16th
    assert shown[(DEC_7, "schaerbeek", "toddlers")] == (10 * 6, 0)  # nobody booked there
    assert [(r[0], r[1], r[2]) for r in table.rows[:3]] == [(NOV_30, "anderlecht", "babies"),
                                                            (NOV_30, "anderlecht", "toddlers"),
                                                            (NOV_30, "bruxelles-ville", "babies")]
    with sessions() as s:
        one_day = figures.occupancy(s, Period(date(2026, 12, 4), date(2026, 12, 4)))
    assert {"week": NOV_30, "site": "molenbeek", "age_group": "babies", "capacity": 10, "taken": 1} \
        in one_day.as_dicts()
    assert sum(one_day.column("taken")) == 1


def test_bookings_per_week_and_reason_by_the_moment_they_were_made_whatever_their_status(sessions):
    who = person(sessions)
    with sessions.begin() as s:
        add_booking(s, who, "OUT001", created=at(1, 23, 59, 59))  # the last second before the period
        add_booking(s, who, "JOB001", created=at(2))  # its first moment
        add_booking(s, who, "TRA001", reason="training", created=at(4, 10), status="cancelled",
                    cancelled_by="person", updated=at(5, 9))
        add_booking(s, who, "JOB002", created=at(6, 22))
        add_booking(s, who, "INT001", reason="interview", created=at(8, 14))
        add_booking(s, who, "OTH001", reason="other", created=at(15, 23, 59, 59))  # its last second
        add_booking(s, who, "OUT002", reason="other", created=at(16))  # the first moment after it
    with sessions() as s:
        table = figures.bookings_per_week(s, PERIOD)
    assert table.rows == [
        (NOV_30, "job_start", 2),
        (NOV_30, "training", 1),
        (DEC_7, "interview", 1),
        (DEC_14, "other", 1),
    ]
    assert sum(table.column("bookings")) == 5


def test_the_waiting_list_counts_people_not_yet_told_whose_days_overlap_the_period(sessions):
    who = person(sessions)
    with sessions.begin() as s:
        waiting(s, who, "molenbeek", "babies", date(2026, 12, 1), date(2026, 12, 1))  # over the day before
        waiting(s, who, "molenbeek", "babies", date(2026, 11, 25), date(2026, 12, 2))  # its last day is the first
        waiting(s, who, "molenbeek", "babies", date(2026, 12, 15), date(2026, 12, 22))  # from the last day
        waiting(s, who, "molenbeek", "babies", date(2026, 12, 16), date(2026, 12, 16))  # after the period
        waiting(s, who, "molenbeek", "toddlers", date(2026, 12, 7), date(2026, 12, 7), notified=at(4, 8))
        waiting(s, who, "molenbeek", "toddlers", date(2026, 12, 8), date(2026, 12, 8))
        waiting(s, who, "anderlecht", "toddlers", date(2026, 11, 20), date(2026, 12, 31))  # around it all
    with sessions() as s:
        table = figures.waiting_list(s, PERIOD)
    assert table.rows == [
        ("anderlecht", "toddlers", 1),
        ("molenbeek", "babies", 2),
        ("molenbeek", "toddlers", 1),
    ]


def test_cancellations_by_whom_and_no_shows_per_week(sessions):
    who = person(sessions)
    before = at(20, 9, month=11)
    with sessions.begin() as s:
        # made before the period: only their cancellation or their days count
        add_booking(s, who, "PER001", created=before, status="cancelled", cancelled_by="person", updated=at(5, 9))
        add_booking(s, who, "STA001", created=before, status="cancelled", cancelled_by="staff", updated=at(2, 8))
        add_booking(s, who, "PER002", created=before, status="cancelled", cancelled_by="person",
                    updated=at(1, 23))  # the day before
        add_booking(s, who, "STA002", created=before, status="cancelled", cancelled_by="staff",
                    updated=at(16, 0, 0, 1))  # the day after
        add_booking(s, who, "STA003", created=before, status="cancelled", cancelled_by="staff", updated=at(14, 9))
        add_booking(s, who, "STA004", created=before, status="cancelled", cancelled_by="staff", updated=at(15, 17))
        add_booking(s, who, "SHW001", created=before, days=(
            (date(2026, 12, 1), "am", True),  # the day before
            (date(2026, 12, 3), "am", True), (date(2026, 12, 3), "pm", True),
            (date(2026, 12, 4), "am", False), (date(2026, 12, 4), "pm", False)))
        add_booking(s, who, "SHW002", created=before, days=(
            (date(2026, 12, 9), "pm", True),
            (date(2026, 12, 16), "am", True)))  # the day after
        # a booking changed (not cancelled) in the period is no cancellation
        add_booking(s, who, "CHG001", created=before, updated=at(10, 11))
    with sessions() as s:
        table = figures.cancellations(s, PERIOD)
    assert table.rows == [
        (NOV_30, 1, 1, 2),
        (DEC_7, 0, 0, 1),
        (DEC_14, 0, 2, 0),
    ]
    with sessions() as s:  # a week with no-shows only, one with cancellations only
        assert figures.cancellations(s, Period(date(2026, 12, 9), date(2026, 12, 9))).rows == [(DEC_7, 0, 0, 1)]
        assert figures.cancellations(s, Period(date(2026, 12, 14), date(2026, 12, 14))).rows == [(DEC_14, 0, 1, 0)]


def test_a_no_show_recorded_by_staff_is_counted_once(sessions):
    who = person(sessions)
    today = date(2026, 11, 23)
    with sessions.begin() as s:
        outcome = rules.book(s, who, rules.Request(
            site="molenbeek", child_name="Lina", birth=date(2025, 9, 1), reason="job_start",
            first_day=date(2026, 12, 2), last_day=date(2026, 12, 3)), today, content.sites_content(), "fr")
        reference = outcome.booking.reference
    with sessions.begin() as s:
        marked = attendance.mark_no_show(s, reference, date(2026, 12, 2), None, "staff-user", today=date(2026, 12, 3))
        assert (marked.halves, marked.changed) == (["am", "pm"], True)
        again = attendance.mark_no_show(s, reference.lower(), date(2026, 12, 3), "pm", "staff-user",
                                        today=date(2026, 12, 3))
        assert (again.halves, again.changed) == (["pm"], True)
    with sessions.begin() as s:
        twice = attendance.mark_no_show(s, reference, date(2026, 12, 2), "am", "staff-user", today=date(2026, 12, 4))
        assert (twice.halves, twice.changed) == (["am"], False)
    with sessions() as s:
        audited = s.execute(select(AuditLog.account, AuditLog.action, AuditLog.record_type, AuditLog.record_id,
                                   AuditLog.detail).order_by(AuditLog.id)).all()
        assert audited == [("staff-user", "update", "childcare_booking", reference, "no-show 2026-12-02 am+pm"),
                           ("staff-user", "update", "childcare_booking", reference, "no-show 2026-12-03 pm")]
        assert figures.cancellations(s, PERIOD).rows == [(NOV_30, 0, 0, 3)]
        # the places stay taken: the child's place was held
        taken = [r for r in figures.occupancy(s, PERIOD).rows if r[4]]
        assert taken == [(NOV_30, "molenbeek", "babies", 20 + 2 * 5, 4)]


@pytest.mark.parametrize("reference,day,half,problem", [
    ("NOPE99", date(2026, 12, 2), None, "unknown"),
    (None, date(2026, 12, 1), None, "not_held"),  # a day the booking does not hold
    (None, date(2026, 12, 3), None, "future"),
])
def test_a_no_show_is_refused_for_an_unknown_booking_a_day_not_held_or_to_come(sessions, reference, day, half,
                                                                                problem):
    who = person(sessions)
    with sessions.begin() as s:
        outcome = rules.book(s, who, rules.Request(
            site="molenbeek", child_name="Lina", birth=date(2025, 9, 1), reason="interview", half="am",
            first_day=date(2026, 12, 2), last_day=date(2026, 12, 3)), date(2026, 11, 23),
            content.sites_content(), "fr")
        mine = outcome.booking.reference
    with sessions.begin() as s, pytest.raises(attendance.NoShowRefused) as refused:
        attendance.mark_no_show(s, reference or mine, day, half, "staff-user", today=date(2026, 12, 2))
    assert refused.value.problem == problem
    with sessions.begin() as s, pytest.raises(attendance.NoShowRefused) as refused:  # the afternoon is not held
        attendance.mark_no_show(s, mine, date(2026, 12, 2), "pm", "staff-user", today=date(2026, 12, 2))
    assert refused.value.problem == "not_held"
    with sessions.begin() as s:
        rules.cancel(s, rules.find_booking(s, None, mine), by="staff")
    with sessions.begin() as s, pytest.raises(attendance.NoShowRefused) as refused:
        attendance.mark_no_show(s, mine, date(2026, 12, 2), "am", "staff-user", today=date(2026, 12, 2))
    assert refused.value.problem == "cancelled"
    with sessions() as s:
        assert sum(figures.cancellations(s, PERIOD).column("no_shows")) == 0
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 0
