"""What the childcare dashboard counts, in SQL: places against capacity, bookings, the
waiting list, cancellations and no-shows, per UTC week (Monday) of a period.

Keys stay keys (a site of content/childcare.yml, ``babies``/``toddlers``, a reason):
the console names them. Bookings and waits are counted while the database keeps them: a
person's erasure and the retention purge take theirs away (the ledger of places stays).
"""

from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from core.childcare.content import sites_content
from core.childcare.models import ChildcareBooking, ChildcareBookingDay, ChildcarePlaces, ChildcareWaiting
from core.childcare.rules import open_days
from core.figures import Period, Table, week_of


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def occupancy(session: Session, period: Period) -> Table:
    """Half-day places and places taken per week, site and age group, over the days of the
    period each site is open (content/childcare.yml and public holidays). A day is in the
    ledger once someone booked there: until then its places are the content file's.
    Every site and age group of every week, in that order."""
    week = week_of(ChildcarePlaces.day)
    ledger = {(day, site, group): (int(capacity), int(halves), int(taken)) for day, site, group, capacity, halves, taken
              in session.execute(
                  select(week, ChildcarePlaces.site, ChildcarePlaces.age_group, func.sum(ChildcarePlaces.capacity),
                         func.count(), func.sum(ChildcarePlaces.taken))
                  .where(ChildcarePlaces.day >= period.start, ChildcarePlaces.day <= period.end)
                  .group_by(week, ChildcarePlaces.site, ChildcarePlaces.age_group))}
    rows = []
    sites = sites_content().sites
    for monday in period.weeks():
        first, last = max(monday, period.start), min(monday + timedelta(days=6), period.end)
        for key in sorted(sites):
            open_halves = 2 * len(open_days(sites[key], first, last))
            for group in sorted(sites[key].places):
                capacity, halves, taken = ledger.get((monday, key, group), (0, 0, 0))
                capacity += max(0, open_halves - halves) * sites[key].places[group]
                rows.append((monday, key, group, capacity, taken))
    return Table("childcare.occupancy", ("week", "site", "age_group", "capacity", "taken"), rows)


def bookings_per_week(session: Session, period: Period) -> Table:
    """Bookings made in the period (whatever became of them) per week of their making and
    reason (job_start, training, interview, other); only weeks and reasons with bookings.
    Ordered by week, reason."""
    week = week_of(ChildcareBooking.created_at)
    rows = session.execute(
        select(week, ChildcareBooking.reason, func.count())
        .where(ChildcareBooking.created_at >= period.since, ChildcareBooking.created_at < period.until)
        .group_by(week, ChildcareBooking.reason)
        .order_by(week, ChildcareBooking.reason))
    return Table("childcare.bookings", ("week", "reason", "bookings"),
                 [(day, reason, int(count)) for day, reason, count in rows])


def waiting_list(session: Session, period: Period) -> Table:
    """People waiting (not yet told of a place) for days that overlap the period, per site
    and age group. A person waiting at every site ("no preference") counts at each site.
    Ordered by site, age group."""
    rows = session.execute(
        select(ChildcareWaiting.site, ChildcareWaiting.age_group, func.count())
        .where(ChildcareWaiting.notified_at.is_(None),
               ChildcareWaiting.first_day <= period.end, ChildcareWaiting.last_day >= period.start)
        .group_by(ChildcareWaiting.site, ChildcareWaiting.age_group)
        .order_by(ChildcareWaiting.site, ChildcareWaiting.age_group))
    return Table("childcare.waiting", ("site", "age_group", "waiting"),
                 [(site, group, int(count)) for site, group, count in rows])


def cancellations(session: Session, period: Period) -> Table:
    """Per week: bookings cancelled in the period by the person and by staff (in the week
    of the cancellation, a cancelled booking's last change), and half-days on which a child
    did not come (in the week of the day). Only weeks with one or the other; by week."""
    zero = literal_column("0", Integer)
    cancelled_week = week_of(ChildcareBooking.updated_at)
    cancelled = (
        select(cancelled_week.label("week"),
               _count_if(ChildcareBooking.cancelled_by == "person").label("by_person"),
               _count_if(ChildcareBooking.cancelled_by == "staff").label("by_staff"),
               zero.label("no_shows"))
        .where(ChildcareBooking.status == "cancelled",
               ChildcareBooking.updated_at >= period.since, ChildcareBooking.updated_at < period.until)
        .group_by(cancelled_week))
    day_week = week_of(ChildcareBookingDay.day)
    missed = (
        select(day_week.label("week"), zero.label("by_person"), zero.label("by_staff"),
               func.count().label("no_shows"))
        .where(ChildcareBookingDay.no_show.is_(True),
               ChildcareBookingDay.day >= period.start, ChildcareBookingDay.day <= period.end)
        .group_by(day_week))
    both = union_all(cancelled, missed).subquery()
    rows = session.execute(
        select(both.c.week, func.sum(both.c.by_person), func.sum(both.c.by_staff), func.sum(both.c.no_shows))
        .group_by(both.c.week).order_by(both.c.week))
    return Table("childcare.cancellations", ("week", "by_person", "by_staff", "no_shows"),
                 [(day, int(person), int(staff), int(no_shows)) for day, person, staff, no_shows in rows])
