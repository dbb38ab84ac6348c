"""Days and weeks in SQL (core/figures.py): the UTC day and Monday of a moment, the same on
SQLite and PostgreSQL, whatever time zone the database session is in."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Date, literal, select, text

from core import conversations
from core.figures import Period, Table, day_of, monday, week_of
from core.models import Conversation

MOMENTS = {  # created_at -> (UTC day, its Monday)
    datetime(2026, 12, 6, 23, 30, tzinfo=UTC): (date(2026, 12, 6), date(2026, 11, 30)),  # Sunday night
    datetime(2026, 12, 7, 0, 0, tzinfo=UTC): (date(2026, 12, 7), date(2026, 12, 7)),  # Monday's first moment
    datetime(2026, 12, 2, 12, 0, tzinfo=UTC): (date(2026, 12, 2), date(2026, 11, 30)),
}


@pytest.mark.parametrize("zone", ["UTC", "Europe/Brussels"])
def test_the_day_and_week_of_a_moment_are_those_of_utc(sessions, zone):
    with sessions.begin() as s:
        for number, moment in enumerate(MOMENTS):
            conversations.create(s, "web", f"figures-{number}").created_at = moment
    with sessions() as s:
        if s.bind.dialect.name == "postgresql":
            s.execute(text(f"SET TIME ZONE '{zone}'"))
        elif zone != "UTC":
            pytest.skip("SQLite keeps no time zone")
        found = s.execute(select(Conversation.created_at, day_of(Conversation.created_at),
                                 week_of(Conversation.created_at))).all()
    assert {moment.astimezone(UTC): (day, week) for moment, day, week in found} == MOMENTS


def test_the_week_of_a_date_is_its_monday(sessions):
    days = [date(2026, 11, 30), date(2026, 12, 5), date(2026, 12, 6), date(2026, 12, 7)]
    with sessions() as s:
        weeks = [s.scalar(select(week_of(literal(day, Date)))) for day in days]
    assert weeks == [date(2026, 11, 30), date(2026, 11, 30), date(2026, 11, 30), date(2026, 12, 7)]
    assert [monday(day) for day in days] == weeks


def test_a_period_knows_its_weeks_and_days_and_refuses_to_end_before_it_starts():
    period = Period(date(2026, 12, 2), date(2026, 12, 15))
    assert period.weeks() == [date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14)]
    assert len(period.days()) == 14 and period.days()[-1] == date(2026, 12, 15)
    assert period.since == datetime(2026, 12, 2, tzinfo=UTC) and period.until == datetime(2026, 12, 16, tzinfo=UTC)
    with pytest.raises(ValueError):
        Period(date(2026, 12, 2), date(2026, 12, 1))
    table = Table("x.y", ("week", "n"), [(date(2026, 11, 30), 3)])
    assert table.column("n") == [3] and table.as_dicts() == [{"week": date(2026, 11, 30), "n": 3}]
