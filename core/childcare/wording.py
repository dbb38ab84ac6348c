"""Childcare in words: days, a booking's days and its site, in the person's language."""

from datetime import date

from babel.dates import format_date

from core.childcare import content
from core.childcare.models import ChildcareBooking
from core.childcare.rules import REASONS
from core.childcare.texts import TEXTS
from core.i18n import babel_locale

REASON_KEYS = {r: f"reason_{r}" for r in REASONS}


def day_text(day: date, language: str) -> str:
    """"lundi 1 décembre 2026", "maandag 1 december 2026", "Monday 1 December 2026"."""
    return format_date(day, format="EEEE d MMMM y", locale=babel_locale(language))


def short_day(day: date, language: str) -> str:
    return format_date(day, format="EEE d MMM", locale=babel_locale(language))


def site_name(key: str | None, language: str) -> str:
    sites = content.sites_content().sites
    return sites[key].name.get(language) if key in sites else TEXTS(language, "site_any")


def when(first: date, last: date, half: str | None, language: str) -> str:
    """"Day: …", "Day: …, morning" or "Days: from … to …"."""
    if half:
        part = TEXTS(language, "morning" if half == "am" else "afternoon").lower()
        return TEXTS(language, "summary_half_day", day=day_text(first, language), half=part)
    if first == last:
        return TEXTS(language, "summary_day", day=day_text(first, language))
    return TEXTS(language, "summary_days", first=day_text(first, language), last=day_text(last, language))


def days_only(text: str) -> str:
    """"from … to …" out of "Days: from … to …"."""
    return text.split(": ", 1)[-1]


def days_text(booking: ChildcareBooking, language: str) -> str:
    """"Days: from … to …" of a booking."""
    return when(booking.first_day, booking.last_day, booking.half, language)


def booking_days(booking: ChildcareBooking, language: str) -> str:
    """A booking's days, without the "Days:" label."""
    return days_only(days_text(booking, language))
