"""Childcare at the Maisons d'enfants d'Actiris: eligibility, dates, places, waiting list.

A place is a (site, day, age group, half-day) in the ``childcare_places`` ledger. A
booking takes all its places in one transaction with a conditional update (``taken <
capacity``); if any is full, none is taken. So, whatever the concurrency, a site never
holds more children than it has places.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, cast
from zoneinfo import ZoneInfo

import dateparser
import holidays
from babel.dates import get_day_names, get_month_names
from sqlalchemy import CursorResult, and_, func, select, update
from sqlalchemy.orm import Session

from core.childcare.content import AGE_GROUPS, WEEKDAYS, ChildcareContent, ChildcareSite
from core.childcare.models import ChildcareBooking, ChildcareBookingDay, ChildcarePlaces, ChildcareWaiting
from core.db import upsert_insert
from core.i18n import BABEL_LOCALES, LANGUAGES, fold
from core.models import utcnow
from core.references import unique_reference
from core.settings import get_settings

REASONS = ("job_start", "training", "interview", "other")
HALVES = ("am", "pm")


def today() -> date:
    """Today in Brussels (TIMEZONE), for the chat's checks and the reminders alike, whatever
    the machine's clock zone (one place, so that tests can fix it)."""
    return datetime.now(ZoneInfo(get_settings().timezone)).date()


# --- eligibility -------------------------------------------------------------------------------


def age_in_months(birth: date, day: date) -> int:
    months = (day.year - birth.year) * 12 + day.month - birth.month
    return months - (1 if day.day < birth.day else 0)


def age_group(birth: date, day: date) -> str | None:
    """babies (0–18 months) or toddlers (18–36 months) on ``day``; None from 3 years."""
    if birth > day:
        return None
    months = age_in_months(birth, day)
    if months < 18:
        return "babies"
    if months < 36:
        return "toddlers"
    return None


def eligibility_problems(*, registered: bool, birth: date | None, reason: str | None,
                         first_day: date | None, today: date, data: ChildcareContent) -> list[str]:
    """Why a person cannot use the Maisons d'enfants (message keys); empty when they can."""
    problems = []
    if not registered:
        problems.append("not_registered")
    if reason is not None and reason not in REASONS:
        problems.append("reason")
    if birth is not None:
        if birth > today:
            problems.append("not_born")
        elif first_day is not None and age_group(birth, first_day) is None:
            problems.append("too_old")
    if first_day is not None and first_day > today + timedelta(days=data.booking_window_days):
        problems.append("too_far")
    return problems


# --- days ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("BE", years=year)


def is_open(site: ChildcareSite, day: date) -> bool:
    return (WEEKDAYS[day.weekday()] in site.opening_days and day not in site.closed_dates
            and day not in _public_holidays(day.year))


def day_problem(site: ChildcareSite | None, day: date, today: date, data: ChildcareContent) -> str | None:
    """Why ``day`` cannot be booked (a message key), or None."""
    if day < today:
        return "past"
    if day > today + timedelta(days=data.booking_window_days):
        return "too_far"
    if site is not None and not is_open(site, day):
        return "closed"
    return None


def open_days(site: ChildcareSite, first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if is_open(site, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def slots_for(days: list[date], half: str | None) -> list[tuple[date, str]]:
    halves = (half,) if half in HALVES else HALVES
    return [(day, h) for day in days for h in halves]


# --- reading dates --------------------------------------------------------------------------------------

@lru_cache
def _weekday_index() -> dict[str, int]:
    index = {}
    for language in LANGUAGES:
        for number, name in get_day_names("wide", locale=BABEL_LOCALES[language]).items():
            index[name.lower()] = number
        for number, name in get_day_names("abbreviated", locale=BABEL_LOCALES[language]).items():
            index.setdefault(name.lower().rstrip("."), number)
    return index


@lru_cache
def _full_weekdays() -> dict[str, int]:
    """Weekday names written in full ("lundi", "maandag", "Monday"): in a sentence, "mon",
    "ma" or "sam" are other words."""
    return {fold(name): number for language in LANGUAGES
            for number, name in get_day_names("wide", locale=BABEL_LOCALES[language]).items()}


MAX_DATE_TEXT = 120


def parse_date(text: str, language: str, today: date, prefer: str = "future") -> date | None:
    """A date from what a person writes: "lundi prochain", "volgende dinsdag", "3 March",
    "15/12", "demain" … in French, Dutch or English. None when no date is found.
    ``prefer="past"`` reads "14 mars" as the last 14 March (a date of birth)."""
    if len(text) > MAX_DATE_TEXT:  # a date is a few words; a page of text is not parsed
        return None
    words = re.findall(r"[^\W\d_]+", text.lower())
    weekdays = [_weekday_index()[w] for w in words if w in _weekday_index()]
    if len(weekdays) == 1 and not re.search(r"\d", text) and prefer == "future":
        ahead = (weekdays[0] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    languages = [language] + [code for code in LANGUAGES if code != language]
    parsed = dateparser.parse(
        text, languages=languages,
        settings={"RELATIVE_BASE": _midday(today), "PREFER_DATES_FROM": prefer,
                  "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first",
                  "REQUIRE_PARTS": ["day"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


_DAY_MONTH = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b")
_RELATIVE = {"demain": 1, "morgen": 1, "tomorrow": 1, "apres demain": 2, "overmorgen": 2,
             "day after tomorrow": 2, "aujourd hui": 0, "vandaag": 0, "today": 0}


@lru_cache
def _month_names() -> str:
    names = {fold(name).rstrip(".") for language in LANGUAGES for width in ("wide", "abbreviated")
             for name in get_month_names(width, locale=BABEL_LOCALES[language]).values()}
    return "|".join(sorted((re.escape(n) for n in names if len(n) >= 3), key=len, reverse=True))


def day_in(text: str, language: str, today: date) -> date | None:
    """A day named somewhere in a sentence ("une crèche lundi prochain pour un entretien",
    "kinderopvang vanaf 15/12", "from tomorrow"); None when it names none or several."""
    words = fold(text).replace("'", " ").replace("-", " ")
    found = _DAY_MONTH.findall(words) + re.findall(rf"\b\d{{1,2}}(?:er)?\s+(?:{_month_names()})\b", words)
    days = {day for part in found if (day := parse_date(part, language, today)) is not None}
    days |= {today + timedelta(days=n) for phrase, n in _RELATIVE.items() if re.search(rf"\b{phrase}\b", words)}
    weekdays = {_full_weekdays()[w] for w in re.findall(r"[^\W\d_]+", words) if w in _full_weekdays()}
    if not any(day.weekday() in weekdays for day in days):  # a weekday with its date only repeats it
        days |= {today + timedelta(days=(number - today.weekday()) % 7 or 7) for number in weekdays}
    return days.pop() if len(days) == 1 else None


def _midday(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0)


# --- the ledger ----------------------------------------------------------------------------------------------


def ensure_ledger(session: Session, site_key: str, site: ChildcareSite, group: str,
                  slots: list[tuple[date, str]]) -> None:
    """Create the ledger rows these slots need (capacity from the content file)."""
    if not slots:
        return
    rows = [{"site": site_key, "day": day, "age_group": group, "half": half,
             "capacity": site.places[group], "taken": 0} for day, half in slots]
    statement = upsert_insert(session)(ChildcarePlaces).values(rows).on_conflict_do_nothing()
    session.execute(statement)


def free_places(session: Session, site_key: str, site: ChildcareSite, group: str,
                slots: list[tuple[date, str]]) -> dict[tuple[date, str], int]:
    """Free places per slot (a slot nobody booked yet has the site's full capacity)."""
    if not slots:
        return {}
    days = sorted({d for d, _ in slots})
    rows = session.scalars(select(ChildcarePlaces).where(
        ChildcarePlaces.site == site_key, ChildcarePlaces.age_group == group,
        ChildcarePlaces.day.in_(days)))
    known = {(r.day, r.half): r.capacity - r.taken for r in rows}
    return {slot: known.get(slot, site.places[group]) for slot in slots}


class Full(Exception):
    """A slot had no free place: nothing was taken."""

    def __init__(self, slot: tuple[date, str]):
        super().__init__(slot)
        self.slot = slot


def _take(session: Session, site_key: str, group: str, slots: list[tuple[date, str]]) -> None:
    """Take one place in every slot, or none: on a full slot, what was taken is given back
    (in the same transaction, whose row locks keep it from anyone else) and Full raised."""
    taken: list[tuple[date, str]] = []
    for day, half in slots:
        result = session.execute(
            update(ChildcarePlaces)
            .where(ChildcarePlaces.site == site_key, ChildcarePlaces.day == day,
                   ChildcarePlaces.age_group == group, ChildcarePlaces.half == half,
                   ChildcarePlaces.taken < ChildcarePlaces.capacity)
            .values(taken=ChildcarePlaces.taken + 1)
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], result).rowcount != 1:
            _release(session, site_key, group, taken)
            raise Full((day, half))
        taken.append((day, half))


def _release(session: Session, site_key: str, group: str, slots: list[tuple[date, str]]) -> None:
    for day, half in slots:
        session.execute(
            update(ChildcarePlaces)
            .where(ChildcarePlaces.site == site_key, ChildcarePlaces.day == day,
                   ChildcarePlaces.age_group == group, ChildcarePlaces.half == half,
                   ChildcarePlaces.taken > 0)
            .values(taken=ChildcarePlaces.taken - 1)
            .execution_options(synchronize_session=False)
        )


# --- bookings ------------------------------------------------------------------------------------------------------


@dataclass
class Request:
    site: str
    child_name: str
    birth: date
    reason: str
    first_day: date
    last_day: date
    half: str | None = None  # one half-day (am/pm), e.g. for a job interview
    registered: bool = True
    actiris_number: str | None = None


@dataclass
class Alternatives:
    dates: list[date] = field(default_factory=list)  # other start dates at the same site
    sites: list[str] = field(default_factory=list)  # other sites with places on the days asked


@dataclass
class BookingOutcome:
    booking: ChildcareBooking | None = None
    problems: list[str] = field(default_factory=list)  # eligibility or date problems
    full: list[tuple[date, str]] = field(default_factory=list)
    alternatives: Alternatives = field(default_factory=Alternatives)
    told: list[ChildcareWaiting] = field(default_factory=list)  # waiting people to tell of a place freed by a change

    @property
    def ok(self) -> bool:
        return self.booking is not None


def request_problems(request: Request, today: date, data: ChildcareContent) -> list[str]:
    site = data.sites.get(request.site)
    problems = eligibility_problems(registered=request.registered, birth=request.birth,
                                    reason=request.reason, first_day=request.first_day,
                                    today=today, data=data)
    if site is None:
        problems.append("site")
        return problems
    if request.last_day < request.first_day:
        problems.append("order")
    elif (request.last_day - request.first_day).days + 1 > data.max_booking_days:
        problems.append("too_long")
    for day in (request.first_day, request.last_day):
        problem = day_problem(site, day, today, data)
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def _slots(request: Request, site: ChildcareSite) -> list[tuple[date, str]]:
    return slots_for(open_days(site, request.first_day, request.last_day), request.half)


def book(session: Session, conversation_id: str, request: Request, today: date,
         data: ChildcareContent, language: str | None = None) -> BookingOutcome:
    """Book every open half-day of the request, or nothing. The caller commits."""
    problems = request_problems(request, today, data)
    if not problems and too_many_bookings(session, conversation_id, request.actiris_number, today):
        problems = ["too_many"]
    if problems:
        return BookingOutcome(problems=problems)
    site = data.sites[request.site]
    group = age_group(request.birth, request.first_day)
    slots = _slots(request, site)
    if group is None:  # kept out by request_problems already
        return BookingOutcome(problems=["too_old"])
    if not slots:
        return BookingOutcome(problems=["closed"])
    ensure_ledger(session, request.site, site, group, slots)
    try:
        _take(session, request.site, group, slots)
    except Full as full:
        return BookingOutcome(full=[full.slot], alternatives=alternatives(session, request, today, data))
    booking = ChildcareBooking(
        reference=unique_reference(session, ChildcareBooking.reference), conversation_id=conversation_id,
        site=request.site,
        child_name=request.child_name.strip()[:60], child_birth_date=request.birth, age_group=group,
        reason=request.reason, first_day=request.first_day, last_day=request.last_day,
        half=request.half, registered_job_seeker=request.registered,
        actiris_number=request.actiris_number, language=language,
    )
    booking.days = [ChildcareBookingDay(day=d, half=h) for d, h in slots]
    session.add(booking)
    session.flush()
    return BookingOutcome(booking=booking)


def alternatives(session: Session, request: Request, today: date, data: ChildcareContent,
                 limit: int = 3) -> Alternatives:
    """The nearest start dates at the same site for the same number of open days, and the
    other sites with places on every day asked."""
    result = Alternatives()
    site = data.sites[request.site]
    group = age_group(request.birth, request.first_day)
    if group is None:
        return result
    wanted = len(open_days(site, request.first_day, request.last_day)) or 1
    horizon = today + timedelta(days=data.booking_window_days)
    day = max(today, request.first_day - timedelta(days=14))
    while day <= horizon and len(result.dates) < limit:
        if day != request.first_day and is_open(site, day):
            days = next_open_days(site, day, wanted, horizon)
            if len(days) == wanted and age_group(request.birth, days[0]) == group:
                slots = slots_for(days, request.half)
                if all(n > 0 for n in free_places(session, request.site, site, group, slots).values()):
                    result.dates.append(day)
        day += timedelta(days=1)
    result.dates.sort(key=lambda d: (abs((d - request.first_day).days), d))
    for key, other in data.sites.items():
        if key == request.site:
            continue
        slots = slots_for(open_days(other, request.first_day, request.last_day), request.half)
        if slots and all(n > 0 for n in free_places(session, key, other, group, slots).values()):
            result.sites.append(key)
    return result


def next_open_days(site: ChildcareSite, start: date, count: int, horizon: date) -> list[date]:
    days: list[date] = []
    day = start
    while len(days) < count and day <= horizon:
        if is_open(site, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def bookings_of(session: Session, conversation_id: str, today: date) -> list[ChildcareBooking]:
    """The person's confirmed bookings that are not over yet, soonest first."""
    return list(session.scalars(
        select(ChildcareBooking).where(
            ChildcareBooking.conversation_id == conversation_id,
            ChildcareBooking.status == "confirmed", ChildcareBooking.last_day >= today)
        .order_by(ChildcareBooking.first_day)))


def too_many_bookings(session: Session, conversation_id: str, actiris_number: str | None, today: date) -> bool:
    """Whether the person already holds the most bookings to come at once
    (CHILDCARE_MAX_OPEN_BOOKINGS), counted by conversation and by Actiris number: a script
    cannot book out every site."""
    limit = get_settings().childcare_max_open_bookings
    to_come = (ChildcareBooking.status == "confirmed", ChildcareBooking.last_day >= today)
    by_conversation = session.scalar(select(func.count()).select_from(ChildcareBooking).where(
        ChildcareBooking.conversation_id == conversation_id, *to_come)) or 0
    by_number = 0
    if actiris_number:
        by_number = session.scalar(select(func.count()).select_from(ChildcareBooking).where(
            ChildcareBooking.actiris_number == actiris_number, *to_come)) or 0
    return max(by_conversation, by_number) >= limit


def bookings_on(session: Session, day: date, site: str | None = None,
                include_cancelled: bool = False) -> list[ChildcareBooking]:
    """The bookings that hold a place on ``day`` (at one site, or all), by site and reference."""
    query = (select(ChildcareBooking).join(ChildcareBookingDay)
             .where(ChildcareBookingDay.day == day).distinct()
             .order_by(ChildcareBooking.site, ChildcareBooking.reference))
    if site:
        query = query.where(ChildcareBooking.site == site)
    if not include_cancelled:
        query = query.where(ChildcareBooking.status == "confirmed")
    return list(session.scalars(query))


def find_booking(session: Session, conversation_id: str | None, reference: str) -> ChildcareBooking | None:
    """A booking by its reference; with a conversation, only if that conversation made it."""
    query = select(ChildcareBooking).where(ChildcareBooking.reference == reference.strip().upper())
    if conversation_id is not None:
        query = query.where(ChildcareBooking.conversation_id == conversation_id)
    return session.scalar(query)


def cancel(session: Session, booking: ChildcareBooking, by: str = "person",
           reason: str | None = None) -> list[ChildcareWaiting]:
    """Cancel a booking and free its places; returns the waiting people to tell."""
    if booking.status != "confirmed":
        return []
    slots = [(d.day, d.half) for d in booking.days]
    _release(session, booking.site, booking.age_group, slots)
    booking.status, booking.cancelled_by, booking.cancel_reason = "cancelled", by, reason
    booking.updated_at = utcnow()
    return waiting_to_notify(session, booking.site, booking.age_group, slots)


def change_dates(session: Session, booking: ChildcareBooking, first_day: date, last_day: date,
                 half: str | None, today: date, data: ChildcareContent) -> BookingOutcome:
    """Move a booking; if the new dates are not free, the booking stays as it was."""
    request = Request(site=booking.site, child_name=booking.child_name, birth=booking.child_birth_date,
                      reason=booking.reason, first_day=first_day, last_day=last_day, half=half,
                      registered=booking.registered_job_seeker)
    problems = request_problems(request, today, data)
    site = data.sites[booking.site]
    group = age_group(booking.child_birth_date, first_day)
    if group != booking.age_group and not problems:
        problems.append("age_group")  # a new booking is needed for the other group
    if problems or group is None:
        return BookingOutcome(problems=problems)
    new_slots = _slots(request, site)
    old_slots = [(d.day, d.half) for d in booking.days]
    ensure_ledger(session, booking.site, site, group, new_slots)
    _release(session, booking.site, group, old_slots)
    try:
        _take(session, booking.site, group, new_slots)
    except Full as full:
        _take(session, booking.site, group, old_slots)  # back as it was: these were ours
        return BookingOutcome(full=[full.slot], alternatives=alternatives(session, request, today, data))
    freed = sorted(set(old_slots) - set(new_slots))
    booking.first_day, booking.last_day, booking.half = first_day, last_day, half
    booking.days = [ChildcareBookingDay(day=d, half=h) for d, h in new_slots]
    booking.reminder_sent_at = None
    booking.updated_at = utcnow()
    session.flush()
    return BookingOutcome(booking=booking, told=waiting_to_notify(session, booking.site, group, freed))


# --- the waiting list -------------------------------------------------------------------------------------------


def join_waiting_list(session: Session, conversation_id: str, request: Request,
                      language: str | None, sites: list[str] | None = None) -> list[ChildcareWaiting]:
    """Wait for a place at the request's site, or at each of ``sites`` (no preference):
    the person is told once, by the first site where a place frees up."""
    entries = [ChildcareWaiting(
        conversation_id=conversation_id, site=site,
        age_group=age_group(request.birth, request.first_day) or "toddlers",
        first_day=request.first_day, last_day=request.last_day, half=request.half, language=language)
        for site in (sites or [request.site])]
    session.add_all(entries)
    session.flush()
    return entries


def waiting_to_notify(session: Session, site_key: str, group: str,
                      freed: list[tuple[date, str]]) -> list[ChildcareWaiting]:
    """The people waiting for a freed place, first come first told, one per freed place;
    they are marked as told."""
    if not freed:
        return []
    days = sorted({d for d, _ in freed})
    candidates = session.scalars(
        select(ChildcareWaiting).where(
            ChildcareWaiting.site == site_key, ChildcareWaiting.age_group == group,
            ChildcareWaiting.notified_at.is_(None),
            and_(ChildcareWaiting.first_day <= days[-1], ChildcareWaiting.last_day >= days[0]))
        .order_by(ChildcareWaiting.created_at, ChildcareWaiting.id))
    told: list[ChildcareWaiting] = []
    places = len({d for d, _ in freed})
    for entry in candidates:
        if len(told) >= places:
            break
        if entry.notified_at is None and any(entry.first_day <= d <= entry.last_day for d in days):
            entry.notified_at = utcnow()
            told.append(entry)
            # the same wait at other sites ("no preference") is answered too
            for twin in session.scalars(select(ChildcareWaiting).where(
                    ChildcareWaiting.conversation_id == entry.conversation_id,
                    ChildcareWaiting.first_day == entry.first_day, ChildcareWaiting.last_day == entry.last_day,
                    ChildcareWaiting.notified_at.is_(None), ChildcareWaiting.id != entry.id)):
                twin.notified_at = entry.notified_at
    return told


# --- reminders and staff views ------------------------------------------------------------------------------------


def due_reminders(session: Session, today: date) -> list[ChildcareBooking]:
    """Confirmed bookings that start tomorrow and were not reminded yet."""
    return list(session.scalars(select(ChildcareBooking).where(
        ChildcareBooking.status == "confirmed", ChildcareBooking.first_day == today + timedelta(days=1),
        ChildcareBooking.reminder_sent_at.is_(None))
        .with_for_update(skip_locked=True)))  # two app replicas never remind twice


def occupancy(session: Session, day: date, data: ChildcareContent) -> dict[str, dict[str, dict[str, int]]]:
    """Per site and age group: capacity and places taken in the morning and the afternoon."""
    rows = {(r.site, r.age_group, r.half): r for r in session.scalars(
        select(ChildcarePlaces).where(ChildcarePlaces.day == day))}
    result: dict[str, dict[str, dict[str, int]]] = {}
    for key, site in data.sites.items():
        open_today = is_open(site, day)
        result[key] = {}
        for group in AGE_GROUPS:
            capacity = site.places[group] if open_today else 0
            result[key][group] = {
                "capacity": capacity,
                **{half: (rows[(key, group, half)].taken if (key, group, half) in rows else 0)
                   for half in HALVES},
            }
    return result
