"""What the skills dashboard counts of the assessments, in SQL: assessments per week, the
CEFR levels per language and the DigComp levels per area, over a period.

An assessment belongs to the period of its completion (``completed_at``, UTC). Each
completed assessment counts once: a person who took it twice in the period counts twice.
Assessments are counted while the database keeps them (a person's erasure and the
conversations' retention take theirs away). Levels and areas stay keys (``B1``,
``information``, ``foundation``): the console names them.
"""

from sqlalchemy import JSON, ColumnElement, String, column, func, select, true
from sqlalchemy.orm import Session

from core.assessment.models import Assessment, AssessmentLanguage
from core.figures import Period, Table, week_of
from core.frameworks import CEFR_LEVELS, DIGITAL_AREAS, DIGITAL_LEVELS
from core.i18n import LANGUAGES

OVERALL = "overall"  # the row of the overall digital level, after the areas


def _completed_in(period: Period) -> ColumnElement[bool]:
    return (Assessment.completed_at >= period.since) & (Assessment.completed_at < period.until)


def assessments_per_week(session: Session, period: Period) -> Table:
    """Assessments completed in the period per week (Monday) of their completion; only
    weeks with assessments, by week."""
    week = week_of(Assessment.completed_at)
    rows = session.execute(
        select(week, func.count())
        .where(_completed_in(period))
        .group_by(week)
        .order_by(week))
    return Table("skills.assessments", ("week", "assessments"), [(day, int(count)) for day, count in rows])


def language_levels(session: Session, period: Period) -> Table:
    """For French, Dutch and English and each CEFR level A1–C2, how many assessments
    completed in the period placed the person at that level: all 18 rows, 0 included,
    by language (fr, nl, en) then level (A1 … C2)."""
    rows = session.execute(
        select(AssessmentLanguage.language, AssessmentLanguage.level, func.count())
        .join(Assessment, Assessment.id == AssessmentLanguage.assessment_id)
        .where(_completed_in(period), AssessmentLanguage.language.in_(LANGUAGES))
        .group_by(AssessmentLanguage.language, AssessmentLanguage.level))
    counts = {(language, level): int(count) for language, level, count in rows}
    return Table("skills.languages", ("language", "level", "people"),
                 [(language, level, counts.get((language, level), 0))
                  for language in LANGUAGES for level in CEFR_LEVELS])


def digital_levels(session: Session, period: Period) -> Table:
    """For each DigComp area (in the order the assessment asks them) and each level
    (foundation, intermediate, advanced), how many assessments completed in the period
    gave that level in that area; then the overall level (the median of the areas) as
    area ``overall``. All rows, 0 included, by area then level.

    The areas are read from the stored result (``result.digital.areas``: area → its
    level), each assessment's result unpacked once by ``json_each`` (the same function
    on SQLite and PostgreSQL)."""
    areas = func.json_each(Assessment.result[("digital", "areas")]).table_valued(
        column("key", String), column("value", JSON)).alias("areas")
    area_level = areas.c.value["level"].as_string()
    rows = session.execute(
        select(areas.c.key, area_level, func.count())
        .select_from(Assessment).join(areas, true())
        .where(_completed_in(period))
        .group_by(areas.c.key, area_level))
    counts = {(area, level): int(count) for area, level, count in rows}
    overall = session.execute(
        select(Assessment.digital_level, func.count())
        .where(_completed_in(period), Assessment.digital_level.is_not(None))
        .group_by(Assessment.digital_level))
    counts |= {(OVERALL, level): int(count) for level, count in overall}
    return Table("skills.digital", ("area", "level", "people"),
                 [(area, level, counts.get((area, level), 0))
                  for area in (*DIGITAL_AREAS, OVERALL) for level in DIGITAL_LEVELS])
