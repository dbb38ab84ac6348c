"""What a person sees on WhatsApp: the real replies in French, Dutch and English, within the Cloud API's limits."""

import pytest

from bot.channels.limits import Option
from bot.whatsapp.render import (
    BUTTON_TITLE,
    INTERACTIVE_BODY,
    LIST_BUTTON,
    LIST_ROWS,
    ROW_DESCRIPTION,
    ROW_TITLE,
    TEXT_BODY,
    render,
)
from core import content
from core.childcare.texts import TEXTS as CHILDCARE
from core.i18n import LANGUAGES
from core.questionnaire.texts import TEXTS as QUESTIONNAIRE
from core.render import render as reply
from tests.unit.channels.test_limits import long_text

LIST_LABEL = {"fr": "Choisir", "nl": "Kiezen", "en": "Choose"}
CHOOSE = {"fr": "Choisissez :", "nl": "Kies:", "en": "Choose:"}
HINT = {
    "fr": "Écrivez le numéro ou le nom de votre choix.",
    "nl": "Schrijf het nummer of de naam van je keuze.",
    "en": "Write the number or the name of your choice.",
}


def message(name: str, language: str) -> tuple[str, list[Option]]:
    """The text and the options of a real reply, each option with a short key."""
    rendered = reply(name, language)
    return rendered["text"], [Option(f"k{i}", b["title"]) for i, b in enumerate(rendered["buttons"])]


def texts_of(messages: list[dict]) -> list[str]:
    """The texts the person reads, in order (plain messages and the bodies over buttons)."""
    return [m["text"]["body"] if m["type"] == "text" else m["interactive"]["body"]["text"] for m in messages]


def reply_buttons(sent: dict) -> list[tuple[str, str]]:
    assert sent["type"] == "interactive" and sent["interactive"]["type"] == "button"
    return [(b["reply"]["id"], b["reply"]["title"]) for b in sent["interactive"]["action"]["buttons"]]


def rows(sent: dict) -> list[dict]:
    assert sent["type"] == "interactive" and sent["interactive"]["type"] == "list"
    (section,) = sent["interactive"]["action"]["sections"]
    return section["rows"]


def assert_within_limits(messages: list[dict]) -> None:
    for sent in messages:
        if sent["type"] == "text":
            assert 0 < len(sent["text"]["body"]) <= TEXT_BODY
            continue
        interactive = sent["interactive"]
        assert 0 < len(interactive["body"]["text"]) <= INTERACTIVE_BODY
        if interactive["type"] == "button":
            titles = [title for _, title in reply_buttons(sent)]
            assert 1 <= len(titles) <= 3
            assert all(0 < len(t) <= BUTTON_TITLE for t in titles)
        else:
            assert 0 < len(interactive["action"]["button"]) <= LIST_BUTTON
            titles = [row["title"] for row in rows(sent)]
            assert 1 <= len(titles) <= LIST_ROWS
            assert all(0 < len(t) <= ROW_TITLE for t in titles)
            assert all(len(row.get("description", "")) <= ROW_DESCRIPTION for row in rows(sent))
        assert len({t.casefold() for t in titles}) == len(titles), titles


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_menu_is_a_list_with_every_choice(language):
    text, options = message("utter_greet", language)
    assert len(options) == 6
    sent = render(text, options, language)
    assert_within_limits(sent)
    assert len(sent) == 1
    assert texts_of(sent) == [text]
    assert sent[0]["interactive"]["action"]["button"] == LIST_LABEL[language]
    shown = rows(sent[0])
    assert [row["id"] for row in shown] == [o.id for o in options]
    for row, option in zip(shown, options, strict=True):
        if row["title"] == option.title:
            assert "description" not in row
        else:  # shortened: the full title is under it
            assert row["title"].endswith("…")
            assert row["description"] == option.title


def test_the_french_main_menu_shows_its_titles_whole():
    text, options = message("utter_greet", "fr")
    assert [row["title"] for row in rows(render(text, options, "fr")[0])] == [
        "Tester mes compétences", "Trouver une formation", "Garde d'enfants",
        "Infos sur les services", "Parler à un conseiller", "Langue : FR · NL · EN",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_faq_menu_is_a_list_of_seven_topics(language):
    text, options = message("utter_faq_menu", language)
    sent = render(text, options, language)
    assert_within_limits(sent)
    assert len(rows(sent[-1])) == 7
    assert texts_of(sent) == [text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_yes_and_no_are_reply_buttons(language):
    options = [Option("y", QUESTIONNAIRE(language, "b_yes")), Option("n", QUESTIONNAIRE(language, "b_no"))]
    sent = render(QUESTIONNAIRE(language, "opening_check", what="Ixelles"), options, language)
    assert_within_limits(sent)
    assert len(sent) == 1
    assert reply_buttons(sent[0]) == [("y", o.title) for o in options[:1]] + [("n", options[1].title)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_booking_confirmation_buttons_keep_their_whole_titles(language):
    titles = [CHILDCARE(language, key) for key in ("b_yes_cancel", "b_keep")]
    options = [Option(f"k{i}", title) for i, title in enumerate(titles)]
    sent = render(CHILDCARE(language, "cancel_confirm", reference="B-12", name="Lina", days="lundi"), options, language)
    assert_within_limits(sent)
    assert [title for _, title in reply_buttons(sent[0])] == titles


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_answers_with_their_follow_up(language):
    for key in content.faq():
        text, options = message(f"utter_faq/{key}", language)
        sent = render(text, options, language)
        assert_within_limits(sent)
        assert texts_of(sent) == [text]
        assert [i for i, _ in reply_buttons(sent[-1])] == [o.id for o in options]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reply_without_buttons_is_plain_text_with_a_link_preview_only_for_links(language):
    for key, topic in content.faq().items():
        text = reply(f"utter_faq/{key}", language)["text"]
        (sent,) = render(text, [], language)
        assert sent == {"type": "text", "text": {"body": text, "preview_url": topic.link is not None}}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_text_is_sent_in_parts_after_sentences(language):
    text = long_text(language)
    sent = render(text, [], language)
    assert_within_limits(sent)
    assert len(sent) == 2
    bodies = texts_of(sent)
    assert bodies[0][-1] in ".!?"
    assert " ".join(bodies).split() == text.split()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_text_with_buttons_ends_with_a_short_body_over_them(language):
    text = long_text(language, 1500)
    _, options = message("utter_faq_more", language)
    sent = render(text, options, language)
    assert_within_limits(sent)
    assert [m["type"] for m in sent] == ["text", "interactive"]
    body = sent[-1]["interactive"]["body"]["text"]
    assert body[-1] in ".!?" and body[0].isupper()
    assert " ".join(texts_of(sent)).split() == text.split()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_very_long_text_with_a_list(language):
    text = long_text(language, 6000)
    _, options = message("utter_greet", language)
    sent = render(text, options, language)
    assert_within_limits(sent)
    assert [m["type"] for m in sent][-1] == "interactive"
    assert all(m["type"] == "text" for m in sent[:-1])
    assert len(sent) >= 3
    assert " ".join(texts_of(sent)).split() == text.split()


@pytest.mark.parametrize("language", LANGUAGES)
def test_buttons_without_text_say_choose(language):
    _, options = message("utter_faq_more", language)
    sent = render("", options, language)
    assert texts_of(sent) == [CHOOSE[language]]
    assert len(reply_buttons(sent[0])) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_more_than_ten_choices_are_a_numbered_text(language):
    options = [Option(f"t{n}", f"Training number {n} in Brussels for job seekers") for n in range(1, 13)]
    sent = render("Which training?", options, language)
    assert_within_limits(sent)
    assert sent == [{
        "type": "text",
        "text": {
            "body": "Which training?\n\n"
            + "\n".join(f"{n}. Training number {n} in Brussels for job seekers" for n in range(1, 13))
            + "\n\n" + HINT[language],
            "preview_url": False,
        },
    }]


def test_a_long_numbered_text_is_split_between_lines():
    options = [Option(f"t{n}", f"Training {n} " + "very " * 60) for n in range(1, 31)]
    sent = render("Which training?", options, "nl")
    assert_within_limits(sent)
    assert len(sent) > 1
    for body in texts_of(sent)[1:]:
        assert body[0].isdigit() or body == HINT["nl"], body[:30]


@pytest.mark.parametrize("language", LANGUAGES)
def test_titles_equal_once_shortened_stay_distinct(language):
    options = [
        Option("a", "Cours de néerlandais niveau A1"),
        Option("b", "Cours de néerlandais niveau A2"),
        Option("c", "Cours de néerlandais niveau B1"),
    ]
    sent = render("Quel cours ?", options, language)
    assert_within_limits(sent)
    assert [t for _, t in reply_buttons(sent[0])] == [
        "Cours de… A1", "Cours de… A2", "Cours de… B1",
    ]
    as_list = render("Quel cours ?", [*options, Option("d", "Cours de néerlandais niveau B2")], language)
    assert_within_limits(as_list)
    shown = rows(as_list[0])
    assert [row["title"] for row in shown] == ["Cours de néerlandais… A1", "Cours de néerlandais… A2",
                                                "Cours de néerlandais… B1", "Cours de néerlandais… B2"]
    assert [row["description"] for row in shown] == [o.title for o in options] + ["Cours de néerlandais niveau B2"]


def test_a_title_too_long_for_a_button_is_shortened_by_whole_words():
    options = [Option("a", "Questions about services"), Option("b", "Talk to a counsellor")]
    sent = render("What now?", options, "en")
    assert [t for _, t in reply_buttons(sent[0])] == ["Questions about…", "Talk to a counsellor"]
