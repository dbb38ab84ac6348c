import pytest

from core.content import ContentError, load_faq


def write(tmp_path, body):
    path = tmp_path / "faq.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_missing_translation_names_file_entry_and_reason(tmp_path):
    path = write(tmp_path, """
version: 1
topics:
  article60:
    title: {fr: "Article 60", nl: "Artikel 60", en: "Article 60"}
    answer: {fr: "Un emploi via le CPAS.", en: "A job through the CPAS."}
""")
    with pytest.raises(ContentError) as err:
        load_faq(path)
    assert err.value.path == path
    assert err.value.entry == "article60"
    assert "answer.nl" in err.value.reason


def test_blank_text_is_refused(tmp_path):
    path = write(tmp_path, """
topics:
  epn:
    title: {fr: "EPN", nl: "EPN", en: "EPN"}
    answer: {fr: "  ", nl: "Computers.", en: "Computers."}
""")
    with pytest.raises(ContentError, match=r"answer\.fr"):
        load_faq(path)


def test_broken_yaml_is_reported(tmp_path):
    with pytest.raises(ContentError, match="not valid YAML"):
        load_faq(write(tmp_path, "topics: [unclosed"))


def test_valid_file_loads(tmp_path):
    topics = load_faq(write(tmp_path, """
topics:
  epn:
    title: {fr: "EPN", nl: "OCR", en: "Public computer spaces"}
    answer: {fr: "Des ordinateurs gratuits.", nl: "Gratis computers.", en: "Free computers."}
    link: "https://example.org"
"""))
    assert topics["epn"].answer.get("nl") == "Gratis computers."


def test_answer_words_are_valid_and_a_bad_file_names_the_entry(tmp_path):
    from core.questionnaire.content import answer_words, load_answer_words

    assert "yes" in answer_words().common and "training.level" in answer_words().questions
    bad = tmp_path / "answers.yml"
    bad.write_text('version: "1"\ncommon: {}\nquestions:\n  training.level:\n    "1": {fr: [yes, true]}\n')
    with pytest.raises(ContentError, match=r"questions\.training\.level"):
        load_answer_words(bad)
