"""content/childcare.yml: the Maisons d'enfants, their days, hours and places, validated."""

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from core.content import Trilingual, load_keyed
from core.settings import get_settings

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
    places: dict[str, int]  # age group (babies, toddlers) → places
    closed_dates: list[date] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sensible(self) -> "ChildcareSite":
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        unknown = [g for g in self.places if g not in AGE_GROUPS]
        if unknown:
            raise ValueError(f"places for {unknown[0]!r}: not an age group ({', '.join(AGE_GROUPS)})")
        unknown = [g for g in self.places if g not in AGE_GROUPS]
        if unknown:
            raise ValueError(f"places for {unknown[0]!r}: not an age group ({', '.join(AGE_GROUPS)})")
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
    return load_keyed(path, "sites", ChildcareSite, ChildcareContent)


@lru_cache
def sites_content() -> ChildcareContent:
    return load_childcare(get_settings().content_dir / "childcare.yml")
