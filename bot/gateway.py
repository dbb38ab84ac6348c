"""The gateway owns every conversation.

Each inbound message is stored first, then routed to Rasa while the bot holds the
conversation. Replies are stored and returned to the channel. When Rasa is down or
slow, the person gets a short apology in their language and nothing is lost.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from bot import commands
from bot.ordering import ConversationLocks
from bot.rasa_client import BotMessage, RasaClient, RasaUnavailable
from bot.texts import SYSTEM
from core import conversations, notify, sealed
from core.capabilities import QUESTIONNAIRES
from core.handover import rules as handover
from core.handover.texts import TEXTS as HANDOVER
from core.i18n import has_language_signal, language_requested, translate
from core.models import Conversation, Message
from core.questionnaire import engine
from core.render import render
from core.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Reply:
    language: str
    messages: list[BotMessage] = field(default_factory=list)
    erased: bool = False  # the person erased their data: the channel forgets the transcript too
    # "queued" or "human" while a counsellor is asked for or holds the conversation (the
    # widget then asks for their messages more often); None with the assistant.
    handover: str | None = None


class UnknownConversation(LookupError):
    pass


def _handover(conversation: Conversation) -> str | None:
    """"queued" or "human" while a counsellor is asked for or answers; None with the assistant."""
    return None if conversation.mode == "bot" else conversation.mode


class Gateway:
    def __init__(self, sessions: sessionmaker[Session], rasa: RasaClient, settings: Settings):
        self.sessions = sessions
        self.rasa = rasa
        self.settings = settings
        # one message of a conversation at a time (bot/ordering.py)
        self.locks = ConversationLocks(settings.redis_url, settings.rate_limit_prefix,
                                       wait=2 * settings.rasa_timeout_seconds + 2)

    def open(self, channel: str, external_id: str, language_hint: str | None = None) -> str:
        with self.sessions.begin() as session:
            return conversations.get_or_create(session, channel, external_id, language_hint).id

    def language_of(self, channel: str, external_id: str) -> str | None:
        """The language of a conversation, or None when it does not exist."""
        with self.sessions() as session:
            conversation = conversations.find(session, channel, external_id)
            if conversation is None:
                return None
            return conversations.spoken_language(conversation.language, conversation.language_hint)

    def handle(
        self, channel: str, external_id: str, text: str, *, language_hint: str | None = None,
        create: bool = True, stored: Callable[[Session], None] | None = None,
    ) -> Reply:
        """Answer one message; messages of one conversation are answered one at a time, in
        order (Busy when its turn does not come in time). ``stored`` runs in the transaction
        that stores the message (a push channel marks its delivery handled there)."""
        with self.locks.turn(f"{channel}:{external_id}"):
            return self._handle(channel, external_id, text, language_hint=language_hint, create=create,
                                stored=stored)

    def _handle(
        self, channel: str, external_id: str, text: str, *, language_hint: str | None = None,
        create: bool = True, stored: Callable[[Session], None] | None = None,
    ) -> Reply:
        # 1. Store the message and decide the language, in one short transaction.
        with self.sessions.begin() as session:
            conversation = conversations.find(session, channel, external_id)
            if conversation is None:
                if not create:
                    raise UnknownConversation(external_id)
                conversation = conversations.create(session, channel, external_id, language_hint)
            requested = language_requested(text)  # "in English please": chosen, at any point
            if requested and not self._answers_a_question(session, conversation, text):
                conversation.language, conversation.language_chosen = requested, True
            # "assistant" after a counsellor: the same word in the three languages, no language
            going_back = conversation.mode != "bot" and handover.wants_the_assistant(text)
            language = conversations.decide_language(
                current=conversation.language,
                chosen=conversation.language_chosen,
                text="" if going_back else text,
                hint=language_hint or conversation.language_hint,
                default=self.settings.default_language,
            )
            if conversation.language is not None or has_language_signal(text):
                conversation.language = language  # a message with no word of any language sets none
            private = sealed.active(session, conversation.id)  # health data: see core/sealed.py
            # a command is obeyed only when offered, or harmless (bot/commands.py)
            said = commands.for_rasa(text, conversations.offered(session, conversation.id)) \
                if commands.is_command(text) else text
            inbound = conversations.record(
                session, conversation, direction="in", sender="user", language=language,
                text=translate(language, SYSTEM["private_answer"]) if private else text,
            )
            session.flush()
            if stored is not None:
                stored(session)
            conversation_id, mode, message_id = conversation.id, conversation.mode, inbound.id
            forget_pending = conversation.forget_pending
            text = said
            if private and mode == "bot":
                text = sealed.seal_in(session, conversation_id, text)
            # tired of waiting: a message or a number to call back instead, asked by the assistant
            leaving = handover.leaving_instead(text) if mode == "queued" else None
            if leaving:
                handover.back_to_the_assistant(session, conversation_id, by="person")
                text, mode = handover.LEAVE[leaving], "bot"

        if going_back:
            return self.back_to_the_assistant(conversation_id, by="person", language=language, reply_to=message_id)
        if mode != "bot":  # a counsellor is asked for or holds the conversation: the assistant is silent
            return Reply(language=language, handover=mode)
        if leaving:
            self.rasa.append(conversation_id, {"event": "resume"})

        # 2. Ask Rasa, outside any transaction; a tracker left full by an erasure is emptied first.
        if forget_pending:
            self._empty_tracker(conversation_id)
        try:
            bot_messages = self.rasa.send(
                conversation_id, text, {"language": language, "channel": channel}
            )
        except RasaUnavailable:
            bot_messages = None
        return self._answer(conversation_id, language, bot_messages, message_id)

    def _answer(self, conversation_id: str, language: str, bot_messages: list[BotMessage] | None,
                reply_to: int) -> Reply:
        """What Rasa answered (None: nothing in time), stored and returned."""
        if bot_messages is not None:
            forget = any(m.custom.get("forget") for m in bot_messages)
            bot_messages = [m for m in bot_messages if m.text or m.buttons]
            if forget:  # the person erased their data (core/privacy): the history goes too
                return self._forget(conversation_id, language, bot_messages)
        elif self._erased_meanwhile(conversation_id):
            # the erasure ran but Rasa's answer did not come back: forget all the same, and
            # empty the tracker again before the next message (Rasa may still be writing to it)
            return self._forget(conversation_id, language, [BotMessage(
                text=translate(language, SYSTEM["erased_late"]), buttons=[])], again=True)

        # 3. Store the replies; an action may have changed the language meanwhile.
        reply = self._store_replies(conversation_id, language, bot_messages, reply_to)
        if reply.handover:  # the person now waits for a counsellor: Rasa's tracker waits too
            self.rasa.append(conversation_id, {"event": "pause"})
        return reply

    def _store_replies(self, conversation_id: str, language: str, bot_messages: list[BotMessage] | None,
                       reply_to: int) -> Reply:
        with self.sessions.begin() as session:
            conversation = session.get_one(Conversation, conversation_id)
            language = conversation.language or language
            if bot_messages is None:
                bot_messages = [
                    BotMessage(text=translate(language, SYSTEM["assistant_unavailable"]), buttons=[])
                ]
                sender = "system"
            elif not bot_messages:
                # Rasa answered nothing (e.g. an action failed): never leave the person without an answer.
                fallback = render("utter_default", language)
                bot_messages = [BotMessage(text=fallback["text"], buttons=fallback["buttons"])]
                sender = "system"
            else:
                sender = "bot"
            for message in bot_messages:
                stored = message.text
                if sealed.is_sealed(message.text):
                    message.text = sealed.open_out(session, conversation_id, message.text)
                    stored = translate(language, SYSTEM["private_message"])
                conversations.record(
                    session, conversation, direction="out", sender=sender,
                    text=stored, buttons=message.buttons, language=language, reply_to=reply_to,
                )
            waiting = _handover(conversation)
        return Reply(language=language, messages=bot_messages, handover=waiting)

    def hand_back(self, conversation_id: str) -> None:
        """A counsellor hands the conversation back: in the conversation's turn, so that a
        message of the person at the same moment is answered before or after, not between."""
        with self.sessions() as session:
            conversation = session.get_one(Conversation, conversation_id)
            key = f"{conversation.channel}:{conversation.external_id}"
        with self.locks.turn(key):
            self.back_to_the_assistant(conversation_id, by="counsellor", notify_person=True)

    def back_to_the_assistant(self, conversation_id: str, *, by: str, language: str | None = None,
                              notify_person: bool = False, reply_to: int | None = None) -> Reply:
        """End the handover (``by`` the person, a counsellor or a timeout): Rasa's tracker
        resumes and the assistant greets the person again, offering a questionnaire left
        for the counsellor. ``notify_person``: the greeting goes as notifications (the
        person did not write: a counsellor handed back)."""
        with self.sessions.begin() as session:
            handover.back_to_the_assistant(session, conversation_id, by)
            conversation = session.get_one(Conversation, conversation_id)
            language = conversations.spoken_language(conversation.language, conversation.language_hint) \
                or language or self.settings.default_language
        self.rasa.append(conversation_id, {"event": "resume"})
        try:
            greeting = self.rasa.send(conversation_id, "/greet", {"language": language, "channel": "gateway"})
        except RasaUnavailable:
            greeting = []
        with self.sessions.begin() as session:
            conversation = session.get_one(Conversation, conversation_id)
            # (a counsellor's hand-back already said so, with their name)
            messages = [BotMessage(text=HANDOVER(language, "back_to_assistant"), buttons=[])] if by == "person" else []
            messages += [m for m in greeting if m.text or m.buttons]
            offer = handover.resume_offer(session, conversation_id, language)
            if offer is not None:
                messages.append(BotMessage(text=offer[0], buttons=offer[1]))
            for message in messages:
                if notify_person:
                    notify.queue(session, conversation_id, message.text, message.buttons, language)
                else:
                    conversations.record(session, conversation, direction="out", sender="bot", text=message.text,
                                         buttons=message.buttons, language=language, reply_to=reply_to)
        return Reply(language=language, messages=[] if notify_person else messages)

    def _answers_a_question(self, session: Session, conversation: Conversation, text: str) -> bool:
        """Whether a questionnaire in progress reads ``text`` as an answer to its question."""
        language = conversations.spoken_language(conversation.language, conversation.language_hint) or "fr"
        return any(engine.answers_the_question(session, conversation.id, questionnaire, language, text)
                   for questionnaire in QUESTIONNAIRES.values())

    def _erased_meanwhile(self, conversation_id: str) -> bool:
        with self.sessions() as session:
            return session.get_one(Conversation, conversation_id).forget_pending

    def _forget(self, conversation_id: str, language: str, bot_messages: list[BotMessage],
                again: bool = False) -> Reply:
        """Empty the transcript and Rasa's tracker; the reply itself is not kept. ``again``:
        the tracker is emptied once more before the conversation's next message."""
        with self.sessions.begin() as session:
            session.execute(delete(Message).where(Message.conversation_id == conversation_id))
            language = session.get_one(Conversation, conversation_id).language or language
        self._empty_tracker(conversation_id)
        if again:
            with self.sessions.begin() as session:
                session.get_one(Conversation, conversation_id).forget_pending = True
        return Reply(language=language, messages=bot_messages, erased=True)

    def _empty_tracker(self, conversation_id: str) -> None:
        """Empty Rasa's tracker; when Rasa cannot be reached, it is tried again before the
        conversation's next message reaches Rasa (forget_pending)."""
        emptied = self.rasa.forget(conversation_id)
        with self.sessions.begin() as session:
            session.get_one(Conversation, conversation_id).forget_pending = not emptied
        if not emptied:
            log.warning("Rasa's tracker of an erased conversation is not emptied yet; "
                        "it will be before the conversation's next message")

    def notifications(self, channel: str, external_id: str) -> Reply:
        """Messages waiting for this person (reminders, freed places …), now delivered."""
        with self.sessions.begin() as session:
            conversation = conversations.find(session, channel, external_id)
            if conversation is None:
                raise UnknownConversation(external_id)
            language = conversations.spoken_language(
                conversation.language, conversation.language_hint) or self.settings.default_language
            delivered = notify.deliver(session, conversation)
            return Reply(language=language, messages=[
                BotMessage(text=n.text, buttons=n.buttons or [], sender=n.sender if n.sender == "counsellor"
                           else "assistant", name=n.sender_name) for n in delivered],
                handover=_handover(conversation))
