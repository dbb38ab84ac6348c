"""The sender of push notifications, with channels that take, refuse or fail."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.channels.outbox import Undeliverable, run_once
from core import conversations, notify
from core.models import Notification


class Channel:
    def __init__(self, name: str, failure: Exception | None = None):
        self.name, self.failure, self.sent = name, failure, []

    async def push(self, conversation_id, external_id, text, buttons, language):
        if self.failure:
            raise self.failure
        self.sent.append((external_id, text, language))


def run(senders, sessions) -> int:
    """One round of the sender, on an event loop of its own (a browser test may hold the
    main thread's)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run_once(sessions, senders)).result()


def queued(sessions, channel: str, who: str, text: str) -> None:
    with sessions.begin() as s:
        notify.queue(s, conversations.create(s, channel, who).id, text, language="nl")


def state(sessions) -> list[tuple[str, bool, bool, int]]:
    with sessions() as s:
        return [(n.text, n.delivered_at is not None, n.failed_at is not None, n.attempts)
                for n in s.scalars(select(Notification).order_by(Notification.id))]


def test_each_notification_goes_to_its_channel_once(sessions):
    queued(sessions, "telegram", "42", "Morgen: kinderopvang")
    queued(sessions, "whatsapp", "32470000001", "Er is een plaats vrij")
    queued(sessions, "web", "abc", "for the widget to collect")
    telegram, whatsapp = Channel("telegram"), Channel("whatsapp")
    assert run({"telegram": telegram, "whatsapp": whatsapp}, sessions) == 2
    assert telegram.sent == [("42", "Morgen: kinderopvang", "nl")]
    assert whatsapp.sent == [("32470000001", "Er is een plaats vrij", "nl")]
    assert run({"telegram": telegram, "whatsapp": whatsapp}, sessions) == 0
    assert state(sessions) == [("Morgen: kinderopvang", True, False, 0), ("Er is een plaats vrij", True, False, 0),
                               ("for the widget to collect", False, False, 0)]


def test_a_refusal_that_cannot_change_fails_at_once_and_an_outage_is_tried_again(sessions):
    queued(sessions, "telegram", "42", "blocked")
    queued(sessions, "whatsapp", "32470000001", "down")
    channels = {"telegram": Channel("telegram", Undeliverable("Telegram: Forbidden: bot was blocked", retry=False)),
                "whatsapp": Channel("whatsapp", ConnectionError())}
    run(channels, sessions)
    assert state(sessions) == [("blocked", False, True, 1), ("down", False, False, 1)]
    with sessions() as s:
        [(failed, _)] = notify.failed(s)
        assert failed.failure == "Telegram: Forbidden: bot was blocked"
