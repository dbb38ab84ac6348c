"""What a capability tells the rest of the assistant about a person, through one contract.

Every part of the assistant that keeps rows about a conversation describes itself with a
``Keeper``: the tables it keeps them in, what it keeps in plain words ("my data"), how
to erase it, and a short summary for a counsellor (without health data). The list of
keepers is ``core.capabilities.KEEPERS``; "my data", the counsellor's view and the
coverage test ask each of them, so none lists another's tables.
"""

from abc import ABC
from typing import ClassVar

from sqlalchemy import delete
from sqlalchemy.orm import Session

from core.models import Base


class Keeper(ABC):
    """The rows one capability keeps about a conversation, and what may be done with them."""

    name: ClassVar[str]
    # Every model holding rows of a conversation: with a conversation_id, or a child of one
    # (deleted with its parent by the database's ON DELETE CASCADE).
    tables: ClassVar[tuple[type[Base], ...]] = ()

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
