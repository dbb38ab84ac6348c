"""The training catalogue as stored."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
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
