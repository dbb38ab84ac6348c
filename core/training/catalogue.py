"""The training catalogue in the database: loaded from content/modules.yml, managed by staff;
and the modules suggested and opened, counted for the dashboards."""

import hashlib
import json
import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import utcnow
from core.training.content import Module
from core.training.models import TrainingEvent, TrainingModule

SUGGESTED, OPENED = "suggested", "opened"  # the kinds of training events

log = logging.getLogger(__name__)


def _hash(module: Module) -> str:
    payload = json.dumps(module.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def sync_catalogue(session: Session, modules: dict[str, Module]) -> dict[str, int]:
    """Load the content file's modules into the database.

    New modules are added; changed ones updated, unless they were edited through the
    API since (the API's version is kept). Modules retired through the API stay retired.
    """
    counts = {"added": 0, "updated": 0, "kept": 0}
    existing = {m.key: m for m in session.scalars(select(TrainingModule))}
    for key, module in modules.items():
        digest = _hash(module)
        row = existing.get(key)
        if row is None:
            session.add(TrainingModule(key=key, area=module.area, data=module.model_dump(mode="json"),
                                       source="content", content_hash=digest))
            counts["added"] += 1
        elif row.source == "content" and row.content_hash != digest:
            row.data, row.area, row.content_hash = module.model_dump(mode="json"), module.area, digest
            row.updated_at = utcnow()
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return counts


def module_rows(session: Session, area: str | None = None,
                include_retired: bool = False) -> list[TrainingModule]:
    """The catalogue as stored, for staff: by key, retired ones only when asked."""
    query = select(TrainingModule).order_by(TrainingModule.key)
    if area:
        query = query.where(TrainingModule.area == area)
    if not include_retired:
        query = query.where(TrainingModule.retired_at.is_(None))
    return list(session.scalars(query))


def module_row(session: Session, key: str) -> TrainingModule | None:
    return session.get(TrainingModule, key)


def active_modules(session: Session) -> dict[str, Module]:
    rows = session.scalars(
        select(TrainingModule).where(TrainingModule.retired_at.is_(None)).order_by(TrainingModule.key)
    )
    result = {}
    for row in rows:
        try:
            result[row.key] = Module.model_validate(row.data)
        except ValueError:
            log.error("Training module %s in the database is not valid; skipped", row.key)
    return result


def save_module(session: Session, key: str, module: Module) -> TrainingModule:
    """Create or replace a module through the API."""
    row = session.get(TrainingModule, key)
    data = module.model_dump(mode="json")
    if row is None:
        row = TrainingModule(key=key, area=module.area, data=data, source="api")
        session.add(row)
    else:
        row.area, row.data, row.source, row.updated_at = module.area, data, "api", utcnow()
    return row


def retire_module(session: Session, key: str, when: datetime | None = None) -> TrainingModule | None:
    row = session.get(TrainingModule, key)
    if row is not None and row.retired_at is None:
        row.retired_at = when or utcnow()
        row.source = "api"
    return row


def record(session: Session, kind: str, keys: Iterable[str], language: str | None) -> None:
    """One training event per module key: shown among the suggestions (``SUGGESTED``) or
    opened for its details (``OPENED``), in the person's language. Nothing says who."""
    now = utcnow()
    session.add_all(TrainingEvent(module_key=key, kind=kind, language=language, at=now) for key in keys)
