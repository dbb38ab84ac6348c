"""What the push channels keep, on a real database: a delivery handled once, buttons by
short keys (and by their words or number when typed), what became of each message sent,
notifications taken by one sender at a time and tried again with pauses."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core import conversations, notify
from core.channels import records
from core.db import session_factory
from core.models import Notification

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def chat(sessions, channel="whatsapp", who="32470000001") -> str:
    with sessions.begin() as s:
        return conversations.create(s, channel, who).id


def test_a_delivery_is_handled_once(sessions):
    me = chat(sessions)
    with sessions.begin() as s:
        assert records.first_delivery(s, "whatsapp", "wamid.1", me)
        assert not records.first_delivery(s, "whatsapp", "wamid.1", me)
        assert records.first_delivery(s, "telegram", "wamid.1", me), "each channel has its own ids"


MENU = [{"title": f"Choice {n}", "payload": f"/pick{{\"n\": {n}}}"} for n in range(1, 13)]


def test_buttons_go_by_short_keys_and_only_for_their_conversation(sessions):
    me, other = chat(sessions), chat(sessions, who="32470000002")
    with sessions.begin() as s:
        keys = records.offer(s, me, MENU[:3])
    assert [title for _, title in keys] == ["Choice 1", "Choice 2", "Choice 3"]
    assert all(len(key.encode()) <= 64 for key, _ in keys)
    with sessions() as s:
        assert records.pressed(s, me, keys[1][0]).payload == MENU[1]["payload"]
        assert records.pressed(s, other, keys[1][0]) is None
        assert records.pressed(s, me, "made-up") is None


def test_a_typed_title_or_the_number_of_a_numbered_list_is_that_choice(sessions):
    me = chat(sessions)
    with sessions.begin() as s:
        records.offer(s, me, MENU[:3])
    with sessions() as s:
        assert records.typed_choice(s, me, "choice 2", numbered_over=10) == MENU[1]["payload"]
        assert records.typed_choice(s, me, "2", numbered_over=10) is None, "three buttons were not numbered"
    with sessions.begin() as s:
        records.offer(s, me, MENU)  # twelve: a numbered list
    with sessions() as s:
        assert records.typed_choice(s, me, "11.", numbered_over=10) == MENU[10]["payload"]
        assert records.typed_choice(s, me, "13", numbered_over=10) is None
        assert records.typed_choice(s, me, "I have 2 children", numbered_over=10) is None


def test_a_status_never_goes_back_except_to_failed(sessions):
    me = chat(sessions)
    with sessions.begin() as s:
        records.sent(s, "whatsapp", "wamid.out", me)
        assert records.status(s, "whatsapp", "wamid.out", "read")
        assert records.status(s, "whatsapp", "wamid.out", "delivered")
        assert not records.status(s, "whatsapp", "wamid.unknown", "read")
    with sessions() as s:
        assert [d.status for d, _ in records.failed(s)] == []
    with sessions.begin() as s:
        records.status(s, "whatsapp", "wamid.out", "failed", "131026 Message undeliverable")
    with sessions() as s:
        [(delivery, conversation)] = records.failed(s)
        assert (delivery.reason, conversation.id) == ("131026 Message undeliverable", me)


def test_a_notification_is_tried_again_with_longer_pauses_then_fails_with_its_reason(sessions):
    me = chat(sessions)
    with sessions.begin() as s:
        notify.queue(s, me, "A place is free", language="en")
    now = NOW
    for pause in notify.RETRY_PAUSES:
        with sessions.begin() as s:
            [taken] = notify.claim(s, ["whatsapp"], now)
            assert notify.claim(s, ["whatsapp"], now) == [], "held by the sender that took it"
            notify.not_delivered(s, taken, "WhatsApp 503", now)
        with sessions.begin() as s:
            assert notify.claim(s, ["whatsapp"], now + pause - timedelta(seconds=1)) == []
        now += pause
    with sessions.begin() as s:
        [taken] = notify.claim(s, ["whatsapp"], now)
        notify.not_delivered(s, taken, "WhatsApp 503", now)
    with sessions() as s:
        notification = s.scalars(select(Notification)).one()
        assert notification.failed_at is not None and notification.failure == "WhatsApp 503"
        assert notification.attempts == len(notify.RETRY_PAUSES) + 1
        assert [n.id for n, _ in notify.failed(s)] == [notification.id]


def test_only_the_channels_asked_for_are_taken_and_a_delivery_joins_the_transcript(sessions):
    web, telegram = chat(sessions, "web", "abc"), chat(sessions, "telegram", "42")
    with sessions.begin() as s:
        notify.queue(s, web, "for the widget")
        notify.queue(s, telegram, "for Telegram")
    with sessions.begin() as s:
        [taken] = notify.claim(s, ["telegram", "whatsapp"], NOW)
        assert taken.text == "for Telegram"
        notify.delivered(s, taken, NOW)
    with sessions() as s:
        conversation = conversations.find(s, "telegram", "42")
        assert [m.text for m in conversation.messages] == ["for Telegram"]


def test_two_senders_never_take_the_same_notification(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("FOR UPDATE SKIP LOCKED: PostgreSQL (SQLite has one writer at a time)")
    factory = session_factory(database_url)
    me = chat(factory)
    with factory.begin() as s:
        for n in range(40):
            notify.queue(s, me, f"message {n}")
    taken: list[list[int]] = [[], []]
    barrier = threading.Barrier(2)

    def sender(index: int) -> None:
        with factory.begin() as s:
            barrier.wait()
            taken[index] = [n.id for n in notify.claim(s, ["whatsapp"], NOW, limit=25)]

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    factory.kw["bind"].dispose()
    assert not set(taken[0]) & set(taken[1])
    assert len(taken[0]) + len(taken[1]) >= 25
