"""The pathway staff API: registrations for the disability pathway, their status and module,
an export and the programme's progress.

Roles pathway_officer and admin. Lists show no health data; one registration shows it.
Every list, read, change and export is written to the audit log with the account's name.
The export leaves out health data unless ``include_health=true`` is asked for, and the
audit log says which: a file travels further than this API (mail, shared folders), so
it carries the special-category data (GDPR art. 9) only when someone decided it must.
"""

import csv
import io
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from api.auth import SessionDep, require_role
from api.errors import NOT_FOUND, STAFF_RESPONSES
from api.params import Offset
from core import audit, crypto
from core.models import Account
from core.pathway import registrations as pathway
from core.pathway.models import PathwayRegistration

officer = require_role("pathway_officer", "admin")


def _keys() -> None:
    """Without encryption keys nothing of the pathway can be read: say so before anything."""
    crypto.require_keys()


router = APIRouter(prefix="/api/pathway", tags=["pathway staff"],
                   dependencies=[Depends(officer), Depends(_keys)], responses=STAFF_RESPONSES)

Status = Literal["registered", "contacted", "in_module", "module_completed", "withdrawn"]
RECORD = pathway.RECORD_TYPE


class RegistrationRow(BaseModel):
    """A registration without its health data."""

    model_config = ConfigDict(from_attributes=True)
    reference: str
    first_name: str
    last_name: str
    phone: str | None = Field(description="E.164")
    email: str | None
    preferred_language: str = Field(description="fr, nl, en or other")
    contact_channel: str = Field(description="phone, email, sms or chat")
    situation: str = Field(description="job_seeker, worker or other")
    registered_by: str = Field(description="self, or helper: someone helping the person registered "
                                           "them (the contact may be the helper's)")
    availability: str | None
    status: str
    module: str | None = Field(description="a module of content/pathway.yml")
    created_at: datetime
    last_activity_at: datetime


class HistoryEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    from_status: str | None
    to_status: str
    module: str | None
    changed_by: str | None = Field(description="a staff account; empty: the person, in the chat")
    changed_at: datetime
    note: str | None


class RegistrationDetail(RegistrationRow):
    language: str | None = Field(description="the language of the conversation")
    consent_at: datetime
    support_needs: list[str] = Field(description="categories of content/pathway.yml")
    support_details: str | None
    accommodations: str | None
    history: list[HistoryEntry]


class RegistrationPage(BaseModel):
    total: int
    items: list[RegistrationRow]


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Status | None = None
    module: str | None = Field(None, description="a module key of content/pathway.yml")
    note: str | None = Field(None, max_length=pathway.FREE_TEXT_MAX, description="kept encrypted")


class ProgressOut(BaseModel):
    followed: int = Field(description="persons who reached in_module at least once")
    completed: int = Field(description="persons who completed a module")
    target: int
    percent: float = Field(description="followed, as a percentage of the target")
    registered: int = Field(description="registrations kept now")
    by_status: dict[str, int]


def _find(session: Session, reference: str, health: bool = False) -> PathwayRegistration:
    registration = pathway.find(session, reference, health=health)
    if registration is None:
        raise HTTPException(404, "No such registration.")
    return registration


def _unprocessable(error: pathway.PathwayError) -> HTTPException:
    """The same shape as FastAPI's validation errors: a message per field."""
    return HTTPException(422, [{"loc": ["body", name], "msg": reason, "type": "value_error"}
                               for name, reason in error.problems.items()])


@router.get("/registrations", response_model=RegistrationPage)
def list_registrations(
    q: str | None = Query(None, max_length=100, description="reference, name, e-mail or phone"),
    status: Status | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: Offset = 0,
    account: Account = Depends(officer),
    session: Session = SessionDep,
) -> RegistrationPage:
    """Registrations, newest first, without health data."""
    total, rows = pathway.search(session, q=q, status=status, limit=limit, offset=offset)
    audit.write(session, account.username, "list", RECORD, detail=f"rows={len(rows)}")
    return RegistrationPage(total=total, items=[RegistrationRow.model_validate(r) for r in rows])


@router.get("/registrations/{reference}", response_model=RegistrationDetail, responses=NOT_FOUND)
def get_registration(reference: str, response: Response, account: Account = Depends(officer),
                     session: Session = SessionDep) -> RegistrationDetail:
    """One registration with its health data and history; the read is audited."""
    registration = _find(session, reference, health=True)
    audit.write(session, account.username, "read", RECORD, registration.id)
    response.headers["Cache-Control"] = "no-store"
    return RegistrationDetail.model_validate(registration)


@router.patch("/registrations/{reference}", response_model=RegistrationRow, responses=NOT_FOUND)
def change_registration(reference: str, body: ChangeIn, account: Account = Depends(officer),
                        session: Session = SessionDep) -> RegistrationRow:
    """Move the status on (registered → contacted → in_module → module_completed, or to
    withdrawn) and/or plan the module; in_module needs a module. 422 for a step not allowed."""
    registration = _find(session, reference)
    try:
        if body.status is not None and (body.status != registration.status or body.module is None):
            pathway.set_status(session, registration, body.status, account.username, body.note, body.module)
        elif body.module is not None:
            pathway.set_module(session, registration, body.module, account.username, body.note)
        else:
            raise pathway.PathwayError({"status": "give a status or a module to change"})
    except pathway.PathwayError as error:
        raise _unprocessable(error) from None
    audit.write(session, account.username, "update", RECORD, registration.id,
                detail=f"status={registration.status} module={registration.module or '-'}")
    return RegistrationRow.model_validate(registration)


# --- export and progress ---------------------------------------------------------------------------

COLUMNS = ("reference", "first_name", "last_name", "phone", "email", "preferred_language",
           "contact_channel", "situation", "registered_by", "availability", "status", "module", "consent_at",
           "created_at", "last_activity_at")
HEALTH_COLUMNS = ("support_needs", "support_details", "accommodations")


def _cell(name: str, value: object) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(value)
    elif isinstance(value, datetime):
        value = value.isoformat()
    value = str(value)
    if name != "phone" and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value
    return value


SEPARATORS = {"comma": ",", "semicolon": ";"}


def _csv(rows: list[PathwayRegistration], columns: tuple[str, ...], separator: str = ",") -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheets read the accents of names as UTF-8
    writer = csv.writer(out, delimiter=separator)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(name, getattr(row, name)) for name in columns])
    return out.getvalue()


@router.get("/export.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "UTF-8 CSV with a header row"}})
def export(include_health: bool = Query(False, description="add support needs, details, accommodations"),
           status: Status | None = None,
           separator: Literal["comma", "semicolon"] = Query(
               "comma", description="semicolon: for spreadsheets set up for French or Dutch (Belgium)"),
           account: Account = Depends(officer), session: Session = SessionDep) -> Response:
    """Every registration (or those with ``status``) as CSV; audited, saying whether health
    data was included."""
    _total, rows = pathway.search(session, status=status, limit=None, health=include_health)
    columns = COLUMNS + (HEALTH_COLUMNS if include_health else ())
    audit.write(session, account.username, "export", RECORD,
                detail=f"rows={len(rows)} include_health={str(include_health).lower()}")
    return Response(_csv(rows, columns, SEPARATORS[separator]), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="pathway-registrations.csv"',
        "Cache-Control": "no-store"})


@router.get("/progress", response_model=ProgressOut)
def progress(session: Session = SessionDep) -> ProgressOut:
    """Persons who followed a module, towards the programme's target."""
    return ProgressOut(**pathway.progress(session))
