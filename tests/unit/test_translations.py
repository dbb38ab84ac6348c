"""Every user-visible text exists in French, Dutch and English."""

import re
import string
import subprocess

import pytest
from babel.messages.pofile import read_po

from core import content
from core.i18n import LANGUAGES, po_path, translate
from core.render import render
from core.responses import RESPONSES
from scripts.paths import ROOT

POT = ROOT / "locale" / "messages.pot"


def _catalog(path):
    with path.open("rb") as fh:
        return read_po(fh)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory):
    """The template as `make messages` would extract it now from the code (every ``N_`` text)."""
    fresh = tmp_path_factory.mktemp("locale") / "messages.pot"
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pybabel"), "-q", "extract", "-F", "babel.cfg", "-k", "N_",
         "--no-location", "--sort-output", "-o", str(fresh), "."],
        cwd=ROOT, check=True,
    )
    return fresh


def _responses_msgids() -> set[str]:
    ids = set()
    for response in RESPONSES.values():
        ids.add(response.text)
        ids.update(b.title for b in response.buttons)
    return ids


@pytest.fixture(scope="module")
def all_msgids(fresh_template) -> set[str]:
    """Every user-visible text: the ids of the freshly extracted template, wherever the text lives."""
    ids = {m.id for m in _catalog(fresh_template) if m.id and isinstance(m.id, str)}
    assert ids, "texts were extracted"
    return ids


def test_template_is_up_to_date(fresh_template, all_msgids):
    """Nobody forgot `make messages` after changing a text."""
    assert {m.id for m in _catalog(fresh_template) if m.id} == {m.id for m in _catalog(POT) if m.id}
    assert _responses_msgids() <= all_msgids
    assert all_msgids <= {m.id for m in _catalog(POT) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language, all_msgids):
    catalog = _catalog(po_path(language, ROOT / "locale"))
    translated = {m.id: m.string for m in catalog if m.id}
    missing = sorted(i for i in all_msgids if not (translated.get(i) or "").strip())
    assert not missing, f"{language}: {len(missing)} messages without translation: {missing[:5]}"
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert not fuzzy, f"{language}: fuzzy translations to review: {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders(language, all_msgids):
    for msgid in all_msgids:
        assert _placeholders(translate(language, msgid)) == _placeholders(msgid), msgid


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_translations_are_not_english(language, all_msgids):
    same = [i for i in all_msgids if translate(language, i) == i and len(i.split()) > 2]
    assert not same, f"{language} still in English: {same[:5]}"


def test_button_titles_fit_small_screens():
    for language in LANGUAGES:
        for response in RESPONSES.values():
            for button in response.buttons:
                title = translate(language, button.title)
                assert len(title) <= 24, (language, title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_answers_exist_in_every_language(language):
    topics = content.faq()
    assert {"article60", "stage_first", "language_vouchers", "brulingua", "epn",
            "maison_emploi", "maisons_enfants"} <= set(topics)
    for key in topics:
        message = render(f"utter_faq/{key}", language)
        assert len(message["text"]) > 40
        assert message["buttons"], "a follow-up is offered"


def test_language_change_is_confirmed_in_the_new_language():
    texts = {lang: render("utter_language_changed", lang)["text"] for lang in LANGUAGES}
    assert re.search(r"français", texts["fr"], re.I)
    assert re.search(r"Nederlands", texts["nl"])
    assert re.search(r"English", texts["en"])
