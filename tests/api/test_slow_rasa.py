"""Rasa that accepts the connection but never answers: the person still gets an answer in time."""

import socket
import time

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings


@pytest.fixture
def hung_server():
    """A loopback port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_slow_rasa_gets_an_apology_within_the_timeout(database_url, hung_server):
    settings = Settings(database_url=database_url, rasa_url=hung_server, rasa_timeout_seconds=2)
    with TestClient(create_app(settings)) as client:
        token = client.post("/web/sessions", json={"language": "fr"}).json()["session"]
        started = time.monotonic()
        response = client.post("/web/messages", json={"session": token, "text": "/greet"})
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert 1.5 < elapsed < 10
    assert response.json()["language"] == "fr"
    assert "réessayer" in response.json()["messages"][0]["text"].lower()
