"""What the skills dashboard counts of the training suggestions, in SQL: the modules most
suggested and most opened over a period.

It counts the training events (core/training/models.py ``TrainingEvent``): one each time
a module is shown to someone among the suggestions of a search, one each time someone
opens its details. They say nothing of who, so a person's erasure leaves them. Modules
stay keys (retired ones too): the console names them from the catalogue.
"""

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core.figures import Period, Table
from core.training.catalogue import OPENED, SUGGESTED
from core.training.models import TrainingEvent


def top_trainings(session: Session, period: Period, limit: int = 10) -> Table:
    """The modules most suggested in the period, with how many times each was suggested
    and opened; modules opened but not suggested in the period come after, by the same
    order. Ordered by suggestions, then openings (both most first), then key; at most
    ``limit`` rows."""
    suggested = func.count(case((TrainingEvent.kind == SUGGESTED, 1))).label("suggested")
    opened = func.count(case((TrainingEvent.kind == OPENED, 1))).label("opened")
    rows = session.execute(
        select(TrainingEvent.module_key, suggested, opened)
        .where(TrainingEvent.at >= period.since, TrainingEvent.at < period.until,
               TrainingEvent.kind.in_((SUGGESTED, OPENED)))
        .group_by(TrainingEvent.module_key)
        .order_by(suggested.desc(), opened.desc(), TrainingEvent.module_key)
        .limit(limit))
    return Table("training.top", ("module", "suggested", "opened"),
                 [(key, int(times_suggested), int(times_opened)) for key, times_suggested, times_opened in rows])
