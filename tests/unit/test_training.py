"""Ranking of training modules and the catalogue in the database (core/training.py)."""

import copy

import pytest
from sqlalchemy import select

from core import content, training
from core.content import ContentError, Module, load_modules
from core.models import TrainingModule

VERSION, CATALOGUE = content.modules()


def module(**changes) -> Module:
    base = {
        "title": {"fr": "Titre", "nl": "Titel", "en": "Title"},
        "description": {"fr": "Un cours.", "nl": "Een cursus.", "en": "A course."},
        "provider": "Bruxelles Formation", "area": "language", "language": "nl",
        "entry_level": "A2", "target_level": "B1", "format": "online",
        "instruction_languages": ["nl"], "duration_hours": 40, "cost_eur": 0,
        "link": "https://www.bruxellesformation.brussels",
    }
    base.update(changes)
    return Module.model_validate({k: v for k, v in base.items() if v is not None})


def test_catalogue_has_at_least_30_modules_of_every_kind():
    assert len(CATALOGUE) >= 30
    areas = {m.area for m in CATALOGUE.values()}
    assert areas == {"digital", "language", "job_search"}
    for code in ("fr", "nl", "en"):
        levels = {m.entry_level for m in CATALOGUE.values() if m.language == code}
        assert len(levels) >= 2, f"{code}: courses at several levels"
    digital_entries = {m.entry_level for m in CATALOGUE.values() if m.area == "digital"}
    assert {"none", "foundation", "intermediate"} <= digital_entries
    assert {m.format for m in CATALOGUE.values()} == {"online", "in_person", "blended"}
    titles = " ".join(m.title.en.lower() for m in CATALOGUE.values())
    assert "voucher" in titles and "brulingua" in titles


def test_a_dutch_a2_speaker_gets_dutch_courses_from_a2_with_the_reason():
    profile = training.profile_from("language:nl", {"languages": {"nl": "A2"}}, None, "fr")
    ranked = training.rank(CATALOGUE, profile)
    assert ranked, "something fits"
    top = ranked[0]
    assert top.module.language == "nl"
    entry = -1 if top.module.entry_level == "none" else content.CEFR_LEVELS.index(top.module.entry_level)
    assert entry <= 1 < content.CEFR_LEVELS.index(top.module.target_level)
    assert top.reason.key == "module_language_gap"
    assert top.reason.arguments["level"] == "A2"
    assert all(s.module.language == "nl" for s in ranked)


def test_the_gap_decides_the_order():
    modules = {"too-easy": module(entry_level="none", target_level="A1"),
               "fits": module(entry_level="A2", target_level="B1"),
               "too-hard": module(entry_level="B2", target_level="C1"),
               "starts-low": module(entry_level="A1", target_level="B1")}
    ranked = training.rank(modules, training.Profile(goal="language:nl", languages={"nl": 1}))
    assert [s.key for s in ranked] == ["fits", "starts-low"]


def test_a_module_in_a_language_the_person_cannot_follow_is_left_out():
    modules = {"in-dutch": module(area="digital", language=None, digital_area="safety",
                                  entry_level="none", target_level="foundation",
                                  instruction_languages=["nl"]),
               "in-french": module(area="digital", language=None, digital_area="safety",
                                   entry_level="none", target_level="foundation",
                                   instruction_languages=["fr"])}
    french_speaker = training.profile_from("digital", None, 0, "fr")
    assert [s.key for s in training.rank(modules, french_speaker)] == ["in-french"]
    bilingual = training.profile_from("digital", {"languages": {"nl": "B1"}, "digital": {}}, 0, "fr")
    assert {s.key for s in training.rank(modules, bilingual)} == {"in-dutch", "in-french"}


def test_format_and_commune_preferences_move_modules_up():
    modules = {"online": module(),
               "ixelles": module(format="in_person", commune="Ixelles", address="Rue X 1, 1050 Ixelles"),
               "anderlecht": module(format="in_person", commune="Anderlecht", address="Rue Y 2, 1070 Anderlecht")}
    person = dict(goal="language:nl", languages={"nl": 1})
    assert training.rank(modules, training.Profile(**person, format="online"))[0].key == "online"
    near = training.rank(modules, training.Profile(**person, format="in_person",
                                                   commune=training.commune_named_in("Elsene")))
    assert [s.key for s in near] == ["ixelles", "anderlecht", "online"]


def test_a_beginner_gets_first_steps():
    profile = training.profile_from("digital", None, 0, "fr")
    ranked = training.rank(CATALOGUE, profile)
    assert ranked and ranked[0].module.entry_level == "none"
    assert ranked[0].reason.key == "module_digital_first_steps"


def test_digital_gap_uses_the_area_of_the_assessment():
    result = {"languages": {}, "digital": {"areas": {
        "safety": {"level": "foundation", "score": 0.3, "first_steps": False},
        "information": {"level": "advanced", "score": 1, "first_steps": False}},
        "overall": "foundation"}}
    profile = training.profile_from("digital", result, None, "en")
    ranked = training.rank(CATALOGUE, profile)
    safety = [s for s in ranked if s.module.digital_area == "safety"]
    assert safety and safety[0].reason.arguments["area"] == "safety"
    assert not [s for s in ranked if s.module.digital_area == "information"
                and s.module.target_level != "advanced"]


def test_nothing_fits_a_c2_speaker_looking_for_beginner_classes():
    modules = {"beginners": module(entry_level="none", target_level="A1")}
    assert training.rank(modules, training.Profile(goal="language:nl", languages={"nl": 5})) == []


def test_job_search_modules_have_a_reason_and_need_no_level():
    ranked = training.rank(CATALOGUE, training.profile_from("job_search", None, None, "nl"))
    assert ranked and all(s.reason.key == "module_job_search" for s in ranked)
    assert not training.needs_level("job_search", None)
    assert training.needs_level("language:fr", {"languages": {"nl": "B1"}})
    assert not training.needs_level("language:nl", {"languages": {"nl": "B1"}})


@pytest.mark.parametrize("text,commune", [("Elsene", "Ixelles"), ("j'habite à Schaerbeek", "Schaerbeek"),
                                          ("sint-jans-molenbeek", "Molenbeek-Saint-Jean"),
                                          ("woluwe saint pierre", "Woluwe-Saint-Pierre"), ("Paris", None)])
def test_communes_are_recognised_in_french_and_dutch(text, commune):
    assert training.commune_named_in(text) == commune


# --- content validation -------------------------------------------------------------------------


def test_a_bad_module_names_the_file_the_entry_and_the_problem(tmp_path):
    path = tmp_path / "modules.yml"
    good = module().model_dump(mode="json")
    bad = copy.deepcopy(good) | {"entry_level": "B2", "target_level": "A2"}
    import yaml
    path.write_text(yaml.safe_dump({"version": "1", "modules": {"good": good, "upside-down": bad}}))
    with pytest.raises(ContentError) as err:
        load_modules(path)
    assert (err.value.path, err.value.entry) == (path, "upside-down")
    assert "above entry_level" in err.value.reason
    del bad["title"]["nl"]
    bad.update(entry_level="A2", target_level="D1")
    path.write_text(yaml.safe_dump({"version": "1", "modules": {"no-dutch": bad}}))
    with pytest.raises(ContentError) as err:
        load_modules(path)
    assert "title.nl" in err.value.reason or "D1" in err.value.reason


# --- the catalogue in the database -------------------------------------------------------------------


def test_sync_adds_updates_and_keeps_api_edits(sessions):
    modules = {"a": module(), "b": module(language="fr", instruction_languages=["fr"])}
    with sessions.begin() as s:
        assert training.sync_catalogue(s, modules) == {"added": 2, "updated": 0, "kept": 0}
    with sessions.begin() as s:
        assert training.sync_catalogue(s, modules) == {"added": 0, "updated": 0, "kept": 2}
        training.save_module(s, "b", module(language="fr", instruction_languages=["fr"], duration_hours=99))
        training.retire_module(s, "a")
    changed = {"a": module(duration_hours=12), "b": module(language="fr", instruction_languages=["fr"],
                                                          duration_hours=13)}
    with sessions.begin() as s:
        training.sync_catalogue(s, changed)
    with sessions() as s:
        rows = {r.key: r for r in s.scalars(select(TrainingModule))}
        assert rows["b"].data["duration_hours"] == 99, "the API's version is kept"
        assert rows["a"].retired_at is not None, "a retired module stays retired"
        assert set(training.active_modules(s)) == {"b"}
