"""FastAPI app: web channel, NLG endpoint for Rasa, demo page with the widget."""

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from api import nlg, web
from api.errors import error_response
from bot.gateway import Gateway
from bot.rasa_client import RasaClient
from core import content
from core.db import session_factory
from core.i18n import detect_language
from core.settings import Settings, get_settings

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        app.state.gateway = Gateway(session_factory(settings.database_url), rasa, settings)
        detect_language("bonjour tout le monde")  # load the detector before the first person
        content.faq()  # a broken content file stops the start-up with file, entry and reason
        yield
        rasa.close()

    app = FastAPI(
        title="Brussels job-seeker assistant",
        summary="Web channel, counsellor API and NLG endpoint of the assistant.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(web.router)
    app.include_router(nlg.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/", include_in_schema=False)
    def demo_page() -> FileResponse:
        return FileResponse(HERE / "templates" / "demo.html", media_type="text/html")

    @app.get("/health", tags=["ops"])
    def health() -> dict:
        return {"status": "ok"}

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        key = web.explain_validation_error(exc)
        # Answer in the conversation's language when the request names a known one.
        language = None
        if request.url.path == "/web/messages" and isinstance(exc.body, dict):
            token = exc.body.get("session")
            language = await run_in_threadpool(web.session_language, request, token)
        return error_response(request, 422, key, language, max=web.MAX_TEXT)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Never a stack trace to the person; the log has the type and the route only.
        log.error("Unexpected %s on %s", type(exc).__name__, request.url.path, exc_info=exc)
        return error_response(request, 503, "unavailable")

    return app
