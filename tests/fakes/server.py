"""A small real HTTP server on loopback that records what it receives: the stand-in of
an external API (Telegram's, WhatsApp's) that cannot be reached from here."""

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Call:
    method: str  # GET, POST
    path: str
    params: dict[str, Any]  # query, form or JSON body, with JSON values decoded
    headers: dict[str, str]
    status: int = 0  # what the fake answered


@dataclass
class Answer:
    status: int
    body: Any


# answer(call) → the answer to give, from the fake API's own rules
Responder = Callable[[Call], Answer]


def _decoded(value: str) -> Any:
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed if isinstance(parsed, dict | list) else value


@dataclass
class FakeApi:
    respond: Responder
    calls: list[Call] = field(default_factory=list)
    # answers to give before the API's own, first in first out (a 429, a 500 …)
    forced: list[tuple[Callable[[Call], bool], Answer]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> "FakeApi":
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                params: dict[str, Any] = {k: _decoded(v) for k, v in parse_qsl(parts.query)}
                if raw and (self.headers.get("Content-Type") or "").startswith("application/json"):
                    params |= json.loads(raw)
                elif raw:
                    params |= {k: _decoded(v) for k, v in parse_qsl(raw, keep_blank_values=True)}
                call = Call(self.command, parts.path, params, {k.lower(): v for k, v in self.headers.items()})
                answer = api._answer(call)
                body = json.dumps(answer.body).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def _answer(self, call: Call) -> Answer:
        with self.lock:
            self.calls.append(call)
            for i, (matches, answer) in enumerate(self.forced):
                if matches(call):
                    del self.forced[i]
                    call.status = answer.status
                    return answer
        answer = self.respond(call)
        call.status = answer.status
        return answer

    def force(self, matches: Callable[[Call], bool], answer: Answer) -> None:
        """Give ``answer`` once, to the next call that ``matches``."""
        with self.lock:
            self.forced.append((matches, answer))

    def recorded(self, matches: Callable[[Call], bool]) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if matches(c)]
