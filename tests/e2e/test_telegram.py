"""Telegram, through the app's webhook, with the real Rasa server, action server and app;
what the assistant sends goes to a fake Bot API on loopback that records it."""

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from core.childcare import content, rules
from core.childcare.models import ChildcareBooking
from core.childcare.texts import TEXTS
from core.db import session_factory
from core.i18n import translate
from core.models import Conversation, Message, Notification
from core.questionnaire.texts import TEXTS as COMMON
from core.responses import RESPONSES
from tests.conftest import TELEGRAM_SECRET
from tests.e2e.push import PushPerson, chats, clients, updates
from tests.fakes.server import Call
from tests.fakes.telegram_api import method, too_many_requests

pytestmark = pytest.mark.e2e

HEADER = "X-Telegram-Bot-Api-Secret-Token"


def sent_to(chat_id: int, delivered: bool = False):
    """sendMessage calls to this chat (``delivered``: only those the API took)."""
    return lambda c: (method(c) == "sendMessage" and str(c.params.get("chat_id")) == str(chat_id)
                      and (not delivered or c.status == 200))


@dataclass
class TelegramPerson(PushPerson):
    """Someone in a private chat with the bot, on Telegram."""

    chat_id: int = 0
    language_code: str | None = "fr"

    def to_me(self, call: Call) -> bool:
        return sent_to(self.chat_id)(call)

    def user(self) -> dict[str, Any]:
        user = {"id": self.chat_id, "is_bot": False, "first_name": "Sara"}
        return user | ({"language_code": self.language_code} if self.language_code else {})

    def post(self, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET) -> httpx.Response:
        headers = {HEADER: secret} if secret is not None else {}
        return self.app.post("/telegram/webhook", json=update, headers=headers)

    def message_update(self, text: str | None, update_id: int | None = None, **more: Any) -> dict[str, Any]:
        message = {"message_id": next(updates), "date": int(time.time()), "from": self.user(),
                   "chat": {"id": self.chat_id, "type": "private", "first_name": "Sara"}} | more
        if text is not None:
            message["text"] = text
        return {"update_id": update_id or next(updates), "message": message}

    def say(self, text: str | None, **more: Any) -> list[Call]:
        response = self.post(self.message_update(text, **more))
        assert response.status_code == 200, response.text
        return self.replies()

    def press(self, title: str) -> list[Call]:
        """Press the button ``title`` under the latest message that has it."""
        key = next(button["callback_data"] for call in reversed(self.recorded())
                   for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
                   for button in row if button["text"] == title)
        query_id = str(next(updates))
        update = {"update_id": next(updates), "callback_query": {
            "id": query_id, "from": self.user(), "chat_instance": "1", "data": key,
            "message": {"message_id": 1, "date": int(time.time()),
                        "chat": {"id": self.chat_id, "type": "private"}}}}
        assert self.post(update).status_code == 200
        replies = self.replies()
        answered = self.api.recorded(lambda c: method(c) == "answerCallbackQuery"
                                     and c.params.get("callback_query_id") == query_id)
        assert len(answered) == 1, "the press is not acknowledged"
        return replies


def texts(calls: list[Call]) -> str:
    return "\n".join(str(c.params["text"]) for c in calls)


def titles(calls: list[Call]) -> list[str]:
    return [b["text"] for c in calls for row in (c.params.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row]


@pytest.fixture
def telegram_person(stack, telegram_api):
    make, close = clients(stack.app_url)

    def start(language_code: str | None = "fr") -> TelegramPerson:
        return TelegramPerson(make(), telegram_api, chat_id=next(chats), language_code=language_code)

    yield start
    close()


def said(language: str, key: str, /, **arguments: Any) -> str:
    return TEXTS(language, key, **arguments)


def open_day(after: int = 3) -> date:
    data = content.sites_content()
    day = date.today() + timedelta(days=after)
    while not rules.is_open(data.sites["molenbeek"], day):
        day += timedelta(days=1)
    return day


def test_start_greets_in_the_language_of_the_persons_telegram(telegram_person):
    p = telegram_person("nl")
    reply = p.say("/start")
    assert texts(reply) == translate("nl", RESPONSES["utter_greet"].text)
    assert translate("nl", RESPONSES["utter_greet"].buttons[0].title) in titles(reply)


def test_a_whole_childcare_booking_in_french_pressing_buttons(telegram_person, stack):
    p = telegram_person("fr")
    p.say("/start")
    reply = p.press(translate("fr", "Childcare"))
    assert said("fr", "registered") in texts(reply)
    reply = p.press(COMMON("fr", "b_yes"))
    assert said("fr", "reason") in texts(reply)
    reply = p.press(said("fr", "reason_job_start"))
    assert said("fr", "child_name") in texts(reply)
    reply = p.say("Yasmine")
    assert said("fr", "birth", name="Yasmine") in texts(reply)
    reply = p.say((date.today() - timedelta(days=400)).strftime("%d/%m/%Y"))
    reply = p.press(next(t for t in titles(reply) if "Molenbeek" in t))
    assert said("fr", "first_day") in texts(reply)
    day = open_day()
    reply = p.say(day.strftime("%d/%m/%Y"))
    reply = p.press(said("fr", "only_that_day"))
    reply = p.press(COMMON("fr", "b_skip"))
    assert said("fr", "confirm") in texts(reply) and "Yasmine" in texts(reply)
    reply = p.press(said("fr", "b_book"))
    with session_factory(stack.database_url)() as s:
        booking = s.scalars(select(ChildcareBooking).where(ChildcareBooking.child_name == "Yasmine")).one()
        assert booking.first_day == day and booking.site == "molenbeek" and booking.language == "fr"
    assert booking.reference in texts(reply)


def test_an_update_sent_twice_is_answered_once(telegram_person, stack):
    p = telegram_person("en")
    update = p.message_update("hello", update_id=next(updates))
    assert p.post(update).status_code == 200
    p.replies()
    assert p.post(update).status_code == 200
    assert p.nothing_more(), "the second delivery was answered"
    with session_factory(stack.database_url)() as s:
        conversation = s.scalars(select(Conversation).where(Conversation.channel == "telegram",
                                                            Conversation.external_id == str(p.chat_id))).one()
        said_in = s.scalar(select(func.count()).select_from(Message).where(
            Message.conversation_id == conversation.id, Message.direction == "in"))
        assert said_in == 1


@pytest.mark.parametrize("secret, status", [(None, 401), ("wrong-secret", 403)])
def test_a_forged_update_is_refused_and_nothing_is_stored(telegram_person, stack, secret, status):
    p = telegram_person("fr")
    response = p.post(p.message_update("bonjour"), secret=secret)
    assert response.status_code == status
    assert p.nothing_more(1)
    with session_factory(stack.database_url)() as s:
        assert s.scalar(select(func.count()).select_from(Conversation).where(
            Conversation.external_id == str(p.chat_id))) == 0


def test_a_photo_gets_told_what_the_assistant_can_read(telegram_person):
    from bot.texts import SYSTEM

    p = telegram_person("nl")
    reply = p.say(None, photo=[{"file_id": "x", "file_unique_id": "y", "width": 10, "height": 10}])
    assert texts(reply) == translate("nl", SYSTEM["only_text"])


def test_a_reminder_is_pushed_and_a_429_is_waited_out(telegram_person, stack, telegram_api):
    p = telegram_person("fr")
    p.say("/start")
    with session_factory(stack.database_url).begin() as s:
        conversation = s.scalars(select(Conversation).where(Conversation.external_id == str(p.chat_id))).one()
        telegram_api.force(sent_to(p.chat_id), too_many_requests(1))
        s.add(Notification(conversation_id=conversation.id, text="Rappel : demain, crèche de Molenbeek.",
                           language="fr"))
    reply = p.replies(timeout=30)
    assert texts(reply) == "Rappel : demain, crèche de Molenbeek."
    refused = [c for c in telegram_api.recorded(sent_to(p.chat_id)) if c.params["text"] == texts(reply)]
    assert len(refused) == 2  # refused once (429), sent again after retry_after
    with session_factory(stack.database_url)() as s:
        notification = s.scalars(select(Notification).where(Notification.conversation_id == conversation.id)).one()
        assert notification.delivered_at is not None and notification.failed_at is None
