"""The counsellor console: web pages where counsellors take the people who ask for one.

Roles counsellor and admin sign in with their staff account; the session is a cookie
holding the token of ``core.accounts`` (HttpOnly, SameSite=Strict, Secure over https,
Path /console). Every form carries a CSRF token: before signing in a double-submit
cookie, after it an HMAC of the session token; a POST without it gets 403 and changes
nothing. The queue and an open conversation follow live through Server-Sent Events
(``api/static/console.js``); without JavaScript every page works and a reload shows the
current state. The console speaks French, Dutch or English (``lang``); what reaches the
person is in the person's language.
"""

import asyncio
import hashlib
import hmac
import json
import secrets
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.console_texts import CONSOLE, READY, READY_KEYS
from api.params import After, RecordId
from api.security import CONTENT_SECURITY_POLICY
from api.throttle import address, in_password_pool, throttle
from core import accounts, audit, capabilities
from core.handover import rules
from core.handover.content import local
from core.handover.models import Handover
from core.i18n import LANGUAGES, babel_locale, capital, language_name
from core.models import Account, Conversation, Message, utcnow
from core.pathway import PathwayKeeper, registrations

HERE = Path(__file__).resolve().parent
PATH = "/console"
# Who may sign in; the queue and conversations are for QUEUE_ROLES, the dashboards for
# the roles each page names (api/dashboards).
ROLES = ("counsellor", "admin", "pathway_officer", "childcare_staff")
QUEUE_ROLES = ("counsellor", "admin", "pathway_officer")
DASHBOARDS = f"{PATH}/dashboards"
HEALTH_ROLES = ("pathway_officer",)  # who sees what a person said of their health
SESSION_COOKIE = "console_session"
LOGIN_COOKIE = "console_login"
LANGUAGE_COOKIE = "console_lang"
DEFAULT_LANGUAGE = "fr"
MAX_REPLY = 2000
MAX_NOTE = 500
TICK_SECONDS = 2.0
# A live stream ends after this long and the browser opens a new one: an ended session
# is noticed, and no proxy holds a connection for hours.
STREAM_SECONDS = 300.0
NOTICES = {"transferred": "notice_transferred", "handed_back": "notice_handed_back", "closed": "notice_closed",
           "signed_out": "signed_out", "session_ended": "session_ended"}
CHANNELS = {"telegram": "Telegram", "whatsapp": "WhatsApp"}
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

router = APIRouter(prefix=PATH, include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")


# --- language, cookies, CSRF ------------------------------------------------------------------------


def console_language(request: Request) -> str:
    """``lang`` of the query, else of the cookie, else French."""
    for value in (request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if value in LANGUAGES:
            return str(value)
    return DEFAULT_LANGUAGE


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PATH, secure=request.url.scheme == "https",
                        httponly=True, samesite="strict")


def _delete_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(name, path=PATH, secure=request.url.scheme == "https", httponly=True, samesite="strict")


def finish(request: Request, response: Response, language: str) -> Response:
    response.headers.update(SECURITY_HEADERS)
    if request.query_params.get("lang") in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != language:
        _set_cookie(request, response, LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600)
    return response


def csrf_token(session_token: str) -> str:
    """The CSRF token of a signed-in session: only a page that knows the session can send it."""
    return hmac.new(session_token.encode(), b"counsellor console forms", hashlib.sha256).hexdigest()


def _same(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected).encode(), str(given).encode())


@dataclass(frozen=True)
class Staff:
    """The signed-in account, read once per request."""

    id: int
    username: str
    name: str
    role: str
    token: str

    @property
    def csrf(self) -> str:
        return csrf_token(self.token)


def signed_in(request: Request, session: Session, roles: tuple[str, ...] = QUEUE_ROLES) -> Staff | None:
    """The signed-in account when its role is one of ``roles``."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    account = accounts.account_for_token(session, token)
    if account is None or account.role not in roles:
        return None
    return Staff(account.id, account.username, rules.display_name(account), account.role, token)


def home(role: str) -> str:
    """Where an account lands: the queue, or the dashboards for those who take no one."""
    return PATH if role in QUEUE_ROLES else DASHBOARDS


def sessions_of(request: Request) -> sessionmaker[Session]:
    sessions: sessionmaker[Session] = request.app.state.sessions
    return sessions


# --- what pages show --------------------------------------------------------------------------------


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def waited(since: datetime, now: datetime, language: str) -> str:
    minutes = int((now - _aware(since)).total_seconds() // 60)
    if minutes < 1:
        return CONSOLE(language, "less_than_a_minute")
    if minutes < 60:
        return CONSOLE(language, "minutes", minutes=minutes)
    return CONSOLE(language, "hours", hours=minutes // 60, minutes=minutes % 60)


def clock(moment: datetime) -> str:
    return local(_aware(moment)).strftime("%H:%M")


def when(moment: datetime, language: str) -> str:
    here = local(_aware(moment))
    return format_datetime(here, format="short", tzinfo=here.tzinfo, locale=babel_locale(language))


def language_label(code: str, language: str) -> str:
    return capital(language_name(code, language))


def channel_label(channel: str | None, language: str) -> str:
    if channel == "web":
        return CONSOLE(language, "channel_web")
    return CHANNELS.get(channel or "", channel or "")


def kind_label(handover: Handover, language: str) -> str:
    if handover.kind == "callback":
        return CONSOLE(language, "kind_callback", contact=handover.contact or "")
    return CONSOLE(language, "kind_message" if handover.kind == "message" else "kind_chat")


def waiting_count(count: int, language: str) -> str:
    if count == 0:
        return CONSOLE(language, "nobody_waiting")
    return CONSOLE(language, "one_waiting") if count == 1 else CONSOLE(language, "many_waiting", count=count)


def _channels(session: Session, conversation_ids: Iterable[str]) -> dict[str, str]:
    ids = set(conversation_ids)
    if not ids:
        return {}
    return dict(session.execute(select(Conversation.id, Conversation.channel).where(Conversation.id.in_(ids)))
                .tuples().all())


def queue_item(handover: Handover, channel: str | None, language: str, now: datetime) -> dict[str, Any]:
    waiting, kind = waited(handover.requested_at, now, language), kind_label(handover, language)
    return {"id": handover.id, "kind": handover.kind, "kind_label": kind, "waiting": waiting,
            "language": handover.language, "language_name": language_label(handover.language, language),
            "channel": channel_label(channel, language),
            "reason": handover.reason or CONSOLE(language, "not_said"),
            "reason_language": handover.language if handover.reason else language,
            "accept_url": f"{PATH}/handovers/{handover.id}/accept", "accept_detail": f"{kind}, {waiting}"}


def held_item(handover: Handover, channel: str | None, language: str) -> dict[str, Any]:
    return {"id": handover.id, "url": f"{PATH}/handovers/{handover.id}",
            "label": CONSOLE(language, "held_item", kind=kind_label(handover, language),
                             language=language_name(handover.language, language),
                             channel=channel_label(channel, language),
                             time=clock(handover.accepted_at or handover.requested_at))}


def snapshot(session: Session, staff: Staff, language: str) -> dict[str, Any]:
    """The queue and the conversations ``staff`` holds, as the page and its live stream show them."""
    now = utcnow()
    waiting, held = rules.queue(session), rules.held_by(session, staff.id)
    channels = _channels(session, (h.conversation_id for h in [*waiting, *held]))
    return {"count": len(waiting), "announcement": waiting_count(len(waiting), language),
            "items": [queue_item(h, channels.get(h.conversation_id), language, now) for h in waiting],
            "held": [held_item(h, channels.get(h.conversation_id), language) for h in held]}


def transcript_item(message: Message, person_language: str, language: str) -> dict[str, Any]:
    choices = [str(b.get("title", "")) for b in (message.buttons or []) if isinstance(b, dict)]
    return {"id": message.id, "sender": message.sender, "who": CONSOLE(language, f"sender_{message.sender}")
            if f"sender_{message.sender}" in CONSOLE else message.sender,
            "text": message.text, "language": message.language or person_language,
            "time": clock(message.created_at), "datetime": _aware(message.created_at).isoformat(),
            "choices": " · ".join(c for c in choices if c)}


def _switch(here: str, language: str) -> list[dict[str, Any]]:
    return [{"code": code, "short": code.upper(), "name": language_label(code, code), "current": code == language,
             "href": f"{here}{'&' if '?' in here else '?'}lang={code}"} for code in LANGUAGES]


def render_page(request: Request, language: str, template: str, title: str, context: dict[str, Any] | None = None,
                *, staff: Staff | None = None, status: int = 200, here: str | None = None) -> Response:
    """A page; its language switch leads to ``here`` (the page itself, or the queue after a form)."""
    here = here or (request.url.path if request.method == "GET" else PATH)
    values = {"lang": language, "t": partial(CONSOLE, language), "languages": _switch(here, language),
              "staff": staff, "page_title": title, "queue_roles": QUEUE_ROLES, "dashboards": DASHBOARDS,
              **(context or {})}
    response = templates.TemplateResponse(request, f"console/{template}", values, status_code=status)
    return finish(request, response, language)


def _message(request: Request, language: str, status: int, key: str, staff: Staff | None = None) -> Response:
    """A page that says why something was refused, with the way back."""
    title = CONSOLE(language, f"{key}_title")
    return render_page(request, language, "message.html", title, {"text": CONSOLE(language, f"{key}_text")},
                   staff=staff, status=status)


def _redirect(request: Request, language: str, url: str) -> Response:
    return finish(request, RedirectResponse(url, status_code=303), language)


def to_login(request: Request, language: str, notice: str | None = None) -> Response:
    return _redirect(request, language, f"{PATH}/login" + (f"?notice={notice}" if notice else ""))


# --- signing in and out -----------------------------------------------------------------------------


def _login_page(request: Request, language: str, token: str, *, error: str | None = None, username: str = "",
                status: int = 200) -> Response:
    notice = NOTICES.get(request.query_params.get("notice") or "")
    response = render_page(request, language, "login.html", CONSOLE(language, "sign_in"),
                       {"csrf": token, "error": CONSOLE(language, error) if error else None, "username": username,
                        "notice": CONSOLE(language, notice) if notice else None}, status=status,
                       here=f"{PATH}/login")
    _set_cookie(request, response, LOGIN_COOKIE, token)
    return response


@router.get("/login", name="console_login")
def login_page(request: Request) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff = signed_in(request, session, ROLES)
        if staff is not None:
            return _redirect(request, language, home(staff.role))
    return _login_page(request, language, secrets.token_urlsafe(32))


@router.post("/login")
async def login(request: Request, username: str = Form(""), password: str = Form(""),
                csrf: str = Form("")) -> Response:
    """Attempts are limited per address, and an account waits after a few wrong passwords;
    the password check runs a few at a time, off the event loop (api/throttle.py)."""
    language = console_language(request)
    expected = request.cookies.get(LOGIN_COOKIE)
    if not _same(expected, csrf):
        return _message(request, language, 403, "csrf")
    token, name, limits = str(expected), username.strip().lower()[:64], throttle(request)
    if not limits.allow("login_ip", address(request)) or limits.over("login_failures", name):
        return _login_page(request, language, token, error="too_many_attempts", username=username[:64], status=429)
    response = await in_password_pool(request, partial(_sign_in, request, language, token, username, password))
    if response.status_code == 401:
        limits.allow("login_failures", name)
    elif response.status_code == 303:
        limits.clear("login_failures", name)
    return response


def _sign_in(request: Request, language: str, token: str, username: str, password: str) -> Response:
    with sessions_of(request).begin() as session:
        account = accounts.authenticate(session, username[:64], password[:1024])
        if account is None:
            return _login_page(request, language, token, error="wrong_password", username=username[:64],
                               status=401)
        if account.role not in ROLES:
            return _login_page(request, language, token, error="role_refused", username=username[:64],
                               status=403)
        minutes = request.app.state.settings.api_token_minutes
        value, _expires = accounts.issue_token(session, account, minutes)
        previous = request.cookies.get(SESSION_COOKIE)
        if previous:
            accounts.revoke_token(session, previous)
    response = _redirect(request, language, home(account.role))
    _set_cookie(request, response, SESSION_COOKIE, value, max_age=minutes * 60)
    _delete_cookie(request, response, LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff = signed_in(request, session, ROLES)
        if staff is None:
            return to_login(request, language)
        if not _same(staff.csrf, csrf):
            return _message(request, language, 403, "csrf", staff)
        accounts.revoke_token(session, staff.token)
    response = to_login(request, language, "signed_out")
    _delete_cookie(request, response, SESSION_COOKIE)
    return response


# --- the queue ----------------------------------------------------------------------------------------


@router.get("", name="console_queue")
def queue_page(request: Request) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff = signed_in(request, session, ROLES)
        if staff is None:
            return to_login(request, language, "session_ended" if request.cookies.get(SESSION_COOKIE) else None)
        if staff.role not in QUEUE_ROLES:
            return _redirect(request, language, home(staff.role))
        data = snapshot(session, staff, language)
    notice = NOTICES.get(request.query_params.get("notice") or "")
    return render_page(request, language, "queue.html", CONSOLE(language, "queue"),
                       {"data": data, "notice": CONSOLE(language, notice) if notice else None,
                        "events": f"{PATH}/events?lang={language}"}, staff=staff)


def _event(name: str, data: object, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {name}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


def _stream(ticks: Callable[[], AsyncIterator[str]]) -> StreamingResponse:
    return StreamingResponse(ticks(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@router.get("/events")
def queue_events(request: Request) -> StreamingResponse:
    """The queue and the conversations held, every ``TICK_SECONDS``, as JSON (event ``queue``);
    ``signed_out`` when the session has ended."""
    language = console_language(request)
    sessions = sessions_of(request)

    def tick() -> dict[str, Any] | None:
        with sessions.begin() as session:
            staff = signed_in(request, session)
            return None if staff is None else snapshot(session, staff, language)

    async def ticks() -> AsyncIterator[str]:
        yield f"retry: {int(TICK_SECONDS * 1000)}\n\n"
        deadline = asyncio.get_running_loop().time() + STREAM_SECONDS
        while True:
            data = await run_in_threadpool(tick)
            if data is None:
                yield _event("signed_out", {"url": f"{PATH}/login?notice=session_ended"})
                return
            yield _event("queue", data)
            if asyncio.get_running_loop().time() >= deadline:
                return
            await asyncio.sleep(TICK_SECONDS)

    return _stream(ticks)


@router.post("/handovers/{handover_id}/accept")
def accept(request: Request, handover_id: RecordId, csrf: str = Form("")) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff = signed_in(request, session)
        if staff is None:
            return to_login(request, language, "session_ended")
        if not _same(staff.csrf, csrf):
            return _message(request, language, 403, "csrf", staff)
        taken = rules.accept(session, handover_id, session.get_one(Account, staff.id))
        if taken is None:
            found = session.get(Handover, handover_id)
            if found is None:
                return _message(request, language, 404, "not_found", staff)
            if not (found.status == "human" and found.counsellor_id == staff.id):  # not a second click
                return _message(request, language, 409, "taken", staff)
    return _redirect(request, language, f"{PATH}/handovers/{handover_id}")


# --- one conversation -----------------------------------------------------------------------------------


def _held(session: Session, staff: Staff, handover_id: int) -> tuple[Handover | None, str | None]:
    """The handover ``staff`` may act on, or why not: not_found, not_open or not_yours."""
    handover = session.get(Handover, handover_id)
    if handover is None:
        return None, "not_found"
    if handover.status != "human":
        return None, "not_open"
    if handover.counsellor_id != staff.id and staff.role != "admin":
        return None, "not_yours"
    return handover, None


REFUSALS = {"not_found": 404, "not_open": 409, "not_yours": 403}


def colleagues(session: Session, staff: Staff) -> list[dict[str, Any]]:
    rows = session.scalars(select(Account).where(Account.active.is_(True), Account.role.in_(QUEUE_ROLES),
                                                 Account.id != staff.id).order_by(Account.username))
    return [{"id": a.id, "name": f"{a.display_name} ({a.username})" if a.display_name else a.username} for a in rows]


def _conversation_page(request: Request, session: Session, staff: Staff, handover: Handover, language: str,
                       errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                       status: int = 200) -> Response:
    conversation = session.get_one(Conversation, handover.conversation_id)
    person = handover.language
    messages = [transcript_item(m, person, language) for m in rules.transcript(session, conversation.id)]
    context = capabilities.for_counsellor(session, conversation.id, language)
    health = PathwayKeeper().health(session, conversation.id, language) if staff.role in HEALTH_ROLES else []
    for record, _ in health:
        audit.write(session, staff.username, "read", registrations.RECORD_TYPE, record,
                    detail=f"health, console handover={handover.id}")
    ready = [{"key": key, "text": READY(person, key, name=staff.name),
              "hint": READY(language, key, name=staff.name) if language != person else None} for key in READY_KEYS]
    audit.write(session, staff.username, "read", "conversation", conversation.id, detail=f"handover={handover.id}")
    kind = kind_label(handover, language)
    return render_page(request, language, "conversation.html", CONSOLE(language, "conversation_heading", kind=kind), {
        "handover": handover, "kind": kind, "person": person, "person_language": language_label(person, language),
        "person_language_inline": language_name(person, language),
        "person_language_own": language_label(person, person),
        "channel": channel_label(conversation.channel, language), "asked_at": when(handover.requested_at, language),
        "context": context["lines"].get(language, []), "health": health, "messages": messages,
        "last_id": messages[-1]["id"] if messages else 0, "ready": ready,
        "colleagues": colleagues(session, staff), "errors": errors or {}, "values": values or {},
        "max_reply": MAX_REPLY, "max_note": MAX_NOTE,
        "base": f"{PATH}/handovers/{handover.id}",
        "events": f"{PATH}/handovers/{handover.id}/events?lang={language}&after="
                  f"{messages[-1]['id'] if messages else 0}",
    }, staff=staff, status=status, here=f"{PATH}/handovers/{handover.id}")


@router.get("/handovers/{handover_id}", name="console_handover")
def handover_page(request: Request, handover_id: RecordId) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff = signed_in(request, session)
        if staff is None:
            return to_login(request, language, "session_ended" if request.cookies.get(SESSION_COOKIE) else None)
        handover, refusal = _held(session, staff, handover_id)
        if handover is None:
            return _message(request, language, REFUSALS[str(refusal)], str(refusal), staff)
        return _conversation_page(request, session, staff, handover, language)


@router.get("/handovers/{handover_id}/events")
def handover_events(request: Request, handover_id: RecordId, after: After = 0) -> StreamingResponse:
    """The conversation's new messages (event ``transcript``, one each, its id as the event's
    id); ``ended`` when it is no longer the counsellor's. Each tick tells the handover that
    the console still shows it (``rules.seen``)."""
    language = console_language(request)
    sessions = sessions_of(request)
    last = request.headers.get("last-event-id", "")
    start = max(after, int(last) if last.isdigit() else 0)

    def tick(since: int) -> list[dict[str, Any]] | str:
        with sessions.begin() as session:
            staff = signed_in(request, session)
            if staff is None:
                return "signed_out"
            handover, refusal = _held(session, staff, handover_id)
            if handover is None:
                return str(refusal)
            if handover.counsellor_id == staff.id:
                rules.seen(session, handover)
            news = session.scalars(select(Message).where(Message.conversation_id == handover.conversation_id,
                                                         Message.id > since).order_by(Message.id).limit(100))
            return [transcript_item(m, handover.language, language) for m in news]

    async def ticks() -> AsyncIterator[str]:
        since = start
        yield f"retry: {int(TICK_SECONDS * 1000)}\n\n"
        deadline = asyncio.get_running_loop().time() + STREAM_SECONDS
        while True:
            news = await run_in_threadpool(tick, since)
            if news == "signed_out":
                yield _event("signed_out", {"url": f"{PATH}/login?notice=session_ended"})
                return
            if isinstance(news, str):
                yield _event("ended", {"text": CONSOLE(language, "ended_live"), "url": PATH})
                return
            for item in news:
                since = item["id"]
                yield _event("transcript", item, since)
            if not news:
                yield ": tick\n\n"
            if asyncio.get_running_loop().time() >= deadline:
                return
            await asyncio.sleep(TICK_SECONDS)

    return _stream(ticks)


def _act(request: Request, session: Session, handover_id: int, csrf: str,
         language: str) -> tuple[Staff | None, Handover | None, Response | None]:
    """The signed-in account and the handover it may act on, or the page that refuses."""
    staff = signed_in(request, session)
    if staff is None:
        return None, None, to_login(request, language, "session_ended")
    if not _same(staff.csrf, csrf):
        return staff, None, _message(request, language, 403, "csrf", staff)
    handover, refusal = _held(session, staff, handover_id)
    if handover is None:
        return staff, None, _message(request, language, REFUSALS[str(refusal)], str(refusal), staff)
    return staff, handover, None


@router.post("/handovers/{handover_id}/say")
def say(request: Request, handover_id: RecordId, csrf: str = Form(""), text: str = Form(""),
        ready: str = Form("")) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff, handover, refused = _act(request, session, handover_id, csrf, language)
        if refused is not None or staff is None or handover is None:
            return refused or to_login(request, language)
        if ready in READY_KEYS:
            message = READY(handover.language, ready, name=staff.name)
        else:
            message = text.strip()
            error = (CONSOLE(language, "reply_empty") if not message else
                     CONSOLE(language, "reply_too_long", max=MAX_REPLY) if len(message) > MAX_REPLY else None)
            if error:
                return _conversation_page(request, session, staff, handover, language, {"reply": error},
                                          {"reply": text}, status=422)
        rules.say(session, handover, session.get_one(Account, staff.id), message)
    return _redirect(request, language, f"{PATH}/handovers/{handover_id}#reply-text")


@router.post("/handovers/{handover_id}/transfer")
def transfer(request: Request, handover_id: RecordId, csrf: str = Form(""), to: str = Form("")) -> Response:
    language = console_language(request)
    with sessions_of(request).begin() as session:
        staff, handover, refused = _act(request, session, handover_id, csrf, language)
        if refused is not None or staff is None or handover is None:
            return refused or to_login(request, language)
        allowed = {str(c["id"]) for c in colleagues(session, staff)}
        if to not in allowed:
            return _conversation_page(request, session, staff, handover, language,
                                      {"transfer": CONSOLE(language, "colleague_invalid")}, status=422)
        rules.transfer(session, handover, session.get_one(Account, int(to)), session.get_one(Account, staff.id))
    return _redirect(request, language, f"{PATH}?notice=transferred")


async def _end(request: Request, handover_id: int, csrf: str, note: str | None, notice: str) -> Response:
    """Close the handover (with ``note``, or none: back to the assistant); a chat's person is
    greeted again by the assistant."""
    language = console_language(request)

    def close() -> tuple[Response | None, Handover | None]:
        with sessions_of(request).begin() as session:
            staff, handover, refused = _act(request, session, handover_id, csrf, language)
            if refused is not None or staff is None or handover is None:
                return refused or to_login(request, language), None
            if note is not None and len(note.strip()) > MAX_NOTE:
                return _conversation_page(request, session, staff, handover, language,
                                          {"note": CONSOLE(language, "note_too_long", max=MAX_NOTE)},
                                          {"note": note}, status=422), None
            rules.close(session, handover, session.get_one(Account, staff.id), note)
            return None, handover

    refused, handover = await run_in_threadpool(close)
    if refused is not None or handover is None:
        return refused or to_login(request, language)
    if handover.kind == "chat":
        await run_in_threadpool(request.app.state.gateway.hand_back, handover.conversation_id)
    return _redirect(request, language, f"{PATH}?notice={notice}")


@router.post("/handovers/{handover_id}/handback")
async def handback(request: Request, handover_id: RecordId, csrf: str = Form("")) -> Response:
    return await _end(request, handover_id, csrf, None, "handed_back")


@router.post("/handovers/{handover_id}/close")
async def close(request: Request, handover_id: RecordId, csrf: str = Form(""), note: str = Form("")) -> Response:
    return await _end(request, handover_id, csrf, note, "closed")
