"""Scoring of the skills pre-assessment (core/assessment/scoring.py) and its content file."""

import pytest

from core.assessment import scoring as engine
from core.assessment.content import load_assessment, question_set
from core.content import ContentError
from core.frameworks import CEFR_LEVELS, CEFR_SKILLS, DIGITAL_AREAS

DATA = question_set()


def place(true_level: int, answer_for=None) -> tuple[str, list]:
    """Run the adaptive CEFR questions for someone whose real level is ``true_level``
    (-1 below A1 … 5 C2), answering yes exactly to statements at or below it."""
    answers = []
    while (nxt := engine.cefr_next(answers)) is not None:
        skill, level = nxt
        value = answer_for(skill, level) if answer_for else ("yes" if level <= true_level else "no")
        answers.append([skill, level, value])
    return engine.cefr_level(answers), answers


def test_first_statement_is_at_b1():
    assert engine.cefr_next([]) == ("listening", CEFR_LEVELS.index("B1"))


@pytest.mark.parametrize("true_level", range(-1, 6))
def test_consistent_answers_place_the_person_at_their_level(true_level):
    level, answers = place(true_level)
    assert level == CEFR_LEVELS[max(true_level, 0)]
    assert len(answers) <= 6
    assert {a[0] for a in answers} == set(CEFR_SKILLS), "listening, reading, speaking and writing"


def test_all_no_is_a1_and_all_yes_is_c2():
    assert place(0, lambda s, lv: "no")[0] == "A1"
    assert place(0, lambda s, lv: "yes")[0] == "C2"


def test_contradictory_answers_still_end_within_six_with_a_level():
    flip = iter(["yes", "no", "yes", "no", "yes", "no", "yes"])
    level, answers = place(0, lambda s, lv: next(flip))
    assert len(answers) <= 6
    assert level == "B2"  # two of the three B2 statements were a yes


def test_a_little_means_the_level_below():
    level, _ = place(0, lambda s, lv: "yes" if lv < 3 else ("little" if lv == 3 else "no"))
    assert level == "B1"


def test_writing_weaker_than_the_rest_lowers_the_level_at_most_one_step():
    level, _ = place(0, lambda s, lv: "yes" if lv <= (1 if s == "writing" else 3) else "no")
    assert level in ("B1", "B2")


def _full_run(cefr_value, digital_value, languages=("nl",)):
    state = engine.new_state(DATA.version)
    while (q := engine.current_question(state, DATA)) is not None:
        if q.kind == "pick_language":
            value = next((c for c in languages if c in q.choices), "done" if "done" in q.choices else "skip")
        elif q.kind == "other_languages":
            value = "none"
        elif q.kind == "cefr":
            value = cefr_value
        else:
            value = digital_value
        state = engine.apply_answer(state, q, value)
    return state, engine.result(state, DATA)


def test_all_i_dont_know_gives_foundation_first_steps_everywhere():
    _, result = _full_run("no", "0")
    assert result["languages"] == {"nl": "A1"}
    areas = result["digital"]["areas"]
    assert set(areas) == set(DIGITAL_AREAS)
    assert all(a["level"] == "foundation" and a["first_steps"] for a in areas.values())
    assert result["digital"]["overall"] == "foundation"
    assert result["digital"]["strongest"] is None and result["digital"]["weakest"] is None


def test_all_top_answers_give_c2_and_advanced():
    state, result = _full_run("yes", "3", languages=("fr", "en"))
    assert result["languages"] == {"fr": "C2", "en": "C2"}
    assert result["digital"]["overall"] == "advanced"
    # each area: the foundation task and then the intermediate one
    assert all(len(v) == 2 for v in state["digital"].values())


def test_with_help_asks_one_statement_per_area():
    state, result = _full_run("no", "1")
    assert all(len(v) == 1 for v in state["digital"].values())
    assert result["digital"]["overall"] == "foundation"


def test_strongest_and_weakest_area():
    state = engine.new_state(DATA.version) | {"languages_done": True, "cefr_skipped": True,
                                              "other_languages": []}
    answers = {"information": "3", "communication": "2", "content_creation": "2",
               "safety": "0", "problem_solving": "2"}
    while (q := engine.current_question(state, DATA)) is not None:
        state = engine.apply_answer(state, q, answers[q.area] if q.statement == 0 else "2")
    digital = engine.result(state, DATA)["digital"]
    assert digital["strongest"] == "information"
    assert digital["weakest"] == "safety"
    assert digital["areas"]["safety"]["level"] == "foundation"
    assert digital["areas"]["communication"]["level"] == "intermediate"  # the harder task alone
    assert digital["areas"]["information"]["level"] == "intermediate"  # not "guide others" there


def test_the_harder_task_decides_between_the_three_levels():
    for second, level in (("1", "foundation"), ("2", "intermediate"), ("3", "advanced")):
        result = engine.digital_area_result(DATA, "safety", [2, int(second)])
        assert result["level"] == level


def test_skipping_the_language_part_keeps_the_digital_part():
    state = engine.new_state(DATA.version)
    q = engine.current_question(state, DATA)
    state = engine.apply_answer(state, q, "skip")
    assert engine.current_question(state, DATA).kind == "digital"


def test_skipping_both_parts_gives_nothing_to_store():
    state = engine.new_state(DATA.version)
    state = engine.apply_answer(state, engine.current_question(state, DATA), "skip")
    state = engine.apply_answer(state, engine.current_question(state, DATA), "skip")
    assert engine.current_question(state, DATA) is None
    assert not engine.has_result(engine.result(state, DATA))


def test_skipping_in_the_middle_of_a_language_keeps_what_was_answered():
    state = engine.new_state(DATA.version)
    for value in ("en", "done", "none", "yes", "skip"):
        state = engine.apply_answer(state, engine.current_question(state, DATA), value)
    assert engine.current_question(state, DATA).kind == "digital"
    assert engine.result(state, DATA)["languages"] == {"en": "B1"}  # one yes at B1


def test_resume_question_comes_first_and_restart_clears_everything():
    state = engine.new_state(DATA.version)
    for value in ("fr", "done", "none", "yes"):
        state = engine.apply_answer(state, engine.current_question(state, DATA), value)
    paused = dict(state, resume_pending=True)
    q = engine.current_question(paused, DATA)
    assert q.kind == "resume"
    resumed = engine.apply_answer(paused, q, "resume")
    assert engine.current_question(resumed, DATA) == engine.current_question(state, DATA)
    restarted = engine.apply_answer(paused, q, "restart")
    assert restarted["cefr"] == {} and engine.current_question(restarted, DATA).kind == "pick_language"


# --- the content file ---------------------------------------------------------------------


def test_question_set_is_versioned_and_complete():
    assert DATA.version
    assert set(DATA.cefr) == set(CEFR_SKILLS)
    assert all(set(levels) == set(CEFR_LEVELS) for levels in DATA.cefr.values())
    assert set(DATA.digital_areas) == set(DIGITAL_AREAS)
    assert len(DATA.digital_scale) == 4


GOOD = """
version: "1"
cefr:
{cefr}
digital_scale:
  - {{fr: a, nl: b, en: c}}
  - {{fr: a, nl: b, en: c}}
  - {{fr: a, nl: b, en: c}}
  - {{fr: a, nl: b, en: c}}
digital_areas:
{areas}
"""


def _file(tmp_path, level_override=None, drop_nl_for=None):
    cefr = []
    for skill in CEFR_SKILLS:
        cefr.append(f"  {skill}:")
        for level in CEFR_LEVELS:
            name = level_override if (skill == "reading" and level == "C2" and level_override) else level
            nl = "" if drop_nl_for == (skill, level) else " nl: x,"
            cefr.append(f"    {name}: {{fr: x,{nl} en: x}}")
    areas = []
    for number, area in enumerate(DIGITAL_AREAS, start=1):
        areas.append(f"  {area}:\n    number: {number}\n    title: {{fr: t, nl: t, en: t}}\n"
                     f"    statements:\n      - level: foundation\n        text: {{fr: s, nl: s, en: s}}")
    path = tmp_path / "assessment.yml"
    path.write_text(GOOD.format(cefr="\n".join(cefr), areas="\n".join(areas)), encoding="utf-8")
    return path


def test_a_well_formed_file_loads(tmp_path):
    assert load_assessment(_file(tmp_path)).version == "1"


def test_a_missing_translation_names_the_file_the_entry_and_the_problem(tmp_path):
    path = _file(tmp_path, drop_nl_for=("speaking", "B2"))
    with pytest.raises(ContentError) as err:
        load_assessment(path)
    assert err.value.path == path
    assert "speaking" in err.value.entry and "B2" in err.value.entry
    assert "nl" in err.value.reason


def test_a_level_outside_the_scale_is_refused(tmp_path):
    with pytest.raises(ContentError) as err:
        load_assessment(_file(tmp_path, level_override="D1"))
    assert "D1" in err.value.reason and "A1–C2" in err.value.reason
