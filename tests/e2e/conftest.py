from dataclasses import dataclass

import httpx
import pytest

from core import content
from core.i18n import Texts, translate
from core.responses import RESPONSES

pytestmark = pytest.mark.e2e


@dataclass
class Person:
    """Someone chatting through the web channel, as the widget does."""

    client: httpx.Client
    session: str
    language: str | None = None

    def say(self, text: str) -> list[dict]:
        response = self.client.post("/web/messages", json={"session": self.session, "text": text})
        assert response.status_code == 200, response.text
        body = response.json()
        self.language = body["language"]
        assert body["messages"], f"no answer to {text!r}"
        return body["messages"]


def said(name: str, language: str) -> str:
    """What the assistant says for response ``name`` in ``language``."""
    if name.startswith("utter_faq/"):
        return content.faq()[name.split("/", 1)[1]].answer.get(language)
    return translate(language, RESPONSES[name].text)


@pytest.fixture
def person(stack):
    def start(language: str | None = None) -> Person:
        client = httpx.Client(base_url=stack.app_url, timeout=30)
        body = {"language": language} if language else None
        response = client.post("/web/sessions", json=body)
        assert response.status_code == 201
        return Person(client, response.json()["session"])

    return start


def texts(messages: list[dict]) -> str:
    """Everything the assistant said in one answer."""
    return "\n".join(m["text"] for m in messages)


def buttons(messages: list[dict]) -> list[dict]:
    return [b for m in messages for b in m.get("buttons", [])]


def payload(messages: list[dict], fragment: str) -> str:
    """The payload of the first button whose payload contains ``fragment`` (pressing it)."""
    return next(b["payload"] for b in buttons(messages) if fragment in b["payload"])


def text_of(catalogues: tuple[Texts, ...], language: str, key: str, /, **arguments) -> str:
    """A text of the first of ``catalogues`` (the capabilities' ``TEXTS``) that has ``key``,
    in ``language``, placeholders filled."""
    catalogue = next(c for c in catalogues if key in c)
    return catalogue(language, key, **arguments)


def in_the_language_test(url: str) -> tuple[Person, list[dict]]:
    """Someone in Dutch in the middle of the English test of a skills assessment: a form
    in Rasa's tracker, each answer checked by the action server. Returns the person and
    the last answer (a CEFR question)."""
    from tests.e2e.test_assessment_and_training import said as assessment_said

    client = httpx.Client(base_url=url, timeout=30)
    p = Person(client, client.post("/web/sessions", json={"language": "nl"}).json()["session"])
    reply = p.say("/start_assessment")
    reply = p.say(payload(reply, '"en"'))
    reply = p.say(payload(reply, '"done"'))
    reply = p.say("nee")
    assert assessment_said("nl", "cefr_prompt") in texts(reply)
    return p, reply
