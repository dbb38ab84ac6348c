"""Limits on how fast anyone may use the app, so that one script cannot book out the
sites, flood Rasa or stall everyone with password checks.

Counts live in Redis when REDIS_URL is set (shared by every replica), else in the
process's memory. When Redis cannot be reached, the limits go on per process and the
log says so once. The rules (``RATE_LIMITS``) are configuration, in the notation of the
``limits`` library: "30/minute", "5/15 minutes".
"""

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from fastapi import Request
from fastapi.responses import JSONResponse
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from api.errors import error_response
from core.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

# name → rule: what each limit counts, and the default (RATE_LIMIT_<NAME> changes one)
RULES = {
    "web_ip": "600/minute",  # every /web request of one address (a public computer space shares one)
    "new_session_ip": "60/minute",  # conversations started from one address
    "message": "40/minute",  # messages of one conversation: a person types and presses slower
    "poll": "60/minute",  # the widget asking for messages of one conversation
    "webhook_ip": "1200/minute",  # Telegram's or Meta's servers
    "login_ip": "30/minute",  # sign-in attempts from one address
    "login_failures": "5/15 minutes",  # wrong passwords for one account, then it waits
}


class Throttle:
    def __init__(self, settings: Settings) -> None:
        self.rules: dict[str, RateLimitItem] = {
            name: parse(str(getattr(settings, f"rate_limit_{name}", None) or default))
            for name, default in RULES.items()}
        self.prefix = settings.rate_limit_prefix
        self._memory: Storage = MemoryStorage()
        self._storage: Storage = self._memory
        if settings.redis_url:
            self._storage = RedisStorage(settings.redis_url, key_prefix=self.prefix, wrap_exceptions=True,
                                         socket_timeout=0.5, socket_connect_timeout=0.5)
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._fallback = MovingWindowRateLimiter(self._memory)
        self._degraded_told = False

    def _use(self, act: Callable[[MovingWindowRateLimiter], T]) -> T:
        try:
            return act(self._limiter)
        except Exception as error:  # Redis unreachable: per process, said once
            if not self._degraded_told:
                log.warning("Rate limits: Redis unavailable (%s); counting per process meanwhile",
                            type(error).__name__)
                self._degraded_told = True
            return act(self._fallback)

    def ping(self) -> None:
        """Raises when the configured Redis does not answer (readiness)."""
        if not self._storage.check():
            raise ConnectionError("Redis does not answer")

    def allow(self, name: str, key: str) -> bool:
        """Count one more for ``key`` under rule ``name``; False when over the limit."""
        return self._use(lambda limiter: limiter.hit(self.rules[name], name, key))

    def retry_after(self, name: str, key: str) -> int:
        """Seconds until ``key`` may try again under rule ``name``."""
        stats = self._use(lambda limiter: limiter.get_window_stats(self.rules[name], name, key))
        return max(1, math.ceil(stats.reset_time - time.time()))

    def over(self, name: str, key: str) -> bool:
        """Whether ``key`` is over the limit, without counting."""
        return not self._use(lambda limiter: limiter.test(self.rules[name], name, key))

    def clear(self, name: str, key: str) -> None:
        self._use(lambda limiter: limiter.clear(self.rules[name], name, key))


def throttle(request: Request) -> Throttle:
    found: Throttle = request.app.state.throttle
    return found


def address(request: Request) -> str:
    """The client's address (behind a proxy, the one it forwards: uvicorn's proxy headers)."""
    return request.client.host if request.client else "unknown"


def refused(request: Request, name: str, key: str, language: str | None = None) -> JSONResponse:
    """429, in the person's language, with when to try again."""
    response = error_response(request, 429, "too_many", language)
    response.headers["Retry-After"] = str(throttle(request).retry_after(name, key))
    return response


def limit_address(name: str) -> Callable[[Request], Awaitable[None]]:
    """A dependency counting every request of one address under rule ``name``."""

    async def check(request: Request) -> None:
        if not throttle(request).allow(name, address(request)):
            raise TooMany(name, address(request))

    return check


class TooMany(Exception):
    """Raised by a dependency; the app answers 429 (api/main.py)."""

    def __init__(self, name: str, key: str, language: str | None = None) -> None:
        super().__init__(name)
        self.name, self.key, self.language = name, key, language


# Password checks (argon2, 64 MiB each) run here, a few at a time, never in the pool that
# answers the people in the chat.
def password_pool(settings: Settings) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.password_workers, thread_name_prefix="password")


async def in_password_pool(request: Request, work: Callable[[], T]) -> T:
    pool: ThreadPoolExecutor | None = getattr(request.app.state, "password_pool", None)
    return await asyncio.get_running_loop().run_in_executor(pool, work)
