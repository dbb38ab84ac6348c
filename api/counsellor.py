"""The counsellor API: skills assessments and the training-module catalogue.

Roles counsellor and admin. Every route needs a bearer token (see /auth/token).
"""

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.auth import SessionDep, require_role
from api.errors import CONFLICT, NOT_FOUND, STAFF_RESPONSES
from api.params import Offset
from core import audit, conversations
from core.assessment import records
from core.assessment.models import Assessment
from core.models import Account
from core.training import catalogue
from core.training.content import Module, ModuleArea
from core.training.models import TrainingModule

staff = require_role("counsellor", "admin")
router = APIRouter(prefix="/api", tags=["counsellor"], dependencies=[Depends(staff)], responses=STAFF_RESPONSES)
RECORD = "assessment"  # in the audit log

Level = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
DigitalLevel = Literal["foundation", "intermediate", "advanced"]
KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{1,63}$"


class AssessmentSummary(BaseModel):
    id: str
    person: str = Field(description="the same for every assessment of one conversation")
    channel: str
    completed_at: datetime
    question_set_version: str
    conversation_language: str | None
    languages: dict[str, str] = Field(description="CEFR level per assessed language")
    digital_level: str | None = Field(description="overall DigComp level")


class AssessmentDetail(AssessmentSummary):
    started_at: datetime
    result: dict[str, Any] = Field(description="levels per language, per digital area, strongest and weakest area")
    answers: dict[str, Any]


class AssessmentPage(BaseModel):
    total: int
    items: list[AssessmentSummary]


def _summary(record: Assessment, channel: str) -> dict[str, Any]:
    return {
        "id": record.id, "person": conversations.pseudonym(record.conversation_id), "channel": channel,
        "completed_at": record.completed_at, "question_set_version": record.question_set_version,
        "conversation_language": record.language,
        "languages": {row.language: row.level for row in record.languages},
        "digital_level": record.digital_level,
    }


@router.get("/assessments", response_model=AssessmentPage)
def list_assessments(
    session: Session = SessionDep,
    language: Literal["fr", "nl", "en"] | None = Query(None, description="an assessed language"),
    min_level: Level | None = Query(None, description="with `language`: at least this level"),
    max_level: Level | None = Query(None, description="with `language`: at most this level"),
    digital_level: DigitalLevel | None = Query(None, description="overall digital level"),
    completed_from: datetime | None = None,
    completed_to: datetime | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
    account: Account = Depends(staff),
) -> AssessmentPage:
    """Completed assessments, newest first, filtered (the listing is audited)."""
    if (min_level or max_level) and not language:
        raise RequestValidationError([{"loc": ["query", "language"], "msg": "min_level and max_level need a language.",
                                       "type": "value_error"}])
    total, rows = records.search(
        session, language=language, min_level=min_level, max_level=max_level,
        digital_level=digital_level, completed_from=completed_from, completed_to=completed_to,
        limit=limit, offset=offset)
    audit.write(session, account.username, "list", RECORD, detail=f"rows={len(rows)} offset={offset}")
    return AssessmentPage(total=total, items=[_summary(a, channel) for a, channel in rows])


@router.get("/assessments/{assessment_id}", response_model=AssessmentDetail, responses=NOT_FOUND)
def get_assessment(assessment_id: str, session: Session = SessionDep,
                   account: Account = Depends(staff)) -> dict[str, Any]:
    """One assessment with its answers (the reading is audited)."""
    found = records.get(session, assessment_id)
    if found is None:
        raise HTTPException(404, "No such assessment.")
    audit.write(session, account.username, "read", RECORD, assessment_id)
    record, channel = found
    return _summary(record, channel) | {"started_at": record.started_at, "result": record.result,
                                        "answers": record.answers}


# --- modules ---------------------------------------------------------------------------------


class ModuleOut(BaseModel):
    key: str
    module: dict[str, Any]
    source: str = Field(description="content (from content/modules.yml) or api (edited here)")
    updated_at: datetime
    retired_at: datetime | None


class ModuleCreate(Module):
    key: str = Field(pattern=KEY_PATTERN, description="lowercase words joined by hyphens")


def _module_out(row: TrainingModule) -> ModuleOut:
    return ModuleOut(key=row.key, module=row.data, source=row.source, updated_at=row.updated_at,
                     retired_at=row.retired_at)


@router.get("/modules", response_model=list[ModuleOut])
def list_modules(
    session: Session = SessionDep,
    area: ModuleArea | None = None,
    include_retired: bool = False,
) -> list[ModuleOut]:
    return [_module_out(row) for row in catalogue.module_rows(session, area, include_retired)]


@router.get("/modules/{key}", response_model=ModuleOut, responses=NOT_FOUND)
def get_module(key: str, session: Session = SessionDep) -> ModuleOut:
    row = catalogue.module_row(session, key)
    if row is None:
        raise HTTPException(404, "No such module.")
    return _module_out(row)


@router.post("/modules", response_model=ModuleOut, status_code=status.HTTP_201_CREATED, responses=CONFLICT)
def create_module(body: ModuleCreate, session: Session = SessionDep) -> ModuleOut:
    """Add a module. Levels, format, place and the three languages are checked."""
    if catalogue.module_row(session, body.key) is not None:
        raise HTTPException(409, "A module with this key exists already.")
    module = Module.model_validate(body.model_dump(exclude={"key"}))
    row = catalogue.save_module(session, body.key, module)
    session.flush()
    return _module_out(row)


@router.put("/modules/{key}", response_model=ModuleOut, responses=NOT_FOUND)
def update_module(key: str, body: Module, session: Session = SessionDep) -> ModuleOut:
    """Replace a module. The content file will not overwrite it afterwards."""
    row = catalogue.module_row(session, key)
    if row is None:
        raise HTTPException(404, "No such module.")
    if row.retired_at is not None:
        row.retired_at = None  # updating a retired module brings it back
    row = catalogue.save_module(session, key, body)
    session.flush()
    return _module_out(row)


@router.delete("/modules/{key}", response_model=ModuleOut, responses=NOT_FOUND)
def retire_module(key: str, session: Session = SessionDep) -> ModuleOut:
    """Retire a module: it is no longer suggested, and stays visible here."""
    row = catalogue.retire_module(session, key)
    if row is None:
        raise HTTPException(404, "No such module.")
    session.flush()
    return _module_out(row)
