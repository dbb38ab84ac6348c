"""What the skills dashboard counts of the assessments (core/assessment/figures.py), on a
small known set of assessments, on each database."""

from datetime import UTC, date, datetime

import pytest

from core import conversations
from core.assessment import figures, records, scoring
from core.assessment.content import question_set
from core.assessment.models import Assessment, AssessmentLanguage
from core.figures import Period
from core.frameworks import CEFR_LEVELS, DIGITAL_AREAS, DIGITAL_LEVELS

# Wednesday 25 November to Wednesday 9 December 2026: the weeks of 23 November and of
# 7 December cross the period's edges.
PERIOD = Period(date(2026, 11, 25), date(2026, 12, 9))


def at(day: int, month: int = 12, hour: int = 12, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def assessed(s, when: datetime, languages: dict[str, str], areas: dict[str, str],
             first_steps: tuple[str, ...] = ()) -> None:
    """A completed assessment of a new person, its result in the shape the scoring stores."""
    person = conversations.create(s, "web", f"person-{when.isoformat()}-{len(languages)}-{len(areas)}")
    s.flush()
    overall = scoring.digital_overall(list(areas.values()))
    result = {
        "languages": languages, "other_languages": [],
        "digital": {"areas": {area: {"level": level, "score": 0.5, "first_steps": area in first_steps}
                              for area, level in areas.items()},
                    "overall": overall, "strongest": None, "weakest": None},
    }
    s.add(Assessment(
        conversation_id=person.id, question_set_version="2026.1", language="fr", digital_level=overall,
        result=result, answers={}, started_at=when, completed_at=when,
        languages=[AssessmentLanguage(language=code, level=level, rank=CEFR_LEVELS.index(level))
                   for code, level in languages.items()]))


@pytest.fixture
def known(sessions):
    with sessions.begin() as s:
        # the day before the period
        assessed(s, at(24, 11, 23, 59, 59), {"fr": "C2", "nl": "C2"}, dict.fromkeys(DIGITAL_AREAS, "advanced"))
        # week of 23 November: two, on its first day in the period and on its Sunday
        assessed(s, at(25, 11, 0, 0, 0), {"fr": "B1", "nl": "A2"},
                 {"information": "foundation", "communication": "intermediate", "safety": "foundation"},
                 first_steps=("safety",))
        assessed(s, at(29, 11, 18), {"fr": "B1"}, {})  # languages only
        # week of 30 November: one, digital only
        assessed(s, at(2), {}, {area: "advanced" for area in DIGITAL_AREAS if area != "problem_solving"}
                 | {"problem_solving": "intermediate"})
        # week of 7 December: two, the last one in the last second of the period
        assessed(s, at(7, hour=9), {"en": "C2", "nl": "A2"}, {"information": "intermediate"})
        assessed(s, at(9, hour=23, minute=59, second=59), {"nl": "A1"},
                 {"information": "foundation", "communication": "foundation"})
        # the day after the period
        assessed(s, at(10, hour=0), {"fr": "A1"}, {"information": "foundation"})


def test_assessments_per_week(sessions, known):
    with sessions() as s:
        table = figures.assessments_per_week(s, PERIOD)
    assert table.name == "skills.assessments" and table.columns == ("week", "assessments")
    assert table.rows == [(date(2026, 11, 23), 2), (date(2026, 11, 30), 1), (date(2026, 12, 7), 2)]


def test_assessments_per_week_leaves_out_weeks_without_one(sessions, known):
    with sessions() as s:
        # 30 November – 6 December: one assessment; 8–9 December: only the last second's
        assert figures.assessments_per_week(s, Period(date(2026, 11, 30), date(2026, 12, 6))).rows == [
            (date(2026, 11, 30), 1)]
        assert figures.assessments_per_week(s, Period(date(2026, 12, 8), date(2026, 12, 9))).rows == [
            (date(2026, 12, 7), 1)]
        assert figures.assessments_per_week(s, Period(date(2026, 12, 3), date(2026, 12, 6))).rows == []


def test_language_levels(sessions, known):
    with sessions() as s:
        table = figures.language_levels(s, PERIOD)
    assert table.name == "skills.languages" and table.columns == ("language", "level", "people")
    assert [(language, level) for language, level, _ in table.rows] == [
        (language, level) for language in ("fr", "nl", "en") for level in CEFR_LEVELS]
    found = {(language, level): people for language, level, people in table.rows if people}
    # French B1 twice; Dutch A2 twice and A1 once; English C2 once; C2s and the A1 in
    # French of the days just outside are not counted
    assert found == {("fr", "B1"): 2, ("nl", "A1"): 1, ("nl", "A2"): 2, ("en", "C2"): 1}
    assert sum(table.column("people")) == 6


def test_digital_levels(sessions, known):
    with sessions() as s:
        table = figures.digital_levels(s, PERIOD)
    assert table.name == "skills.digital" and table.columns == ("area", "level", "people")
    assert [(area, level) for area, level, _ in table.rows] == [
        (area, level) for area in (*DIGITAL_AREAS, "overall") for level in DIGITAL_LEVELS]
    people = {(area, level): count for area, level, count in table.rows}
    assert [people["information", level] for level in DIGITAL_LEVELS] == [2, 1, 1]
    assert [people["communication", level] for level in DIGITAL_LEVELS] == [1, 1, 1]
    assert [people["content_creation", level] for level in DIGITAL_LEVELS] == [0, 0, 1]
    assert [people["safety", level] for level in DIGITAL_LEVELS] == [1, 0, 1]  # first steps are foundation
    assert [people["problem_solving", level] for level in DIGITAL_LEVELS] == [0, 1, 0]
    # the overall level of the four assessments with a digital part (the one of languages
    # only has none): foundation, advanced, intermediate, foundation
    assert [people["overall", level] for level in DIGITAL_LEVELS] == [2, 1, 1]


def test_a_period_without_assessments(sessions, known):
    empty = Period(date(2026, 12, 11), date(2026, 12, 31))
    with sessions() as s:
        assert figures.assessments_per_week(s, empty).rows == []
        languages = figures.language_levels(s, empty)
        digital = figures.digital_levels(s, empty)
    assert len(languages.rows) == 18 and set(languages.column("people")) == {0}
    assert len(digital.rows) == 18 and set(digital.column("people")) == {0}


def test_an_assessment_as_the_assessment_stores_it(sessions):
    """The levels are read where records.store puts them."""
    with sessions.begin() as s:
        person = conversations.create(s, "web", "someone")
        s.flush()
        state = scoring.new_state(question_set().version) | {
            "languages": ["nl"], "languages_done": True, "other_languages": [],
            "cefr": {"nl": [["listening", 2, "yes"], ["reading", 3, "no"], ["speaking", 2, "yes"],
                            ["writing", 2, "yes"]]},
            "digital": {"information": [2, 3], "communication": [1], "safety": [2, 2]}}
        record = records.store(s, person.id, state, at(1), "nl")
        assert record is not None
        record.completed_at = at(1)
    with sessions() as s:
        assert figures.assessments_per_week(s, PERIOD).rows == [(date(2026, 11, 30), 1)]
        languages = {(lang, level): n for lang, level, n in figures.language_levels(s, PERIOD).rows if n}
        digital = {(area, level): n for area, level, n in figures.digital_levels(s, PERIOD).rows if n}
    assert languages == {("nl", "B1"): 1}
    assert digital == {("information", "advanced"): 1, ("communication", "foundation"): 1,
                       ("safety", "intermediate"): 1, ("overall", "intermediate"): 1}
