"""What every request and answer of the app goes through: a body no larger than
MAX_BODY_BYTES (413 above), no content-type guessing, no referrer to other sites, and on
pages a content security policy without inline scripts that no other site may frame."""

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# Swagger UI (DOCS=true in development only) loads its scripts from a CDN.
_NO_POLICY = ("/docs",)


class BodyTooLarge(HTTPException):
    """A body sent in chunks grew past the limit while the app read it (413; an
    HTTPException, so that FastAPI does not take it for a malformed body)."""

    def __init__(self) -> None:
        super().__init__(413)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, max_body: int = 65536) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page_policy = not str(scope.get("path", "")).startswith(_NO_POLICY)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if page_policy and headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await error_response(Request(scope), 413, "too_large")(scope, receive, with_headers)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge()
            return message

        await self.app(scope, counted, with_headers)
