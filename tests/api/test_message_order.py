"""Messages of one conversation sent together are answered one at a time, in order, each
answer tied to its message; across two app replicas too (through Redis).

Rasa here is a loopback server that answers slowly, echoing each message, so that
messages really arrive while another is still being answered."""

import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from core.models import Message
from core.settings import Settings


@pytest.fixture
def slow_rasa():
    inside = {"now": 0, "most": 0}
    guard = threading.Lock()

    class Slow(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with guard:
                inside["now"] += 1
                inside["most"] = max(inside["most"], inside["now"])
            time.sleep(0.3)
            with guard:
                inside["now"] -= 1
            data = json.dumps([{"recipient_id": message["sender"], "text": f"echo {message['message']}"}]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", inside
    server.shutdown()
    server.server_close()


def app(database_url, rasa_url, **more) -> TestClient:
    return TestClient(create_app(Settings(database_url=database_url, rasa_url=rasa_url, rasa_timeout_seconds=5,
                                          reminders_interval_minutes=0, **more)))


def transcript(client) -> list[tuple[str, str, int | None, int]]:
    with client.app.state.sessions() as s:
        return [(m.direction, m.text, m.reply_to, m.id) for m in s.scalars(select(Message).order_by(Message.id))]


def assert_in_order(rows) -> None:
    """in, its answer, in, its answer …: never two messages in before the first is answered."""
    assert [direction for direction, *_ in rows] == ["in", "out"] * (len(rows) // 2), rows
    for (_, said, _, asked), (_, answer, reply_to, _) in zip(rows[::2], rows[1::2], strict=True):
        assert answer == f"echo {said}" and reply_to == asked


def test_messages_sent_together_are_answered_one_at_a_time_in_order(database_url, slow_rasa):
    url, inside = slow_rasa
    with app(database_url, url) as client:
        session = client.post("/web/sessions", json={"language": "fr"}).json()["session"]
        with ThreadPoolExecutor(4) as pool:
            codes = list(pool.map(lambda n: client.post("/web/messages", json={
                "session": session, "text": f"message {n}"}).status_code, range(4)))
        assert codes == [200] * 4
        assert inside["most"] == 1, "Rasa saw one message of the conversation at a time"
        assert_in_order(transcript(client))


def test_two_replicas_keep_the_order_through_redis(database_url, slow_rasa):
    url, inside = slow_rasa
    prefix = f"test-order-{uuid.uuid4().hex[:8]}"
    try:
        with app(database_url, url, redis_url="redis://127.0.0.1:6379/0", rate_limit_prefix=prefix) as first, \
                app(database_url, url, redis_url="redis://127.0.0.1:6379/0", rate_limit_prefix=prefix) as second:
            session = first.post("/web/sessions", json={"language": "nl"}).json()["session"]
            with ThreadPoolExecutor(4) as pool:
                codes = list(pool.map(lambda n: (first, second)[n % 2].post("/web/messages", json={
                    "session": session, "text": f"bericht {n}"}).status_code, range(4)))
            assert codes == [200] * 4
            assert inside["most"] == 1
            assert_in_order(transcript(first))
    finally:
        connection = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in connection.scan_iter(f"{prefix}*"):
            connection.delete(key)
