"""Render a response name into a message in one language."""

import logging
from typing import Any

from core import content
from core.i18n import normalise_language, translate
from core.responses import RESPONSES, Button, Response

log = logging.getLogger(__name__)

FAQ_PREFIX = "utter_faq/"


class _SafeArgs(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(text: str, arguments: dict[str, Any]) -> str:
    if "{" not in text:
        return text
    return text.format_map(_SafeArgs(arguments))


def _button(button: Button, language: str) -> dict[str, str]:
    if button.lang is None:
        return {"title": translate(language, button.title), "payload": button.payload}
    rendered = {"title": button.title, "payload": button.payload}
    if button.lang != language:
        rendered["lang"] = button.lang
    return rendered


def _buttons(buttons: tuple[Button, ...], language: str) -> list[dict[str, str]]:
    return [_button(b, language) for b in buttons]


def known(name: str) -> bool:
    if name.startswith(FAQ_PREFIX):
        return name[len(FAQ_PREFIX):] in content.faq()
    return name in RESPONSES


def render(name: str, language: str | None, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
    """``{"text": ..., "buttons": [...]}`` for response ``name`` in ``language``."""
    language = normalise_language(language)
    arguments = arguments or {}
    if name.startswith(FAQ_PREFIX):
        topic = content.faq().get(name[len(FAQ_PREFIX):])
        if topic is not None:
            text = topic.answer.get(language)
            if topic.link:
                text = f"{text}\n{topic.link}"
            follow = RESPONSES["utter_faq_more"]
            return {"text": text, "buttons": _buttons(follow.buttons, language)}
    response: Response | None = RESPONSES.get(name)
    if response is None:
        log.error("No message for response %s", name)
        response = RESPONSES["utter_default"]
    return {
        "text": _format(translate(language, response.text), arguments),
        "buttons": _buttons(response.buttons, language),
    }
