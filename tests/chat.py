"""A person answering a questionnaire on a real database, one short transaction per step,
as the actions do. Shared by the unit tests of every questionnaire."""

from core import conversations, sealed
from core.capabilities import QUESTIONNAIRES
from core.questionnaire import AnswerResult, Opening, Outgoing, engine


class Chat:
    def __init__(self, sessions, language: str, name: str | None = None, channel: str = "web"):
        self.sessions, self.language = sessions, language
        with sessions.begin() as s:
            self.id = conversations.create(s, channel, name or f"person-{id(self)}").id

    def start(self, flow: str, text: str = "", **entities: str) -> list[Outgoing]:
        """Start with the opening message ``text`` (and the entities NLU found in it)."""
        with self.sessions.begin() as s:
            return engine.start(s, self.id, QUESTIONNAIRES[flow], self.language, Opening(entities, text))

    def start_with(self, flow: str, state: dict) -> None:
        with self.sessions.begin() as s:
            engine.start_with(s, self.id, QUESTIONNAIRES[flow], state)

    def ask(self, flow: str) -> list[Outgoing]:
        with self.sessions.begin() as s:
            return engine.ask(s, self.id, QUESTIONNAIRES[flow], self.language)

    def shown(self, flow: str) -> Outgoing:
        """The current question as the person sees it (sealed texts opened, as the gateway does)."""
        with self.sessions.begin() as s:
            message = engine.ask(s, self.id, QUESTIONNAIRES[flow], self.language)[0]
            message.text = sealed.open_out(s, self.id, message.text)
            return message

    def answer(self, flow: str, text: str) -> AnswerResult:
        with self.sessions.begin() as s:
            return engine.answer(s, self.id, QUESTIONNAIRES[flow], self.language, text)

    def finish(self, flow: str) -> list[Outgoing]:
        with self.sessions.begin() as s:
            return engine.finish(s, self.id, QUESTIONNAIRES[flow], self.language)

    def through(self, flow: str, *answers: str) -> AnswerResult:
        """Answer in turn, each answer taken; the result of the last."""
        result = AnswerResult("next")
        for text in answers:
            result = self.answer(flow, text)
            assert result.status in ("next", "done"), (text, result)
        return result
