"""Liveness and readiness: /ready says which of the database, Redis and Rasa does not
answer, with 503, so that a load balancer sends no one to a replica that cannot serve."""

from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings


def test_without_rasa_or_redis_the_app_is_alive_but_not_ready(database_url):
    settings = Settings(database_url=database_url, rasa_url="http://127.0.0.1:9", reminders_interval_minutes=0,
                        redis_url="redis://127.0.0.1:1/0")
    with TestClient(create_app(settings)) as client:
        assert client.get("/health").json() == {"status": "ok"}
        ready = client.get("/ready")
    assert ready.status_code == 503
    checks = ready.json()["checks"]
    assert checks["database"] == "ok" and checks["rasa"] == "unavailable"
    assert checks["redis"].startswith("unavailable")


def test_redis_that_answers_is_ready(database_url):
    settings = Settings(database_url=database_url, rasa_url="http://127.0.0.1:9", reminders_interval_minutes=0,
                        redis_url="redis://127.0.0.1:6379/0")
    with TestClient(create_app(settings)) as client:
        assert client.get("/ready").json()["checks"]["redis"] == "ok"
