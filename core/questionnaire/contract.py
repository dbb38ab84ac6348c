"""What a questionnaire implements, and the values it exchanges with the engine."""

from abc import ABC, abstractmethod
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.orm import Session

from core.models import FlowState
from core.responses import intent

State = dict[str, Any]  # a questionnaire's state: JSON-serialisable, stored between messages
Q = TypeVar("Q", bound=Hashable)  # how a questionnaire names its questions


@dataclass
class Outgoing:
    """One message to the person: text and buttons ({"title", "payload"})."""

    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


def button(title: str, payload: str, lang: str | None = None) -> dict[str, str]:
    """A button; ``lang`` when its title is in another language than its message."""
    return {"title": title, "payload": payload} | ({"lang": lang} if lang else {})


def choose(value: str) -> str:
    """The payload of a button that answers the current question with ``value``."""
    return intent("choose", choice=value)


@dataclass(frozen=True)
class Choice:
    """A possible answer: its value, and the words that name it in any language."""

    value: str
    labels: tuple[str, ...]

    @classmethod
    def of(cls, value: str, labels: list[str] | tuple[str, ...]) -> "Choice":
        return cls(value, tuple(labels))


class Reask(Exception):
    """The answer is understood but cannot be taken: say why and ask again."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Answer:
    """What the person answered: their words, the one choice they name (if any), and every
    choice they name (for a question that takes several)."""

    text: str
    value: str | None = None
    named: tuple[str, ...] = ()


@dataclass
class Turn:
    """One step of a questionnaire for one conversation: where to read and write, in
    which language to speak, and the stored questionnaire (its start time)."""

    session: Session
    conversation_id: str
    language: str
    row: FlowState


@dataclass(frozen=True)
class Opening:
    """The message that started the questionnaire: its words and its entities. What it
    already says is not asked again, but echoed back so that it can be corrected."""

    entities: Mapping[str, str] = field(default_factory=dict)
    text: str = ""

    @property
    def pressed(self) -> bool:
        """A button started it (its payload names what was chosen): nothing to echo."""
        return self.text.startswith("/")


@dataclass
class Ending:
    """What to say when the questionnaire ended; ``keep`` is the state to keep (to resume
    it, or to page through results), None to forget it."""

    messages: list[Outgoing]
    keep: State | None = None


@dataclass
class AnswerResult:
    """What an answer led to: ask the next question, re-ask, or end the form."""

    status: str  # next | invalid | done | stopped | handover
    messages: list[Outgoing] = field(default_factory=list)

    @property
    def ends_form(self) -> bool:
        return self.status in ("done", "stopped", "handover")


class Questionnaire(ABC, Generic[Q]):
    """A questionnaire of a capability. The engine keeps its state and calls these.

    The engine owns two keys of the state: ``status`` (asking, done, stopped, handover)
    and ``failures``; a questionnaire may set ``status`` to "done" to end early.
    """

    name: ClassVar[str]  # the value of the Rasa slot ``flow``, and the key in flow_states
    # Answers are health data: the state is stored encrypted, and while it runs the
    # person's messages never reach Rasa's tracker or the transcript (core/sealed.py).
    sealed: ClassVar[bool] = False
    # A stopped (or handed-over) questionnaire keeps its state, to be resumed later.
    resumable: ClassVar[bool] = False

    @abstractmethod
    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        """The state to start from (a new one, or ``stored`` to resume) and what to say
        before the first question."""

    @abstractmethod
    def question(self, turn: Turn, state: State) -> Q | None:
        """The current question; None when there is nothing left to ask."""

    @abstractmethod
    def prompt(self, turn: Turn, state: State, question: Q) -> Outgoing:
        """The question in words, with its buttons."""

    @abstractmethod
    def choices(self, turn: Turn, state: State, question: Q) -> list[Choice]:
        """The answers a button, a number or their words may give."""

    @abstractmethod
    def read(self, turn: Turn, state: State, question: Q, answer: Answer) -> tuple[State, list[Outgoing]] | None:
        """The state after ``answer`` and what to say before the next question; None when
        it is not understood. Raises Reask when it is understood but cannot be taken."""

    @abstractmethod
    def finish(self, turn: Turn, state: State) -> Ending:
        """What to say when the form ended: done, or stopped by the person."""

    def is_private(self, question: Q) -> bool:
        """Whether the question's text repeats answers (kept out of the tracker when sealed)."""
        return False

    def key(self, question: Q) -> str:
        """The question's name in content/answers.yml (after "<questionnaire>.")."""
        return str(question)

    def takes_free_text(self, question: Q) -> bool:
        """Whether any words may answer it (a name, a date, a description): then a choice is
        read only from an answer that is the choice as a whole, never a word inside it."""
        return False

    def takes_several(self, question: Q) -> bool:
        """Whether one answer may name several choices ("mobility and hearing")."""
        return False

    def dont_know(self, question: Q) -> str | None:
        """The choice "I don't know" gives (by default "skip", where it is offered)."""
        return "skip"
