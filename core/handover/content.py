"""content/offices.yml: the offices whose counsellors answer in the chat, and their hours."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import holidays
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.content import Trilingual, load_keyed
from core.settings import get_settings

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _span(text: str) -> tuple[time, time]:
    """``"08:30-16:30"``; ``"24:00"`` ends a span at midnight (open until the day ends)."""
    start, _, end = (part.strip() for part in text.partition("-"))
    return time.fromisoformat(start), time.max if end == "24:00" else time.fromisoformat(end)


class Office(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Trilingual
    default: bool = False
    hours: dict[Weekday, list[str]] = Field(min_length=1)  # "08:30-16:30", "18:00-24:00"
    closed_dates: list[date] = Field(default_factory=list)
    closed_on_public_holidays: bool = True

    @field_validator("hours")
    @classmethod
    def _spans(cls, hours: dict[str, list[str]]) -> dict[str, list[str]]:
        for day, spans in hours.items():
            for text in spans:
                try:
                    start, end = _span(text)
                except ValueError:
                    raise ValueError(f"{day}: {text!r} is not HH:MM-HH:MM") from None
                if start >= end:
                    raise ValueError(f"{day}: {text!r} ends before it starts")
        return hours

    def spans(self, day: date) -> list[tuple[time, time]]:
        """Its hours on ``day``: none on a closed date or a Belgian public holiday."""
        if day in self.closed_dates or (self.closed_on_public_holidays
                                        and day in holidays.country_holidays("BE", years=day.year)):
            return []
        return [_span(text) for text in self.hours.get(WEEKDAYS[day.weekday()], [])]  # type: ignore[call-overload]


class OfficesContent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    no_answer_minutes: int = Field(gt=0, le=240)
    counsellor_gone_minutes: int = Field(gt=0, le=60)
    minutes_per_conversation: int = Field(gt=0, le=120)
    offices: dict[str, Office] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_default(self) -> "OfficesContent":
        if sum(o.default for o in self.offices.values()) != 1:
            raise ValueError("exactly one office must be the default")
        return self

    @property
    def default(self) -> str:
        return next(key for key, office in self.offices.items() if office.default)


def load_offices(path: Path) -> OfficesContent:
    return load_keyed(path, "offices", Office, OfficesContent)


@lru_cache
def offices_content() -> OfficesContent:
    settings = get_settings()
    return load_offices(settings.offices_file or settings.content_dir / "offices.yml")


def local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(get_settings().timezone))


def is_open(office: Office, moment: datetime) -> bool:
    here = local(moment)
    return any(start <= here.time() < end for start, end in office.spans(here.date()))


def next_opening(office: Office, moment: datetime) -> datetime | None:
    """When the office next opens after ``moment`` (local time), within four weeks."""
    here = local(moment)
    for offset in range(29):
        day = here.date() + timedelta(days=offset)
        for start, _end in office.spans(day):
            opening = datetime.combine(day, start, tzinfo=here.tzinfo)
            if opening > here:
                return opening
    return None
