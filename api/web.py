"""The website widget's channel.

POST /web/sessions → 201 {"session": token}
POST /web/messages → 200 {"language": ..., "messages": [message], "erased": false}
    message: {"text", "buttons": [{"title", "payload", "lang"?}], "sender", "name"?}
    "lang": a button in another language than the message ("Nederlands" in French);
    "sender": "assistant" or "counsellor" (with "name", when the counsellor gives one);
    "erased": true after the person erased their data: the widget forgets its transcript;
    "handover": "queued" or "human" while a counsellor is asked for or holds the conversation.
POST /web/notifications → 200, the same shape: messages not asked for (reminders …)
"""

import hashlib
import secrets
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.errors import SESSION_UNKNOWN, WEB_RESPONSES, error_response
from api.texts import WIDGET_STRINGS
from api.throttle import TooMany, address, limit_address, refused, throttle
from bot.gateway import Gateway, UnknownConversation
from bot.ordering import Busy
from bot.rasa_client import BotMessage
from core.i18n import translate

router = APIRouter(prefix="/web", tags=["web widget"], dependencies=[Depends(limit_address("web_ip"))],
                   responses=WEB_RESPONSES)
CHANNEL = "web"
Language = Literal["fr", "nl", "en"]
MAX_TEXT = 2000  # characters


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    language: Language | None = None


class SessionOut(BaseModel):
    session: str


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    session: str = Field(min_length=1, max_length=200)
    # something else than spaces (as Python's strip() sees them: control separators too)
    text: str = Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S")


class ButtonOut(BaseModel):
    title: str
    payload: str
    lang: Language | None = None


class MessageOut(BaseModel):
    text: str
    buttons: list[ButtonOut] = []
    sender: Literal["assistant", "counsellor"] = "assistant"
    name: str | None = None

    @classmethod
    def of(cls, message: BotMessage) -> "MessageOut":
        sender = "counsellor" if message.sender == "counsellor" else "assistant"
        return cls(text=message.text, buttons=[ButtonOut(**b) for b in message.buttons],
                   sender=sender, name=message.name)


class ReplyOut(BaseModel):
    language: Language
    messages: list[MessageOut]
    erased: bool = False
    # "queued" or "human" while a counsellor is asked for or holds the conversation
    handover: Literal["queued", "human"] | None = None


def _identity(token: str) -> str:
    """The stored identity of a web session: a hash, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def explain_validation_error(exc: RequestValidationError) -> str:
    """The key of the clearest message for a validation error."""
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ())]
        kind = error.get("type", "")
        if "text" in loc:
            return "text_too_long" if kind == "string_too_long" else "text_missing"
        if "session" in loc:
            return "session_missing"
        if "language" in loc:
            return "language_invalid"
    return "invalid"


def session_language(request: Request, token: object) -> str | None:
    """The language of the conversation a (possibly invalid) session token names, if any."""
    if not isinstance(token, str) or not 0 < len(token) <= 200:
        return None
    gateway: Gateway = request.app.state.gateway
    return gateway.language_of(CHANNEL, _identity(token))


async def _language(request: Request, token: object) -> str | None:
    return await run_in_threadpool(session_language, request, token)


@router.post("/sessions", status_code=201, response_model=SessionOut)
def create_session(request: Request, body: SessionIn | None = Body(default=None)) -> SessionOut:
    if not throttle(request).allow("new_session_ip", address(request)):
        raise TooMany("new_session_ip", address(request), body.language if body else None)
    token = secrets.token_urlsafe(32)  # 256 bits
    gateway: Gateway = request.app.state.gateway
    gateway.open(CHANNEL, _identity(token), body.language if body else None)
    return SessionOut(session=token)


@router.post("/messages", response_model=ReplyOut, response_model_exclude_none=True, responses=SESSION_UNKNOWN)
async def post_message(request: Request, body: MessageIn) -> JSONResponse | ReplyOut:
    identity = _identity(body.session)
    if not throttle(request).allow("message", identity):  # a flood is refused, not queued behind Rasa
        return refused(request, "message", identity, await _language(request, body.session))
    text = body.text.strip()
    if not text:
        return error_response(request, 422, "text_missing", await _language(request, body.session))
    gateway: Gateway = request.app.state.gateway
    try:
        reply = await run_in_threadpool(
            gateway.handle, CHANNEL, _identity(body.session), text, create=False
        )
    except UnknownConversation:
        return error_response(request, 404, "session_unknown")
    except Busy:  # earlier messages of this conversation still wait for Rasa
        return error_response(request, 429, "too_many", await _language(request, body.session))
    return ReplyOut(
        language=reply.language,
        messages=[MessageOut.of(m) for m in reply.messages],
        erased=reply.erased,
        handover=reply.handover,
    )


class SessionRef(BaseModel):
    model_config = ConfigDict(extra="ignore")
    session: str = Field(min_length=1, max_length=200)


@router.post("/notifications", response_model=ReplyOut, response_model_exclude_none=True,
             responses=SESSION_UNKNOWN)
async def notifications(request: Request, body: SessionRef) -> JSONResponse | ReplyOut:
    """Messages the assistant has for the person since they last asked (a reminder the
    day before a booking, a freed place …). The widget asks every few seconds while open;
    each message is given once."""
    gateway: Gateway = request.app.state.gateway
    if not throttle(request).allow("poll", _identity(body.session)):
        return refused(request, "poll", _identity(body.session), await _language(request, body.session))
    try:
        reply = await run_in_threadpool(gateway.notifications, CHANNEL, _identity(body.session))
    except UnknownConversation:
        return error_response(request, 404, "session_unknown")
    return ReplyOut(
        language=reply.language,
        messages=[MessageOut.of(m) for m in reply.messages],
        handover=reply.handover,
    )


@router.get("/strings")
def widget_strings(language: Language = Query(default="fr")) -> dict[str, Any]:
    """The texts of the widget's own controls, in one language."""
    return {
        "language": language,
        "strings": {key: translate(language, msgid) for key, msgid in WIDGET_STRINGS.items()},
    }
