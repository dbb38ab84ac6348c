"""The stored skills assessments."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.models import Base, new_id, utcnow


class Assessment(Base):
    """A completed skills pre-assessment: levels, the question-set version and the date."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_conversation", "conversation_id", "completed_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    question_set_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(2))  # the conversation's language
    digital_level: Mapped[str | None] = mapped_column(String(16), index=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    languages: Mapped[list["AssessmentLanguage"]] = relationship(
        cascade="all, delete-orphan", order_by="AssessmentLanguage.language", lazy="selectin"
    )


class AssessmentLanguage(Base):
    """One assessed language of an assessment, for filtering (e.g. Dutch at least A2)."""

    __tablename__ = "assessment_languages"

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    level: Mapped[str] = mapped_column(String(2))
    rank: Mapped[int] = mapped_column(index=True)  # 0 = A1 … 5 = C2
