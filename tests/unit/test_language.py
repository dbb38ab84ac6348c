import pytest

from core.conversations import decide_language
from core.i18n import detect_language, language_named_in


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hallo, ik zoek werk", "nl"),
        ("bonjour, je cherche une formation", "fr"),
        ("I am looking for a job in Brussels", "en"),
        ("kinderopvang", "nl"),
    ],
)
def test_clear_messages_are_detected(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["ok", "hoi", "/greet", "", "   ", "60", "Excel"])
def test_short_or_ambiguous_messages_are_not_detected(text):
    assert detect_language(text) is None


def test_person_writing_another_language_gets_answers_in_it():
    assert decide_language(current="en", chosen=False, hint="en",
                           text="hallo, ik zoek werk", default="fr") == "nl"


def test_short_message_keeps_the_conversation_language():
    assert decide_language(current="nl", chosen=False, hint="fr", text="ok", default="fr") == "nl"


def test_one_word_sets_a_first_language_but_does_not_switch_an_established_one():
    assert decide_language(current=None, chosen=False, hint=None, text="goeiemiddag", default="fr") == "nl"
    assert decide_language(current="fr", chosen=False, hint="fr", text="Molenbeek", default="fr") == "fr"
    assert decide_language(current="en", chosen=False, hint=None, text="kinderopvang", default="fr") == "en"
    assert decide_language(current="en", chosen=False, hint=None,
                           text="ik zoek kinderopvang", default="fr") == "nl"


def test_explicit_choice_wins_over_detection():
    assert decide_language(current="en", chosen=True, hint="fr",
                           text="bonjour, je cherche une formation", default="fr") == "en"


def test_hint_then_default_for_a_first_payload():
    assert decide_language(current=None, chosen=False, hint="nl", text="/greet", default="fr") == "nl"
    assert decide_language(current=None, chosen=False, hint=None, text="/greet", default="fr") == "fr"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("en néerlandais svp", "nl"),
        ("can we switch from french to english", "en"),
        ("je veux parler en anglais", "en"),
        ("kan het in het Nederlands", "nl"),
        ("EN", "en"),
        ("francais", "fr"),
        ("help", None),
    ],
)
def test_language_named_in_a_message(text, expected):
    assert language_named_in(text) == expected
