"""content/modules.yml: the training modules, validated the same way from the file and the API."""

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator, model_validator

from core.content import ContentError, Trilingual, describe, read_yaml
from core.frameworks import CEFR_LEVELS, DIGITAL_AREAS, DIGITAL_LEVELS
from core.i18n import LANGUAGES
from core.settings import get_settings

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
    target_groups: list[TargetGroup] = Field(default_factory=lambda: list[TargetGroup](["all"]), min_length=1)
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
            if self.digital_area not in (*DIGITAL_AREAS, "general"):
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
    modules: dict[str, dict[str, Any]]


def load_modules(path: Path) -> tuple[str, dict[str, Module]]:
    """(catalogue version, modules by key); the first bad entry stops loading."""
    data = read_yaml(path)
    try:
        catalogue = ModuleCatalogue.model_validate(data)
    except ValidationError as exc:
        raise ContentError(path, "(file)", describe(exc)) from None
    result = {}
    for key, raw in catalogue.modules.items():
        try:
            result[str(key)] = Module.model_validate(raw)
        except ValidationError as exc:
            raise ContentError(path, str(key), describe(exc)) from None
    return catalogue.version, result


@lru_cache
def catalogue_file() -> tuple[str, dict[str, Module]]:
    return load_modules(get_settings().content_dir / "modules.yml")
