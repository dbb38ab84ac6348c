"""Ranking of training modules (core/training/ranking.py) and communes (core/communes.py)."""

import pytest

from core.communes import commune_named_in
from core.frameworks import CEFR_LEVELS
from core.training import ranking
from core.training.content import catalogue_file
from tests.factories import module

VERSION, CATALOGUE = catalogue_file()


def test_a_dutch_a2_speaker_gets_dutch_courses_from_a2_with_the_reason():
    profile = ranking.profile_from("language:nl", {"languages": {"nl": "A2"}}, None, "fr")
    ranked = ranking.rank(CATALOGUE, profile)
    assert ranked, "something fits"
    top = ranked[0]
    assert top.module.language == "nl"
    entry = -1 if top.module.entry_level == "none" else CEFR_LEVELS.index(top.module.entry_level)
    assert entry <= 1 < CEFR_LEVELS.index(top.module.target_level)
    assert top.reason.key == "module_language_gap"
    assert top.reason.arguments["level"] == "A2"
    assert all(s.module.language == "nl" for s in ranked)


def test_the_gap_decides_the_order():
    modules = {"too-easy": module(entry_level="none", target_level="A1"),
               "fits": module(entry_level="A2", target_level="B1"),
               "too-hard": module(entry_level="B2", target_level="C1"),
               "starts-low": module(entry_level="A1", target_level="B1")}
    ranked = ranking.rank(modules, ranking.Profile(goal="language:nl", languages={"nl": 1}))
    assert [s.key for s in ranked] == ["fits", "starts-low"]


def test_a_module_in_a_language_the_person_cannot_follow_is_left_out():
    modules = {"in-dutch": module(area="digital", language=None, digital_area="safety",
                                  entry_level="none", target_level="foundation",
                                  instruction_languages=["nl"]),
               "in-french": module(area="digital", language=None, digital_area="safety",
                                   entry_level="none", target_level="foundation",
                                   instruction_languages=["fr"])}
    french_speaker = ranking.profile_from("digital", None, 0, "fr")
    assert [s.key for s in ranking.rank(modules, french_speaker)] == ["in-french"]
    bilingual = ranking.profile_from("digital", {"languages": {"nl": "B1"}, "digital": {}}, 0, "fr")
    assert {s.key for s in ranking.rank(modules, bilingual)} == {"in-dutch", "in-french"}


def test_format_and_commune_preferences_move_modules_up():
    modules = {"online": module(),
               "ixelles": module(format="in_person", commune="Ixelles", address="Rue X 1, 1050 Ixelles"),
               "anderlecht": module(format="in_person", commune="Anderlecht", address="Rue Y 2, 1070 Anderlecht")}
    person = dict(goal="language:nl", languages={"nl": 1})
    assert ranking.rank(modules, ranking.Profile(**person, format="online"))[0].key == "online"
    near = ranking.rank(modules, ranking.Profile(**person, format="in_person",
                                                   commune=commune_named_in("Elsene")))
    assert [s.key for s in near] == ["ixelles", "anderlecht", "online"]


def test_a_beginner_gets_first_steps():
    profile = ranking.profile_from("digital", None, 0, "fr")
    ranked = ranking.rank(CATALOGUE, profile)
    assert ranked and ranked[0].module.entry_level == "none"
    assert ranked[0].reason.key == "module_digital_first_steps"


def test_digital_gap_uses_the_area_of_the_assessment():
    result = {"languages": {}, "digital": {"areas": {
        "safety": {"level": "foundation", "score": 0.3, "first_steps": False},
        "information": {"level": "advanced", "score": 1, "first_steps": False}},
        "overall": "foundation"}}
    profile = ranking.profile_from("digital", result, None, "en")
    ranked = ranking.rank(CATALOGUE, profile)
    safety = [s for s in ranked if s.module.digital_area == "safety"]
    assert safety and safety[0].reason.arguments["area"] == "safety"
    assert not [s for s in ranked if s.module.digital_area == "information"
                and s.module.target_level != "advanced"]


def test_nothing_fits_a_c2_speaker_looking_for_beginner_classes():
    modules = {"beginners": module(entry_level="none", target_level="A1")}
    assert ranking.rank(modules, ranking.Profile(goal="language:nl", languages={"nl": 5})) == []


def test_job_search_modules_have_a_reason_and_need_no_level():
    ranked = ranking.rank(CATALOGUE, ranking.profile_from("job_search", None, None, "nl"))
    assert ranked and all(s.reason.key == "module_job_search" for s in ranked)
    assert not ranking.needs_level("job_search", None)
    assert ranking.needs_level("language:fr", {"languages": {"nl": "B1"}})
    assert not ranking.needs_level("language:nl", {"languages": {"nl": "B1"}})


@pytest.mark.parametrize("text,commune", [("Elsene", "Ixelles"), ("j'habite à Schaerbeek", "Schaerbeek"),
                                          ("sint-jans-molenbeek", "Molenbeek-Saint-Jean"),
                                          ("woluwe saint pierre", "Woluwe-Saint-Pierre"), ("Paris", None)])
def test_communes_are_recognised_in_french_and_dutch(text, commune):
    assert commune_named_in(text) == commune
