"""Reference codes people can read out and type: no 0/O, no 1/I."""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(length: int = 6, prefix: str = "") -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))


def unique_reference(session: Session, column: InstrumentedAttribute[str], prefix: str = "",
                     length: int = 6) -> str:
    """A reference not yet used in ``column`` (e.g. ``ChildcareBooking.reference``)."""
    while True:
        reference = new_reference(length, prefix)
        if session.scalar(select(column).where(column == reference)) is None:
            return reference
