"""Rasa's lock store for replicas: the conversation locks in Redis, shared by every Rasa,
and per process while Redis cannot be reached, so that Rasa keeps answering (it imports
nothing of the project; scripts/rasa_run.py runs it in Rasa's environment).

The app holds each conversation's turn itself (bot/ordering.py), so a message of one
conversation reaches one Rasa at a time even then. The log says once that Redis is away,
and once that it is back.
"""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

log = logging.getLogger(__name__)
T = TypeVar("T")


class RedisOrMemoryLockStore(RedisLockStore):
    """``lock_store: type: rasa_locks.RedisOrMemoryLockStore`` in endpoints.yml, with the
    keys of Rasa's ``redis`` lock store (url, port, db, key_prefix, socket_timeout …)."""

    def __init__(self, endpoint_config: Any) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        self._memory = InMemoryLockStore()
        self._away = False

    def _either(self, in_redis: Callable[[], T], in_memory: Callable[[], T]) -> T:
        from redis.exceptions import RedisError

        try:
            result = in_redis()
        except RedisError as error:
            if not self._away:
                log.warning("Lock store: Redis unavailable (%s); conversation locks per process meanwhile",
                            type(error).__name__)
                self._away = True
            return in_memory()
        if self._away:
            log.warning("Lock store: Redis answers again; conversation locks shared again")
            self._away = False
        return result

    def get_lock(self, conversation_id: str) -> Any:
        return self._either(lambda: super(RedisOrMemoryLockStore, self).get_lock(conversation_id),
                            lambda: self._memory.get_lock(conversation_id))

    def delete_lock(self, conversation_id: str) -> None:
        self._either(lambda: super(RedisOrMemoryLockStore, self).delete_lock(conversation_id),
                     lambda: self._memory.delete_lock(conversation_id))

    def save_lock(self, lock: Any) -> None:
        self._either(lambda: super(RedisOrMemoryLockStore, self).save_lock(lock),
                     lambda: self._memory.save_lock(lock))
