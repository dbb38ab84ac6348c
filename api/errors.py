"""Error answers in the person's language."""

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.texts import API_ERRORS
from core.i18n import LANGUAGES, translate


class _Args(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def request_language(request: Request, default: str) -> str:
    """The first of fr/nl/en in the Accept-Language header, else ``default``."""
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return default


class ErrorOut(BaseModel):
    """What the web channel answers to a request it cannot take: a sentence in the
    person's language, and a key for programs."""

    detail: str = Field(description="in the person's language")
    error: str = Field(description="a key: text_missing, session_unknown, too_many, too_large, unavailable …")


class StaffError(BaseModel):
    detail: str


def _described(model: type[BaseModel], statuses: dict[int, str]) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": model, "description": text} for code, text in statuses.items()}


# The answers every route of the web channel may give besides its own.
WEB_RESPONSES = _described(ErrorOut, {400: "The body cannot be read", 413: "The request is too large",
                                      422: "The request is not valid", 429: "Too many requests: wait (Retry-After)",
                                      503: "The service is not available"})
# The answers every staff route may give besides its own (422 is FastAPI's, field by field).
STAFF_RESPONSES = _described(StaffError, {400: "The body cannot be read",
                                          401: "Not signed in, or the token has expired",
                                          403: "The role does not allow this", 503: "The service is not available"})
SESSION_UNKNOWN = _described(ErrorOut, {404: "The conversation does not exist (any more)"})
NOT_FOUND = _described(StaffError, {404: "No such record"})
CONFLICT = _described(StaffError, {409: "The record is not in a state that allows this"})
WRONG_PASSWORD = _described(StaffError, {401: "Wrong username or password", 429: "Too many attempts: wait"})


def error_response(request: Request, status: int, key: str, language: str | None = None,
                   **arguments: object) -> JSONResponse:
    language = language or request_language(request, request.app.state.settings.default_language)
    text = translate(language, API_ERRORS[key]).format_map(_Args(arguments))
    return JSONResponse(status_code=status, content={"detail": text, "error": key})
