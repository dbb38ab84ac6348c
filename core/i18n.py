"""Languages, gettext catalogues, the one text helper, and language detection.

Every user-visible text is an English msgid marked with ``N_`` and translated in
``locale/<lang>/LC_MESSAGES/messages.po`` (managed with pybabel). Each part of the
assistant keeps its texts in a ``Texts`` next to its code and says them with it.
"""

import logging
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po

from core.settings import get_settings

if TYPE_CHECKING:
    from lingua import LanguageDetector

log = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("fr", "nl", "en")
# Babel locales used to format dates and numbers for people in Brussels.
BABEL_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated when rendered."""
    return message


def po_path(language: str, locale_dir: Path | None = None) -> Path:
    base = locale_dir or get_settings().locale_dir
    return base / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache
def _catalogue(language: str) -> dict[str, str]:
    path = po_path(language)
    if not path.exists():
        log.warning("No catalogue for %s at %s", language, path)
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    return {m.id: m.string for m in catalog
            if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string}


def normalise_language(language: str | None) -> str:
    if language is not None and language in LANGUAGES:
        return language
    return get_settings().default_language


def translate(language: str | None, msgid: str) -> str:
    """The translation of ``msgid``; the English source if none exists."""
    return _catalogue(normalise_language(language)).get(msgid, msgid)


class Texts:
    """The texts of one part of the assistant: English msgids (marked with ``N_``) by key.

    ``texts(language, key, **arguments)`` says one in a language, its placeholders filled;
    ``texts.everywhere(key)`` gives it in every language (to read a typed answer).
    """

    def __init__(self, messages: Mapping[str, str]):
        self._messages = dict(messages)

    def __call__(self, language: str | None, key: str, /, **arguments: object) -> str:
        text = translate(language, self._messages[key])
        return text.format(**arguments) if arguments else text

    def __contains__(self, key: object) -> bool:
        return key in self._messages

    def msgid(self, key: str) -> str:
        return self._messages[key]

    def msgids(self) -> list[str]:
        return list(self._messages.values())

    def everywhere(self, key: str) -> list[str]:
        """The text in French, Dutch and English, in that order."""
        return [self(language, key) for language in LANGUAGES]


def babel_locale(language: str | None) -> str:
    """The Babel locale that formats dates and numbers for a language (fr → fr_BE)."""
    return BABEL_LOCALES[normalise_language(language)]


def long_date(day: date, language: str | None) -> str:
    """"2 décembre 2026", "2 december 2026", "2 December 2026"."""
    return format_date(day, format="long", locale=babel_locale(language))


def language_name(code: str, language: str | None) -> str:
    """A language's name in ``language``, from Babel's data (e.g. nl in French: néerlandais)."""
    name = Locale.parse(babel_locale(language)).languages.get(code)
    return name or code


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def uncapital(text: str) -> str:
    """A label inside a sentence: "A new job" → "a new job"."""
    return text[:1].lower() + text[1:]


# --- detection -----------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@lru_cache
def _detector() -> "LanguageDetector":
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.FRENCH, Language.DUTCH, Language.ENGLISH
    ).build()


_NOT_WORDS = re.compile(r"\S*@\S*|\S*(?:https?://|www\.)\S*|\S*\d\S*")  # e-mail addresses, links, numbers


def words_only(text: str) -> str:
    """A message without what says nothing of its language: e-mail addresses, links, numbers."""
    return " ".join(_NOT_WORDS.sub(" ", text).split())


def detect_language(text: str, single_word: bool = True) -> str | None:
    """fr/nl/en when the message clearly is in that language, else None.

    A short or ambiguous message gives None, so the conversation keeps its language;
    with ``single_word=False`` a one-word message (a name, a commune, an answer) does too.
    Button payloads (``/intent``) are never detected.
    """
    if text.strip().startswith("/"):
        return None
    text = words_only(text)
    words = _WORD.findall(text)
    letters = sum(len(w) for w in words)
    if not words or letters < 5 or (len(words) == 1 and not single_word):
        return None
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None
    best, second = values[0], values[1]
    if len(words) >= 3:
        clear = best.value >= 0.5 and best.value - second.value >= 0.2
    else:
        clear = best.value >= (0.75 if len(words) == 2 else 0.85)
    if not clear:
        return None
    code: str = best.language.iso_code_639_1.name.lower()
    return code


def fold(text: str) -> str:
    """Lower case, without accents: for matching what people type."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_words(text: str) -> str:
    """``fold``, with hyphens and apostrophes as spaces and one space between words
    ("Saint-Josse" = "saint josse", "c'est" = "c est")."""
    return " ".join(fold(text).replace("-", " ").replace("'", " ").split())


_LANGUAGE_WORDS = {
    "fr": {"francais", "frans", "french", "franse", "fr"},
    "nl": {"neerlandais", "nederlands", "vlaams", "dutch", "flemish", "nl", "nederlandstalig"},
    "en": {"anglais", "engels", "english", "en", "eng"},
}
_WORD_TO_LANGUAGE = {w: lang for lang, words in _LANGUAGE_WORDS.items() for w in words}


def language_named_in(text: str) -> str | None:
    """The language a person names ("in English please", "en néerlandais"); the last one named wins."""
    found = None
    for word in _WORD.findall(fold(text)):
        if word in ("en", "fr", "nl") and len(text.split()) > 1:
            # "en" is also a French and Dutch word; codes count only when alone.
            continue
        found = _WORD_TO_LANGUAGE.get(word, found)
    return found


# Words that, around a language's name, make a message a request to speak it ("in English
# please", "en français svp", "Nederlands aub", "can you speak English?"). A message with
# any other word ("un cours en néerlandais") names a language without asking for it.
_REQUEST_WORDS = {
    "in", "en", "het", "please", "pls", "svp", "stp", "aub", "alstublieft", "alsjeblieft", "graag", "s", "il",
    "vous", "te", "plait", "merci", "thanks", "thank", "you", "dank", "u", "je", "bedankt", "ok", "oke", "okay",
    "can", "could", "peux", "pouvez", "tu", "kunt", "kan", "speak", "parler", "parlez", "spreken", "spreek",
    "write", "ecrire", "ecrivez", "schrijven", "schrijf", "talk", "switch", "to", "change", "changer",
    "naar", "passer", "verder", "answer", "repondre", "repondez", "antwoorden", "antwoord", "me", "mij", "moi",
    "with", "avec", "met", "lets", "let", "us", "we", "on", "nous", "wij", "liever", "rather", "prefer",
    "prefere", "language", "langue", "taal", "only", "seulement", "alleen", "now", "maintenant", "nu",
}
_REQUEST_ONLY = _REQUEST_WORDS - {"in", "en", "het", "language", "langue", "taal", "ok", "oke", "okay"}


# The payload of a language button (the menu's, the widget's FR · NL · EN).
_LANGUAGE_PAYLOAD = re.compile(r'^/choose_language\{\s*"language"\s*:\s*"(fr|nl|en)"\s*\}$')


def language_requested(text: str) -> str | None:
    """The language a message asks the assistant to speak ("in English please", "en
    français", "Nederlands aub", a language button), else None. A language's name alone is
    an answer, not a request; so is a sentence that names a language among other words."""
    pressed = _LANGUAGE_PAYLOAD.match(text.strip())
    if pressed:
        return pressed.group(1)
    words = _WORD.findall(fold(text))
    if not 2 <= len(words) <= 8:
        return None
    named = {_WORD_TO_LANGUAGE[w] for w in words if w in _WORD_TO_LANGUAGE and w not in ("en", "fr", "nl")}
    others = [w for w in words if w not in _WORD_TO_LANGUAGE or w in ("en",)]
    if len(named) != 1 or not all(w in _REQUEST_WORDS for w in others):
        return None
    asked = set(others) & _REQUEST_ONLY or {"in", "en"} & set(others)
    return named.pop() if asked else None


# Greetings and thanks set the language of a short message, as clearly as a sentence would.
GREETINGS = {
    "en": {"hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening", "morning",
           "hi there", "hello there", "hey there", "good day", "thanks", "thank you", "thank you very much",
           "thanks a lot", "many thanks", "bye", "goodbye", "bye bye"},
    "nl": {"hallo", "hoi", "dag", "goedemorgen", "goeiemorgen", "goedemiddag", "goeiemiddag", "goedenavond",
           "goeienavond", "goedendag", "goeiedag", "goede morgen", "goede middag", "goede avond", "hallo daar",
           "dag mevrouw", "dag meneer", "hey daar", "dank je", "dank u", "dank je wel", "dank u wel", "dankjewel",
           "dankuwel", "bedankt", "merci wel", "tot ziens", "doei", "daag"},
    "fr": {"bonjour", "bonsoir", "salut", "coucou", "allo", "bjr", "slt", "bonjour madame", "bonjour monsieur",
           "bonsoir madame", "bonsoir monsieur", "salut a tous", "bonjour a tous", "bon matin", "bonne journee",
           "merci beaucoup", "merci bien", "au revoir", "bonne soiree", "a bientot"},
}
_GREETING_LANGUAGE = {g: language for language, greetings in GREETINGS.items() for g in greetings}


def greeting_language(text: str) -> str | None:
    """The language of a message that is only a greeting ("Hi!", "Goedemorgen", "Bonsoir")."""
    return _GREETING_LANGUAGE.get(" ".join(_WORD.findall(fold(text))))


def has_language_signal(text: str) -> bool:
    """Whether a message has a word of French, Dutch or English at all: random letters,
    numbers, emoji or punctuation say nothing of the language (wordfreq's frequencies)."""
    from wordfreq import zipf_frequency

    return any(len(word) > 1 and max(zipf_frequency(word, language) for language in LANGUAGES) >= 2.5
               for word in _WORD.findall(words_only(text).lower()))
