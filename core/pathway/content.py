"""content/pathway.yml: the pathway's modules, its target and the support-need categories."""

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.content import ContentError, Trilingual, describe, read_yaml
from core.settings import get_settings

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
    format: Literal["online", "in_person", "blended"]


class PathwayContent(BaseModel):
    """content/pathway.yml: the pathway's modules, its target and the support-need categories."""

    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    target: int = Field(gt=0, description="persons who followed a module")
    needs: dict[SupportNeed, Trilingual]
    modules: dict[str, PathwayModule] = Field(min_length=1)

    @field_validator("needs")
    @classmethod
    def _every_need(cls, value: dict[str, Any]) -> dict[str, Any]:
        missing = [n for n in SUPPORT_NEEDS if n not in value]
        if missing:
            raise ValueError(f"no labels for {missing[0]!r}")
        return value

    @field_validator("modules")
    @classmethod
    def _keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        bad = [k for k in value if not re.match(PATHWAY_MODULE_KEY, k)]
        if bad:
            raise ValueError(f"module key {bad[0]!r} is not lowercase words joined by hyphens")
        return value


def load_pathway(path: Path) -> PathwayContent:
    data = read_yaml(path)
    for section, model in (("needs", Trilingual), ("modules", PathwayModule)):
        entries = data.get(section)
        for key, raw in (entries.items() if isinstance(entries, dict) else ()):
            try:
                model.model_validate(raw)
            except ValidationError as exc:
                raise ContentError(path, f"{section}.{key}", describe(exc)) from None
    try:
        return PathwayContent.model_validate(data)
    except ValidationError as exc:
        entry = ".".join(str(p) for p in exc.errors()[0]["loc"][:2]) or "(file)"
        raise ContentError(path, entry, describe(exc)) from None


@lru_cache
def pathway_content() -> PathwayContent:
    return load_pathway(get_settings().content_dir / "pathway.yml")
