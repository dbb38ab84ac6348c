"""The training catalogue as stored."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base, utcnow


class TrainingModule(Base):
    """A module of the catalogue: loaded from content/modules.yml, managed through the API."""

    __tablename__ = "training_modules"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    area: Mapped[str] = mapped_column(String(16), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)  # a validated core.training.content.Module
    source: Mapped[str] = mapped_column(String(8), default="content")  # content | api
    content_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column()


class TrainingEvent(Base):
    """A module suggested to someone, or opened for its details: what the dashboards count
    (the trainings most suggested and most opened). It says nothing of who: no
    conversation, no person."""

    __tablename__ = "training_events"
    __table_args__ = (Index("ix_training_events_at", "at", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    module_key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12))  # suggested | opened
    language: Mapped[str | None] = mapped_column(String(2))
    at: Mapped[datetime] = mapped_column(default=utcnow)
