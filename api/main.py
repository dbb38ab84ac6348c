"""FastAPI app: web channel, NLG endpoint for Rasa, demo page with the widget."""

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import (
    auth,
    channels_staff,
    childcare_staff,
    console,
    counsellor,
    nlg,
    ops,
    pathway_staff,
    telegram,
    web,
    whatsapp,
)
from api.dashboards import routes as dashboard_routes
from api.errors import error_response
from api.security import BodyTooLarge, SecurityHeaders
from api.throttle import Throttle, TooMany, password_pool, refused
from bot.channels import outbox
from bot.gateway import Gateway
from bot.rasa_client import RasaClient
from bot.telegram.channel import TelegramChannel
from bot.whatsapp.channel import WhatsAppChannel
from core import capabilities, crypto, privacy
from core.childcare import reminders
from core.db import exclusive, session_factory
from core.handover import rules as handover
from core.i18n import detect_language
from core.models import Base, utcnow
from core.quality.records import count_past_days
from core.settings import Settings, get_settings, origins
from core.training import catalogue
from core.training.content import catalogue_file

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


async def _every(what: str, seconds: float, work: Callable[[Session], object],
                 sessions: sessionmaker[Session], first: float = 0) -> None:
    """``work`` in a transaction of its own, after ``first`` seconds and then every
    ``seconds``; a failure is logged by type and the next round tries again (the app keeps
    serving)."""
    def once() -> None:
        with sessions.begin() as session:
            if exclusive(session, what):  # one replica at a time does it; the others skip the round
                work(session)

    await asyncio.sleep(first)
    while True:
        try:
            await run_in_threadpool(once)
        except Exception as exc:
            log.error("%s failed: %s", what, type(exc).__name__)
        await asyncio.sleep(seconds)


def _background(app: FastAPI, settings: Settings) -> list[asyncio.Task[None]]:
    """Handover timeouts (counsellors gone, people waiting too long), the day's message
    counts of the dashboards, childcare reminders, and the retention purge: each safe to
    run in several replicas at once."""
    sessions = app.state.sessions
    jobs: list[tuple[str, float, Callable[[Session], object], float]] = [
        ("Handover timeouts", 30, handover.expire, 0), ("Message counts", 3600, count_past_days, 0)]
    if settings.reminders_interval_minutes:
        jobs.append(("Reminders", settings.reminders_interval_minutes * 60, reminders.queue_due, 0))
    if settings.retention_interval_minutes:  # the first purge an interval after the start
        interval = settings.retention_interval_minutes * 60
        jobs.append(("Retention", interval, privacy.purge, interval))
    return [asyncio.create_task(_every(what, seconds, work, sessions, first))
            for what, seconds, work, first in jobs]


async def _push_channels(app: FastAPI, settings: Settings) -> dict[str, TelegramChannel | WhatsAppChannel]:
    """The push channels whose settings are there, started; each one missing says so once."""
    senders: dict[str, TelegramChannel | WhatsAppChannel] = {}
    app.state.telegram = app.state.whatsapp = None
    if settings.telegram_token and settings.telegram_secret:
        app.state.telegram = senders["telegram"] = TelegramChannel(app.state.gateway, settings)
    else:
        log.info("Telegram is off: TELEGRAM_TOKEN and TELEGRAM_SECRET are not both set")
    if (settings.whatsapp_token and settings.whatsapp_app_secret and settings.whatsapp_verify_token
            and settings.whatsapp_phone_number_id):
        app.state.whatsapp = senders["whatsapp"] = WhatsAppChannel(app.state.gateway, settings)
    else:
        log.info("WhatsApp is off: WHATSAPP_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN and "
                 "WHATSAPP_PHONE_NUMBER_ID are not all set")
    for sender in senders.values():
        await sender.start()
    return senders


async def _taken_again(senders: dict[str, TelegramChannel | WhatsAppChannel], settings: Settings,
                       seconds: float = 30) -> None:
    """Deliveries a replica took (the platform got its 200) and died before storing: after
    longer than any answer may take, another replica answers them (each claimed by one)."""
    longest = timedelta(seconds=4 * settings.rasa_timeout_seconds + 60)
    while True:
        await asyncio.sleep(seconds)
        for channel in senders.values():
            try:
                taken = await channel.take_again(utcnow() - longest)
            except Exception as exc:
                log.error("Taking deliveries again failed: %s", type(exc).__name__)
                continue
            if taken:
                log.warning("%d deliveries left by a stopped replica are answered now", taken)


def _allow_embedding(app: FastAPI, settings: Settings) -> None:
    """Other sites' pages embed the widget (WIDGET_ORIGINS): they may call the web channel.
    The staff API takes an Authorization header, which is not allowed across sites."""
    allowed = origins(settings.widget_origins)
    if allowed:
        app.add_middleware(
            CORSMiddleware, allow_origins=allowed, allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept", "Accept-Language"], max_age=3600,
        )


def _load(app: FastAPI, settings: Settings) -> None:
    """What the app needs before the first person: the detector, valid content, the keys,
    the training catalogue."""
    detect_language("bonjour tout le monde")  # load the detector before the first person
    # A broken content file stops the start-up with file, entry and reason.
    capabilities.load_content()
    try:
        crypto.require_keys()
    except crypto.CryptoError as exc:  # the rest of the assistant works without
        log.warning("Pathway registrations unavailable: %s", exc)
    _version, modules = catalogue_file()
    try:
        with app.state.sessions.begin() as session:
            counts = catalogue.sync_catalogue(session, modules)
        log.info("Training modules: %(added)d added, %(updated)d updated, %(kept)d kept", counts)
    except IntegrityError:  # another replica loaded them at the same moment
        log.info("Training modules were being loaded by another process")


def _refuse_unreadable_health_data(sessions: sessionmaker[Session]) -> None:
    """Never start with keys that cannot open the health data already stored: every
    registration read or purged would fail, and new ones would be locked with another key."""
    with sessions() as session:
        problem = crypto.unreadable(session, Base.metadata)
    if problem:
        log.error("Not starting: %s", problem)
        raise RuntimeError(problem)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds,
                      settings.rasa_token.get_secret_value() if settings.rasa_token else None)
    app.state.sessions = session_factory(settings.database_url)
    _refuse_unreadable_health_data(app.state.sessions)
    app.state.password_pool = password_pool(settings)
    app.state.gateway = Gateway(app.state.sessions, rasa, settings)
    _load(app, settings)
    senders = await _push_channels(app, settings)
    tasks = [asyncio.create_task(outbox.run_forever(app.state.sessions, senders,
                                                    settings.outbox_interval_seconds))] if senders else []
    tasks += [asyncio.create_task(_taken_again(senders, settings))] if senders else []
    tasks += _background(app, settings)
    yield
    for task in tasks:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
    for sender in senders.values():
        await sender.stop()
    rasa.close()
    app.state.password_pool.shutdown(wait=False)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Brussels job-seeker assistant",
        summary="Web channel, counsellor API and NLG endpoint of the assistant.",
        lifespan=_lifespan,
        # the API's documentation only where DOCS asks for it (`make run` does)
        docs_url="/docs" if settings.docs else None, redoc_url=None,
        openapi_url="/openapi.json" if settings.docs else None,
    )
    app.state.settings = settings
    app.state.throttle = Throttle(settings)
    _allow_embedding(app, settings)
    app.add_middleware(SecurityHeaders, max_body=settings.max_body_bytes)
    app.include_router(web.router)
    app.include_router(telegram.router)
    app.include_router(whatsapp.router)
    app.include_router(nlg.router)
    app.include_router(auth.router)
    app.include_router(counsellor.router)
    app.include_router(childcare_staff.router)
    app.include_router(pathway_staff.router)
    app.include_router(channels_staff.router)
    app.include_router(console.router)
    app.include_router(dashboard_routes.router)
    app.include_router(ops.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/", include_in_schema=False)
    def demo_page() -> FileResponse:
        return FileResponse(HERE / "templates" / "demo.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    _answer_errors(app)
    return app


def _methods_of(app: FastAPI, path: str) -> list[str]:
    """The methods the OpenAPI document gives ``path`` (its templates read as patterns)."""
    paths = app.openapi()["paths"]
    for template, operations in paths.items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path):
            return sorted(method.upper() for method in operations)
    return []


def _answer_errors(app: FastAPI) -> None:
    """Every error as the route's documented body: in the person's language on the web
    channel, field by field for staff tools, never a stack trace."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        if request.url.path.startswith(("/api/", "/auth/")):
            # Staff tools get every problem, field by field.
            return JSONResponse(status_code=422, content={"detail": jsonable_encoder(exc.errors())})
        key = web.explain_validation_error(exc)
        # Answer in the conversation's language when the request names a known one.
        language = None
        if request.url.path == "/web/messages" and isinstance(exc.body, dict):
            token = exc.body.get("session")
            language = await run_in_threadpool(web.session_language, request, token)
        return error_response(request, 422, key, language, max=web.MAX_TEXT)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        documented = _methods_of(app, request.url.path) if exc.status_code == 405 else []
        if documented:  # every method the path has (FastAPI makes one route per method)
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(documented)}
        if exc.status_code == 400 and request.url.path.startswith("/web/"):  # a body that cannot be read
            return error_response(request, 400, "invalid")
        return await http_exception_handler(request, exc)

    @app.exception_handler(BodyTooLarge)
    async def _too_large(request: Request, exc: BodyTooLarge) -> JSONResponse:
        return error_response(request, 413, "too_large")

    @app.exception_handler(TooMany)
    async def _too_many(request: Request, exc: TooMany) -> JSONResponse:
        return refused(request, exc.name, exc.key, exc.language)

    @app.exception_handler(crypto.CryptoError)
    async def _no_keys(request: Request, exc: crypto.CryptoError) -> JSONResponse:
        # A configuration problem: staff are told which, in the log without a stack trace.
        log.error("Encryption: %s", exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse(status_code=503, content={"detail": str(exc)})
        return error_response(request, 503, "unavailable")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Never a stack trace to the person; the log has the type and the route only.
        log.error("Unexpected %s on %s", type(exc).__name__, request.url.path, exc_info=exc)
        return error_response(request, 503, "unavailable")
