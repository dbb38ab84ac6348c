"""Content files (data, not code), validated when loaded; the FAQ answers.

A bad file fails with the file, the entry and the reason. Each capability validates its
own file (``core/<capability>/content.py``) with the helpers here.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    field_validator,
)

from core.i18n import LANGUAGES
from core.settings import get_settings

M = TypeVar("M", bound=BaseModel)


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
        text: str = getattr(self, language if language in LANGUAGES else "en")
        return text


class FaqTopic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Trilingual
    answer: Trilingual
    link: HttpUrl | None = None


def describe(error: ValidationError) -> str:
    parts = []
    for e in error.errors():
        where = ".".join(str(p) for p in e["loc"])
        parts.append(f"{where}: {e['msg']}" if where else e["msg"])
    return "; ".join(parts)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(path, "(file)", "file not found") from None
    except yaml.YAMLError as exc:
        raise ContentError(path, "(file)", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ContentError(path, "(file)", "expected a mapping at the top level")
    return data


def load_keyed(path: Path, section: str, entry: type[BaseModel], whole: type[M]) -> M:
    """A content file whose ``section`` maps keys to ``entry`` records: a bad entry is named
    by its key, then the whole file is validated as ``whole``."""
    data = read_yaml(path)
    entries = data.get(section)
    if isinstance(entries, dict):
        for key, raw in entries.items():
            try:
                entry.model_validate(raw)
            except ValidationError as exc:
                raise ContentError(path, str(key), describe(exc)) from None
    try:
        return whole.model_validate(data)
    except ValidationError as exc:
        raise ContentError(path, "(file)", describe(exc)) from None


def load_faq(path: Path) -> dict[str, FaqTopic]:
    data = read_yaml(path)
    topics = data.get("topics")
    if not isinstance(topics, dict) or not topics:
        raise ContentError(path, "topics", "missing or empty")
    result = {}
    for key, raw in topics.items():
        try:
            result[str(key)] = FaqTopic.model_validate(raw)
        except ValidationError as exc:
            raise ContentError(path, str(key), describe(exc)) from None
    return result


@lru_cache
def faq() -> dict[str, FaqTopic]:
    return load_faq(get_settings().content_dir / "faq.yml")
