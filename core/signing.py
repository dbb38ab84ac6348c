"""The gateway vouches for each message it sends to Rasa; the action server checks it.

Rasa's REST webhook acts for whatever ``sender`` it is given, and the actions take that
sender as the person. Whoever reaches Rasa's port could otherwise act for anyone: list
or cancel their bookings, erase their data. So the gateway adds to each message's
metadata a signature of the conversation, the channel and the time, made with
ACTION_KEY, which only the app and the action server hold (never Rasa); an action that
reads or changes a person's data runs only for a message so signed, recently.
"""

import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Any

from core.settings import get_settings

# How long after the gateway sent it a message still starts actions (a questionnaire's
# form runs several in a row, all within Rasa's answer to that message).
VALID_SECONDS = 300


def _key() -> bytes | None:
    key = get_settings().action_key
    return key.get_secret_value().encode() if key else None


def _mac(key: bytes, conversation_id: str, channel: str, at: int) -> str:
    return hmac.new(key, f"{conversation_id}\n{channel}\n{at}".encode(), hashlib.sha256).hexdigest()


def required() -> bool:
    """Whether messages are signed and checked (ACTION_KEY set)."""
    return _key() is not None


def sign(conversation_id: str, channel: str, now: float | None = None) -> dict[str, Any]:
    """What the gateway adds to a message's metadata (nothing without ACTION_KEY)."""
    key = _key()
    if key is None:
        return {}
    at = int(now if now is not None else time.time())
    return {"at": at, "signature": _mac(key, conversation_id, channel, at)}


def verify(metadata: Mapping[str, Any] | None, conversation_id: str, now: float | None = None) -> bool:
    """Whether the message whose metadata this is came from the gateway, for this
    conversation, recently. True without ACTION_KEY (signing off: development only)."""
    key = _key()
    if key is None:
        return True
    metadata = metadata or {}
    at, signature, channel = metadata.get("at"), metadata.get("signature"), metadata.get("channel")
    if not isinstance(at, int) or not isinstance(signature, str) or not isinstance(channel, str):
        return False
    age = (now if now is not None else time.time()) - at
    if not -30 <= age <= VALID_SECONDS:
        return False
    return hmac.compare_digest(signature, _mac(key, conversation_id, channel, at))
