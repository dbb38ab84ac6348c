"""Registrations for the pathway: validating and storing them, their status, the
programme's progress, and how long the data is kept.

A registration is stored in one flush after the person's consent, or not at all. What the
person says about their health is encrypted at rest (core/crypto.py). Staff reads are
written to the audit log by the API (core/audit.py). Nothing here logs personal data.
"""

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    delete,
    distinct,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, undefer_group

from core import audit, crypto
from core.contacts import validate_email, validate_phone
from core.db import upsert_insert
from core.figures import week_of
from core.i18n import LANGUAGES, fold
from core.models import Message, utcnow
from core.pathway.content import SUPPORT_NEEDS, pathway_content
from core.pathway.models import PathwayRegistration, PathwayStatusChange, PathwayTally, PathwayWeekTally
from core.references import unique_reference

log = logging.getLogger(__name__)

STATUSES = ("registered", "contacted", "in_module", "module_completed", "withdrawn")
NEXT_STATUS = {"registered": "contacted", "contacted": "in_module", "in_module": "module_completed"}
MILESTONES = ("in_module", "module_completed")  # counted towards the target, even once deleted
PREFERRED_LANGUAGES = ("fr", "nl", "en", "other")
CONTACT_CHANNELS = ("phone", "sms", "email", "chat")
SITUATIONS = ("job_seeker", "worker", "other")
REGISTERED_BY = ("self", "helper")  # the person, or someone helping them
NAME_MAX = 60
FREE_TEXT_MAX = 1000  # support details, accommodations, availability, notes
RECORD_TYPE = "pathway_registration"  # in the audit log


class PathwayError(ValueError):
    """Answers or a change that cannot be accepted: the problem per field, never the value."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in problems.items()))


# --- registering ------------------------------------------------------------------------------------


def _text(answers: dict[str, Any], name: str, limit: int, problems: dict[str, Any], required: bool = False,
          one_line: bool = False) -> str | None:
    value = answers.get(name)
    if value is not None and not isinstance(value, str):
        problems[name] = "must be a text"
        return None
    value = (" ".join(value.split()) if one_line else value.strip()) if value else ""
    if not value:
        if required:
            problems[name] = "missing"
        return None
    if len(value) > limit:
        problems[name] = f"longer than {limit} characters"
    return value


def _choice(answers: dict[str, Any], name: str, allowed: tuple[str, ...], problems: dict[str, Any],
            default: str | None = None) -> str | None:
    value = answers.get(name) or default
    if value not in allowed:
        problems[name] = "missing" if value is None else f"must be one of {', '.join(allowed)}"
    return value


def _needs(answers: dict[str, Any], problems: dict[str, Any]) -> list[str]:
    value = answers.get("support_needs") or []
    if not isinstance(value, (list, tuple)) or any(n not in SUPPORT_NEEDS for n in value):
        problems["support_needs"] = f"must be a list of {', '.join(SUPPORT_NEEDS)}"
        return []
    return [n for n in SUPPORT_NEEDS if n in value]  # each once, in a stable order


def _consent(answers: dict[str, Any], problems: dict[str, Any]) -> datetime | None:
    value = answers.get("consent_at")
    if not isinstance(value, datetime):
        problems["consent_at"] = "consent is required: the time the person agreed"
        return None
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    if value > utcnow() + timedelta(minutes=5):
        problems["consent_at"] = "is in the future"
    return value


def _contact(answers: dict[str, Any], channel: str | None, problems: dict[str, Any]) -> tuple[str | None, str | None]:
    phone, email = answers.get("phone"), answers.get("email")
    phone_ok, email_ok = validate_phone(phone), validate_email(email)
    if phone and not phone_ok:
        problems["phone"] = "not a valid phone number"
    if email and not email_ok:
        problems["email"] = "not a valid e-mail address"
    if not phone and not email:
        problems["contact"] = "a phone number or an e-mail address is needed"
    elif channel in ("phone", "sms") and not phone:
        problems["contact_channel"] = f"{channel} needs a phone number"
    elif channel == "email" and not email:
        problems["contact_channel"] = "email needs an e-mail address"
    return phone_ok, email_ok


def validate_answers(answers: dict[str, Any], language: str | None) -> dict[str, Any]:
    """The answers of the questionnaire as column values; PathwayError names every problem.

    Keys: first_name, last_name (required); phone, email (at least one); preferred_language
    (fr, nl, en, other; default: ``language``); contact_channel (phone, email, sms, chat);
    situation (job_seeker, worker, other); registered_by (self, helper: someone helping
    the person; default self); support_needs (a list of content/pathway.yml's
    needs, may be empty); support_details, accommodations, availability (free texts, may be
    None); consent_at (a datetime: when the person agreed; required).
    """
    problems: dict[str, str] = {}
    channel = _choice(answers, "contact_channel", CONTACT_CHANNELS, problems)
    values = {
        "first_name": _text(answers, "first_name", NAME_MAX, problems, required=True, one_line=True),
        "last_name": _text(answers, "last_name", NAME_MAX, problems, required=True, one_line=True),
        "preferred_language": _choice(answers, "preferred_language", PREFERRED_LANGUAGES, problems,
                                      default=language if language in LANGUAGES else None),
        "contact_channel": channel,
        "situation": _choice(answers, "situation", SITUATIONS, problems),
        "registered_by": _choice(answers, "registered_by", REGISTERED_BY, problems, default="self"),
        "support_needs": _needs(answers, problems),
        "support_details": _text(answers, "support_details", FREE_TEXT_MAX, problems),
        "accommodations": _text(answers, "accommodations", FREE_TEXT_MAX, problems),
        "availability": _text(answers, "availability", FREE_TEXT_MAX, problems),
        "consent_at": _consent(answers, problems),
    }
    values["phone"], values["email"] = _contact(answers, channel, problems)
    if problems:
        raise PathwayError(problems)
    values["search_name"] = fold(f"{values['first_name']} {values['last_name']}")[:121]
    return values


def register(session: Session, conversation_id: str, answers: dict[str, Any],
             language: str | None) -> PathwayRegistration:
    """Store a registration and the first step of its history in one flush, or nothing:
    PathwayError for answers that cannot be accepted (see validate_answers), CryptoError
    when no key is configured. The caller commits."""
    values = validate_answers(answers, language)
    crypto.require_keys()  # before anything is added to the session
    now = utcnow()
    registration = PathwayRegistration(
        reference=unique_reference(session, PathwayRegistration.reference, prefix="P"), conversation_id=conversation_id,
        language=language if language in LANGUAGES else None, status="registered",
        created_at=now, updated_at=now, last_activity_at=now, **values)
    registration.history = [PathwayStatusChange(from_status=None, to_status="registered", changed_at=now)]
    session.add(registration)
    session.flush()
    return registration


# --- status and module ------------------------------------------------------------------------------


def allowed_statuses(status: str) -> list[str]:
    """Where a registration in ``status`` can go next."""
    if status == "withdrawn":
        return []
    return ([NEXT_STATUS[status]] if status in NEXT_STATUS else []) + ["withdrawn"]


def _module(key: str) -> str:
    modules = pathway_content().modules
    if key not in modules:
        raise PathwayError({"module": f"unknown module; one of {', '.join(modules)}"})
    return key


def _note(note: str | None) -> str | None:
    problems: dict[str, str] = {}
    note = _text({"note": note}, "note", FREE_TEXT_MAX, problems)
    if problems:
        raise PathwayError(problems)
    return note


def _record(registration: PathwayRegistration, to_status: str, by: str | None, note: str | None,
            module: str | None) -> PathwayStatusChange:
    now = utcnow()
    if module:
        registration.module = module
    change = PathwayStatusChange(from_status=registration.status, to_status=to_status,
                                 module=registration.module, changed_by=by, note=note, changed_at=now)
    registration.history.append(change)
    registration.status = to_status
    registration.updated_at = registration.last_activity_at = now
    return change


def set_status(session: Session, registration: PathwayRegistration, new_status: str, by: str | None,
               note: str | None = None, module: str | None = None) -> PathwayStatusChange:
    """Move a registration on (registered → contacted → in_module → module_completed, or from
    any of them to withdrawn) and record the step. "in_module" needs a module: ``module``, or
    the one planned already. PathwayError for a step that is not allowed."""
    allowed = allowed_statuses(registration.status)
    if new_status not in allowed:
        reason = (f"is already {new_status}" if new_status == registration.status
                  else f"cannot go from {registration.status} to {new_status}")
        raise PathwayError({"status": f"{reason}; allowed: {', '.join(allowed) or 'none'}"})
    module = _module(module) if module else None
    if new_status == "in_module" and not (module or registration.module):
        raise PathwayError({"module": "a module is needed to start one"})
    change = _record(registration, new_status, by, _note(note), module)
    session.flush()
    return change


def set_module(session: Session, registration: PathwayRegistration, module: str, by: str | None,
               note: str | None = None) -> PathwayStatusChange:
    """Plan or change the module without changing the status (recorded in the history)."""
    if registration.status in ("module_completed", "withdrawn"):
        raise PathwayError({"module": f"cannot be changed once {registration.status}"})
    change = _record(registration, registration.status, by, _note(note), _module(module))
    session.flush()
    return change


# --- reading -------------------------------------------------------------------------------------------


def find(session: Session, reference: str, health: bool = False) -> PathwayRegistration | None:
    """A registration by its reference; ``health`` loads (decrypts) the health fields at once."""
    query = select(PathwayRegistration).where(PathwayRegistration.reference == reference.strip().upper())
    if health:
        query = query.options(undefer_group("health"))
    return session.scalar(query)


def _matching(q: str) -> ColumnElement[bool]:
    """Reference, either name (accents and case ignored), e-mail or phone number."""
    conditions = [PathwayRegistration.reference == q.upper(),
                  PathwayRegistration.search_name.contains(fold(" ".join(q.split())), autoescape=True),
                  func.lower(PathwayRegistration.email).contains(q.lower(), autoescape=True)]
    phone = validate_phone(q)
    if phone:
        conditions.append(PathwayRegistration.phone == phone)
    return or_(*conditions)


def search(session: Session, q: str | None = None, status: str | None = None, limit: int | None = 50,
           offset: int = 0, health: bool = False) -> tuple[int, list[PathwayRegistration]]:
    """(total, registrations) newest first; ``health`` loads the health fields too (exports)."""
    query = select(PathwayRegistration)
    if status:
        query = query.where(PathwayRegistration.status == status)
    if q and q.strip():
        query = query.where(_matching(q.strip()))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    query = query.order_by(PathwayRegistration.created_at.desc(), PathwayRegistration.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    if health:
        query = query.options(undefer_group("health"))
    return total or 0, list(session.scalars(query))


def to_summary(registration: PathwayRegistration, language: str) -> dict[str, Any]:
    """What was registered, as a plain dict: choices as keys (the chat words them), support
    needs and the module also with their labels in ``language`` (from content/pathway.yml).
    Works for a registration not stored yet: PathwayRegistration(**validate_answers(...))."""
    data = pathway_content()
    needs = list(registration.support_needs or [])
    module = data.modules.get(registration.module) if registration.module else None
    return {
        "reference": registration.reference, "status": registration.status,
        "first_name": registration.first_name, "last_name": registration.last_name,
        "phone": registration.phone, "email": registration.email,
        "preferred_language": registration.preferred_language,
        "contact_channel": registration.contact_channel, "situation": registration.situation,
        "registered_by": registration.registered_by or "self",
        "support_needs": needs,
        "support_need_labels": [data.needs[n].get(language) if n in data.needs else n for n in needs],
        "support_details": registration.support_details, "accommodations": registration.accommodations,
        "availability": registration.availability,
        "module": registration.module, "module_title": module.title.get(language) if module else None,
        "registered_on": registration.created_at.date().isoformat() if registration.created_at else None,
    }


def progress(session: Session) -> dict[str, Any]:
    """Towards the target: persons who followed a module (reached in_module at least once,
    whatever came after, their registration since deleted or not), who completed one, and
    the registrations per status now."""
    def reached(status: str) -> int:
        kept = session.scalar(select(func.count(distinct(PathwayStatusChange.registration_id)))
                              .where(PathwayStatusChange.to_status == status))
        tally = session.scalar(select(PathwayTally.count).where(PathwayTally.milestone == status))
        return (kept or 0) + (tally or 0)

    target = pathway_content().target
    followed = reached("in_module")
    counts = dict(session.execute(select(PathwayRegistration.status, func.count())
                                  .group_by(PathwayRegistration.status)).all())
    return {"followed": followed, "completed": reached("module_completed"), "target": target,
            "percent": round(100 * followed / target, 1), "registered": sum(counts.values()),
            "by_status": {s: counts.get(s, 0) for s in STATUSES}}


# --- when milestones were reached ----------------------------------------------------------------------


def first_reached(milestones: tuple[str, ...] = MILESTONES) -> Select[str, str, datetime]:
    """(registration_id, milestone, first): when each registration first reached each of
    ``milestones`` (its history's first step to it; a change of module records the status
    again). Filter it on ``registration_id`` or ``milestone`` before use as a subquery."""
    return (select(PathwayStatusChange.registration_id, PathwayStatusChange.to_status.label("milestone"),
                   func.min(PathwayStatusChange.changed_at).label("first"))
            .where(PathwayStatusChange.to_status.in_(milestones))
            .group_by(PathwayStatusChange.registration_id, PathwayStatusChange.to_status))


# --- retention -----------------------------------------------------------------------------------------


def _add_to_tally(session: Session, model: type[PathwayTally] | type[PathwayWeekTally],
                  rows: list[dict[str, Any]]) -> None:
    """Add each row's count to its tally, the row created when missing, in one statement
    (two erasures at once both count)."""
    if not rows:
        return
    statement = upsert_insert(session)(model).values(rows)
    session.execute(statement.on_conflict_do_update(
        index_elements=[column.name for column in model.__table__.primary_key],
        set_={"count": model.__table__.c.count + statement.excluded["count"]}))


def count_before_deleting(session: Session, registrations: Select[tuple[str]] | Select[str]) -> None:
    """Add the registrations about to be deleted (``registrations``: a select of their
    ids) that reached a milestone (in_module, module_completed) to the anonymous tallies:
    the totals of progress() and, per week in which each first reached it, the progress
    over time (core/pathway/figures.py)."""
    first = first_reached().where(PathwayStatusChange.registration_id.in_(registrations)).subquery()
    week = week_of(first.c.first)
    weeks = session.execute(select(first.c.milestone, week, func.count())
                            .group_by(first.c.milestone, week)).tuples().all()
    totals: dict[str, int] = {}
    for milestone, _, count in weeks:
        totals[milestone] = totals.get(milestone, 0) + count
    _add_to_tally(session, PathwayTally, [{"milestone": m, "count": n} for m, n in sorted(totals.items())])
    _add_to_tally(session, PathwayWeekTally, [{"milestone": m, "week": w, "count": n} for m, w, n in sorted(weeks)])
    session.flush()


def purge_inactive(session: Session, today: date, retention_days: int) -> int:
    """Delete the registrations (and their history) without activity for more than
    ``retention_days`` days before ``today``; how many. Audited, without personal data."""
    cutoff = datetime.combine(today - timedelta(days=retention_days), time.min, tzinfo=UTC)
    old = select(PathwayRegistration.id).where(PathwayRegistration.last_activity_at < cutoff)
    count_before_deleting(session, old)
    # what the transcript says of them (the confirmation with the reference, the person's name)
    for conversation_id, reference in session.execute(select(
            PathwayRegistration.conversation_id, PathwayRegistration.reference).where(
            PathwayRegistration.last_activity_at < cutoff)).tuples():
        session.execute(delete(Message).where(Message.conversation_id == conversation_id,
                                              Message.text.contains(reference, autoescape=True)),
                        execution_options={"synchronize_session": False})
    session.execute(delete(PathwayStatusChange).where(PathwayStatusChange.registration_id.in_(old)),
                    execution_options={"synchronize_session": False})
    result = session.execute(delete(PathwayRegistration).where(PathwayRegistration.last_activity_at < cutoff),
                             execution_options={"synchronize_session": "fetch"})
    removed: int = cast(CursorResult[Any], result).rowcount
    audit.write(session, audit.SYSTEM, "purge", RECORD_TYPE,
                detail=f"removed={removed} retention_days={retention_days}")
    log.info("Purged %d pathway registrations", removed)
    return removed
