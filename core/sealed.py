"""Health data stays out of Rasa's tracker and the plain transcript.

While a person answers a sealed questionnaire (the pathway's), what they type is health
data. The
gateway keeps it here, encrypted, and hands Rasa only the mark ``/sealed``; the form's
validation action takes the real answer back from here. The questionnaire's messages
that repeat answers go the other way: the action keeps them here and sends Rasa only a
mark, which the gateway swaps for the text before the person sees it. The transcript
keeps a placeholder instead of either. Each sealed text is deleted as soon as it is read.
"""

import re
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import FlowState, SealedText, utcnow

MARK = "/sealed"
_OUT = re.compile(r"\[\[sealed:(\d+)\]\]")
# a questionnaire left without an end (Rasa restarted, the person went away) stops
# sealing after Rasa's session expiry
FRESH = timedelta(minutes=60)


def active(session: Session, conversation_id: str) -> bool:
    """Is the person in the middle of a questionnaire whose answers are health data?"""
    updated = session.scalar(select(FlowState.updated_at).where(
        FlowState.conversation_id == conversation_id, FlowState.sealed_state.is_not(None)))
    if updated is None:
        return False
    if updated.tzinfo is None:  # SQLite returns naive datetimes
        updated = updated.replace(tzinfo=utcnow().tzinfo)
    return utcnow() - updated < FRESH


def seal_in(session: Session, conversation_id: str, text: str) -> str:
    """Keep what the person wrote; returns what Rasa gets instead."""
    session.add(SealedText(conversation_id=conversation_id, direction="in", body=text))
    return MARK


def open_in(session: Session, conversation_id: str, text: str) -> str:
    """What the person wrote, if ``text`` is the mark (and forget it); else ``text``."""
    if text.strip() != MARK:
        return text
    rows = list(session.scalars(select(SealedText).where(
        SealedText.conversation_id == conversation_id, SealedText.direction == "in")
        .order_by(SealedText.id)))
    for row in rows:  # the newest is the answer; older ones were never answered (Rasa down)
        session.delete(row)
    return (rows[-1].body or "") if rows else ""


def seal_out(session: Session, conversation_id: str, text: str) -> str:
    """Keep a message that repeats answers; returns the mark Rasa sends on."""
    row = SealedText(conversation_id=conversation_id, direction="out", body=text)
    session.add(row)
    session.flush()
    return f"[[sealed:{row.id}]]"


def is_sealed(text: str) -> bool:
    return bool(_OUT.search(text or ""))


def open_out(session: Session, conversation_id: str, text: str) -> str:
    """``text`` with each mark swapped for the message it stands for (then forgotten)."""
    def swap(match: re.Match[str]) -> str:
        row = session.get(SealedText, int(match.group(1)))
        if row is None or row.conversation_id != conversation_id or row.direction != "out":
            return ""
        session.delete(row)
        return row.body or ""

    return _OUT.sub(swap, text or "")
