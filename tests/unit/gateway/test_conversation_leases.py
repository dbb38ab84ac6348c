"""A conversation's turn in Redis is a lease its holder renews: a long turn keeps it, and
the turn of a replica that died is free again within one lease."""

import threading
import time
import uuid

import pytest
import redis

from bot.ordering import Busy, ConversationLocks

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def prefix():
    name = f"test-leases-{uuid.uuid4().hex[:8]}"
    yield name
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{name}:*"):
        client.delete(key)
    client.close()


def test_a_turn_longer_than_its_lease_keeps_the_conversation(prefix):
    holder = ConversationLocks(REDIS, prefix, lease=0.6, wait=0.3)
    other = ConversationLocks(REDIS, prefix, lease=0.6, wait=0.3)  # another replica
    entered = threading.Event()

    def long_turn() -> None:
        with holder.turn("web:anna"):
            entered.set()
            time.sleep(2.0)  # more than three leases

    thread = threading.Thread(target=long_turn)
    thread.start()
    entered.wait(5)
    time.sleep(1.2)
    with pytest.raises(Busy), other.turn("web:anna"):
        pass
    thread.join()
    with other.turn("web:anna"):  # free once the turn ended
        pass


def test_the_turn_of_a_replica_that_died_is_free_within_one_lease(prefix):
    # what a replica killed in the middle of a turn leaves: a lease nobody renews
    redis.Redis.from_url(REDIS).set(f"{prefix}:turn:web:ben", "dead-replica", px=800)
    survivor = ConversationLocks(REDIS, prefix, lease=0.8, wait=3)
    started = time.monotonic()
    with survivor.turn("web:ben"):
        waited = time.monotonic() - started
    assert 0.3 < waited < 1.5, waited
