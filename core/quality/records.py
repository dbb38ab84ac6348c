"""What the assistant notes about its own work while it talks.

A questionnaire's run is a random id kept in the questionnaire's state (encrypted with it
when the questionnaire is sealed): each question put to someone adds one step of the run,
once per run and question however often it is asked again, and so does the run's end
("finished" or "stopped"), at the hour (not the minute: a step is not matched to a line of
the transcript by its time). No answer is kept, and once the questionnaire's state is gone
(at its end, or left unanswered longer than ``retention_questionnaire_hours``) nothing
links the run to a conversation.

The messages people wrote are counted per day, channel and language once the day is over
(``count_past_days``, a job of the app every hour), for the dashboards.

A message the assistant did not understand is kept with its conversation (erased with it,
and after ``retention_message_days`` like the transcript), lower-cased with its spaces
tidied, as a maintainer reads it to add training examples. Never a button's payload, and
never while a sealed questionnaire runs: its texts are health data.
"""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, String, func, insert, literal_column, select
from sqlalchemy.orm import Session

from core import sealed
from core.figures import Period, day_of
from core.models import Conversation, Message, MessageCount, QuestionnaireStep, UnrecognisedMessage, new_id, utcnow

# The engine's keys in a questionnaire's state: the run, and the steps already noted.
RUN = "run"
NOTED = "noted_steps"
FINISHED = "finished"
STOPPED = "stopped"
ENDS = (FINISHED, STOPPED)
MAX_TEXT = 1000  # characters of a message not understood
_STEP, _FLOW = 40, 16  # the lengths of the columns step and flow


def _this_hour() -> datetime:
    return utcnow().replace(minute=0, second=0, microsecond=0)


def begun(state: dict[str, Any]) -> dict[str, Any]:
    """The state of a questionnaire that starts: a run that resumes keeps its id, else a new run."""
    if state.get(RUN):
        return state
    return state | {RUN: new_id(), NOTED: []}


def step(session: Session, flow: str, state: dict[str, Any], key: str, language: str | None) -> dict[str, Any]:
    """Note that the run of ``state`` reached ``key`` (a question, or one of ``ENDS``); the
    state to keep (with its run, which a question starts when the state has none). An end
    of a state without a run (started before runs were noted) is not noted."""
    if not state.get(RUN):
        if key in ENDS:
            return state
        state = begun(state)
    key = key[:_STEP]
    noted = list(state.get(NOTED) or [])
    if key in noted:
        return state
    session.add(QuestionnaireStep(flow=flow[:_FLOW], run=state[RUN], step=key, language=language, at=_this_hour()))
    return state | {NOTED: [*noted, key]}


def tidy(text: str) -> str:
    """A message as it is grouped: lower case, no spaces around it, one space between words."""
    return " ".join(text.split()).lower()[:MAX_TEXT]


def not_understood(session: Session, conversation_id: str, text: str, language: str | None,
                   flow: str | None = None, step: str | None = None) -> bool:
    """Keep a message the assistant did not understand (``flow`` and ``step``: the question
    it answered). Not a button's payload, an empty message, or anything while a sealed
    questionnaire runs; False when nothing was kept."""
    tidied = tidy(text or "")
    if not tidied or tidied.startswith("/") or sealed.active(session, conversation_id):
        return False
    if session.get(Conversation, conversation_id) is None:
        return False
    session.add(UnrecognisedMessage(conversation_id=conversation_id, text=tidied, language=language,
                                    flow=flow[:_FLOW] if flow else None, step=step[:_STEP] if step else None))
    return True


UNKNOWN = "unknown"  # the language of a message when none was found (a key of the dashboards)
# A message is stored when its transaction commits, a moment after its time: a day is
# counted once it has been over for this long.
SETTLED = timedelta(hours=1)


def or_unknown(language: ColumnExpressionArgument[str | None]) -> ColumnElement[str]:
    """A message's language, or ``UNKNOWN``."""
    return func.coalesce(language, literal_column(f"'{UNKNOWN}'", String))


def counted_until(session: Session) -> date | None:
    """The last day whose messages are counted in ``MessageCount``."""
    return session.scalar(select(func.max(MessageCount.day)))


def count_past_days(session: Session, now: datetime | None = None) -> int:
    """Count the messages people wrote on each day over since the last one counted (or
    since the first message), per channel and language; the number of days counted."""
    last_day = ((now or utcnow()) - SETTLED).date() - timedelta(days=1)
    after = counted_until(session)
    if after is not None:
        first_day = after + timedelta(days=1)
    else:
        first: datetime | None = session.scalar(select(func.min(Message.created_at)).where(Message.direction == "in"))
        if first is None:
            return 0
        first_day = first.date()
    if first_day > last_day:
        return 0
    period = Period(first_day, last_day)
    day = day_of(Message.created_at)
    language = or_unknown(Message.language)
    counts = (select(day, Conversation.channel, language, func.count())
              .join(Conversation, Conversation.id == Message.conversation_id)
              .where(Message.direction == "in", Message.created_at >= period.since,
                     Message.created_at < period.until)
              .group_by(day, Conversation.channel, language))
    session.execute(insert(MessageCount).from_select(["day", "channel", "language", "count"], counts))
    return len(period.days())
