"""One assistant message as Telegram's sendMessage receives it: texts and an inline keyboard.

Telegram wraps long button titles, so titles are kept whole; the keyboard goes under the
last part of the text.
"""

from dataclasses import dataclass

from bot.channels.limits import Option, split_text
from bot.texts import SYSTEM
from core.i18n import translate

TEXT_LIMIT = 4096  # characters of a message
CALLBACK_DATA = 64  # bytes of a button's callback data (the option's id)
SHORT_TITLE = 18  # titles up to this length fit two buttons side by side


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message: its text and the rows of buttons under it."""

    text: str
    keyboard: tuple[tuple[Option, ...], ...] = ()


def _check_ids(options: list[Option]) -> None:
    for option in options:
        size = len(option.id.encode("utf-8"))
        if size > CALLBACK_DATA:
            raise ValueError(f"callback id of {size} bytes (at most {CALLBACK_DATA}): {option.id!r}")


def keyboard(options: list[Option]) -> tuple[tuple[Option, ...], ...]:
    """Two buttons a row when every title is short, else one a row."""
    per_row = 2 if all(len(o.title) <= SHORT_TITLE for o in options) else 1
    return tuple(tuple(options[i : i + per_row]) for i in range(0, len(options), per_row))


def render(text: str, options: list[Option], language: str | None = None) -> list[Outgoing]:
    """The Telegram messages, in order, that say ``text`` with ``options`` as buttons under the last.

    A message with buttons and no text says "Choose:" in ``language``.
    """
    _check_ids(options)
    chunks = split_text(text, TEXT_LIMIT)
    if not options:
        return [Outgoing(chunk) for chunk in chunks]
    if not chunks:
        chunks = [translate(language, SYSTEM["choose"])]
    return [Outgoing(chunk) for chunk in chunks[:-1]] + [Outgoing(chunks[-1], keyboard(options))]
