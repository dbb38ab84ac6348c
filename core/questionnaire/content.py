"""content/answers.yml: the words people use for an answer, validated."""

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from core.content import ContentError, describe, read_yaml
from core.settings import get_settings


class Words(BaseModel):
    """What a person may write for one answer, per language; ``any`` for every language."""

    model_config = ConfigDict(extra="forbid")
    fr: list[StrictStr] = Field(default_factory=list)
    nl: list[StrictStr] = Field(default_factory=list)
    en: list[StrictStr] = Field(default_factory=list)
    any: list[StrictStr] = Field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.fr, *self.nl, *self.en, *self.any]


class AnswerWords(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=1)
    common: dict[str, Words]  # value → words, in every question that offers the value
    questions: dict[str, dict[str, Words]]  # "questionnaire.question" → value → words

    def for_choice(self, question: str, value: str) -> list[str]:
        """The words for ``value`` in ``question`` ("training.level"), common ones included."""
        words = self.common.get(value)
        own = self.questions.get(question, {}).get(value)
        return (words.all() if words else []) + (own.all() if own else [])


def load_answer_words(path: Path) -> AnswerWords:
    data = read_yaml(path)
    for name, entries in (data.get("questions") or {}).items():
        try:
            AnswerWords.model_validate({"version": "check", "common": {}, "questions": {name: entries}})
        except ValidationError as exc:
            raise ContentError(path, f"questions.{name}", describe(exc)) from None
    try:
        return AnswerWords.model_validate(data)
    except ValidationError as exc:
        raise ContentError(path, "(file)", describe(exc)) from None


@lru_cache
def answer_words() -> AnswerWords:
    return load_answer_words(get_settings().content_dir / "answers.yml")
