"""What the assistant keeps to talk with people on push channels (Telegram, WhatsApp).

- models.py: deliveries seen (to handle each once), the short keys of the buttons sent,
  what became of each message sent (sent, delivered, read, failed);
- records.py: those rules, for the channel adapters in ``bot/``;
- keeper.py: what it keeps about a person, shown in "my data" and erased with the rest.
"""

from core.channels.keeper import ChannelKeeper

__all__ = ["ChannelKeeper"]
