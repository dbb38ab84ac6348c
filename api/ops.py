"""Probes for process managers and load balancers: liveness and readiness."""

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

router = APIRouter(tags=["ops"], include_in_schema=False)  # for process managers, not an API


def _answers(check: Callable[[], object]) -> str:
    try:
        check()
    except Exception as error:  # the type only: a probe's answer is public
        return f"unavailable ({type(error).__name__})"
    return "ok"


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "Something the app needs does not answer"}})
def ready(request: Request) -> JSONResponse:
    """Readiness: the database answers, Redis when one is configured, and a Rasa server."""
    state = request.app.state

    def database() -> None:
        with state.sessions() as session:
            session.execute(text("SELECT 1"))

    checks = {"database": _answers(database),
              "redis": _answers(state.throttle.ping) if state.settings.redis_url else "not configured",
              "rasa": "ok" if state.gateway.rasa.answers() else "unavailable"}
    ok = all(value in ("ok", "not configured") for value in checks.values())
    return JSONResponse({"status": "ready" if ok else "not ready", "checks": checks}, status_code=200 if ok else 503)
