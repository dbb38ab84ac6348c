"""Content files (data, not code), validated when loaded.

A bad file fails with the file, the entry and the reason.
"""

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import (
    BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator, model_validator,
)

from core.i18n import LANGUAGES
from core.settings import get_settings


class ContentError(ValueError):
    def __init__(self, path: Path, entry: str, reason: str):
        self.path, self.entry, self.reason = path, entry, reason
        super().__init__(f"{path}: {entry}: {reason}")


class Trilingual(BaseModel):
    """A text in French, Dutch and English; none may be empty."""

    model_config = ConfigDict(extra="forbid")
    fr: str = Field(min_length=1)
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @field_validator("fr", "nl", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is blank")
        return value.strip()

    def get(self, language: str) -> str:
        return getattr(self, language if language in LANGUAGES else "en")


class FaqTopic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Trilingual
    answer: Trilingual
    link: HttpUrl | None = None


def _describe(error: ValidationError) -> str:
    parts = []
    for e in error.errors():
        where = ".".join(str(p) for p in e["loc"])
        parts.append(f"{where}: {e['msg']}" if where else e["msg"])
    return "; ".join(parts)


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(path, "(file)", "file not found") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, "(file)", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ContentError(path, "(file)", "expected a mapping at the top level")
    return data


def load_faq(path: Path) -> dict[str, FaqTopic]:
    data = _read_yaml(path)
    topics = data.get("topics")
    if not isinstance(topics, dict) or not topics:
        raise ContentError(path, "topics", "missing or empty")
    result = {}
    for key, raw in topics.items():
        try:
            result[str(key)] = FaqTopic.model_validate(raw)
        except ValidationError as exc:
            raise ContentError(path, str(key), _describe(exc)) from None
    return result


@lru_cache
def faq() -> dict[str, FaqTopic]:
    return load_faq(get_settings().content_dir / "faq.yml")


# --- skills assessment ------------------------------------------------------------

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
CEFR_SKILLS: tuple[str, ...] = ("listening", "reading", "speaking", "writing")
DIGITAL_LEVELS: tuple[str, ...] = ("foundation", "intermediate", "advanced")
DIGITAL_AREAS: tuple[str, ...] = (
    "information", "communication", "content_creation", "safety", "problem_solving",
)


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
    def _cefr_complete(cls, value: dict) -> dict:
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
    def _areas_complete(cls, value: dict) -> dict:
        unknown = [a for a in value if a not in DIGITAL_AREAS]
        if unknown:
            raise ValueError(f"unknown area {unknown[0]!r}")
        missing = [a for a in DIGITAL_AREAS if a not in value]
        if missing:
            raise ValueError(f"area {missing[0]!r} is missing")
        return value


def load_assessment(path: Path) -> AssessmentContent:
    data = _read_yaml(path)
    try:
        return AssessmentContent.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        entry = ".".join(str(p) for p in error["loc"][:3]) or "(file)"
        raise ContentError(path, entry, _describe(exc)) from None


@lru_cache
def assessment() -> AssessmentContent:
    return load_assessment(get_settings().content_dir / "assessment.yml")


# --- training modules ----------------------------------------------------------------

ModuleArea = Literal["digital", "language", "job_search"]
ModuleFormat = Literal["online", "in_person", "blended"]
TargetGroup = Literal[
    "all", "low_qualified", "long_term_unemployed", "foreign_origin", "disability",
    "over_50", "single_parents", "under_30",
]
MODULE_AREAS: tuple[str, ...] = get_args(ModuleArea)
MODULE_FORMATS: tuple[str, ...] = get_args(ModuleFormat)
TARGET_GROUPS: tuple[str, ...] = get_args(TargetGroup)


def _level_problems(entry: str | None, target: str | None, scale: tuple[str, ...],
                    described: str) -> list[str]:
    """Entry ("none" or a level below the top) and target (a level above the entry)."""
    if entry != "none" and entry not in scale[:-1]:
        return [f"entry_level {entry!r} is outside the scale none, {described} (not the top)"]
    if target not in scale:
        return [f"target_level {target!r} is outside the scale {described}"]
    if entry in scale and scale.index(target) <= scale.index(entry):
        return ["target_level must be above entry_level"]
    return []


class Module(BaseModel):
    """One training module. Validated the same way from the content file and the API."""

    model_config = ConfigDict(extra="forbid")
    title: Trilingual
    description: Trilingual
    provider: str = Field(min_length=1, max_length=200)
    area: ModuleArea
    # For digital modules: the DigComp area it trains, or "general" for several.
    digital_area: str | None = None
    # For language modules: the language taught (fr, nl, en).
    language: str | None = None
    entry_level: str | None = None
    target_level: str | None = None
    format: ModuleFormat
    instruction_languages: list[str] = Field(min_length=1)
    commune: str | None = None
    address: str | None = None
    duration_hours: int = Field(gt=0, le=2000)
    cost_eur: float = Field(ge=0, le=10000)
    accessibility: Trilingual | None = None
    target_groups: list[TargetGroup] = Field(default_factory=lambda: ["all"], min_length=1)
    link: HttpUrl

    @field_validator("instruction_languages")
    @classmethod
    def _instruction(cls, value: list[str]) -> list[str]:
        for code in value:
            if not (len(code) == 2 and code.isalpha() and code.islower()):
                raise ValueError(f"instruction language {code!r} is not a two-letter code")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Module":
        problems = []
        if self.area == "language":
            if self.language not in LANGUAGES:
                problems.append("a language module needs language fr, nl or en")
            problems += _level_problems(self.entry_level, self.target_level, CEFR_LEVELS, "A1–C2")
        elif self.area == "digital":
            if self.digital_area not in DIGITAL_AREAS + ("general",):
                problems.append(f"digital_area {self.digital_area!r} is not a DigComp area or general")
            problems += _level_problems(self.entry_level, self.target_level, DIGITAL_LEVELS,
                                        "foundation–advanced")
        elif self.entry_level or self.target_level:
            problems.append("a job_search module has no levels")
        if self.format in ("in_person", "blended") and not (self.commune and self.address):
            problems.append("an in-person or blended module needs a commune and an address")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class ModuleCatalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    modules: dict[str, dict]


def load_modules(path: Path) -> tuple[str, dict[str, Module]]:
    """(catalogue version, modules by key); the first bad entry stops loading."""
    data = _read_yaml(path)
    try:
        catalogue = ModuleCatalogue.model_validate(data)
    except ValidationError as exc:
        raise ContentError(path, "(file)", _describe(exc)) from None
    result = {}
    for key, raw in catalogue.modules.items():
        try:
            result[str(key)] = Module.model_validate(raw)
        except ValidationError as exc:
            raise ContentError(path, str(key), _describe(exc)) from None
    return catalogue.version, result


@lru_cache
def modules() -> tuple[str, dict[str, Module]]:
    return load_modules(get_settings().content_dir / "modules.yml")


# --- childcare sites ------------------------------------------------------------------------

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
AGE_GROUPS: tuple[str, ...] = ("babies", "toddlers")  # 0–18 months, 18–36 months


class ChildcareSite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Trilingual
    address: str = Field(min_length=1)
    commune: str = Field(min_length=1)
    opening_days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(min_length=1)
    opens: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    closes: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    places: dict[Literal["babies", "toddlers"], int]
    closed_dates: list[date] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sensible(self) -> "ChildcareSite":
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        missing = [g for g in AGE_GROUPS if g not in self.places]
        if missing:
            raise ValueError(f"places for {missing[0]} are missing")
        if any(n < 0 or n > 200 for n in self.places.values()):
            raise ValueError("places must be between 0 and 200")
        return self


class ChildcareContent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    booking_window_days: int = Field(gt=0, le=365)
    max_booking_days: int = Field(gt=0, le=365)
    sites: dict[str, ChildcareSite] = Field(min_length=1)


def load_childcare(path: Path) -> ChildcareContent:
    data = _read_yaml(path)
    sites = data.get("sites")
    if isinstance(sites, dict):
        for key, raw in sites.items():
            try:
                ChildcareSite.model_validate(raw)
            except ValidationError as exc:
                raise ContentError(path, str(key), _describe(exc)) from None
    try:
        return ChildcareContent.model_validate(data)
    except ValidationError as exc:
        raise ContentError(path, "(file)", _describe(exc)) from None


@lru_cache
def childcare() -> ChildcareContent:
    return load_childcare(get_settings().content_dir / "childcare.yml")


# --- the disability pathway ---------------------------------------------------------------------

SupportNeed = Literal["mobility", "vision", "hearing", "learning", "mental_health", "chronic_illness",
                      "other"]
SUPPORT_NEEDS: tuple[str, ...] = get_args(SupportNeed)
PATHWAY_MODULE_KEY = r"^[a-z0-9][a-z0-9-]{1,63}$"


class PathwayModule(BaseModel):
    """A training module of the pathway (not of the general catalogue: these are planned by
    a pathway officer with the person)."""

    model_config = ConfigDict(extra="forbid")
    title: Trilingual
    description: Trilingual = Field(description="one line")
    hours: int = Field(gt=0, le=2000)
    format: ModuleFormat


class PathwayContent(BaseModel):
    """content/pathway.yml: the pathway's modules, its target and the support-need categories."""

    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    target: int = Field(gt=0, description="persons who followed a module")
    needs: dict[SupportNeed, Trilingual]
    modules: dict[str, PathwayModule] = Field(min_length=1)

    @field_validator("needs")
    @classmethod
    def _every_need(cls, value: dict) -> dict:
        missing = [n for n in SUPPORT_NEEDS if n not in value]
        if missing:
            raise ValueError(f"no labels for {missing[0]!r}")
        return value

    @field_validator("modules")
    @classmethod
    def _keys(cls, value: dict) -> dict:
        bad = [k for k in value if not re.match(PATHWAY_MODULE_KEY, k)]
        if bad:
            raise ValueError(f"module key {bad[0]!r} is not lowercase words joined by hyphens")
        return value


def load_pathway(path: Path) -> PathwayContent:
    data = _read_yaml(path)
    for section, model in (("needs", Trilingual), ("modules", PathwayModule)):
        entries = data.get(section)
        for key, raw in (entries.items() if isinstance(entries, dict) else ()):
            try:
                model.model_validate(raw)
            except ValidationError as exc:
                raise ContentError(path, f"{section}.{key}", _describe(exc)) from None
    try:
        return PathwayContent.model_validate(data)
    except ValidationError as exc:
        entry = ".".join(str(p) for p in exc.errors()[0]["loc"][:2]) or "(file)"
        raise ContentError(path, entry, _describe(exc)) from None


@lru_cache
def pathway() -> PathwayContent:
    return load_pathway(get_settings().content_dir / "pathway.yml")
