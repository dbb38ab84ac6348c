"""WhatsApp (Cloud API): webhook deliveries in, replies and notifications out.

Plain httpx, not a client library: the Cloud API is a handful of JSON calls, and the
assistant needs its own webhook route (store and deduplicate before answering, the
signature checked on the raw body) and a configurable API address.

- Identity: the id WhatsApp gives (``wa_id``, or the business-scoped ``user_id`` when
  present), never a number typed in the chat.
- Each delivery is checked (``X-Hub-Signature-256``: HMAC-SHA256 of the raw body with the
  app secret, compared in constant time) and handled once (by its ``wamid``).
- Replies within WhatsApp's limits (render.py); outside the 24 hours after the person's
  last message, a notification goes as the approved template of its language.
- Status callbacks (sent, delivered, read, failed) are recorded for staff.
"""

import hashlib
import hmac
import logging
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from bot.channels.background import InOrder
from bot.channels.inbox import Inbox
from bot.channels.limits import Option
from bot.channels.outbox import Undeliverable
from bot.gateway import Gateway
from bot.rasa_client import BotMessage
from bot.texts import SYSTEM
from bot.whatsapp.render import LIST_ROWS, render
from core import conversations
from core.channels import records
from core.i18n import LANGUAGES, translate
from core.models import Conversation, Message, utcnow
from core.settings import Settings

log = logging.getLogger(__name__)

CHANNEL = "whatsapp"
WINDOW = timedelta(hours=24)
# Graph API errors after which sending again changes nothing (outside the 24-hour window,
# not a WhatsApp user, blocked, bad parameters …).
FINAL_ERRORS = {131047, 131026, 131051, 131052, 131053, 131008, 131009, 100, 132000, 132001, 132012}


@dataclass(frozen=True)
class Incoming:
    """One message a person sent: who, and what they wrote or pressed."""

    message_id: str
    external_id: str  # the user id WhatsApp gives, or their wa_id
    address: str  # where to answer: their wa_id
    text: str | None = None  # what they wrote; None for a photo, a voice message …
    key: str | None = None  # a pressed reply button or list row
    conversation_id: str = ""


def signature_ok(secret: str, raw: bytes, header: str | None) -> bool:
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.removeprefix("sha256=").encode(), expected.encode())


def _identity(value: dict[str, Any], message: dict[str, Any]) -> tuple[str, str]:
    """(identity, address) of the person who sent ``message``."""
    wa_id = str(message.get("from") or "")
    contact: dict[str, Any] = next((c for c in value.get("contacts") or [] if str(c.get("wa_id")) == wa_id), {})
    user_id = contact.get("user_id") or message.get("from_user_id")
    return (str(user_id) if user_id else wa_id), wa_id


def incoming(payload: dict[str, Any]) -> tuple[list[Incoming], list[dict[str, Any]]]:
    """The messages and the status callbacks of a webhook delivery."""
    messages: list[Incoming] = []
    statuses: list[dict[str, Any]] = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            statuses += value.get("statuses") or []
            for message in value.get("messages") or []:
                if not message.get("id") or not message.get("from"):
                    continue
                identity, address = _identity(value, message)
                kind = message.get("type")
                text = key = None
                if kind == "text":
                    text = str((message.get("text") or {}).get("body") or "")
                elif kind == "interactive":
                    reply = message.get("interactive") or {}
                    key = str((reply.get(reply.get("type") or "") or {}).get("id") or "")
                elif kind == "button":  # a template's quick reply: its words
                    text = str((message.get("button") or {}).get("text") or "")
                messages.append(Incoming(str(message["id"]), identity, address, text=text, key=key))
    return messages, statuses


def _template(settings: Settings, language: str) -> tuple[str, str] | None:
    configured = getattr(settings, f"whatsapp_template_{language}", None)
    if not configured:
        return None
    name, _, code = configured.partition(":")
    return name, code or language


def template_text(text: str) -> str:
    """A template parameter has no new lines, tabs or long runs of spaces."""
    return " ".join(text.split())[:1024]


class WhatsAppChannel(Inbox[Incoming]):
    name = channel = CHANNEL
    incoming = Incoming

    def __init__(self, gateway: Gateway, settings: Settings):
        if not (settings.whatsapp_token and settings.whatsapp_app_secret and settings.whatsapp_verify_token
                and settings.whatsapp_phone_number_id):
            raise ValueError("WHATSAPP_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN and "
                             "WHATSAPP_PHONE_NUMBER_ID are needed")
        self.gateway = gateway
        self.sessions = gateway.sessions
        self.settings = settings
        self.secret = settings.whatsapp_app_secret.get_secret_value()
        self.verify_token = settings.whatsapp_verify_token.get_secret_value()
        self.client = httpx.AsyncClient(
            base_url=f"{settings.whatsapp_api_url.rstrip('/')}/{settings.whatsapp_phone_number_id}",
            headers={"Authorization": f"Bearer {settings.whatsapp_token.get_secret_value()}"},
            timeout=httpx.Timeout(10, connect=3))
        self.answers = InOrder("WhatsApp")

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        await self.answers.finish()
        await self.client.aclose()

    # ---------------------------------------------------------------- in

    def verification(self, mode: str | None, token: str | None, challenge: str | None) -> str | None:
        """The challenge to echo when Meta verifies the webhook with the right token."""
        if mode != "subscribe" or token is None or challenge is None:
            return None
        return challenge if hmac.compare_digest(token.encode(), self.verify_token.encode()) else None

    def refusal(self, raw: bytes, header: str | None) -> int | None:
        """401 unsigned, 403 wrongly signed; None when the app secret signed it."""
        if not header:
            return 401
        return None if signature_ok(self.secret, raw, header) else 403

    def accept(self, payload: dict[str, Any]) -> list[Incoming]:
        """The messages to answer (each remembered: a delivery WhatsApp repeats is answered
        once); status callbacks are recorded."""
        messages, statuses = incoming(payload)
        accepted = []
        with self.sessions.begin() as session:
            for status in statuses:
                errors = status.get("errors") or [{}]
                reason = " ".join(str(errors[0].get(k)) for k in ("code", "title") if errors[0].get(k)) or None
                records.status(session, CHANNEL, str(status.get("id")), str(status.get("status")), reason)
            for message in messages:
                conversation = conversations.get_or_create(session, CHANNEL, message.external_id)
                conversation.address = message.address
                session.flush()
                message = replace(message, conversation_id=conversation.id)
                if records.first_delivery(session, CHANNEL, message.message_id, conversation.id,
                                          pending=asdict(message)):
                    accepted.append(message)
        return accepted

    def event_id(self, got: Incoming) -> str:
        return got.message_id

    def handle_later(self, message: Incoming) -> None:
        """Answer in the background: the webhook answers WhatsApp at once."""
        self.answers.run(message.external_id, self.handle(message))

    async def handle(self, message: Incoming) -> None:
        text = await run_in_threadpool(self._what_they_said, message)
        if text is None:  # a photo, a voice message, a location …
            language = await run_in_threadpool(self.gateway.language_of, CHANNEL, message.external_id)
            await run_in_threadpool(self.handled, message)
            await self.send(message.conversation_id, message.address,
                            [BotMessage(translate(language or "fr", SYSTEM["only_text"]), [])], language or "fr")
            return
        reply = await run_in_threadpool(self.gateway.handle, CHANNEL, message.external_id, text,
                                        stored=self.stored(message))
        await self.send(message.conversation_id, message.address, reply.messages, reply.language)

    def _what_they_said(self, message: Incoming) -> str | None:
        """The payload of what they pressed, or of an offered choice they wrote (its
        title, or its number in a numbered list); else their words."""
        with self.sessions() as session:
            if message.key is not None:
                button = records.pressed(session, message.conversation_id, message.key)
                return button.payload if button is not None else None
            if message.text is None:
                return None
            chosen = records.typed_choice(session, message.conversation_id, message.text, numbered_over=LIST_ROWS)
            return chosen or message.text

    # ---------------------------------------------------------------- out

    def _offer(self, conversation_id: str, buttons: list[dict[str, str]]) -> list[Option]:
        with self.sessions.begin() as session:
            return [Option(key, title) for key, title in records.offer(session, conversation_id, buttons)]

    async def _post(self, conversation_id: str, address: str, message: dict[str, Any]) -> None:
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": address} | message
        try:
            response = await self.client.post("/messages", json=body)
        except httpx.HTTPError as exc:
            raise Undeliverable(f"WhatsApp: {type(exc).__name__}") from exc
        if response.status_code >= 400:
            error = (response.json() if response.headers.get("content-type", "").startswith("application/json")
                     else {}).get("error") or {}
            code = error.get("code")
            raise Undeliverable(f"WhatsApp {response.status_code}: {code or ''} {error.get('message') or ''}".strip(),
                                retry=code not in FINAL_ERRORS and response.status_code != 400)
        sent = (response.json().get("messages") or [{}])[0].get("id")
        if sent:
            await run_in_threadpool(self._sent, conversation_id, str(sent))

    def _sent(self, conversation_id: str, message_id: str) -> None:
        with self.sessions.begin() as session:
            records.sent(session, CHANNEL, message_id, conversation_id)

    async def send(self, conversation_id: str, address: str, messages: list[BotMessage], language: str) -> None:
        for message in messages:
            options = await run_in_threadpool(self._offer, conversation_id, message.buttons) if message.buttons else []
            for part in render(message.text, options, language if language in LANGUAGES else "fr"):
                await self._post(conversation_id, address, part)

    def _window_open(self, conversation_id: str) -> bool:
        with self.sessions() as session:
            last = session.scalar(select(func.max(Message.created_at)).where(
                Message.conversation_id == conversation_id, Message.direction == "in"))
        if last is None:
            return False
        if last.tzinfo is None:  # SQLite keeps no time zone
            last = last.replace(tzinfo=utcnow().tzinfo)
        return utcnow() - last < WINDOW

    async def push(self, conversation_id: str, external_id: str, text: str, buttons: list[dict[str, str]],
                   language: str | None) -> None:
        """A notification: as a message inside the 24-hour window, as the template of its
        language outside it."""
        language = language if language in LANGUAGES else "fr"
        address = await run_in_threadpool(self._address, conversation_id, external_id)
        if await run_in_threadpool(self._window_open, conversation_id):
            await self.send(conversation_id, address, [BotMessage(text, buttons)], language)
            return
        template = _template(self.settings, language)
        if template is None:
            raise Undeliverable(f"WhatsApp: no template for {language} outside the 24-hour window", retry=False)
        name, code = template
        await self._post(conversation_id, address, {"type": "template", "template": {
            "name": name, "language": {"code": code},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": template_text(text)}]}]}})

    def _address(self, conversation_id: str, external_id: str) -> str:
        with self.sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            return (conversation.address if conversation and conversation.address else external_id)

