"""The Telegram and WhatsApp webhooks refuse what their platform did not send, before
anything is stored (Rasa is not needed for that: a closed loopback port stands for it)."""

import hashlib
import hmac
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.main import create_app
from bot.whatsapp.channel import signature_ok
from core.models import Conversation
from core.settings import Settings
from scripts.stack import free_port
from tests.fakes.graph_api import graph_api
from tests.fakes.telegram_api import TOKEN, telegram_api

UPDATE = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "hallo",
                                      "chat": {"id": 77, "type": "private"}, "from": {"id": 77, "is_bot": False,
                                                                                      "first_name": "Sara"}}}
DELIVERY = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
    "contacts": [{"wa_id": "32470000001"}],
    "messages": [{"from": "32470000001", "id": "wamid.1", "timestamp": "0", "type": "text",
                  "text": {"body": "hallo"}}]}}]}]}


@pytest.fixture
def client(database_url):
    telegram, graph = telegram_api().start(), graph_api().start()
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{free_port()}",
                        reminders_interval_minutes=0, telegram_token=TOKEN, telegram_secret="s3cret",
                        telegram_api_url=telegram.url, whatsapp_token="t", whatsapp_app_secret="app-secret",
                        whatsapp_verify_token="verify-me", whatsapp_phone_number_id="1",
                        whatsapp_api_url=graph.url)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client
    telegram.stop()
    graph.stop()


def conversations_stored(client) -> int:
    with client.app.state.sessions() as s:
        return s.scalar(select(func.count()).select_from(Conversation))


@pytest.mark.parametrize("headers, status", [({}, 401), ({"X-Telegram-Bot-Api-Secret-Token": "guess"}, 403)])
def test_telegram_without_its_secret_is_refused(client, headers, status):
    assert client.post("/telegram/webhook", json=UPDATE, headers=headers).status_code == status
    assert conversations_stored(client) == 0


def test_telegram_with_its_secret_is_taken(client):
    response = client.post("/telegram/webhook", json=UPDATE, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
    assert response.status_code == 200
    assert conversations_stored(client) == 1


def signed(body: bytes, secret: str = "app-secret") -> dict[str, str]:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
            "Content-Type": "application/json"}


@pytest.mark.parametrize("headers, status", [({}, 401), (signed(b"something else"), 403),
                                             (signed(json.dumps(DELIVERY).encode(), "another"), 403)])
def test_whatsapp_unsigned_or_wrongly_signed_is_refused(client, headers, status):
    response = client.post("/whatsapp/webhook", content=json.dumps(DELIVERY).encode(), headers=headers)
    assert response.status_code == status
    assert conversations_stored(client) == 0


def test_whatsapp_signed_is_taken_and_its_verification_needs_the_token(client):
    body = json.dumps(DELIVERY).encode()
    assert client.post("/whatsapp/webhook", content=body, headers=signed(body)).status_code == 200
    assert conversations_stored(client) == 1
    query = {"hub.mode": "subscribe", "hub.challenge": "42"}
    assert client.get("/whatsapp/webhook", params=query | {"hub.verify_token": "verify-me"}).text == "42"
    assert client.get("/whatsapp/webhook", params=query | {"hub.verify_token": "nope"}).status_code == 403


def test_a_channel_without_its_settings_is_off(database_url):
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{free_port()}",
                        reminders_interval_minutes=0)
    with TestClient(create_app(settings)) as off:
        assert off.post("/telegram/webhook", json=UPDATE).status_code == 404
        assert off.get("/whatsapp/webhook").status_code == 404


def test_the_signature_is_of_the_raw_body():
    body = b'{"a": 1}'
    header = signed(body)["X-Hub-Signature-256"]
    assert signature_ok("app-secret", body, header)
    assert not signature_ok("app-secret", b'{"a":1}', header)  # the same JSON, other bytes
    assert not signature_ok("app-secret", body, header.removeprefix("sha256="))
