"""Answering push channels in the background: the webhook returns at once, and each
person's messages are answered one at a time, in the order they came."""

import asyncio
import logging
import weakref
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class InOrder:
    def __init__(self, channel: str):
        self.channel = channel
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._tasks: set[asyncio.Task[None]] = set()

    def run(self, person: str, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` after what is already running for ``person``."""
        lock = self._locks.get(person) or self._locks.setdefault(person, asyncio.Lock())
        task = asyncio.create_task(self._run(lock, work))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, lock: asyncio.Lock, work: Coroutine[Any, Any, None]) -> None:
        async with lock:
            try:
                await work
            except Exception as exc:  # the person's next message is still answered
                log.error("%s message not answered: %s", self.channel, type(exc).__name__)

    async def finish(self, seconds: float = 10) -> None:
        """Wait a little for the answers under way (at shut-down)."""
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=seconds)
