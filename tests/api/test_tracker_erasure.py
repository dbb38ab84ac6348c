"""After an erasure, Rasa's tracker is emptied; when Rasa's HTTP API cannot be reached at
that moment, it is emptied before the conversation's next message reaches Rasa.

Rasa here is a loopback HTTP server that answers the webhook as an erasure would
(actions/privacy.py) and refuses the first tracker reset; the real Rasa does the same
erasure in tests/e2e/test_my_data.py."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.main import create_app
from core.models import Message
from core.settings import Settings


def answer(handler: BaseHTTPRequestHandler, status: int, body) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@pytest.fixture
def rasa():
    calls: list[tuple[str, str]] = []
    refusals = {"left": 1}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            calls.append(("message", message["message"]))
            replies = [{"recipient_id": message["sender"], "text": "Your data is erased."}]
            if message["message"] == "erase":
                replies.append({"recipient_id": message["sender"], "custom": {"forget": True}})
            answer(self, 200, replies)

        def do_PUT(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            calls.append(("reset", self.path.split("?")[0]))
            if refusals["left"]:
                refusals["left"] -= 1
                answer(self, 503, {"status": "failure"})
            else:
                answer(self, 200, {"events": []})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", calls
    server.shutdown()
    server.server_close()


def test_a_tracker_not_emptied_at_the_erasure_is_emptied_before_the_next_message(database_url, rasa):
    url, calls = rasa
    settings = Settings(database_url=database_url, rasa_url=url, rasa_token="t0ken",
                        reminders_interval_minutes=0)
    with TestClient(create_app(settings)) as client:
        token = client.post("/web/sessions", json={"language": "en"}).json()["session"]
        client.post("/web/messages", json={"session": token, "text": "hello"})
        body = client.post("/web/messages", json={"session": token, "text": "erase"}).json()
        assert body["erased"] is True
        assert [m["text"] for m in body["messages"]] == ["Your data is erased."], "the instruction is not shown"
        with client.app.state.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Message)) == 0, "the transcript is gone"
        reset = [c for c in calls if c[0] == "reset"]
        assert len(reset) == 1, "the tracker was asked to be emptied (and refused)"

        calls.clear()
        client.post("/web/messages", json={"session": token, "text": "hello again"})
        assert [c[0] for c in calls] == ["reset", "message"], "emptied before the next message"
        assert calls[0][1] == reset[0][1], "the same conversation's tracker"

        calls.clear()
        client.post("/web/messages", json={"session": token, "text": "and again"})
        assert [c[0] for c in calls] == ["message"], "once emptied, never again"


def test_an_erasure_whose_answer_times_out_still_forgets_everything(database_url):
    """The action erased the data, then Rasa's answer came too late: the person is told it
    is erased, the transcript is gone and the tracker is emptied before the next message."""
    import time

    from core import privacy
    from core.db import session_factory

    calls: list[str] = []
    sessions = session_factory(database_url)

    class SlowErasure(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            calls.append(message["message"])
            if message["message"] == "erase":  # the action runs, then the answer is late
                with sessions.begin() as s:
                    privacy.erase(s, message["sender"])
                time.sleep(2.5)
            answer(self, 200, [{"recipient_id": message["sender"], "text": "Hello."}])

        def do_PUT(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            calls.append("reset")
            answer(self, 200, {"events": []})

    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowErasure)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(database_url=database_url, rasa_url=f"http://127.0.0.1:{server.server_address[1]}",
                        rasa_token="t0ken", rasa_timeout_seconds=1, reminders_interval_minutes=0)
    try:
        with TestClient(create_app(settings)) as client:
            token = client.post("/web/sessions", json={"language": "fr"}).json()["session"]
            client.post("/web/messages", json={"session": token, "text": "bonjour"})
            body = client.post("/web/messages", json={"session": token, "text": "erase"}).json()
            assert body["erased"] is True, "the widget forgets its transcript too"
            assert "effacé" in body["messages"][0]["text"]
            with client.app.state.sessions() as s:
                assert s.scalar(select(func.count()).select_from(Message)) == 0, "the transcript is gone"
            calls.clear()
            client.post("/web/messages", json={"session": token, "text": "bonjour"})
            assert calls[:2] == ["reset", "bonjour"], "emptied again before the next message"
    finally:
        server.shutdown()
        server.server_close()
        sessions.kw["bind"].dispose()
