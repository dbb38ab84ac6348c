"""Telegram: updates from the webhook in, replies and notifications out.

python-telegram-bot's objects do the work (``Update.de_json``, an ``ExtBot`` with its
``AIORateLimiter``: 30 messages a second overall, a retry after a 429 as long as Telegram's
``retry_after`` says); this module adds what the assistant needs around them: one
conversation per private chat, each update handled once, buttons by short keys, about one
message a second in a chat.
"""

import asyncio
import hmac
import logging
import time
from dataclasses import asdict, dataclass, replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import AIORateLimiter, ExtBot

from bot.channels.background import InOrder
from bot.channels.inbox import Inbox
from bot.channels.limits import Option
from bot.channels.outbox import Undeliverable
from bot.gateway import Gateway
from bot.rasa_client import BotMessage
from bot.telegram.render import Outgoing, render
from bot.texts import SYSTEM
from core.channels import records
from core.i18n import LANGUAGES, translate
from core.settings import Settings

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# What the webhook asks Telegram for (`python -m bot.telegram set-webhook`).
ALLOWED_UPDATES = ("message", "callback_query")
GREET = "/greet"


@dataclass(frozen=True)
class Incoming:
    """An update worth answering: whose chat, what they said or pressed."""

    update_id: int
    chat_id: int
    language_hint: str | None
    text: str | None = None  # what they wrote; None for a photo, a voice message …
    callback_id: str | None = None  # a pressed button: its query, to answer
    key: str | None = None  # and its key
    conversation_id: str = ""


def incoming(update: Update) -> Incoming | None:
    """What a person sent in a private chat; None for anything else (groups, edits …)."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or chat.type != chat.PRIVATE:
        return None
    code = (user.language_code or "")[:2].lower() if user else ""
    hint = code if code in LANGUAGES else None
    if update.callback_query is not None:
        return Incoming(update.update_id, chat.id, hint, callback_id=update.callback_query.id,
                        key=update.callback_query.data or "")
    message = update.message
    if message is None:
        return None
    text = message.text
    if text is not None and text.split(maxsplit=1)[0].split("@")[0] == "/start":
        text = GREET  # the greeting, in the language of the person's Telegram
    return Incoming(update.update_id, chat.id, hint, text=text)


def markup(outgoing: Outgoing) -> InlineKeyboardMarkup | None:
    if not outgoing.keyboard:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(o.title, callback_data=o.id) for o in row]
                                 for row in outgoing.keyboard])


class TelegramChannel(Inbox[Incoming]):
    name = channel = CHANNEL
    incoming = Incoming

    def __init__(self, gateway: Gateway, settings: Settings):
        if settings.telegram_token is None or settings.telegram_secret is None:
            raise ValueError("TELEGRAM_TOKEN and TELEGRAM_SECRET are needed")
        self.gateway = gateway
        self.sessions = gateway.sessions
        self.secret = settings.telegram_secret.get_secret_value()
        api = settings.telegram_api_url.rstrip("/")
        self.bot: ExtBot[Any] = ExtBot(settings.telegram_token.get_secret_value(), base_url=f"{api}/bot",
                                       base_file_url=f"{api}/file/bot", rate_limiter=AIORateLimiter(max_retries=3))
        self.interval = settings.telegram_chat_interval_seconds
        self._last_sent: dict[int, float] = {}
        self.answers = InOrder("Telegram")

    async def start(self) -> None:
        await self.bot.initialize()

    async def stop(self) -> None:
        await self.answers.finish()
        await self.bot.shutdown()

    # ---------------------------------------------------------------- in

    def refusal(self, token: str | None) -> int | None:
        """401 without the secret token, 403 with a wrong one; None when it is right."""
        if token is None:
            return 401
        return None if hmac.compare_digest(token.encode(), self.secret.encode()) else 403

    def accept(self, data: dict[str, Any]) -> Incoming | None:
        """An update to answer, remembered so that Telegram's resending it is answered
        once; None for a duplicate or anything not to answer."""
        update = Update.de_json(data, self.bot)
        got = incoming(update)
        if got is None:
            return None
        got = replace(got, conversation_id=self.gateway.open(CHANNEL, str(got.chat_id), got.language_hint))
        with self.sessions.begin() as session:
            if not records.first_delivery(session, CHANNEL, str(got.update_id), got.conversation_id,
                                          pending=asdict(got)):
                return None
        return got

    def event_id(self, got: Incoming) -> str:
        return str(got.update_id)

    def handle_later(self, got: Incoming) -> None:
        """Answer in the background: the webhook answers Telegram at once."""
        self.answers.run(str(got.chat_id), self.handle(got))

    async def handle(self, got: Incoming) -> None:
        text = got.text
        if got.callback_id is not None:
            try:
                await self.bot.answer_callback_query(got.callback_id)
            except TelegramError as error:  # a query answered late (taken again from a dead replica)
                log.info("Telegram: button press not acknowledged (%s)", type(error).__name__)
            text = await run_in_threadpool(self._payload, got)
            if text is None:
                await run_in_threadpool(self.handled, got)
                return
        external_id = str(got.chat_id)
        if text is None:  # a photo, a sticker, a voice message …
            language = await run_in_threadpool(self.gateway.language_of, CHANNEL, external_id)
            language = language or got.language_hint or "fr"
            only_text = BotMessage(translate(language, SYSTEM["only_text"]), [])
            await run_in_threadpool(self.handled, got)
            await self.send(got.chat_id, got.conversation_id, [only_text], language)
            return
        reply = await run_in_threadpool(self.gateway.handle, CHANNEL, external_id, text,
                                        language_hint=got.language_hint, stored=self.stored(got))
        await self.send(got.chat_id, got.conversation_id, reply.messages, reply.language)

    def _payload(self, got: Incoming) -> str | None:
        """What the pressed button says; None for a key of no button of this chat."""
        with self.sessions() as session:
            button = records.pressed(session, got.conversation_id, got.key or "")
            return button.payload if button is not None else None

    # ---------------------------------------------------------------- out

    def _offer(self, conversation_id: str, buttons: list[dict[str, str]]) -> list[Option]:
        with self.sessions.begin() as session:
            return [Option(key, title) for key, title in records.offer(session, conversation_id, buttons)]

    async def send(self, chat_id: int, conversation_id: str, messages: list[BotMessage], language: str) -> None:
        for message in messages:
            options = await run_in_threadpool(self._offer, conversation_id, message.buttons) if message.buttons else []
            for outgoing in render(message.text, options, language):
                await self._pace(chat_id)
                await self.bot.send_message(chat_id, outgoing.text, reply_markup=markup(outgoing))

    async def _pace(self, chat_id: int) -> None:
        """About one message a second in a chat, as Telegram asks."""
        wait = self._last_sent.get(chat_id, 0.0) + self.interval - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        now = time.monotonic()
        if len(self._last_sent) > 10_000:  # forget the chats quiet for a while
            self._last_sent = {chat: at for chat, at in self._last_sent.items() if now - at < self.interval}
        self._last_sent[chat_id] = now

    async def push(self, conversation_id: str, external_id: str, text: str, buttons: list[dict[str, str]],
                   language: str | None) -> None:
        """A notification (a reminder, a freed place): sent, or Undeliverable."""
        try:
            await self.send(int(external_id), conversation_id, [BotMessage(text, buttons)], language or "fr")
        except (Forbidden, BadRequest) as exc:  # blocked the bot, chat gone: trying again changes nothing
            raise Undeliverable(f"Telegram: {exc.message}", retry=False) from exc
        except TelegramError as exc:
            raise Undeliverable(f"Telegram: {exc.message}") from exc
