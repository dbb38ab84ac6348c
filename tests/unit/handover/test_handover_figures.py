"""What the handover dashboard counts (core/handover/figures.py), on a small known set of
requests: waits by band (at their edges), outcomes per kind, requests per week; the
same numbers on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core import conversations
from core.figures import Period, seconds_between
from core.handover.figures import handover_outcomes, handover_waits, handovers_per_week
from core.handover.models import Handover

# Tuesday 1 December to Wednesday 9 December 2026: the weeks of Monday 30 November and of
# Monday 7 December, both cut by the period.
PERIOD = Period(date(2026, 12, 1), date(2026, 12, 9))


def at(day: int, hour: int = 10, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def minutes(m: int, s: int = 0) -> timedelta:
    return timedelta(minutes=m, seconds=s)


def handover(conversation_id: str, requested: datetime, wait: timedelta | None, status: str,
             closed_by: str | None = None, kind: str = "chat") -> Handover:
    return Handover(conversation_id=conversation_id, office="actiris", kind=kind, status=status, language="fr",
                    requested_at=requested, accepted_at=requested + wait if wait is not None else None,
                    closed_by=closed_by, closed_at=requested + timedelta(hours=4) if status == "closed" else None)


@pytest.fixture
def requests(sessions):
    with sessions.begin() as s:
        person = conversations.create(s, "web", "someone").id
        s.add_all([
            # the week of 30 November (from Tuesday 1 December)
            handover(person, at(1), minutes(4, 59), "closed", "person"),
            handover(person, at(1, 11), minutes(5), "closed", "counsellor"),
            handover(person, at(2), minutes(14, 59), "closed", "timeout"),
            handover(person, at(2, 11), minutes(15), "human"),
            handover(person, at(3), minutes(59), "closed", "counsellor"),
            handover(person, at(4), minutes(60), "closed", "counsellor"),
            handover(person, at(5), minutes(180), "closed", "person"),
            handover(person, at(6, 23, 59), None, "queued"),  # still waiting (or taken back to the queue)
            handover(person, at(6), minutes(120), "closed", "counsellor", kind="message"),
            # the week of 7 December (to Wednesday 9 December)
            handover(person, at(8), None, "queued", kind="callback"),
            handover(person, at(9, 23, 59), minutes(1), "closed", None),  # closed by nobody known
            # just outside: the Monday before the start, the Thursday after the end
            handover(person, at(30, 23, 59, month=11), minutes(1), "closed", "person"),
            handover(person, at(10, 0, 0), minutes(1), "closed", "person"),
        ])
    return sessions


def test_waits_by_band_at_their_edges(requests):
    with requests() as s:
        table = handover_waits(s, PERIOD)
    assert table.name == "handover.waits" and table.columns == ("wait", "handovers")
    # 4:59 and 1:00 under 5 minutes; 5:00 and 14:59 from 5 to 15; 15:00 and 59:00 from 15 to 60;
    # 60, 120 and 180 minutes over an hour; two never accepted
    assert table.rows == [("under_5", 2), ("5_to_15", 2), ("15_to_60", 2), ("over_60", 3), ("not_accepted", 2)]


def test_outcomes_per_kind(requests):
    with requests() as s:
        table = handover_outcomes(s, PERIOD)
    assert table.name == "handover.outcomes" and table.columns == ("kind", "outcome", "handovers")
    assert table.rows == [
        ("chat", "waiting", 1), ("chat", "with_counsellor", 1), ("chat", "closed_by_counsellor", 3),
        ("chat", "closed_by_person", 2), ("chat", "timed_out", 1),
        ("message", "closed_by_counsellor", 1),
        ("callback", "waiting", 1),
    ]


def test_requests_per_week_with_the_mean_wait_of_those_accepted(requests):
    with requests() as s:
        table = handovers_per_week(s, PERIOD)
    assert table.name == "handover.weeks"
    assert table.columns == ("week", "requests", "accepted", "average_wait_minutes")
    # week of 30 November: 9 requests, 8 accepted after 299+300+899+900+3540+3600+10800+7200 s
    # = 27,538 s in all, 57.37 minutes each; week of 7 December: 2 requests, one accepted after a minute
    assert table.rows == [(date(2026, 11, 30), 9, 8, 57.4), (date(2026, 12, 7), 2, 1, 1.0)]


def test_a_week_without_any_request_accepted_has_no_mean_wait(requests):
    with requests() as s:
        table = handovers_per_week(s, Period(date(2026, 12, 8), date(2026, 12, 8)))
    assert table.rows == [(date(2026, 12, 7), 1, 0, None)]


def test_the_mean_wait_is_rounded_half_up(sessions):
    with sessions.begin() as s:
        person = conversations.create(s, "web", "someone").id
        s.add_all([handover(person, at(1), timedelta(minutes=2), "human"),
                   handover(person, at(2), timedelta(minutes=2, seconds=30), "human"),
                   handover(person, at(3), timedelta(minutes=2, seconds=36), "human")])
    with sessions() as s:  # (120 + 150 + 156) s / 3 = 142 s = 2.3666… minutes
        assert handovers_per_week(s, PERIOD).rows == [(date(2026, 11, 30), 3, 3, 2.4)]
    with sessions.begin() as s:
        s.add(handover(person, at(4), timedelta(minutes=2), "human"))
    with sessions() as s:  # (426 + 120) s / 4 = 136.5 s = 2.275 minutes
        assert handovers_per_week(s, PERIOD).rows == [(date(2026, 11, 30), 4, 4, 2.3)]


def test_nothing_in_the_period(requests):
    with requests() as s:
        empty = Period(date(2026, 12, 20), date(2026, 12, 31))
        assert handover_waits(s, empty).rows == [("under_5", 0), ("5_to_15", 0), ("15_to_60", 0), ("over_60", 0),
                                                 ("not_accepted", 0)]
        assert handover_outcomes(s, empty).rows == []
        assert handovers_per_week(s, empty).rows == []


def test_seconds_between_two_moments_in_sql(sessions):
    """core.figures.seconds_between, which the waits are measured with."""
    gaps = [timedelta(minutes=5), timedelta(milliseconds=500), timedelta(days=1, seconds=1), timedelta(seconds=-90),
            timedelta(0)]
    with sessions.begin() as s:
        person = conversations.create(s, "web", "someone").id
        # from the last evening of November into December
        s.add_all([handover(person, at(30, 23, 58, month=11), gap, "human") for gap in gaps])
    with sessions() as s:
        seconds = list(s.scalars(select(seconds_between(Handover.accepted_at, Handover.requested_at))
                                 .order_by(Handover.id)))
    assert [float(value) for value in seconds] == [300.0, 0.5, 86401.0, -90.0, 0.0]
