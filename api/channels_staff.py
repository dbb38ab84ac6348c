"""What staff see of the push channels: messages that did not reach people.

GET /api/channels/failures (roles counsellor and admin): the messages a channel reported
as not delivered (with its reason), and the notifications that could not be sent after
their retries. Which conversation and why, never the text: the transcript has it.
"""

from datetime import datetime

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.auth import SessionDep, require_role
from api.errors import STAFF_RESPONSES
from core import notify
from core.channels import records
from core.conversations import pseudonym

router = APIRouter(prefix="/api/channels", tags=["channels"],
                   dependencies=[Depends(require_role("counsellor", "admin"))], responses=STAFF_RESPONSES)


class FailedDelivery(BaseModel):
    channel: str
    person: str = Field(description="the same for every failure of one conversation")
    message_id: str
    reason: str | None
    at: datetime


class FailedNotification(BaseModel):
    channel: str
    person: str = Field(description="the same for every failure of one conversation")
    attempts: int
    reason: str | None
    created_at: datetime
    failed_at: datetime


class Failures(BaseModel):
    deliveries: list[FailedDelivery]
    notifications: list[FailedNotification]


@router.get("/failures", response_model=Failures)
def failures(limit: int = Query(200, ge=1, le=1000), session: Session = SessionDep) -> Failures:
    return Failures(
        deliveries=[FailedDelivery(channel=d.channel, person=pseudonym(d.conversation_id), message_id=d.message_id,
                                   reason=d.reason, at=d.updated_at) for d, _c in records.failed(session, limit)],
        notifications=[FailedNotification(channel=c.channel, person=pseudonym(c.id), attempts=n.attempts,
                                          reason=n.failure, created_at=n.created_at, failed_at=n.failed_at)
                       for n, c in notify.failed(session, limit) if n.failed_at is not None],
    )
