"""Stored skills assessments: saving a completed one, the latest of a person, searching them."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.assessment import scoring
from core.assessment.content import question_set
from core.assessment.models import Assessment, AssessmentLanguage
from core.frameworks import CEFR_LEVELS
from core.models import Conversation, utcnow


def store(session: Session, conversation_id: str, state: dict[str, Any], started_at: datetime,
          language: str) -> Assessment | None:
    """Save the result of a finished assessment; None when both parts were skipped."""
    outcome = scoring.result(state, question_set())
    if not scoring.has_result(outcome):
        return None
    record = Assessment(
        conversation_id=conversation_id, question_set_version=state["version"],
        language=language, digital_level=outcome["digital"]["overall"], result=outcome,
        answers={"cefr": state["cefr"], "digital": state["digital"],
                 "other_languages": state.get("other_languages") or []},
        started_at=started_at, completed_at=utcnow(),
    )
    record.languages = [
        AssessmentLanguage(language=code, level=level, rank=CEFR_LEVELS.index(level))
        for code, level in outcome["languages"].items()
    ]
    session.add(record)
    return record


def latest(session: Session, conversation_id: str) -> Assessment | None:
    return session.scalar(
        select(Assessment).where(Assessment.conversation_id == conversation_id)
        .order_by(Assessment.completed_at.desc()).limit(1)
    )


def latest_result(session: Session, conversation_id: str) -> dict[str, Any] | None:
    record = latest(session, conversation_id)
    return record.result if record else None


def search(
    session: Session, *, language: str | None = None, min_level: str | None = None,
    max_level: str | None = None, digital_level: str | None = None,
    completed_from: datetime | None = None, completed_to: datetime | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[int, list[tuple[Assessment, str]]]:
    """(total, [(assessment, channel)]) newest first; levels filter the given language."""
    query = select(Assessment, Conversation.channel).join(
        Conversation, Conversation.id == Assessment.conversation_id)
    if language:
        sub = select(AssessmentLanguage.assessment_id).where(AssessmentLanguage.language == language)
        if min_level:
            sub = sub.where(AssessmentLanguage.rank >= CEFR_LEVELS.index(min_level))
        if max_level:
            sub = sub.where(AssessmentLanguage.rank <= CEFR_LEVELS.index(max_level))
        query = query.where(Assessment.id.in_(sub))
    if digital_level:
        query = query.where(Assessment.digital_level == digital_level)
    if completed_from:
        query = query.where(Assessment.completed_at >= completed_from)
    if completed_to:
        query = query.where(Assessment.completed_at <= completed_to)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(Assessment.completed_at.desc(), Assessment.id)
                           .limit(limit).offset(offset))
    return total or 0, [(record, channel) for record, channel in rows]


def get(session: Session, assessment_id: str) -> tuple[Assessment, str] | None:
    """(assessment, channel) or None."""
    row = session.execute(
        select(Assessment, Conversation.channel)
        .join(Conversation, Conversation.id == Assessment.conversation_id)
        .where(Assessment.id == assessment_id)).first()
    return (row[0], row[1]) if row else None
