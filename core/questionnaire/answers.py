"""Reading what a person answers: a pressed button, its number, or the words of a choice
in French, Dutch or English, and the words that stop a questionnaire."""

import json
import re

from core.i18n import fold_words
from core.questionnaire.contract import Choice

STOP_WORDS = {"stop", "stoppen", "stop ermee", "annuler", "annule", "arrete", "arreter",
              "arretez", "cancel", "quit", "exit", "halt", "ophouden", "genoeg", "/stop"}
_CHOICE_PAYLOAD = re.compile(r"^/choose(\{.*\})\s*$", re.S)
# Everyday words for common choice values, in the three languages.
SYNONYMS = {
    "yes": {"yes", "oui", "ja", "yep", "yeah", "y", "o", "j", "ouais", "jawel", "true", "vrai", "juist"},
    "no": {"no", "non", "nee", "neen", "nope", "n", "pas du tout", "helemaal niet", "not at all"},
    "little": {"a little", "little", "un peu", "peu", "een beetje", "beetje", "a bit", "partly", "more or less",
               "plus ou moins", "min of meer", "un petit peu"},
    "skip": {"skip", "passer", "sauter", "overslaan", "pass", "next", "suivant", "volgende"},
    "done": {"done", "that s all", "thats all", "c est tout", "fini", "termine", "dat is alles",
             "klaar", "no more", "non merci", "nee bedankt", "no thanks"},
    "none": {"none", "no", "non", "nee", "aucune", "aucun", "geen", "geen andere", "nothing",
             "rien", "niets", "no other", "pas d autre"},
    "resume": {"continue", "continuer", "verder", "doorgaan", "resume", "reprendre", "go on"},
    "restart": {"restart", "start again", "recommencer", "opnieuw", "opnieuw beginnen", "again"},
}
_NAME = re.compile(r"^[^\W\d_]+(?:[' .-]{1,2}[^\W\d_]+)*$")


def folded(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: how typed answers are compared."""
    return re.sub(r"[^\w\s/]", " ", fold_words(text)).strip()


def is_name(text: str, longest: int) -> bool:
    """Letters, with an apostrophe, a dot, a hyphen or a space between: "Anne-Marie",
    "El Amrani", "N'Diaye"."""
    return len(text) <= longest and bool(_NAME.match(text))


def is_stop(text: str) -> bool:
    return " ".join(folded(text).split()) in STOP_WORDS or text.strip().lower().startswith("/stop")


def payload_choice(text: str) -> str | None:
    """The value of a pressed choice button (``/choose{"choice": …}``), if it is one."""
    match = _CHOICE_PAYLOAD.match(text.strip())
    if not match:
        return None
    try:
        value = json.loads(match.group(1)).get("choice")
    except (ValueError, AttributeError):
        return None
    return str(value) if value is not None else None


def match_choice(text: str, choices: list[Choice]) -> str | None:
    """The value of the choice ``text`` names: a button payload, a number, a label in
    any language, or a common synonym."""
    value = payload_choice(text)
    values = [choice.value for choice in choices]
    if value is not None:
        return value if value in values else None
    answer = folded(text)
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return values[int(answer) - 1]
    for choice in choices:
        if answer in {folded(label) for label in choice.labels}:
            return choice.value
    for choice in choices:
        if answer in SYNONYMS.get(choice.value, set()):
            return choice.value
    return None
