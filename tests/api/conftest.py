"""The app with Rasa unreachable (a closed loopback port), and signed-in staff."""

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core import accounts
from core.settings import Settings
from scripts.stack import free_port

PASSWORD = "a long enough password"


@pytest.fixture
def staff_client(database_url):
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{free_port()}",
                        reminders_interval_minutes=0)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def db(staff_client):
    return staff_client.app.state.sessions


def create_account(db, username, role):
    with db.begin() as s:
        accounts.create_account(s, username, PASSWORD, role)


def sign_in(client, username, password=PASSWORD):
    return client.post("/auth/token", data={"username": username, "password": password})


def bearer(client, db, role, username=None):
    """Headers of a freshly signed-in account with ``role``."""
    username = username or f"{role}-user"
    create_account(db, username, role)
    response = sign_in(client, username)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
