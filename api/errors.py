"""Error answers in the person's language."""

from fastapi import Request
from fastapi.responses import JSONResponse

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


def error_response(request: Request, status: int, key: str, language: str | None = None,
                   **arguments: object) -> JSONResponse:
    language = language or request_language(request, request.app.state.settings.default_language)
    text = translate(language, API_ERRORS[key]).format_map(_Args(arguments))
    return JSONResponse(status_code=status, content={"detail": text, "error": key})
