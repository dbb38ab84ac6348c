"""A Telegram update that a replica took (Telegram got its 200, so it will not send it
again) and that the replica never stored, because it stopped, is answered by another
replica once longer than any answer may take has passed; once, never twice. Rasa is a
closed loopback port here: the answer is the apology, which is enough to see that the
message was handled."""

import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.main import create_app
from core.channels.models import ChannelEvent
from core.models import Message, utcnow
from core.settings import Settings
from scripts.stack import free_port
from tests.fakes.telegram_api import TOKEN, method, telegram_api

SECRET = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}


def update_of(update_id: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text, "chat": {"id": 77, "type": "private"},
        "from": {"id": 77, "is_bot": False, "first_name": "Sara", "language_code": "nl"}}}


@pytest.fixture
def replica(database_url):
    telegram = telegram_api().start()
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{free_port()}",
                        rasa_timeout_seconds=1, reminders_interval_minutes=0, retention_interval_minutes=0,
                        telegram_token=TOKEN, telegram_secret="s3cret", telegram_api_url=telegram.url)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, telegram
    telegram.stop()


def sent(telegram) -> list[str]:
    return [call.params.get("text", "") for call in telegram.recorded(lambda c: method(c) == "sendMessage")]


def until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def stored(client, text: str) -> int:
    with client.app.state.sessions() as s:
        return len(list(s.scalars(select(Message).where(Message.direction == "in", Message.text == text))))


def take_again(client, older_than) -> int:
    return client.portal.call(client.app.state.telegram.take_again, older_than)


def test_an_update_left_by_a_stopped_replica_is_answered_once(replica):
    client, telegram = replica
    # what a replica leaves when it stops right after answering Telegram's webhook
    assert client.app.state.telegram.accept(update_of(5, "is er iemand?")) is not None
    assert stored(client, "is er iemand?") == 0
    assert take_again(client, utcnow() - timedelta(minutes=2)) == 0, "not before its answer could be late"

    with client.app.state.sessions.begin() as s:  # the time an answer may take has passed
        s.execute(update(ChannelEvent).values(received_at=utcnow() - timedelta(minutes=5)))
    assert take_again(client, utcnow() - timedelta(minutes=2)) == 1
    until(lambda: sent(telegram))
    assert sent(telegram), "the person got an answer"
    assert stored(client, "is er iemand?") == 1
    assert take_again(client, utcnow() + timedelta(minutes=1)) == 0, "handled: never taken again"
    time.sleep(0.3)
    assert stored(client, "is er iemand?") == 1 and len(sent(telegram)) == 1


def test_an_update_answered_as_usual_leaves_nothing_behind(replica):
    client, telegram = replica
    assert client.post("/telegram/webhook", json=update_of(6, "hallo"), headers=SECRET).status_code == 200
    until(lambda: sent(telegram))
    assert stored(client, "hallo") == 1
    with client.app.state.sessions() as s:
        assert s.scalar(select(ChannelEvent.pending).where(ChannelEvent.event_id == "6")) is None
    assert take_again(client, utcnow() + timedelta(minutes=1)) == 0
