"""What the pathway's dashboard shows: progress towards the target over time, the
registrations by situation and status, and the anonymous tallies of deleted registrations.

Counted in SQL from the registrations' own columns and their history's statuses and
moments only: what a person said of their health (and the officers' notes) is never read.
A person who followed a module still counts once their registration is deleted (erased or
purged), from the week in which they first started it (``PathwayWeekTally``); deletions
from before weeks were kept count from the first week shown.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core.figures import Period, Table, week_of
from core.pathway.content import pathway_content
from core.pathway.models import PathwayRegistration, PathwayTally, PathwayWeekTally
from core.pathway.registrations import MILESTONES, SITUATIONS, STATUSES, first_reached


def _running_totals(per_week: Iterable[tuple[date, int]], weeks: list[date]) -> list[int]:
    """The total at the end of each of ``weeks`` (Mondays, in order) of counts per week,
    the weeks before the first included."""
    counts: dict[date, int] = {}
    for week, count in per_week:
        counts[week] = counts.get(week, 0) + count
    total = sum(count for week, count in counts.items() if week < weeks[0])
    totals = []
    for week in weeks:
        total += counts.get(week, 0)
        totals.append(total)
    return totals


def progress(session: Session, period: Period) -> Table:
    """Per week of the period (its Monday), at the end of that week, since the beginning:
    the registrations made (those kept), the persons who followed a module (who first
    started one by then: kept registrations by their history, deleted ones by the week
    counted for them, deletions from before weeks were kept in every week) and the
    programme's target. Ordered by week."""
    weeks = period.weeks()
    after = datetime.combine(weeks[-1] + timedelta(weeks=1), time(), UTC)  # the end of the last week

    created = week_of(PathwayRegistration.created_at)
    registered = session.execute(select(created, func.count()).where(PathwayRegistration.created_at < after)
                                 .group_by(created)).tuples().all()

    first = first_reached(("in_module",)).subquery()
    started = week_of(first.c.first)
    followed = session.execute(select(started, func.count()).where(first.c.first < after)
                               .group_by(started)).tuples().all()

    deleted = session.execute(select(PathwayWeekTally.week, PathwayWeekTally.count)
                             .where(PathwayWeekTally.milestone == "in_module")).tuples().all()
    total = session.scalar(select(PathwayTally.count).where(PathwayTally.milestone == "in_module")) or 0
    without_week = max(0, total - sum(count for _, count in deleted))

    target = pathway_content().target
    rows = zip(weeks, _running_totals(registered, weeks),
               _running_totals([*followed, *deleted, (weeks[0], without_week)], weeks), strict=True)
    return Table("pathway.progress", ("week", "registrations", "followed", "target"),
                 [(week, registrations, persons, target) for week, registrations, persons in rows])


def by_situation(session: Session, period: Period) -> Table:
    """The registrations made in the period per situation and status now. Ordered by
    situation (job_seeker, worker, other), then status (registered, contacted, in_module,
    module_completed, withdrawn); only the pairs that have some."""
    situation, status = PathwayRegistration.situation, PathwayRegistration.status
    query = (select(situation, status, func.count())
             .where(PathwayRegistration.created_at >= period.since, PathwayRegistration.created_at < period.until)
             .group_by(situation, status)
             .order_by(case({key: i for i, key in enumerate(SITUATIONS)}, value=situation, else_=len(SITUATIONS)),
                       situation,
                       case({key: i for i, key in enumerate(STATUSES)}, value=status, else_=len(STATUSES)),
                       status))
    return Table("pathway.situations", ("situation", "status", "registrations"),
                 [tuple(row) for row in session.execute(query)])


def erased(session: Session) -> Table:
    """How many deleted registrations (erased by the person or purged) had reached each
    milestone, since the beginning: in_module, then module_completed, 0 when none."""
    counts = dict(session.execute(select(PathwayTally.milestone, PathwayTally.count)).tuples().all())
    return Table("pathway.erased", ("milestone", "persons"), [(m, counts.get(m, 0)) for m in MILESTONES])

