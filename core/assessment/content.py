"""content/assessment.yml: the versioned question set of the skills assessment, validated."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.content import ContentError, Trilingual, describe, read_yaml
from core.frameworks import CEFR_LEVELS, CEFR_SKILLS, DIGITAL_AREAS, DIGITAL_LEVELS
from core.settings import get_settings


class DigitalStatement(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: str
    text: Trilingual

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value not in DIGITAL_LEVELS:
            raise ValueError(f"level {value!r} is not one of {', '.join(DIGITAL_LEVELS)}")
        return value


class DigitalArea(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int = Field(ge=1, le=5)
    title: Trilingual
    # The first statement is a foundation task; the second, asked only to those who can
    # do the first on their own, an intermediate task.
    statements: list[DigitalStatement] = Field(min_length=1, max_length=2)

    @field_validator("statements")
    @classmethod
    def _ordered(cls, value: list[DigitalStatement]) -> list[DigitalStatement]:
        if value[0].level != "foundation":
            raise ValueError("the first statement must be a foundation task")
        if len(value) == 2 and value[1].level == "foundation":
            raise ValueError("the second statement must be above foundation")
        return value


class AssessmentContent(BaseModel):
    """content/assessment.yml: the versioned question set."""

    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    # CEFR "I can …" statements: skill → level → text.
    cefr: dict[str, dict[str, Trilingual]]
    # The EU self-assessment scale, from "I don't know how" (0) to "with confidence" (3).
    digital_scale: list[Trilingual] = Field(min_length=4, max_length=4)
    digital_areas: dict[str, DigitalArea]

    @field_validator("cefr")
    @classmethod
    def _cefr_complete(cls, value: dict[str, Any]) -> dict[str, Any]:
        for skill in value:
            if skill not in CEFR_SKILLS:
                raise ValueError(f"skill {skill!r} is not one of {', '.join(CEFR_SKILLS)}")
        for skill in CEFR_SKILLS:
            levels = value.get(skill)
            if not levels:
                raise ValueError(f"skill {skill!r} is missing")
            for level in levels:
                if level not in CEFR_LEVELS:
                    raise ValueError(f"{skill}: level {level!r} is outside the scale A1–C2")
            missing = [lv for lv in CEFR_LEVELS if lv not in levels]
            if missing:
                raise ValueError(f"{skill}: no statement for {', '.join(missing)}")
        return value

    @field_validator("digital_areas")
    @classmethod
    def _areas_complete(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = [a for a in value if a not in DIGITAL_AREAS]
        if unknown:
            raise ValueError(f"unknown area {unknown[0]!r}")
        missing = [a for a in DIGITAL_AREAS if a not in value]
        if missing:
            raise ValueError(f"area {missing[0]!r} is missing")
        return value


def load_assessment(path: Path) -> AssessmentContent:
    data = read_yaml(path)
    try:
        return AssessmentContent.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        entry = ".".join(str(p) for p in error["loc"][:3]) or "(file)"
        raise ContentError(path, entry, describe(exc)) from None


@lru_cache
def question_set() -> AssessmentContent:
    return load_assessment(get_settings().content_dir / "assessment.yml")
