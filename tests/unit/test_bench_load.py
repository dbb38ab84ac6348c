"""The benchmark's load (scripts/bench.py), against a local server that records what it
gets: conversations of five messages, each in a session of its own, all of them at once,
and Rasa's parse endpoint sent the API token."""

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts import bench
from scripts.bench import MESSAGES, PER_CONVERSATION


def load(*args: object) -> dict:
    """The benchmark's load, run as `make bench` runs it: in a thread with no event loop
    (another test may have left this one's marked as running)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(bench.load, *args).result()


def parses(*args: object) -> float:
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(bench.parses, *args).result()


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict]] = []
        self.in_flight = 0
        self.most_at_once = 0
        self.sessions = 0


@pytest.fixture
def server() -> Iterator[tuple[str, Recorder]]:
    seen = Recorder()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with seen.lock:
                seen.requests.append((self.path, body))
                seen.in_flight += 1
                seen.most_at_once = max(seen.most_at_once, seen.in_flight)
                if self.path == "/web/sessions":
                    seen.sessions += 1
                    answer: dict = {"session": f"s{seen.sessions}"}
                else:
                    answer = {"messages": []}
            time.sleep(0.05)  # an answer takes a moment: the others arrive meanwhile
            with seen.lock:
                seen.in_flight -= 1
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 64  # twenty connections at once

    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


def test_twenty_conversations_of_five_messages_run_at_once(server):
    url, seen = server
    figures = load(url, 20, 200)

    assert figures["n"] == 200 and len(figures["latencies"]) == 200
    assert figures["p50"] >= 50 and figures["rate"] > 0
    messages = [body for path, body in seen.requests if path == "/web/messages"]
    assert len(messages) == 200
    assert seen.sessions == 200 // PER_CONVERSATION  # a new session every five messages
    per_session: dict[str, list[str]] = {}
    for body in messages:
        per_session.setdefault(body["session"], []).append(body["text"])
    assert sorted(len(texts) for texts in per_session.values()) == [PER_CONVERSATION] * 40
    assert {text for texts in per_session.values() for text in texts} == {text for _, text in MESSAGES}
    assert seen.most_at_once >= 10  # the twenty together, not one after the other


def test_the_nlu_alone_is_asked_with_the_token(server):
    url, seen = server
    rate = parses(url, "the-token", 20, 100)

    assert rate > 0
    paths = [path for path, _ in seen.requests]
    assert len(paths) == 100 and set(paths) == {"/model/parse?token=the-token"}
    assert {body["text"] for _, body in seen.requests} == {text for _, text in MESSAGES}
    assert seen.most_at_once >= 10
