"""What a person sees on Telegram: the real replies in French, Dutch and English, within the Bot API's limits."""

import pytest

from bot.channels.limits import Option
from bot.telegram.render import CALLBACK_DATA, TEXT_LIMIT, Outgoing, render
from core import content
from core.childcare.texts import TEXTS as CHILDCARE
from core.i18n import LANGUAGES
from core.questionnaire.texts import TEXTS as QUESTIONNAIRE
from core.render import render as reply
from tests.unit.channels.test_limits import long_text


def message(name: str, language: str) -> tuple[str, list[Option]]:
    rendered = reply(name, language)
    return rendered["text"], [Option(f"k{i}", b["title"]) for i, b in enumerate(rendered["buttons"])]


def layout(sent: Outgoing) -> list[list[str]]:
    """The button titles as the person sees them, row by row."""
    return [[option.title for option in row] for row in sent.keyboard]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_menu_shows_every_title_whole(language):
    text, options = message("utter_greet", language)
    (sent,) = render(text, options)
    assert sent.text == text
    assert [title for row in layout(sent) for title in row] == [o.title for o in options]
    assert [o.id for row in sent.keyboard for o in row] == [o.id for o in options]


def test_long_titles_take_a_row_each():
    text, options = message("utter_greet", "fr")
    (sent,) = render(text, options)
    assert layout(sent) == [
        ["Tester mes compétences"], ["Trouver une formation"], ["Garde d'enfants"],
        ["Infos sur les services"], ["Parler à un conseiller"], ["Langue : FR · NL · EN"],
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_short_titles_go_two_by_two(language):
    options = [Option("y", QUESTIONNAIRE(language, "b_yes")), Option("n", QUESTIONNAIRE(language, "b_no"))]
    (sent,) = render(QUESTIONNAIRE(language, "opening_check", what="Ixelles"), options)
    assert layout(sent) == [[QUESTIONNAIRE(language, "b_yes"), QUESTIONNAIRE(language, "b_no")]]


def test_the_language_choice_goes_two_by_two():
    text, options = message("utter_ask_language", "nl")
    (sent,) = render(text, options)
    assert layout(sent) == [["Français", "Nederlands"], ["English"]]


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_one_long_title_puts_every_button_on_its_own_row(language):
    titles = [CHILDCARE(language, "b_yes_cancel"), CHILDCARE(language, "b_keep")]  # "Non, ne pas annuler"
    assert max(len(t) for t in titles) > 18
    (sent,) = render(CHILDCARE(language, "cancel_confirm", reference="B-12", name="Lina", days="lundi"),
                     [Option(f"k{i}", t) for i, t in enumerate(titles)])
    assert layout(sent) == [[titles[0]], [titles[1]]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_faq_menu_and_answers(language):
    text, options = message("utter_faq_menu", language)
    (sent,) = render(text, options)
    assert len([o for row in sent.keyboard for o in row]) == 7
    for key in content.faq():
        text, options = message(f"utter_faq/{key}", language)
        (sent,) = render(text, options)
        assert sent.text == text
        assert [o for row in sent.keyboard for o in row] == options


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_text_is_sent_in_parts_with_the_buttons_under_the_last(language):
    text = long_text(language)
    _, options = message("utter_faq_more", language)
    sent = render(text, options)
    assert len(sent) == 2
    assert all(len(part.text) <= TEXT_LIMIT for part in sent)
    assert sent[0].keyboard == ()
    assert [o for row in sent[1].keyboard for o in row] == options
    assert sent[0].text[-1] in ".!?"
    assert " ".join(part.text for part in sent).split() == text.split()


def test_a_text_without_buttons():
    assert render("Goodbye.", []) == [Outgoing("Goodbye.")]
    assert render("", []) == []


@pytest.mark.parametrize(("language", "expected"), [("fr", "Choisissez :"), ("nl", "Kies:"), ("en", "Choose:")])
def test_buttons_without_text_say_choose(language, expected):
    (sent,) = render("", [Option("a", "Article 60")], language)
    assert sent.text == expected


def test_callback_ids_over_64_bytes_are_refused():
    assert render("Ok?", [Option("é" * 32, "Yes")])[0].keyboard  # 64 bytes
    with pytest.raises(ValueError, match="64"):
        render("Ok?", [Option("é" * 33, "Yes")])
    with pytest.raises(ValueError):
        render("Ok?", [Option("x" * (CALLBACK_DATA + 1), "Yes")])
