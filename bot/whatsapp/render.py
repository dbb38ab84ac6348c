"""One assistant message as the WhatsApp Cloud API receives it.

Up to 3 choices become reply buttons under the message, up to 10 a list the person
opens with a button, more a numbered list they answer by writing. Each message object
is what is posted to ``/{phone-number-id}/messages``, without the recipient.
"""

from typing import Any

from bot.channels.limits import Option, distinct_titles, shorten, split_text
from bot.texts import SYSTEM
from core.i18n import translate

REPLY_BUTTONS = 3  # reply buttons in one message
BUTTON_TITLE = 20  # characters of a reply button's title
LIST_ROWS = 10  # rows of a list message
ROW_TITLE = 24  # characters of a row's title
ROW_DESCRIPTION = 72  # characters of a row's description
LIST_BUTTON = 20  # characters of the button that opens the list
INTERACTIVE_BODY = 1024  # characters of the text of a message with buttons or a list
TEXT_BODY = 4096  # characters of a text message


def _text(body: str) -> dict[str, Any]:
    return {"type": "text", "text": {"body": body, "preview_url": "http" in body}}


def _texts(text: str) -> list[dict[str, Any]]:
    return [_text(chunk) for chunk in split_text(text, TEXT_BODY)]


def _interactive_split(text: str, language: str) -> tuple[list[str], str]:
    """The text messages to send first, and the end of ``text`` that fits over buttons or a list."""
    chunks = split_text(text, TEXT_BODY)
    if not chunks:
        return [], translate(language, SYSTEM["choose"])
    last = chunks[-1]
    if len(last) <= INTERACTIVE_BODY:
        return chunks[:-1], last
    body = split_text(last, INTERACTIVE_BODY)[-1]
    before = last[: last.rindex(body)].rstrip()
    return chunks[:-1] + split_text(before, TEXT_BODY), body


def _buttons(body: str, options: list[Option]) -> dict[str, Any]:
    titles = distinct_titles([o.title for o in options], BUTTON_TITLE)
    buttons = [
        {"type": "reply", "reply": {"id": o.id, "title": title}}
        for o, title in zip(options, titles, strict=True)
    ]
    return {
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}},
    }


def _row(option: Option, title: str) -> dict[str, str]:
    row = {"id": option.id, "title": title}
    if title != option.title:
        row["description"] = shorten(option.title, ROW_DESCRIPTION)
    return row


def _list(body: str, options: list[Option], language: str) -> dict[str, Any]:
    titles = distinct_titles([o.title for o in options], ROW_TITLE)
    rows = [_row(o, title) for o, title in zip(options, titles, strict=True)]
    action = {
        "button": shorten(translate(language, SYSTEM["list_button"]), LIST_BUTTON),
        "sections": [{"rows": rows}],
    }
    return {
        "type": "interactive",
        "interactive": {"type": "list", "body": {"text": body}, "action": action},
    }


def numbered(text: str, options: list[Option], language: str) -> str:
    """``text``, then the choices numbered from 1 with their full titles, then how to answer."""
    lines = "\n".join(f"{number}. {o.title}" for number, o in enumerate(options, start=1))
    parts = [text.strip(), lines, translate(language, SYSTEM["numbered_hint"])]
    return "\n\n".join(part for part in parts if part)


def render(text: str, options: list[Option], language: str) -> list[dict[str, Any]]:
    """The WhatsApp messages, in order, that say ``text`` and offer ``options`` in ``language``."""
    if not options:
        return _texts(text)
    if len(options) > LIST_ROWS:
        return _texts(numbered(text, options, language))
    leading, body = _interactive_split(text, language)
    last = _buttons(body, options) if len(options) <= REPLY_BUTTONS else _list(body, options, language)
    return [*(_text(chunk) for chunk in leading), last]
