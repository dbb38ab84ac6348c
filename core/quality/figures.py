"""What the assistant-quality dashboard counts, in SQL: messages people wrote per day,
questionnaire funnels, and the messages the assistant did not understand.

Keys stay keys (a channel, a language, a questionnaire's name, a question's key): the
console names them. A message without a language counts under the key ``unknown``.
Messages are counted while the database keeps them: an erasure and the retention purge
take theirs away; questionnaire steps are anonymous and stay.
"""

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from core.figures import Period, Table, day_of, week_of
from core.models import Conversation, Message, MessageCount, QuestionnaireStep, UnrecognisedMessage
from core.quality.records import FINISHED, STOPPED, counted_until, or_unknown
from core.settings import get_settings


class _bytewise(FunctionElement[str]):
    """A text ordered by its bytes, as SQLite orders texts (PostgreSQL's own collation
    would put other letters, accents and punctuation in another order)."""

    type = String()
    inherit_cache = True


@compiles(_bytewise)
def _bytewise_sqlite(element: _bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(_bytewise, "postgresql")
def _bytewise_postgresql(element: _bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(next(iter(element.clauses)), **kw)}) COLLATE "C"'


def messages_per_day(session: Session, period: Period) -> Table:
    """Messages people wrote in the period, per UTC day, channel (of the conversation) and
    language (of the message); only days with messages. Ordered by day, channel, language.
    Days already counted (``MessageCount``) are read from their counts, the others from
    the messages."""
    return _messages(session, period, "day")


def messages_per_week(session: Session, period: Period) -> Table:
    """The same per week (its Monday), for long periods: ``quality.messages_weekly``."""
    return _messages(session, period, "week")


def _messages(session: Session, period: Period, unit: str) -> Table:
    totals: dict[tuple[date, str, str], int] = defaultdict(int)
    counted = counted_until(session)
    if counted is not None and counted >= period.start:
        counted_bucket: Any = MessageCount.day if unit == "day" else week_of(MessageCount.day)
        for when, channel, lang, count in session.execute(
                select(counted_bucket, MessageCount.channel, MessageCount.language, func.sum(MessageCount.count))
                .where(MessageCount.day >= period.start, MessageCount.day <= min(counted, period.end))
                .group_by(counted_bucket, MessageCount.channel, MessageCount.language)):
            totals[(when, channel, lang)] += int(count)
    since = max(period.since, Period(counted, counted).until) if counted is not None else period.since
    if since < period.until:
        bucket: ColumnElement[date] = day_of(Message.created_at) if unit == "day" else week_of(Message.created_at)
        language = or_unknown(Message.language)
        for when, channel, lang, count in session.execute(
                select(bucket, Conversation.channel, language, func.count())
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(Message.direction == "in", Message.created_at >= since, Message.created_at < period.until)
                .group_by(bucket, Conversation.channel, language)):
            totals[(when, channel, lang)] += int(count)
    return Table("quality.messages" if unit == "day" else "quality.messages_weekly",
                 (unit, "channel", "language", "messages"),
                 [(*key, count) for key, count in sorted(totals.items())])


def funnels(session: Session, period: Period) -> Table:
    """For the questionnaire runs started in the period (their first step in it), per
    questionnaire, how many runs reached each step (a question's key, then ``finished``
    and ``stopped``), in the period or after it. Questionnaires by name; within one, the
    questions by the runs that reached them, most first (the first question first; on a
    tie, the one reached first), then ``finished``, then ``stopped``."""
    steps = QuestionnaireStep
    # Runs with a step in the period and none before it. A run's steps are never further
    # apart than a questionnaire is kept unanswered (its state, which holds the run, is
    # purged after that: a start after it is a new run), so only that much before the
    # period is read, with a day's margin for the purge's own interval.
    lookback = timedelta(hours=get_settings().retention_questionnaire_hours, days=1)
    started = (select(steps.run).where(steps.at >= period.since - lookback, steps.at < period.until)
               .group_by(steps.run).having(func.min(steps.at) >= period.since))
    runs = func.count(steps.run.distinct())
    end = case((steps.step == FINISHED, 1), (steps.step == STOPPED, 2), else_=0)
    rows = session.execute(
        select(steps.flow, steps.step, runs)
        .where(steps.at >= period.since, steps.run.in_(started))
        .group_by(steps.flow, steps.step)
        .order_by(steps.flow, end, runs.desc(), func.min(steps.at), steps.step))
    return Table("quality.funnels", ("flow", "step", "runs"),
                 [(flow, step, int(count)) for flow, step, count in rows])


def unrecognised(session: Session, period: Period, limit: int = 50) -> Table:
    """The messages the assistant did not understand in the period, grouped by their words
    (lower case, trimmed), language, and the questionnaire and question they answered (None
    outside a questionnaire); at most ``limit`` groups, the most frequent first (then by
    words, language, questionnaire, question). Never a text of a sealed questionnaire:
    none is kept."""
    kept = UnrecognisedMessage
    text = func.lower(func.trim(kept.text))
    language = or_unknown(kept.language)
    count = func.count()
    rows = session.execute(
        select(text, language, kept.flow, kept.step, count)
        .where(kept.at >= period.since, kept.at < period.until)
        .group_by(text, language, kept.flow, kept.step)
        .order_by(count.desc(), _bytewise(text), language, func.coalesce(kept.flow, ""),
                  func.coalesce(kept.step, ""))
        .limit(limit))
    return Table("quality.unrecognised", ("text", "language", "flow", "step", "messages"),
                 [(words, lang, flow, step, int(n)) for words, lang, flow, step, n in rows])
