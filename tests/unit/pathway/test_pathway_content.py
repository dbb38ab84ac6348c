"""content/pathway.yml (core/pathway/content.py): the pathway's modules, target and support-need
categories."""

import pytest

from core.content import ContentError
from core.i18n import LANGUAGES
from core.pathway import content
from core.pathway.content import SUPPORT_NEEDS, load_pathway

MODULE = """
    title: {fr: "Communiquer au travail", nl: "Communiceren op het werk", en: "Communication at work"}
    description: {fr: "Parler de ses besoins.", nl: "Over je noden praten.", en: "Talking about your needs."}
    hours: 18
    format: in_person
"""
NEEDS = "\n".join(f'  {n}: {{fr: "{n} fr", nl: "{n} nl", en: "{n} en"}}' for n in SUPPORT_NEEDS)


def write(tmp_path, body):
    path = tmp_path / "pathway.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_file_loads_and_every_text_is_in_french_dutch_and_english():
    data = content.pathway_content()
    assert data.target == 450
    assert list(data.needs) == list(SUPPORT_NEEDS)
    assert len(data.modules) >= 6
    texts = [label for label in data.needs.values()]
    texts += [t for module in data.modules.values() for t in (module.title, module.description)]
    for text in texts:
        assert all(text.get(language).strip() for language in LANGUAGES)
        assert len({text.fr, text.nl, text.en}) > 1 or len(text.fr) < 12, f"untranslated: {text.fr}"
    assert all(module.hours > 0 for module in data.modules.values())


def test_valid_file_loads(tmp_path):
    data = load_pathway(write(tmp_path, f'version: "1"\ntarget: 10\nneeds:\n{NEEDS}\nmodules:\n'
                                        f"  workplace-communication:{MODULE}"))
    assert data.modules["workplace-communication"].title.get("nl") == "Communiceren op het werk"


def test_missing_translation_names_file_entry_and_reason(tmp_path):
    module = MODULE.replace(', nl: "Over je noden praten."', "")
    path = write(tmp_path, f'version: "1"\ntarget: 10\nneeds:\n{NEEDS}\nmodules:\n  talk:{module}')
    with pytest.raises(ContentError) as error:
        load_pathway(path)
    assert (error.value.path, error.value.entry) == (path, "modules.talk")
    assert "description.nl" in error.value.reason


@pytest.mark.parametrize("body,entry,reason", [
    (f'version: "1"\ntarget: 10\nneeds:\n{NEEDS.split(chr(10), 1)[1]}\nmodules:\n  talk:{MODULE}',
     "needs", "no labels for 'mobility'"),
    (f'version: "1"\ntarget: 0\nneeds:\n{NEEDS}\nmodules:\n  talk:{MODULE}', "target", "greater than 0"),
    (f'version: "1"\ntarget: 10\nneeds:\n{NEEDS}\nmodules:\n  Talk_Work:{MODULE}', "modules",
     "lowercase words"),
    (f'version: "1"\ntarget: 10\nneeds:\n{NEEDS}\nmodules:\n  talk:{MODULE.replace("in_person", "by_post")}',
     "modules.talk", "format"),
])
def test_bad_entries_are_reported(tmp_path, body, entry, reason):
    with pytest.raises(ContentError) as error:
        load_pathway(write(tmp_path, body))
    assert error.value.entry == entry and reason in error.value.reason
