"""Which messages reach Rasa as commands.

Rasa obeys any text of the form ``/intent{"entity": "value"}`` without asking its NLU.
A person (or a script) could type ``/delete_my_data{"choice": "erase_now"}`` and skip
the confirmation, or ``/childcare_cancel{"reference": …}`` with a reference never shown
to them. So a command reaches Rasa as one only when

- it is one of the buttons the assistant offered in its last reply (what a button press
  sends), or
- it starts something that asks before it changes anything (the menu's entries, with no
  entities), or it is the widget's language control;

anything else goes as plain words: the intent's name without its slash and its entities
(``delete my data``), for the NLU to read like any sentence.
"""

import json
import re
from collections.abc import Iterable

from core.i18n import LANGUAGES

COMMAND = re.compile(r"^\s*/(\w+)(\{.*\})?\s*$", re.DOTALL)

# Intents that only start a conversation's step, each asking before any change.
ENTRIES = frozenset({
    "greet", "goodbye", "thank", "help", "bot_challenge", "choose_language", "faq_menu", "stop",
    "start_assessment", "find_training", "training_more", "book_childcare", "my_bookings", "change_booking",
    "cancel_booking", "register_disability_pathway", "request_human", "delete_my_data",
})


def _same(payload: str) -> str:
    return "".join(payload.split())


def is_command(text: str) -> bool:
    return COMMAND.match(text) is not None


def for_rasa(text: str, offered: Iterable[str]) -> str:
    """What Rasa gets for what the person sent: the command itself, when allowed (see
    above), else its name as words."""
    found = COMMAND.match(text)
    if found is None:
        return text
    intent, entities = found.group(1), found.group(2)
    if _same(text) in {_same(payload) for payload in offered}:
        return text.strip()
    if entities is None and intent in ENTRIES:
        return text.strip()
    if intent == "choose_language" and entities is not None and _only_a_language(entities):
        return text.strip()
    return intent.replace("_", " ")


def _only_a_language(entities: str) -> bool:
    try:
        value = json.loads(entities)
    except ValueError:
        return False
    return isinstance(value, dict) and list(value) == ["language"] and value["language"] in LANGUAGES
