"""Limits: a flood of messages, of new conversations or of passwords is refused with 429
in the person's language and a time to wait; oversized bodies with 413; the counts are
shared through Redis by every replica, and kept per process when Redis is away."""

import logging
import uuid

import pytest
import redis
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings
from tests.api.conftest import create_account, sign_in
from tests.api.test_console import csrf_of

REDIS = "redis://127.0.0.1:6379/0"


def app_with(database_url, **limits) -> TestClient:
    settings = Settings(database_url=database_url, reminders_interval_minutes=0,
                        rasa_url="http://127.0.0.1:9", rasa_timeout_seconds=1, **limits)
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_a_flood_of_messages_is_refused_in_the_persons_language(database_url):
    with app_with(database_url, rate_limit_message="3/minute") as client:
        session = client.post("/web/sessions", json={"language": "nl"}).json()["session"]
        answers = [client.post("/web/messages", json={"session": session, "text": f"hallo {n}"}) for n in range(5)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
        refused = answers[3]
        assert refused.json()["detail"].startswith("Te veel berichten") and refused.json()["error"] == "too_many"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        other = client.post("/web/sessions", json={"language": "fr"}).json()["session"]
        assert client.post("/web/messages", json={"session": other, "text": "bonjour"}).status_code == 200, \
            "another conversation is not held back"


def test_new_conversations_from_one_address_are_limited(database_url):
    with app_with(database_url, rate_limit_new_session_ip="2/minute") as client:
        codes = [client.post("/web/sessions", json={"language": "en"}).status_code for _ in range(3)]
        assert codes == [201, 201, 429]


def test_an_account_waits_after_wrong_passwords_even_with_the_right_one(database_url):
    with app_with(database_url, rate_limit_login_failures="3/15 minutes") as client:
        db = client.app.state.sessions
        create_account(db, "nadia", "counsellor")
        create_account(db, "omar", "counsellor")
        assert [sign_in(client, "nadia", "wrong password!").status_code for _ in range(3)] == [401] * 3
        locked = sign_in(client, "nadia")
        assert locked.status_code == 429 and "retry-after" in locked.headers
        assert sign_in(client, "omar").status_code == 200, "another account signs in"


def test_the_console_says_to_wait_after_wrong_passwords(database_url):
    with app_with(database_url, rate_limit_login_failures="2/15 minutes") as client:
        create_account(client.app.state.sessions, "lea", "counsellor")

        def attempt(password):
            form = client.get("/console/login", params={"lang": "fr"})
            return client.post("/console/login", data={"username": "lea", "password": password,
                                                        "csrf": csrf_of(form)}, follow_redirects=False)

        assert [attempt("nope nope").status_code for _ in range(2)] == [401, 401]
        waited = attempt("a long enough password")
        assert waited.status_code == 429 and "Trop de tentatives" in waited.text


def test_a_body_too_large_is_refused_before_it_is_read(database_url):
    with app_with(database_url, max_body_bytes=2048) as client:
        session = client.post("/web/sessions", json={"language": "fr"}).json()["session"]
        big = client.post("/web/messages", json={"session": session, "text": "x" * 5000},
                          headers={"Accept-Language": "fr"})
        assert big.status_code == 413 and big.json()["error"] == "too_large"

        def chunks():
            yield b'{"session": "' + session.encode() + b'", "text": "'
            for _ in range(10):
                yield b"y" * 500
            yield b'"}'

        chunked = client.post("/web/messages", content=chunks(), headers={"Content-Type": "application/json"})
        assert chunked.status_code == 413


@pytest.fixture
def redis_prefix():
    prefix = f"test-limits-{uuid.uuid4().hex[:8]}"
    yield prefix
    connection = redis.Redis.from_url(REDIS)
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)


def test_replicas_share_their_counts_through_redis(database_url, redis_prefix):
    limits = {"redis_url": REDIS, "rate_limit_prefix": redis_prefix, "rate_limit_new_session_ip": "3/minute"}
    with app_with(database_url, **limits) as first, app_with(database_url, **limits) as second:
        codes = [client.post("/web/sessions").status_code for client in (first, second, first, second)]
    assert codes == [201, 201, 201, 429]
    assert any(redis.Redis.from_url(REDIS).scan_iter(f"{redis_prefix}*")), "counted in Redis"


def test_without_redis_the_limits_go_on_per_process_and_say_so_once(database_url, caplog):
    with caplog.at_level(logging.WARNING), app_with(
            database_url, redis_url="redis://127.0.0.1:1/0", rate_limit_new_session_ip="2/minute") as client:
        codes = [client.post("/web/sessions").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert caplog.text.count("Redis unavailable") == 1
