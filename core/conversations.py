"""Conversations and their transcript; the rule that decides a conversation's language.

A conversation is one person on one channel. Its own rows (the transcript, messages
waiting to be delivered, sealed texts in transit, the messages the assistant did not
understand, kept for its maintainers) are erased with everything else the person
erases; the conversation itself stays, an empty shell, since its id is the channel
identity and the person can go on.
"""

import hashlib
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.i18n import LANGUAGES, N_, Texts, detect_language, greeting_language, has_language_signal, long_date
from core.models import Conversation, Message, Notification, SealedText, UnrecognisedMessage, utcnow
from core.registry import Expiry, Keeper

TEXTS = Texts({
    "see_conversation": N_("This conversation, since {date}: {count} messages."),
    "see_not_understood": N_("{count} of your messages the assistant did not understand, kept to improve it."),
    "counsellor_conversation": N_("Writes on {channel} since {date}; {count} messages."),
})


def decide_language(
    *, current: str | None, chosen: bool, hint: str | None, text: str, default: str
) -> str:
    """The language to answer this message in.

    1. a language the person chose explicitly stays until they choose another;
    2. otherwise the language of a greeting ("Hi", "Hallo", "Bonsoir"), or the language
       this message is clearly written in (one word is enough only for a conversation's
       first language: "Molenbeek" or "Excel" in the middle of a French conversation is no
       reason to switch; random letters, numbers and emoji say nothing);
    3. otherwise the language already used in the conversation
       (a short or ambiguous message keeps it);
    4. otherwise the channel's hint (browser or Telegram language);
    5. otherwise the default.
    """
    if chosen and current in LANGUAGES:
        return current
    detected = greeting_language(text) or (
        detect_language(text, single_word=current not in LANGUAGES) if has_language_signal(text) else None)
    if detected:
        return detected
    return spoken_language(current, hint) or (default if default in LANGUAGES else "fr")


def spoken_language(current: str | None, hint: str | None) -> str | None:
    """The language a conversation speaks before its next message: steps 3 and 4 above."""
    return next((c for c in (current, hint) if c in LANGUAGES), None)


def find(session: Session, channel: str, external_id: str) -> Conversation | None:
    return session.scalar(
        select(Conversation).where(
            Conversation.channel == channel, Conversation.external_id == external_id
        )
    )


def create(
    session: Session, channel: str, external_id: str, language_hint: str | None = None
) -> Conversation:
    conversation = Conversation(
        channel=channel,
        external_id=external_id,
        language_hint=language_hint if language_hint in LANGUAGES else None,
    )
    session.add(conversation)
    session.flush()
    return conversation


def get_or_create(
    session: Session, channel: str, external_id: str, language_hint: str | None = None
) -> Conversation:
    conversation = find(session, channel, external_id)
    if conversation is None:
        conversation = create(session, channel, external_id, language_hint)
    elif language_hint in LANGUAGES:
        conversation.language_hint = language_hint
    return conversation


def record(
    session: Session,
    conversation: Conversation,
    *,
    direction: str,
    sender: str,
    text: str,
    buttons: list[Any] | None = None,
    language: str | None = None,
    reply_to: int | None = None,
) -> Message:
    message = Message(
        conversation_id=conversation.id,
        direction=direction,
        sender=sender,
        text=text,
        buttons=buttons or None,
        language=language or conversation.language,
        reply_to=reply_to,
    )
    session.add(message)
    conversation.last_activity_at = utcnow()
    return message


def choose_language(session: Session, conversation_id: str, language: str) -> bool:
    """The person chose ``language`` explicitly. False when the conversation is unknown."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        return False
    conversation.language = language
    conversation.language_chosen = True
    return True


def transcript(session: Session, conversation_id: str) -> list[Message]:
    return list(
        session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        )
    )


def pseudonym(conversation_id: str) -> str:
    """What staff tools show for a conversation: stable, but no handle on it (Rasa and the
    actions take the conversation's id as the person's identity)."""
    return hashlib.sha256(f"person:{conversation_id}".encode()).hexdigest()[:12]


def offered(session: Session, conversation_id: str) -> list[str]:
    """The payloads of the buttons of the last reply: the messages out since the person's
    last message in (or since the start)."""
    last_in = select(func.max(Message.id)).where(Message.conversation_id == conversation_id,
                                                 Message.direction == "in").scalar_subquery()
    rows = session.scalars(select(Message.buttons).where(
        Message.conversation_id == conversation_id, Message.direction == "out",
        Message.id > func.coalesce(last_in, 0)))
    return [str(button.get("payload")) for buttons in rows for button in buttons or [] if button.get("payload")]


def message_count(session: Session, conversation_id: str) -> int:
    return session.scalar(select(func.count()).select_from(Message)
                          .where(Message.conversation_id == conversation_id)) or 0


class ConversationKeeper(Keeper):
    """The transcript, messages waiting to be delivered, sealed texts in transit, and the
    person's messages the assistant did not understand (copies of transcript lines, kept
    as long as the transcript)."""

    name = "conversation"
    tables = (Message, Notification, SealedText, UnrecognisedMessage)
    expiry = (Expiry(Message, "created_at", "retention_message_days"),
              Expiry(Notification, "created_at", "retention_notification_days"),
              Expiry(SealedText, "created_at", "retention_sealed_hours"),  # in transit: an hour
              Expiry(UnrecognisedMessage, "at", "retention_message_days"))

    def _line(self, session: Session, conversation_id: str, language: str, key: str) -> list[str]:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            return []
        return [TEXTS(language, key, channel=conversation.channel, count=message_count(session, conversation_id),
                      date=long_date(conversation.created_at, language))]

    def kept(self, session: Session, conversation_id: str, language: str) -> list[str]:
        lines = self._line(session, conversation_id, language, "see_conversation")
        missed = session.scalar(select(func.count()).select_from(UnrecognisedMessage)
                                .where(UnrecognisedMessage.conversation_id == conversation_id)) or 0
        return lines + ([TEXTS(language, "see_not_understood", count=missed)] if missed else [])

    def for_counsellor(self, session: Session, conversation_id: str, language: str) -> list[str]:
        return self._line(session, conversation_id, language, "counsellor_conversation")
