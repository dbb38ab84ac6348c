"""A fake Telegram Bot API (https://core.telegram.org/bots/api): answers as Telegram does
to the methods the assistant calls, and records them."""

import itertools
import time
from typing import Any

from tests.fakes.server import Answer, Call, FakeApi

TOKEN = "123456:fake-token-for-tests"
BOT = {"id": 123456, "is_bot": True, "first_name": "Assistant", "username": "assistant_test_bot"}


def method(call: Call) -> str:
    return call.path.rsplit("/", 1)[-1]


def telegram_api() -> FakeApi:
    ids = itertools.count(1000)

    def respond(call: Call) -> Answer:
        if not call.path.startswith(f"/bot{TOKEN}/"):
            return Answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        name = method(call)
        result: Any = True
        if name == "getMe":
            result = BOT
        elif name == "sendMessage":
            result = {"message_id": next(ids), "date": int(time.time()), "text": call.params.get("text", ""),
                      "chat": {"id": int(call.params["chat_id"]), "type": "private"}, "from": BOT}
        elif name == "getWebhookInfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return Answer(200, {"ok": True, "result": result})

    return FakeApi(respond)


def too_many_requests(seconds: int = 1) -> Answer:
    return Answer(429, {"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {seconds}",
                        "parameters": {"retry_after": seconds}})
