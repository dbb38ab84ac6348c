"""What a capability tells the rest of the assistant about a person, through one contract.

Every part of the assistant that keeps rows about a conversation describes itself with a
``Keeper``: the tables it keeps them in, what it keeps in plain words ("my data"), how
to erase it, and a short summary for a counsellor (without health data). The list of
keepers is ``core.capabilities.KEEPERS``; "my data", the counsellor's view and the
coverage test ask each of them, so none lists another's tables.
"""

from abc import ABC
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, cast

from sqlalchemy import CursorResult, Date, delete
from sqlalchemy.orm import Session

from core.models import Base
from core.settings import get_settings


@dataclass(frozen=True)
class Expiry:
    """How long a table's rows are kept: until ``column`` (a date or a time) is older than
    the setting ``setting`` (a number of days, or of hours when its name ends in
    ``_hours``)."""

    model: type[Base]
    column: str
    setting: str


class Keeper(ABC):
    """The rows one capability keeps about a conversation, and what may be done with them."""

    name: ClassVar[str]
    # Every model holding rows of a conversation: with a conversation_id, or a child of one
    # (deleted with its parent by the database's ON DELETE CASCADE).
    tables: ClassVar[tuple[type[Base], ...]] = ()
    # How long each table's rows are kept (core/privacy/retention.py runs ``purge``).
    expiry: ClassVar[tuple[Expiry, ...]] = ()
    # Rows that outlive the conversation's own retention (a registration followed by staff):
    # a conversation holding some is not purged for being quiet.
    outlives_conversation: ClassVar[bool] = False

    def kept(self, session: Session, conversation_id: str, language: str) -> list[str]:
        """What is kept, one line per record, in plain words in ``language`` ("my data")."""
        return []

    def erase(self, session: Session, conversation_id: str) -> None:
        """Delete every row of the conversation; by default, of each table with a
        ``conversation_id`` (their children go with them)."""
        for model in self.tables:
            column = getattr(model, "conversation_id", None)
            if column is not None:
                session.execute(delete(model).where(column == conversation_id)
                                .execution_options(synchronize_session=False))

    def for_counsellor(self, session: Session, conversation_id: str, language: str) -> list[str]:
        """A few lines a counsellor taking over should know, in ``language``; never health data."""
        return []

    def purge(self, session: Session, now: datetime) -> int:
        """Delete the rows kept longer than their ``expiry``; how many."""
        settings, removed = get_settings(), 0
        for rule in self.expiry:
            model = rule.model
            amount = getattr(settings, rule.setting)
            column = getattr(model, rule.column)
            cutoff: Any = now - (timedelta(hours=amount) if rule.setting.endswith("_hours")
                                 else timedelta(days=amount))
            if isinstance(column.type, Date):
                cutoff = cutoff.date()
            result = session.execute(delete(model).where(column < cutoff).execution_options(synchronize_session=False))
            removed += cast(CursorResult[Any], result).rowcount
        return removed
