import pytest

from core.conversations import decide_language
from core.i18n import detect_language, has_language_signal, language_named_in, language_requested


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


SHORT_FIRST_MESSAGES = {
    "fr": ["Bonjour", "Bonjour !", "bonsoir", "Salut", "salut !!", "Coucou", "Bonjour madame", "bjr", "slt",
           "Bonjour à tous", "je cherche du travail", "j'ai besoin d'aide", "merci beaucoup", "c'est quoi l'article 60",
           "je veux une formation"],
    "nl": ["Hallo", "Hallo!", "Hoi", "Dag", "Goedemorgen", "Goeiemorgen", "Goedemiddag", "Goedenavond", "Goeiedag",
           "dag mevrouw", "ik zoek werk", "ik heb hulp nodig", "ik wil kinderopvang", "dank je wel",
           "wat is artikel 60"],
    "en": ["Hi", "Hi!", "Hello", "Hey", "hey there", "Good morning", "Good evening", "Hello there", "I need help",
           "looking for a job", "thank you", "what is stage first", "I need childcare", "can you help me",
           "good afternoon"],
}


@pytest.mark.parametrize("language, text", [(language, text) for language, texts in SHORT_FIRST_MESSAGES.items()
                                            for text in texts])
def test_a_short_first_message_sets_its_language(language, text):
    other = "nl" if language == "fr" else "fr"  # the default, and the browser's hint, say another language
    assert decide_language(current=None, chosen=False, hint=other, text=text, default=other) == language


@pytest.mark.parametrize("text", ["Hi", "Hallo", "Bonsoir"])
def test_a_greeting_in_another_language_switches_an_established_conversation(text):
    expected = {"Hi": "en", "Hallo": "nl", "Bonsoir": "fr"}[text]
    for current in ("fr", "nl", "en"):
        assert decide_language(current=current, chosen=False, hint=None, text=text, default="fr") == expected


SIGNAL_FREE = ["asdkjh qwe 123 ;;;", "123", "😀👍", "???", "!!!", "...", "0470 12 34 56", "xkcd qwrtz", "zzzz",
               "🙂", "hjhjhj", ":-)"]


@pytest.mark.parametrize("text", SIGNAL_FREE)
def test_a_message_without_any_word_says_nothing_of_the_language(text):
    assert not has_language_signal(text)
    for current in ("fr", "nl", "en"):
        assert decide_language(current=current, chosen=False, hint=None, text=text, default="fr") == current


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in English please", "en"), ("English please", "en"), ("Can you speak English?", "en"),
        ("en français", "fr"), ("en français svp", "fr"), ("français s'il vous plaît", "fr"),
        ("Nederlands aub", "nl"), ("in het Nederlands graag", "nl"), ("Kunt u Nederlands spreken?", "nl"),
        ("en anglais svp", "en"),
        # a language button (the menu's, the widget's FR · NL · EN)
        ('/choose_language{"language": "nl"}', "nl"), ('/choose_language{"language":"en"}', "en"),
        ('/choose_language{"language": "de"}', None), ("/choose_language", None),
        # a language named, not asked for: an answer, or a sentence about something else
        ("Français", None), ("néerlandais", None), ("le français", None), ("un cours en néerlandais", None),
        ("je veux apprendre le néerlandais", None), ("I speak Dutch and French", None), ("help", None),
    ],
)
def test_an_explicit_request_for_a_language(text, expected):
    assert language_requested(text) == expected
