"""The trainings most suggested and most opened (core/training/figures.py), and the events
the training search records for them, on each database."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.figures import Period
from core.training import catalogue, figures
from core.training import questionnaire as search
from core.training.content import catalogue_file
from core.training.models import TrainingEvent
from tests.chat import Chat

# Wednesday 25 November to Wednesday 9 December 2026
PERIOD = Period(date(2026, 11, 25), date(2026, 12, 9))


def at(day: int, month: int = 12, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def events(s, key: str, kind: str, *moments: datetime, language: str = "fr") -> None:
    s.add_all(TrainingEvent(module_key=key, kind=kind, language=language, at=moment) for moment in moments)


@pytest.fixture
def known(sessions):
    with sessions.begin() as s:
        # just outside the period: the day before and the day after
        events(s, "nl_a1_evening", "suggested", *[at(24, 11, 23, 59, 59)] * 5)
        events(s, "nl_a1_evening", "opened", at(10, hour=0))
        events(s, "excel_basics", "suggested", *[at(10, hour=0, second=1)] * 9)
        # in the period
        events(s, "nl_a1_evening", "suggested", at(25, 11, 0, 0, 0), at(1), at(9, hour=23, minute=59, second=59),
               language="nl")
        events(s, "nl_a1_evening", "opened", at(2), at(3))
        events(s, "cv_workshop", "suggested", at(26, 11), at(30, 11), at(8), language="en")
        events(s, "cv_workshop", "opened", at(8, hour=13))
        events(s, "email_first_steps", "suggested", at(27, 11), at(4))
        events(s, "excel_basics", "suggested", at(5), at(6))
        events(s, "excel_basics", "opened", at(5))
        events(s, "fr_b1_online", "suggested", at(7))
        # opened from an earlier search's buttons, not suggested in the period
        events(s, "job_interview", "opened", at(1), at(2), at(3), at(4))


def test_top_trainings(sessions, known):
    with sessions() as s:
        table = figures.top_trainings(s, PERIOD)
    assert table.name == "training.top" and table.columns == ("module", "suggested", "opened")
    assert table.rows == [
        ("nl_a1_evening", 3, 2),  # three suggestions as cv_workshop, but opened twice
        ("cv_workshop", 3, 1),
        ("excel_basics", 2, 1),  # two suggestions as email_first_steps, opened once
        ("email_first_steps", 2, 0),
        ("fr_b1_online", 1, 0),
        ("job_interview", 0, 4),  # never suggested in the period: last, whatever its openings
    ]


def test_top_trainings_at_most_the_limit(sessions, known):
    with sessions() as s:
        assert figures.top_trainings(s, PERIOD, limit=3).rows == [
            ("nl_a1_evening", 3, 2), ("cv_workshop", 3, 1), ("excel_basics", 2, 1)]


def test_top_trainings_of_a_period_without_events(sessions, known):
    with sessions() as s:
        assert figures.top_trainings(s, Period(date(2026, 12, 11), date(2026, 12, 31))).rows == []
        # the last second of 9 December, alone
        assert figures.top_trainings(s, Period(date(2026, 12, 9), date(2026, 12, 9))).rows == [
            ("nl_a1_evening", 1, 0)]


# --- what the training search records -------------------------------------------------------


@pytest.fixture
def modules(sessions):
    with sessions.begin() as s:
        catalogue.sync_catalogue(s, catalogue_file()[1])


def recorded(sessions) -> list[tuple[str, str, str | None]]:
    with sessions() as s:
        return [(e.module_key, e.kind, e.language) for e in s.scalars(select(TrainingEvent).order_by(TrainingEvent.id))]


def shown_keys(message) -> list[str]:
    return [b["payload"].split('"module": "')[1].split('"')[0]
            for b in message.buttons if b["payload"].startswith("/training_details")]


def test_suggestions_and_details_are_recorded_without_the_person(sessions, modules):
    chat = Chat(sessions, "nl")
    chat.start("training")
    chat.through("training", "computer", "1", "online")
    shown = chat.finish("training")[0]
    first = shown_keys(shown)
    assert len(first) == 3
    assert recorded(sessions) == [(key, "suggested", "nl") for key in first]

    with sessions.begin() as s:
        more = search.more(s, chat.id, "nl")[0]
    second = shown_keys(more)
    assert second and not set(second) & set(first)
    assert recorded(sessions)[3:] == [(key, "suggested", "nl") for key in second]

    with sessions.begin() as s:
        search.details(s, chat.id, first[1], "nl")
    assert recorded(sessions)[-1] == (first[1], "opened", "nl")
    assert len(recorded(sessions)) == 3 + len(second) + 1
    assert {column.name for column in TrainingEvent.__table__.columns} == {"id", "module_key", "kind", "language", "at"}

    with sessions() as s:
        today = datetime.now(UTC).date()
        top = figures.top_trainings(s, Period(today - timedelta(days=1), today + timedelta(days=1)))
    assert (first[1], 1, 1) in top.rows and len(top.rows) == 3 + len(second)


def test_what_is_not_shown_is_not_recorded(sessions, modules):
    chat = Chat(sessions, "fr")
    with sessions.begin() as s:
        assert search.more(s, chat.id, "fr") == []  # no search yet
        assert search.details(s, chat.id, "no_such_module", "fr") == []
    assert recorded(sessions) == []


def test_the_events_belong_to_the_steps_transaction(sessions, modules):
    chat = Chat(sessions, "en")
    key = next(iter(catalogue_file()[1]))
    with sessions() as s:
        assert search.details(s, chat.id, key, "en")
        s.rollback()  # the step failed: its details were not shown
    assert recorded(sessions) == []
