"""A person's request for a counsellor, from the queue to its end."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base, utcnow


class Handover(Base):
    """bot → queued → human → closed (→ bot). ``kind`` chat: the person waits in the chat;
    message or callback: left outside opening hours (or when nobody answered), for a
    counsellor to read or to call back."""

    __tablename__ = "handovers"
    __table_args__ = (Index("ix_handovers_status", "status", "requested_at"),
                      Index("ix_handovers_conversation", "conversation_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    office: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16), default="chat")  # chat | message | callback
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | human | closed
    # The last thing the assistant could not answer, or what the person wrote when asking.
    reason: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(Text)  # a message left for a counsellor
    contact: Mapped[str | None] = mapped_column(String(64))  # the number to call back
    language: Mapped[str] = mapped_column(String(2))
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column()
    # When the counsellor's console last showed the conversation (a closed browser lets go).
    seen_at: Mapped[datetime | None] = mapped_column()
    # When the person was told that nobody is free (once).
    told_no_answer_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    closed_by: Mapped[str | None] = mapped_column(String(16))  # person | counsellor | timeout
    note: Mapped[str | None] = mapped_column(Text)  # the counsellor's closing note
