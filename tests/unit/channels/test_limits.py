"""Long texts and titles fit a channel's limits, cut where a reader expects it, nothing lost."""

import re

import pytest

from bot.channels.limits import distinct_titles, shorten, split_text
from core import content
from core.i18n import LANGUAGES
from core.render import render

ELLIPSIS = "…"


def _words(text: str) -> list[str]:
    return text.split()


def long_text(language: str, size: int = 5000) -> str:
    """One paragraph of the real FAQ answers, repeated until it is ``size`` characters or more."""
    answers = [topic.answer.get(language) for topic in content.faq().values()]
    text = ""
    while len(text) < size:
        text = " ".join([text, *answers]).strip()
    return text


def assert_whole_words(title: str, shortened: str) -> None:
    """``shortened`` is ``title``'s first whole words (the last one maybe without its punctuation), then "…"."""
    assert shortened.endswith(ELLIPSIS), shortened
    kept = _words(shortened[: -len(ELLIPSIS)])
    assert kept, shortened
    words = _words(title)[: len(kept)]
    assert kept[:-1] == words[:-1], (title, shortened)
    assert kept[-1] == words[-1] or kept[-1] == words[-1].rstrip(",;:"), (title, shortened)


def titles(name: str, language: str) -> list[str]:
    return [button["title"] for button in render(name, language)["buttons"]]


# split_text


def test_a_text_that_fits_is_left_as_it_is():
    text = "Hello!\n\nHow are you?  "
    assert split_text(text, 4096) == [text]
    assert split_text(text, len(text)) == [text]


@pytest.mark.parametrize("text", ["", " ", "\n\n"])
def test_an_empty_text_gives_no_message(text):
    assert split_text(text, 4096) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_text_is_cut_after_sentences_and_nothing_is_lost(language):
    text = long_text(language)
    assert len(text) >= 5000
    chunks = split_text(text, 4096)
    assert len(chunks) == 2
    assert all(0 < len(chunk) <= 4096 for chunk in chunks)
    assert chunks[0][-1] in ".!?…", chunks[0][-40:]
    assert chunks[1][0].isupper(), chunks[1][:40]
    assert " ".join(chunks).split() == text.split()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("limit", [120, 300, 1024])
def test_every_chunk_ends_a_sentence_when_sentences_fit(language, limit):
    text = long_text(language, 3000)
    sentences = re.split(r"(?<=[.!?])\s+", text)
    assert max(len(s) for s in sentences) <= limit
    chunks = split_text(text, limit)
    assert all(len(chunk) <= limit and chunk == chunk.strip() for chunk in chunks)
    assert all(chunk[-1] in ".!?" for chunk in chunks), [c[-30:] for c in chunks]
    assert " ".join(chunks).split() == text.split()


def test_paragraphs_stay_whole_when_they_fit():
    paragraphs = [("First part. " * 200).strip(), ("Second part. " * 200).strip(), "The end."]
    text = "\n\n".join(paragraphs)
    assert len(text) > 4096
    assert split_text(text, 4096) == [paragraphs[0], paragraphs[1] + "\n\n" + paragraphs[2]]
    assert split_text(text, 2600) == paragraphs


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_answers_are_cut_between_paragraphs_or_sentences(language):
    for key in content.faq():
        text = render(f"utter_faq/{key}", language)["text"]
        for chunk in split_text(text, 100):
            assert len(chunk) <= 100
            assert chunk in text
        assert " ".join(split_text(text, 100)).split() == text.split()


def test_a_text_without_sentences_is_cut_between_words():
    text = " ".join(["word"] * 50 + ["longer"] * 50)
    chunks = split_text(text, 64)
    assert all(len(chunk) <= 64 for chunk in chunks)
    assert all(set(_words(chunk)) <= {"word", "longer"} for chunk in chunks)
    assert " ".join(chunks) == text


def test_a_word_is_cut_only_when_it_alone_is_too_long():
    chunks = split_text("Kinderopvanginschrijvingsformulier ok", 10)
    assert chunks == ["Kinderopva", "nginschrij", "vingsformu", "lier ok"]


def test_a_numbered_list_keeps_each_number_with_its_title():
    text = "Which one?\n" + "\n".join(f"{n}. Training number {n}" for n in range(1, 13))
    for limit in range(25, 80):
        for chunk in split_text(text, limit):
            assert len(chunk) <= limit
            assert not re.search(r"(^|\n)\d+\.$", chunk), (limit, chunk)
            assert not re.match(r"Training", chunk), (limit, chunk)


def test_a_colon_at_the_end_of_a_line_ends_a_chunk():
    text = "Your bookings:\n" + "A booking on Monday morning at the Maison d'enfants of Ixelles."
    assert split_text(text, 70) == ["Your bookings:", text.split("\n")[1]]


# shorten


def test_a_title_that_fits_is_not_shortened():
    assert shorten("Article 60", 20) == "Article 60"
    assert shorten("Questions about services", 24) == "Questions about services"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("limit", [20, 24, 12])
def test_real_titles_are_shortened_by_whole_words(language, limit):
    names = ["utter_greet", "utter_faq_menu"]
    for title in [t for name in names for t in titles(name, language)]:
        shortened = shorten(title, limit)
        assert len(shortened) <= limit
        if len(title) <= limit:
            assert shortened == title
        elif len(_words(title)[0]) >= limit:  # "Computerruimtes" in 12 characters
            assert shortened == title[: limit - 1] + ELLIPSIS
        else:
            assert_whole_words(title, shortened)


def test_the_french_and_dutch_main_menu_are_shortened_for_a_20_character_button():
    assert shorten("Tester mes compétences", 20) == "Tester mes…"
    assert shorten("Praat met een consulent", 20) == "Praat met een…"
    assert shorten("Langue : FR · NL · EN", 20) == "Langue : FR · NL…"


def test_only_a_first_word_longer_than_the_limit_is_cut():
    assert shorten("Kinderopvanginschrijving", 10) == "Kinderopv…"
    assert shorten("Kinderopvanginschrijving nu", 10) == "Kinderopv…"
    assert shorten("Opvang Kinderopvanginschrijving", 10) == "Opvang…"


def test_no_separator_is_left_before_the_ellipsis():
    assert shorten("Cours, ateliers et stages", 10) == "Cours…"
    assert shorten("Language – FR NL EN", 12) == "Language…"


# distinct_titles


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("limit", [20, 24])
def test_real_menus_stay_distinct_within_the_limit(language, limit):
    for name in ("utter_greet", "utter_faq_menu", "utter_ask_language"):
        shown = distinct_titles(titles(name, language), limit)
        assert all(len(t) <= limit for t in shown)
        assert len({t.casefold() for t in shown}) == len(shown)
        for title, short in zip(titles(name, language), shown, strict=True):
            if short != title:
                assert_whole_words(title, short)


def test_titles_equal_once_shortened_keep_their_last_words():
    shown = distinct_titles(["Dutch course evening level A1", "Dutch course evening level A2", "Article 60"], 20)
    assert shown == ["Dutch course… A1", "Dutch course… A2", "Article 60"]


def test_the_same_title_twice_is_numbered():
    shown = distinct_titles(["Training", "training", "Other"], 20)
    assert shown == ["Training", "training 2", "Other"]
    long = distinct_titles(["Formation en néerlandais"] * 3, 20)
    assert long == ["Formation en…", "Formation en… 2", "Formation en… 3"]


def test_distinct_titles_stay_within_a_small_limit():
    shown = distinct_titles(["Cours du soir à Ixelles", "Cours du soir à Uccle"] + ["Cours du soir"] * 10, 12)
    assert all(len(t) <= 12 for t in shown)
    assert len({t.casefold() for t in shown}) == len(shown)
