"""Someone on a push channel (Telegram, WhatsApp): what they send goes through the app's
webhook; what the assistant sends them is read from the channel's fake API."""

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from tests.fakes.server import Call, FakeApi

# Telegram chat and update ids, unique in the whole run (one module, however imported).
chats = itertools.count(700_000_001)
updates = itertools.count(5_000_001)


@dataclass
class PushPerson:
    app: httpx.Client
    api: FakeApi
    seen: int = 0
    last: list[Call] = field(default_factory=list)

    def to_me(self, call: Call) -> bool:
        """Whether ``call`` sends something to this person."""
        raise NotImplementedError

    def recorded(self) -> list[Call]:
        """What the channel took for this person (not what it refused)."""
        return self.api.recorded(lambda c: self.to_me(c) and c.status == 200)

    def replies(self, timeout: float = 30) -> list[Call]:
        """The messages of the reply: once some arrived and no more came for a moment."""
        deadline = time.monotonic() + timeout
        count = len(self.recorded())
        while count == self.seen and time.monotonic() < deadline:
            time.sleep(0.05)
            count = len(self.recorded())
        assert count > self.seen, "no answer"
        while True:
            time.sleep(0.6)
            now = len(self.recorded())
            if now == count:
                break
            count = now
        self.last, self.seen = self.recorded()[self.seen:count], count
        return self.last

    def nothing_more(self, seconds: float = 2) -> bool:
        time.sleep(seconds)
        return len(self.recorded()) == self.seen


def clients(base_url: str) -> tuple[Callable[[], httpx.Client], Callable[[], None]]:
    """Make HTTP clients of the app, and close them all."""
    made: list[httpx.Client] = []

    def make() -> httpx.Client:
        made.append(httpx.Client(base_url=base_url, timeout=30))
        return made[-1]

    def close() -> None:
        for client in made:
            client.close()

    return make, close
