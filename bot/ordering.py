"""One message of a conversation at a time, in the order they came.

Two messages of one person arriving together (a double press, two tabs, a script) would
otherwise reach Rasa side by side: answers given at the same moment in a questionnaire
could be lost, and the transcript would interleave them. The gateway holds the
conversation's lock from storing the message to storing the reply: a lock per process
(threads of this app), and, with REDIS_URL, one in Redis shared by every replica. A
message that cannot get its turn within ``wait`` seconds is refused (Busy: 429), never
queued forever behind a flood.

A lock in Redis is a lease of ``lease`` seconds that this process renews while the turn
lasts: when a replica dies in the middle of a turn, its conversations are free again
within ``lease`` seconds, not after the longest a turn may take.
"""

import logging
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import redis
from redis.exceptions import LockError, RedisError
from redis.lock import Lock

log = logging.getLogger(__name__)


class Busy(Exception):
    """The conversation is busy with other messages for longer than one may wait."""


class ConversationLocks:
    def __init__(self, redis_url: str | None = None, prefix: str = "assistant", lease: float = 5.0,
                 wait: float = 20.0) -> None:
        self.lease, self.wait = lease, wait  # a lock lapses ``lease`` s after its holder died
        self.prefix = prefix
        self._local: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
        self._guard = threading.Lock()
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=1, socket_connect_timeout=1) \
            if redis_url else None
        self._degraded_told = False
        self._held: set[Lock] = set()  # the leases this process renews
        self._renewer: threading.Thread | None = None

    def _renew(self) -> None:
        """Every third of a lease, renew the leases of the turns in progress."""
        while True:
            time.sleep(self.lease / 3)
            with self._guard:
                held = list(self._held)
            for lock in held:
                with suppress(LockError, RedisError):  # released meanwhile, or Redis away
                    lock.reacquire()

    def _keep(self, lock: Lock) -> None:
        with self._guard:
            self._held.add(lock)
            if self._renewer is None:
                self._renewer = threading.Thread(target=self._renew, name="conversation-leases", daemon=True)
                self._renewer.start()

    def _lock_of(self, key: str) -> threading.Lock:
        with self._guard:
            lock = self._local.get(key)
            if lock is None:
                lock = threading.Lock()
                self._local[key] = lock
            return lock

    @contextmanager
    def turn(self, key: str) -> Iterator[None]:
        """Hold ``key``'s turn (raises Busy when it does not come within ``wait`` s)."""
        local = self._lock_of(key)  # kept alive by this frame while it waits or holds
        if not local.acquire(timeout=self.wait):
            raise Busy(key)
        try:
            with self._shared(key):
                yield
        finally:
            local.release()

    @contextmanager
    def _shared(self, key: str) -> Iterator[None]:
        if self._redis is None:
            yield
            return
        lock = self._redis.lock(f"{self.prefix}:turn:{key}", timeout=self.lease, blocking_timeout=self.wait,
                                sleep=0.05, thread_local=False)  # renewed from another thread
        try:
            acquired = lock.acquire()
        except RedisError as error:  # Redis away: this process's order still holds
            if not self._degraded_told:
                log.warning("Conversation order: Redis unavailable (%s); ordered per process meanwhile",
                            type(error).__name__)
                self._degraded_told = True
            yield
            return
        if not acquired:
            raise Busy(key)
        self._keep(lock)
        try:
            yield
        finally:
            with self._guard:
                self._held.discard(lock)
            with suppress(LockError, RedisError):  # lapsed (Redis away for a while) or Redis went away
                lock.release()
