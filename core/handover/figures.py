"""What the handover dashboard counts, in SQL: how long people waited for a counsellor,
how their requests ended, and the requests per week.

A handover counts in the period when it was requested in it (UTC). Its wait runs from
``requested_at`` to ``accepted_at``; a handover taken back to the queue (its counsellor's
console gone) waits again from its request. Keys stay keys (a wait band, a kind, an
outcome): the console names them. Handovers are counted while the database keeps them
(``retention_handover_days``; an erasure takes a person's away).
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from core.figures import Period, Table, seconds_between, week_of
from core.handover.models import Handover

# The wait bands, in order: (key, waits shorter than this many minutes), then never accepted.
WAITS = (("under_5", 5), ("5_to_15", 15), ("15_to_60", 60), ("over_60", None))
NOT_ACCEPTED = "not_accepted"
KINDS = ("chat", "message", "callback")
OUTCOMES = ("waiting", "with_counsellor", "closed_by_counsellor", "closed_by_person", "timed_out")


def _in(period: Period) -> ColumnElement[bool]:
    return and_(Handover.requested_at >= period.since, Handover.requested_at < period.until)


def _wait_seconds() -> ColumnElement[float]:
    return seconds_between(Handover.accepted_at, Handover.requested_at)


def handover_waits(session: Session, period: Period) -> Table:
    """Handovers requested in the period by how long they waited for a counsellor: under 5
    minutes, 5 to 15 (5 included, 15 not), 15 to 60, over 60 (60 included), and never
    accepted. The five rows always, in that order."""
    wait = _wait_seconds()
    bands: list[tuple[ColumnElement[bool], str]] = [(Handover.accepted_at.is_(None), NOT_ACCEPTED)]
    bands += [(wait < minutes * 60, key) for key, minutes in WAITS if minutes is not None]
    band = case(*bands, else_=WAITS[-1][0])
    counted: dict[str, int] = dict(session.execute(select(band, func.count()).where(_in(period)).group_by(band))
                                   .tuples().all())
    keys = [key for key, _ in WAITS] + [NOT_ACCEPTED]
    return Table("handover.waits", ("wait", "handovers"), [(key, int(counted.get(key, 0))) for key in keys])


def handover_outcomes(session: Session, period: Period) -> Table:
    """Handovers requested in the period per kind (chat, message, callback) and where they
    are: still waiting (queued), with a counsellor, closed by the counsellor, by the person,
    or after a timeout. Only kinds and outcomes with handovers; by kind in that order (an
    unknown kind last), then outcome in that order."""
    outcome = case(
        (Handover.status == "queued", OUTCOMES[0]),
        (Handover.status == "human", OUTCOMES[1]),
        (and_(Handover.status == "closed", Handover.closed_by == "counsellor"), OUTCOMES[2]),
        (and_(Handover.status == "closed", Handover.closed_by == "person"), OUTCOMES[3]),
        (and_(Handover.status == "closed", Handover.closed_by == "timeout"), OUTCOMES[4]),
    )
    outcome_order = case(*[(outcome == key, number) for number, key in enumerate(OUTCOMES)], else_=len(OUTCOMES))
    kind_order = case(*[(Handover.kind == key, number) for number, key in enumerate(KINDS)], else_=len(KINDS))
    rows = session.execute(
        select(Handover.kind, outcome, func.count())
        .where(_in(period), outcome.is_not(None))
        .group_by(Handover.kind, outcome)
        .order_by(kind_order, Handover.kind, outcome_order))
    return Table("handover.outcomes", ("kind", "outcome", "handovers"),
                 [(kind, key, int(count)) for kind, key, count in rows])


def _minutes(seconds: Any, accepted: int) -> float | None:
    """The mean of ``accepted`` waits adding up to ``seconds``, in minutes to one decimal
    (half up)."""
    if not accepted or seconds is None:
        return None
    mean = Decimal(str(seconds)) / Decimal(accepted) / Decimal(60)
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def handovers_per_week(session: Session, period: Period) -> Table:
    """Per UTC week (Monday) of the request: the handovers requested in the period, how
    many a counsellor accepted, and the mean wait of those in minutes (one decimal; None
    when none was accepted). Only weeks with requests; by week."""
    week = week_of(Handover.requested_at)
    accepted = Handover.accepted_at.is_not(None)
    rows = session.execute(
        select(week, func.count(), func.sum(case((accepted, 1), else_=0)),
               func.sum(case((accepted, _wait_seconds()))))
        .where(_in(period))
        .group_by(week)
        .order_by(week))
    return Table("handover.weeks", ("week", "requests", "accepted", "average_wait_minutes"),
                 [(monday, int(requests), int(taken or 0), _minutes(seconds, int(taken or 0)))
                  for monday, requests, taken, seconds in rows])
