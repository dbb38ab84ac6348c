"""What the push channels keep about a person: technical records, no text."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.channels.models import ButtonKey, ChannelEvent, Delivery
from core.i18n import N_, Texts
from core.registry import Expiry, Keeper

TEXTS = Texts({
    "see_channel_records": N_("Technical records of this chat ({count}): message numbers, button keys and whether "
                              "messages were delivered. No text."),
})


class ChannelKeeper(Keeper):
    name = "channels"
    tables = (ChannelEvent, ButtonKey, Delivery)
    expiry = (Expiry(ChannelEvent, "received_at", "retention_channel_days"),
              Expiry(ButtonKey, "created_at", "retention_channel_days"),
              Expiry(Delivery, "updated_at", "retention_channel_days"))

    def kept(self, session: Session, conversation_id: str, language: str) -> list[str]:
        count = sum(session.scalar(select(func.count()).select_from(model)
                                   .where(model.conversation_id == conversation_id)) or 0
                    for model in (ChannelEvent, ButtonKey, Delivery))
        return [TEXTS(language, "see_channel_records", count=count)] if count else []
