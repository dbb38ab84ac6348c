"""What the assistant-quality dashboard counts (core/quality/figures.py), on a small known
set of messages, questionnaire steps and messages not understood, at the period's edges;
the same numbers on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select

from core import conversations
from core.figures import Period
from core.models import Message, MessageCount, QuestionnaireStep, UnrecognisedMessage
from core.quality.figures import funnels, messages_per_day, messages_per_week, unrecognised
from core.quality.records import count_past_days, counted_until

# Tuesday 1 to Thursday 3 December 2026
PERIOD = Period(date(2026, 12, 1), date(2026, 12, 3))


def at(day: int, hour: int = 10, minute: int = 0, second: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def message(conversation_id: str, when: datetime, language: str | None, direction: str = "in") -> Message:
    return Message(conversation_id=conversation_id, direction=direction, sender="user" if direction == "in" else "bot",
                   text="…", language=language, created_at=when)


def test_messages_people_wrote_per_day_channel_and_language(sessions):
    with sessions.begin() as s:
        web = conversations.create(s, "web", "someone").id
        telegram = conversations.create(s, "telegram", "someone").id
        s.add_all([
            message(web, at(1, 8), "fr"),
            message(web, at(1, 23, 59, 59), "fr"),  # the last second of the day
            message(web, at(1, 8, 1), "fr", direction="out"),  # the assistant's answer: not counted
            message(web, at(2, 0), "nl"),
            message(telegram, at(1, 10), None),  # no language: "unknown"
            message(telegram, at(3, 23, 59), "en"),
            message(web, at(30, 23, 59, 59, month=11), "fr"),  # the day before the start
            message(web, at(4, 0), "fr"),  # the day after the end
        ])
    with sessions() as s:
        table = messages_per_day(s, PERIOD)
        assert table.name == "quality.messages" and table.columns == ("day", "channel", "language", "messages")
        assert table.rows == [
            (date(2026, 12, 1), "telegram", "unknown", 1),
            (date(2026, 12, 1), "web", "fr", 2),
            (date(2026, 12, 2), "web", "nl", 1),
            (date(2026, 12, 3), "telegram", "en", 1),
        ]
        assert messages_per_day(s, Period(date(2026, 12, 20), date(2026, 12, 31))).rows == []
        # per week (from Monday 30 November): the day before the start is outside the period
        weekly = messages_per_week(s, Period(date(2026, 12, 1), date(2026, 12, 4)))
        assert weekly.name == "quality.messages_weekly" and weekly.columns[0] == "week"
        monday = date(2026, 11, 30)
        assert weekly.rows == [(monday, "telegram", "en", 1), (monday, "telegram", "unknown", 1),
                               (monday, "web", "fr", 3), (monday, "web", "nl", 1)]


def test_past_days_are_counted_once_and_read_from_their_counts(sessions):
    """The app counts each day once it is over (and settled for an hour); the figures are
    the same before and after, and stay when a person's messages are erased later."""
    with sessions.begin() as s:
        web = conversations.create(s, "web", "someone").id
        s.add_all([message(web, at(1, 8), "fr"), message(web, at(2, 9), None), message(web, at(4, 23, 30), "nl"),
                   message(web, at(5, 0, 10), "nl"), message(web, at(1, 9), "fr", direction="out")])
    period = Period(date(2026, 12, 1), date(2026, 12, 7))
    with sessions() as s:
        before = (messages_per_day(s, period).rows, messages_per_week(s, period).rows)
    assert before[0] == [(date(2026, 12, 1), "web", "fr", 1), (date(2026, 12, 2), "web", "unknown", 1),
                         (date(2026, 12, 4), "web", "nl", 1), (date(2026, 12, 5), "web", "nl", 1)]
    with sessions.begin() as s:  # 5 December 00:30: the 4th is over, but not for an hour yet
        assert count_past_days(s, at(5, 0, 30)) == 3  # 1–3 December; the last with messages: the 2nd
        assert counted_until(s) == date(2026, 12, 2)
    with sessions.begin() as s:
        assert count_past_days(s, at(5, 2)) == 2 and counted_until(s) == date(2026, 12, 4)
        assert count_past_days(s, at(5, 2, 30)) == 0, "counted once"
        assert s.scalar(select(func.sum(MessageCount.count))) == 3
    with sessions() as s:
        assert (messages_per_day(s, period).rows, messages_per_week(s, period).rows) == before
    with sessions.begin() as s:  # erased: the transcript goes, the day's count stays
        s.execute(delete(Message).where(Message.conversation_id == web))
    with sessions() as s:
        assert messages_per_day(s, period).rows == before[0][:3]  # the 5th is not counted yet: it went
        assert messages_per_week(s, period).rows == [(date(2026, 11, 30), "web", "fr", 1),
                                                     (date(2026, 11, 30), "web", "nl", 1),
                                                     (date(2026, 11, 30), "web", "unknown", 1)]


def steps(run: str, flow: str, *reached: tuple[str, datetime]) -> list[QuestionnaireStep]:
    return [QuestionnaireStep(flow=flow, run=run, step=step, language="fr", at=when) for step, when in reached]


@pytest.fixture
def runs(sessions):
    """Childcare runs: started on 1, 2 and 3 December, at the end of the period's last day
    (answered after it), before the period and after it; assessment runs whose second and
    third questions were reached by the same run."""
    with sessions.begin() as s:
        s.add_all([
            *steps("c1", "childcare", ("site", at(1)), ("reason", at(1, 10, 1)), ("day", at(1, 10, 2)),
                   ("finished", at(1, 10, 3))),
            *steps("c2", "childcare", ("site", at(2)), ("reason", at(2, 10, 1)), ("stopped", at(2, 10, 2))),
            *steps("c3", "childcare", ("site", at(3))),
            *steps("c4", "childcare", ("site", at(3, 23, 59)), ("reason", at(4, 0, 1))),
            # started the day before: not counted, though its other steps are in the period
            *steps("c5", "childcare", ("site", at(30, 23, 59, month=11)), ("reason", at(1, 0, 1)),
                   ("finished", at(1, 0, 2))),
            *steps("c6", "childcare", ("site", at(4, 0)), ("reason", at(4, 0, 1))),  # the day after
            *steps("a1", "assessment", ("pick_language", at(2)), ("other_languages", at(2, 10, 1)),
                   ("cefr", at(2, 10, 2)), ("cefr", at(2, 10, 3)),  # noted twice: counted once
                   ("finished", at(2, 10, 9))),
            *steps("a2", "assessment", ("pick_language", at(3)), ("stopped", at(3, 10, 1))),
        ])
    return sessions


def test_funnels_per_questionnaire_from_the_first_question_to_the_end(runs):
    with runs() as s:
        table = funnels(s, PERIOD)
    assert table.name == "quality.funnels" and table.columns == ("flow", "step", "runs")
    assert table.rows == [
        # the second and third questions, reached by one run each: in the order they were reached
        ("assessment", "pick_language", 2), ("assessment", "other_languages", 1), ("assessment", "cefr", 1),
        ("assessment", "finished", 1), ("assessment", "stopped", 1),
        # started in the period: c1, c2, c3 and c4 (whose second question came after the period)
        ("childcare", "site", 4), ("childcare", "reason", 3), ("childcare", "day", 1),
        ("childcare", "finished", 1), ("childcare", "stopped", 1),
    ]


def test_funnels_of_one_day_and_of_nothing(runs):
    with runs() as s:
        assert funnels(s, Period(date(2026, 11, 30), date(2026, 11, 30))).rows == [
            ("childcare", "site", 1), ("childcare", "reason", 1), ("childcare", "finished", 1)]
        assert funnels(s, Period(date(2026, 12, 20), date(2026, 12, 31))).rows == []


def test_a_run_taken_up_again_after_a_pause_started_before_the_period(sessions):
    """Stopped two days before the period and resumed in it (a questionnaire is kept that
    long, RETENTION_QUESTIONNAIRE_HOURS): not a run of the period."""
    with sessions.begin() as s:
        s.add_all([*steps("r1", "assessment", ("pick_language", at(29, 9, month=11)),
                          ("stopped", at(29, 9, 5, month=11)), ("cefr", at(1, 9)), ("finished", at(1, 9, 30))),
                   *steps("r2", "assessment", ("pick_language", at(1, 11)))])
    with sessions() as s:
        assert funnels(s, PERIOD).rows == [("assessment", "pick_language", 1)]


def not_understood(conversation_id: str, text: str, language: str | None, when: datetime,
                   flow: str | None = None, step: str | None = None) -> UnrecognisedMessage:
    return UnrecognisedMessage(conversation_id=conversation_id, text=text, language=language, flow=flow, step=step,
                               at=when)


@pytest.fixture
def missed(sessions):
    with sessions.begin() as s:
        person = conversations.create(s, "web", "someone").id
        s.add_all([
            not_understood(person, "bleu ciel", "fr", at(1), "colour", "colour"),
            not_understood(person, "Bleu ciel ", "fr", at(2), "colour", "colour"),
            not_understood(person, "  BLEU CIEL", "fr", at(3, 23, 59), "colour", "colour"),
            not_understood(person, "bleu ciel", "fr", at(3), "childcare", "reason"),  # another question
            not_understood(person, "hello there", "en", at(1)),
            not_understood(person, "Hello there", "en", at(2)),
            not_understood(person, "hello there", "nl", at(2)),  # another language
            not_understood(person, "quand est ma réunion", None, at(2)),
            not_understood(person, "bleu ciel", "fr", at(30, 23, 59, month=11), "colour", "colour"),  # before
            not_understood(person, "bleu ciel", "fr", at(4, 0), "colour", "colour"),  # after
        ])
    return sessions


def test_messages_not_understood_grouped_most_frequent_first(missed):
    with missed() as s:
        table = unrecognised(s, PERIOD)
    assert table.name == "quality.unrecognised"
    assert table.columns == ("text", "language", "flow", "step", "messages")
    assert table.rows == [
        ("bleu ciel", "fr", "colour", "colour", 3),
        ("hello there", "en", None, None, 2),
        ("bleu ciel", "fr", "childcare", "reason", 1),
        ("hello there", "nl", None, None, 1),
        ("quand est ma réunion", "unknown", None, None, 1),
    ]


def test_at_most_the_limit_and_nothing_outside_the_period(missed):
    with missed() as s:
        assert unrecognised(s, PERIOD, limit=2).column("messages") == [3, 2]
        assert unrecognised(s, Period(date(2026, 12, 4), date(2026, 12, 4))).rows == [
            ("bleu ciel", "fr", "colour", "colour", 1)]
        assert unrecognised(s, Period(date(2026, 12, 20), date(2026, 12, 31))).rows == []

