"""What a push channel delivered stays to do until the person's message is stored: a
delivery whose replica stopped in between (the platform got its 200 and will not send it
again) is taken again by another replica (api/main.py), once."""

from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from core.channels import records

T = TypeVar("T")


class Inbox(Generic[T]):
    """Mixed into a channel: ``channel`` its name, ``incoming`` how a delivery is rebuilt
    from what was kept, ``event_id`` the platform's id of a delivery."""

    channel: str
    incoming: Callable[..., T]
    sessions: sessionmaker[Session]

    def event_id(self, got: T) -> str:
        raise NotImplementedError

    def handle_later(self, got: T) -> None:
        raise NotImplementedError

    def unhandled(self, older_than: datetime) -> list[T]:
        """Deliveries taken before ``older_than`` by a replica that died before storing them."""
        with self.sessions.begin() as session:
            return [self.incoming(**kept) for kept in records.unhandled(session, self.channel, older_than)]

    async def take_again(self, older_than: datetime) -> int:
        """Answer, in the background, what ``unhandled`` finds; how many."""
        left = await run_in_threadpool(self.unhandled, older_than)
        for got in left:
            self.handle_later(got)
        return len(left)

    def stored(self, got: T) -> Callable[[Session], Any]:
        """For the gateway: mark the delivery handled in the transaction storing its message."""
        event_id = self.event_id(got)
        return lambda session: records.handled(session, self.channel, event_id)

    def handled(self, got: T) -> None:
        """The delivery is answered without a message to store (a photo, an unknown button)."""
        with self.sessions.begin() as session:
            records.handled(session, self.channel, self.event_id(got))
