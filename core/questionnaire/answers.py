"""Reading what a person answers: a pressed button, its number or its place ("the second
one", "de tweede"), or words that name a choice, in French, Dutch or English, anywhere in
a sentence, with or without accents and with small typos (rapidfuzz); and the words that
stop a questionnaire. An answer that names two choices equally is not guessed: the
person is asked which one they mean.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from core.i18n import fold_words
from core.questionnaire.content import answer_words
from core.questionnaire.contract import Choice

STOP_WORDS = {"stop", "stoppen", "stop ermee", "annuler", "annule", "arrete", "arreter",
              "arretez", "cancel", "quit", "exit", "halt", "ophouden", "genoeg", "/stop"}
_CHOICE_PAYLOAD = re.compile(r"^/choose(\{.*\})\s*$", re.S)
_COMMAND = re.compile(r"^/\w+(\{.*\})?$", re.DOTALL)
_NAME = re.compile(r"^[^\W\d_]+(?:[' .-]{1,2}[^\W\d_]+)*$")

# The place of a choice in the list, in words; "last" is the last one.
ORDINALS = {
    1: {"first", "1st", "premier", "premiere", "1er", "1ere", "eerste", "1ste"},
    2: {"second", "2nd", "deuxieme", "seconde", "2e", "2eme", "tweede", "2de"},
    3: {"third", "3rd", "troisieme", "3e", "3eme", "derde", "3de"},
    4: {"fourth", "4th", "quatrieme", "4e", "4eme", "vierde", "4de"},
    5: {"fifth", "5th", "cinquieme", "5e", "5eme", "vijfde", "5de"},
    6: {"sixth", "6th", "sixieme", "6e", "6eme", "zesde", "6de"},
    7: {"seventh", "7th", "septieme", "7e", "7eme", "zevende", "7de"},
    8: {"eighth", "8th", "huitieme", "8e", "8eme", "achtste", "8ste"},
    9: {"ninth", "9th", "neuvieme", "9e", "9eme", "negende", "9de"},
    10: {"tenth", "10th", "dixieme", "10e", "10eme", "tiende", "10de"},
}
LAST = {"last", "dernier", "derniere", "laatste"}
CARDINALS = {1: {"one", "un", "une", "een", "eentje"}, 2: {"two", "deux", "twee"}, 3: {"three", "trois", "drie"},
             4: {"four", "quatre", "vier"}, 5: {"five", "cinq", "vijf"}, 6: {"six", "zes"},
             7: {"seven", "sept", "zeven"}, 8: {"eight", "huit", "acht"}, 9: {"nine", "neuf", "negen"},
             10: {"ten", "dix", "tien"}}
# Words around a number or a place that say nothing more ("I take the second one").
_AROUND = {"the", "one", "option", "number", "answer", "choice", "please", "i", "take", "choose", "want",
           "le", "la", "l", "choix", "numero", "n", "no", "nr", "reponse", "svp", "je", "prends", "choisis",
           "veux", "celle", "celui", "ci", "de", "het", "optie", "nummer", "keuze", "antwoord", "aub", "graag",
           "ik", "neem", "kies", "wil", "die", "dat", "is", "and", "et", "en", "plus", "also", "aussi", "ook"}
FUZZY_SCORE = 85  # rapidfuzz ratio from which a phrase of 5 letters or more is taken as written
FUZZY_WORD = 75  # and each of its words, in a phrase of several
REAL_WORD = 3.5  # wordfreq's Zipf frequency from which a word is a word of its own, not a typo
_FUZZY_TIE = 3
DONT_KNOW = "<dont_know>"  # "I don't know" where the question has no answer for it: not understood


def folded(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: how typed answers are compared."""
    return " ".join(re.sub(r"[^\w\s/]", " ", fold_words(text)).split())


def is_name(text: str, longest: int) -> bool:
    """Letters, with an apostrophe, a dot, a hyphen or a space between: "Anne-Marie",
    "El Amrani", "N'Diaye"."""
    return len(text) <= longest and bool(_NAME.match(text))


# Words that ask for a person, in any of the three languages ("je veux un conseiller",
# "kan ik een medewerker spreken", "a real person please").
PERSON_WORDS = {"conseiller", "conseillere", "conseillers", "humain", "humaine", "counsellor", "counselor",
                "advisor", "adviser", "human", "medewerker", "consulent", "begeleider", "mens", "agent",
                "personne", "person", "persoon", "iemand", "quelqu"}


def asks_for_a_person(text: str) -> bool:
    """A short message that asks to talk with a person rather than answer the question."""
    words = folded(text).split()
    return 0 < len(words) <= 10 and any(w in PERSON_WORDS for w in words)


def is_stop(text: str) -> bool:
    return folded(text) in STOP_WORDS or text.strip().lower().startswith("/stop")


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


@dataclass(frozen=True)
class Understood:
    """What an answer names: ``value`` when it names one choice; ``ambiguous`` when it
    names several equally (ask which); ``values``, every choice it names."""

    value: str | None = None
    ambiguous: tuple[str, ...] = ()
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Hit:
    start: int  # in words
    end: int
    strength: float  # a phrase written as it is beats a close one; a longer beats a shorter
    value: str


def _symbols(text: str) -> str:
    """The symbols of a text (emoji), without variation selectors."""
    return "".join(c for c in text if unicodedata.category(c).startswith("S"))


def _places(words: list[str], count: int) -> list[int] | None:
    """The places a short answer names ("2", "la deuxième", "the second one", "nummer 2",
    "1 et 3"); None when it says something else."""
    places: list[int] = []
    for word in words:
        number = re.fullmatch(r"(\d{1,2})(?:e|er|ere|eme|de|ste|st|nd|rd|th)?", word)
        if number:
            places.append(int(number.group(1)))
        elif word in LAST:
            places.append(count)
        elif any(word in ordinal for ordinal in ORDINALS.values()):
            places.append(next(n for n, ordinal in ORDINALS.items() if word in ordinal))
        elif len(words) == 1 and any(word in cardinal for cardinal in CARDINALS.values()):
            places.append(next(n for n, cardinal in CARDINALS.items() if word in cardinal))
        elif word not in _AROUND:
            return None
    return places if places and all(1 <= place <= count for place in places) else None


@lru_cache(maxsize=4096)
def _real_word(word: str) -> bool:
    return max(zipf_frequency(word, language) for language in ("fr", "nl", "en")) >= REAL_WORD


def _close(window: list[str], phrase: list[str]) -> float | None:
    """How close a window of the answer is to a phrase (a typo of it), or None. A word of
    its own ("niet") is no typo of another ("niets"), but may be an inflection of it
    ("mornings", "remotely"); in a phrase of several words, each longer word must be close."""
    if len(window) == 1 and _real_word(window[0]) and not window[0].startswith(phrase[0]):
        return None
    pairs = list(zip(window, phrase, strict=True))
    if any(fuzz.ratio(a, b) < FUZZY_WORD for a, b in pairs if min(len(a), len(b)) >= 4):
        return None
    other_words = [a for a, b in pairs if a != b and _real_word(a)]
    if len(pairs) > 1 and other_words and sum(a == b for a, b in pairs) < 2:  # "de passe" is not "je passe"
        return None
    score = fuzz.ratio(" ".join(window), " ".join(phrase))
    return score if score >= FUZZY_SCORE else None


def _hits(words: list[str], choice: Choice, fuzzy: bool) -> Iterable[_Hit]:
    for label in choice.labels:
        phrase = folded(label).split()
        if not phrase:
            continue
        size, joined = len(phrase), " ".join(phrase)
        for start in range(len(words) - size + 1):
            window = " ".join(words[start:start + size])
            if window == joined:
                if len(joined) > 1 or len(words) == 1:  # one letter counts only on its own
                    yield _Hit(start, start + size, 1000 + len(joined), choice.value)
            elif fuzzy and len(joined) >= 5:
                score = _close(words[start:start + size], phrase)
                if score is not None:
                    yield _Hit(start, start + size, score, choice.value)


def _strongest_apart(hits: list[_Hit]) -> list[_Hit]:
    """The strongest hits that do not overlap: "niet ingeschreven" hides "ingeschreven"."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: -h.strength):
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    return kept


def with_words(choices: list[Choice], question: str, dont_know: str | None = "skip") -> list[Choice]:
    """The choices with the words people use for them (content/answers.yml): the common
    words of their value, those of ``question`` ("training.level"), and "I don't know"
    for the choice ``dont_know`` names, if offered."""
    words = answer_words()
    unknown = words.common["dont_know"].all() if "dont_know" in words.common else []
    enriched = [Choice(c.value, (*c.labels, *words.for_choice(question, c.value),
                                 *(unknown if c.value == dont_know else ())))
                for c in choices]
    if not any(c.value == dont_know for c in choices):  # still read, so that "geen idee" is not "geen"
        enriched.append(Choice(DONT_KNOW, tuple(unknown)))
    return enriched


def understand(text: str, choices: list[Choice], *, free_text: bool = False, several: bool = False) -> Understood:
    """What ``text`` answers among ``choices``. With ``free_text`` (a question whose answer
    may be any words: a name, a date, a description) only an answer that is a choice as a
    whole counts, never a word inside a sentence."""
    pressed = payload_choice(text)
    values = [choice.value for choice in choices]
    if pressed is not None:
        return Understood(pressed, values=(pressed,)) if pressed in values else Understood()
    if _COMMAND.match(text.strip()):  # another button (a language, the menu): never an answer
        return Understood()
    words = folded(text).split()
    symbols = _symbols(text)
    if not words and symbols:
        shown = [c.value for c in choices if any(_symbols(label) and _symbols(label) in symbols for label in c.labels)]
        return Understood(shown[0], values=tuple(shown)) if len(set(shown)) == 1 else Understood()
    if not words:
        return Understood()
    offered = [value for value in values if value != DONT_KNOW]
    places = _places(words, len(offered)) if len(words) <= 7 else None
    if places and (len(places) == 1 or several):
        named = tuple(dict.fromkeys(offered[place - 1] for place in places))
        return Understood(named[0] if len(named) == 1 else None, values=named)
    hits = [hit for choice in choices for hit in _hits(words, choice, fuzzy=True)]
    if free_text:  # only the whole answer
        hits = [hit for hit in hits if hit.start == 0 and hit.end == len(words)]
    apart = _strongest_apart(hits)
    kept = [hit for hit in apart if hit.value != DONT_KNOW]
    if not kept or len(kept) < len(apart):  # "je sais pas si je suis inscrite": a doubt, not an answer
        return Understood()
    named = tuple(dict.fromkeys(hit.value for hit in sorted(kept, key=lambda h: h.start)))
    best = max(kept, key=lambda h: h.strength)
    rivals = {hit.value for hit in kept if hit.value != best.value
              and (hit.strength >= 1000 or (best.strength < 1000 and best.strength - hit.strength <= _FUZZY_TIE))}
    if rivals:
        return Understood(ambiguous=tuple(v for v in named if v == best.value or v in rivals), values=named)
    return Understood(best.value, values=named)


def match_choice(text: str, choices: list[Choice], *, free_text: bool = False) -> str | None:
    """The one choice ``text`` names, or None (not understood, or ambiguous)."""
    return understand(text, choices, free_text=free_text).value
